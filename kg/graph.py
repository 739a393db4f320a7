"""The knowledge graph as a NetworkX ``MultiDiGraph``: entities as nodes, events as edges.

The projection keeps what analysts ask about (who did what to whom, when,
says who) and drops RDF plumbing; see the NetworkX contract in
``docs/architecture.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from rdflib import Dataset

    from .store import Store

__all__ = ["to_networkx", "write_graphml"]

NKG = "https://w3id.org/newskg/ontology#"
_TYPES = {NKG + t: t for t in ("Person", "Organization", "Location", "NamedEvent")}

_NODES = """
SELECT ?e ?t ?label ?qid ?mc WHERE {
  ?e a nkg:Entity ; a ?t .
  FILTER(?t IN (nkg:Person, nkg:Organization, nkg:Location, nkg:NamedEvent))
  OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e nkg:qid ?qid }
  OPTIONAL { ?e nkg:mentionCount ?mc }
}"""
_ALIASES = "SELECT ?e ?alt WHERE { ?e a nkg:Entity ; skos:altLabel ?alt }"
_CLAIMS = """
SELECT DISTINCT ?c ?cp ?cs ?co WHERE { GRAPH ?g {
  ?c a nkg:Claim ; nkg:claimPredicate ?cp .
  OPTIONAL { ?c nkg:subject ?cs } OPTIONAL { ?c nkg:object ?co } } }"""
_EVENTS = """
SELECT ?ev ?pred ?s ?o ?evidence ?trigger ?ts ?te ?ss ?art ?date ?mod ?attr ?unnamed WHERE { GRAPH ?g {
  ?ev a nkg:Event ; nkg:predicate ?pred ; nkg:subject ?s ; nkg:object ?o ;
      nkg:evidence ?evidence ; nkg:startOffset ?ss ; nkg:article ?art ; nkg:modality ?mod .
  OPTIONAL { ?ev nkg:trigger ?trigger }
  OPTIONAL { ?ev nkg:triggerStart ?ts ; nkg:triggerEnd ?te }
  OPTIONAL { ?ev nkg:date ?date }
  OPTIONAL { ?ev nkg:attributedTo ?attr }
  OPTIONAL { ?ev nkg:unnamedSource ?unnamed } } }"""


def _val(term: Any) -> Any:
    if term is None:
        return None
    value = term.value
    dt = getattr(term, "datatype", None)
    if dt is not None and dt.value.endswith("#integer"):
        return int(value)
    return value


def to_networkx(source: Store | Dataset) -> nx.MultiDiGraph:
    """Project a store (or an rdflib Dataset) to a ``MultiDiGraph``.

    >>> from kg.store import Store
    >>> G = to_networkx(Store.in_memory())
    >>> G.number_of_nodes(), G.number_of_edges()
    (0, 0)
    """
    from .store import Store

    if not isinstance(source, Store):
        store = Store.in_memory()
        store.raw.load(source.serialize(format="nquads").encode("utf-8"), format=_nquads())
        return to_networkx(store)
    G = nx.MultiDiGraph()
    labels: dict[str, dict[str, str]] = {}
    for row in source.query(_NODES, use_default_graph_as_union=False):
        e = row["e"].value
        if e not in G:
            G.add_node(
                e,
                type=_TYPES[row["t"].value].replace("NamedEvent", "Event"),
                qid=_val(row["qid"]) or "",
                mentions=_val(row["mc"]) or 0,
                aliases=[],
            )
        lab = row["label"]
        if lab is not None:
            labels.setdefault(e, {})[lab.language or ""] = lab.value
    for e, by_lang in labels.items():
        G.nodes[e]["label_ar"] = by_lang.get("ar", "")
        G.nodes[e]["label_en"] = by_lang.get("en", "")
        G.nodes[e]["label"] = by_lang.get("ar") or by_lang.get("en") or next(iter(by_lang.values()))
    for e in G.nodes:
        G.nodes[e].setdefault("label", e.rsplit("/", 1)[-1])
        G.nodes[e].setdefault("label_ar", "")
        G.nodes[e].setdefault("label_en", "")
    for row in source.query(_ALIASES, use_default_graph_as_union=False):
        e = row["e"].value
        if e in G:
            G.nodes[e]["aliases"].append(row["alt"].value)
    for e in G.nodes:
        G.nodes[e]["aliases"] = sorted(set(G.nodes[e]["aliases"]))

    def name(iri: str | None) -> str:
        if iri is None:
            return "?"
        return str(G.nodes[iri]["label"]) if iri in G else iri.rsplit("/", 1)[-1]

    for row in source.query(_CLAIMS):
        c = row["c"].value
        pred = row["cp"].value.rsplit("#", 1)[-1]
        s, o = _val(row["cs"]), _val(row["co"])
        G.add_node(
            c,
            type="Claim",
            label=f"{name(s)} {pred} {name(o)}",
            label_ar="",
            label_en="",
            qid="",
            mentions=0,
            aliases=[],
            claim_subject=s or "",
            claim_predicate=pred,
            claim_object=o or "",
        )
    for row in source.query(_EVENTS):
        ev = row["ev"].value
        s, o = row["s"].value, row["o"].value
        if G.has_edge(s, o, key=ev):
            continue
        attr = _val(row["attr"])
        G.add_edge(
            s,
            o,
            key=ev,
            predicate=row["pred"].value.rsplit("#", 1)[-1],
            modality=row["mod"].value.rsplit("#", 1)[-1].lower(),
            evidence=row["evidence"].value,
            trigger=_val(row["trigger"]) or "",
            trigger_start=_val(row["ts"]) if row["ts"] is not None else -1,
            trigger_end=_val(row["te"]) if row["te"] is not None else -1,
            sentence_start=_val(row["ss"]),
            article=row["art"].value,
            date=_val(row["date"]) or "",
            attributed_to=attr or "",
            attributed_label=name(attr) if attr else "",
            unnamed_source=_val(row["unnamed"]) == "true",
        )
    return G


def _nquads() -> Any:
    import pyoxigraph

    return pyoxigraph.RdfFormat.N_QUADS


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """Strings without the control characters XML 1.0 forbids (scraped text carries them)."""
    return _XML_BAD.sub("", value) if isinstance(value, str) else value


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write *G* as GraphML (lists joined with `` | ``), atomically.

    >>> import tempfile, os
    >>> G = nx.MultiDiGraph(); G.add_node("a", label="روسيا", aliases=["موسكو"])
    >>> p = write_graphml(G, os.path.join(tempfile.mkdtemp(), "g.graphml"))
    >>> "روسيا" in p.read_text(encoding="utf-8")
    True
    """
    from .fsutil import atomic_write

    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(_xml_safe(n), **{k: _xml_safe(" | ".join(v) if isinstance(v, list) else v) for k, v in d.items()})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(_xml_safe(u), _xml_safe(v), key=_xml_safe(k), **{a: _xml_safe(b) for a, b in d.items()})
    import io

    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True)
    return atomic_write(Path(path), buf.getvalue())
