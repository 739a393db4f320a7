"""Model values -> RDF: one named graph per article, a default graph of merged entities.

IRIs are stable: an entity's IRI comes from its id (a Wikidata QID or a
name slug), an event's from its article, predicate, participants and
offsets, a claim's from its content. Building the same input twice gives
the same triples. See ``docs/architecture.md`` for the layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from rdflib import OWL, RDF, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from .model import UNNAMED_SOURCE, Claim, Document, Relation
from .pipeline import ArticleResult
from .text import is_arabic, short_hash
from .vocab import NKG

__all__ = [
    "ALIAS",
    "ARTICLE",
    "CLAIM",
    "ENTITY",
    "EVENT",
    "WD",
    "article_graph",
    "article_quads",
    "article_iri",
    "bind_prefixes",
    "claim_iri",
    "article_dataset",
    "entity_iri",
    "event_iri",
    "to_dataset",
]

BASE = "https://w3id.org/newskg/"
ENTITY = Namespace(BASE + "entity/")
ARTICLE = Namespace(BASE + "article/")
EVENT = Namespace(BASE + "event/")
CLAIM = Namespace(BASE + "claim/")
ALIAS = Namespace(BASE + "alias/")
WD = Namespace("http://www.wikidata.org/entity/")
_ALIAS_BASE, _WD_BASE = str(ALIAS), str(WD)

_CLASS = {"Person": NKG.Person, "Organization": NKG.Organization, "Location": NKG.Location, "Event": NKG.NamedEvent}
_SUBCLASS = {"Country": NKG.Country, "City": NKG.City, "Region": NKG.City}
_MODALITY = {
    "asserted": NKG.Asserted,
    "negated": NKG.Negated,
    "planned": NKG.Planned,
    "hypothetical": NKG.Hypothetical,
}


def _term(local: str) -> URIRef:
    """An ontology term by local name (checked against the closed namespace)."""
    return getattr(NKG, local)  # type: ignore[no-any-return]


def entity_iri(entity_id: str) -> URIRef:
    """``Q159`` -> ``https://w3id.org/newskg/entity/Q159`` (ids are percent-encoded)."""
    return ENTITY[quote(entity_id, safe="-_.~:")]


def article_iri(doc_id: str) -> URIRef:
    return ARTICLE[quote(doc_id, safe="-_.~")]


def claim_iri(claim: Claim) -> URIRef:
    return CLAIM[short_hash(claim.subject or "", claim.predicate, claim.object or "")]


def event_iri(rel: Relation) -> URIRef:
    claim = rel.claim
    parts = (
        rel.doc_id,
        rel.predicate,
        rel.subject,
        rel.object or "",
        str(rel.start),
        str(rel.trigger_start),
        claim.subject or "" if claim else "",
        claim.predicate if claim else "",
        claim.object or "" if claim else "",
    )
    return EVENT[short_hash(*parts)]


def _lit(text: str, lang: str | None = None) -> Literal:
    tag = lang or ("ar" if is_arabic(text) else "en")
    return Literal(text, lang=tag)


def _date_literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value[:4], datatype=XSD.gYear)


def bind_prefixes(g: Graph | Dataset) -> None:
    """Bind the prefixes newskg serialises with."""
    for prefix, ns in (
        ("nkg", NKG._NS),
        ("ent", ENTITY),
        ("art", ARTICLE),
        ("event", EVENT),
        ("claim", CLAIM),
        ("alias", ALIAS),
        ("wd", WD),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("skos", SKOS),
        ("owl", OWL),
    ):
        g.bind(prefix, ns, override=True)


def _article_node(g: Graph, r: ArticleResult, content_hash: str) -> URIRef:
    doc = r.doc
    art = article_iri(doc.id)
    g.add((art, RDF.type, NKG.Article))
    g.add((art, RDF.type, PROV.Entity))
    if doc.title:
        g.add((art, DCTERMS.title, _lit(doc.title, doc.lang)))
    if doc.published:
        g.add((art, DCTERMS.date, Literal(doc.published, datatype=XSD.date)))
    g.add((art, NKG.language, Literal(doc.lang)))
    g.add((art, NKG.contentHash, Literal(content_hash)))
    if doc.url:
        g.add((art, DCTERMS.source, Literal(doc.url)))
    if doc.source:
        g.add((art, PROV.hadPrimarySource, Literal(doc.source)))
    for prop, value in _web_provenance(doc):
        g.add((art, prop, value))
    return art


def _web_provenance(doc: Document) -> list[tuple[URIRef, URIRef | Literal]]:
    """Provenance of web pages (kg/web.py puts it in ``Document.meta``; fetched_at only when asked)."""
    meta = dict(doc.meta)
    out: list[tuple[URIRef, URIRef | Literal]] = []
    if meta.get("author"):
        out.append((DCTERMS.creator, Literal(meta["author"])))
    if meta.get("site"):
        out.append((DCTERMS.publisher, Literal(meta["site"])))
    for key, prop in (("canonical_url", PROV.hadPrimarySource), ("fetched_url", PROV.wasDerivedFrom)):
        value = meta.get(key, "")
        if value.startswith(("http://", "https://")) and not re.search(r'[\s<>"{}|\\^`]', value):
            out.append((prop, URIRef(value)))
    if meta.get("fetched_at"):
        out.append((PROV.generatedAtTime, Literal(meta["fetched_at"], datatype=XSD.dateTime)))
    return out


def article_graph(r: ArticleResult, *, include_text: bool = False) -> Graph:
    """The named graph of one article: its entities as seen there, events, claims, direct triples."""
    doc = r.doc
    art = article_iri(doc.id)
    g = Graph(identifier=art)
    bind_prefixes(g)
    _article_node(g, r, short_hash(doc.text, n=64))
    if include_text:
        g.add((art, NKG.text, Literal(doc.text, lang=doc.lang)))
    counts = dict(r.mention_counts)
    for e in r.entities:
        node = entity_iri(e.id)
        g.add((node, RDF.type, NKG.Entity))
        g.add((node, RDF.type, _CLASS.get(e.type, NKG.Entity)))
        if e.subtype in _SUBCLASS:
            g.add((node, RDF.type, _SUBCLASS[e.subtype]))
        # label candidates: the gazetteer's canonical names (every language), else the resolver's
        for lg, text in e.labels or ((e.lang, e.label),):
            g.add((node, SKOS.prefLabel, Literal(text, lang=lg)))
        g.add((node, NKG.mentionedIn, art))
        g.add((node, NKG.mentionCount, Literal(counts.get(e.id, 0))))
        if e.qid:
            g.add((node, NKG.qid, Literal(e.qid)))
            g.add((node, OWL.sameAs, WD[e.qid]))
    seen_alias: set[tuple[str, str]] = set()
    for a in r.aliases:
        if (a.entity, a.name) in seen_alias:
            continue
        seen_alias.add((a.entity, a.name))
        node = entity_iri(a.entity)
        g.add((node, SKOS.altLabel, _lit(a.name)))
        al = ALIAS[short_hash(a.entity, a.name, doc.id)]
        g.add((node, NKG.alias, al))
        g.add((al, RDF.type, NKG.Alias))
        g.add((al, NKG.name, _lit(a.name)))
        g.add((al, NKG.article, art))
        g.add((al, NKG.mergeReason, Literal(a.reason)))
    for rel in r.relations:
        _add_relation(g, rel, art, doc.lang)
    return g


def _add_claim(g: Graph, claim: Claim) -> URIRef:
    node = claim_iri(claim)
    g.add((node, RDF.type, NKG.Claim))
    g.add((node, NKG.claimPredicate, _term(claim.predicate)))
    if claim.subject:
        g.add((node, NKG.subject, entity_iri(claim.subject)))
        g.add((node, NKG.participant, entity_iri(claim.subject)))
    if claim.object:
        g.add((node, NKG.object, entity_iri(claim.object)))
        g.add((node, NKG.participant, entity_iri(claim.object)))
    return node


def _add_relation(g: Graph, rel: Relation, art: URIRef, lang: str) -> None:
    ev = event_iri(rel)
    pred = _term(rel.predicate)
    subj = entity_iri(rel.subject)
    obj: URIRef | None = entity_iri(rel.object) if rel.object else None
    if rel.claim is not None:
        claim_node = _add_claim(g, rel.claim)
        g.add((ev, NKG.claim, claim_node))
        if rel.predicate == "denies" or obj is None:
            obj = claim_node
    if obj is None:
        return
    g.add((ev, RDF.type, NKG.Event))
    g.add((ev, NKG.predicate, pred))
    g.add((ev, NKG.subject, subj))
    g.add((ev, NKG.object, obj))
    g.add((ev, NKG.participant, subj))
    g.add((ev, NKG.participant, obj))
    g.add((ev, NKG.evidence, Literal(rel.evidence, lang=lang)))
    if rel.trigger:
        g.add((ev, NKG.trigger, Literal(rel.trigger, lang=lang)))
    g.add((ev, NKG.startOffset, Literal(rel.start)))
    g.add((ev, NKG.endOffset, Literal(rel.end)))
    g.add((ev, NKG.triggerStart, Literal(rel.trigger_start)))
    g.add((ev, NKG.triggerEnd, Literal(rel.trigger_end)))
    g.add((ev, NKG.article, art))
    g.add((ev, PROV.wasDerivedFrom, art))
    g.add((ev, NKG.modality, _MODALITY.get(rel.modality, NKG.Asserted)))
    if rel.date:
        g.add((ev, NKG.date, _date_literal(rel.date)))
    if rel.attributed_to:
        g.add((ev, NKG.attributedTo, entity_iri(rel.attributed_to)))
        if rel.extra == UNNAMED_SOURCE:
            g.add((ev, NKG.unnamedSource, Literal(True)))
    # The direct triple states the relation as the article's account of fact.
    if rel.modality == "asserted":
        g.add((subj, pred, obj))


def to_dataset(results: Iterable[ArticleResult], *, include_text: bool = False) -> Dataset:
    """A Dataset: one named graph per article and a default graph of merged entity data.

    The default graph is computed by :class:`kg.store.Store` from the article
    graphs, the same way a persistent build computes it.
    """
    from .store import Store

    with Store.in_memory() as store:
        store.replace_dataset(article_dataset(results, include_text=include_text))
        ds = store.to_rdflib()
    bind_prefixes(ds)
    return ds


def article_dataset(results: Iterable[ArticleResult], *, include_text: bool = False) -> Dataset:
    """Only the article named graphs (no default graph): what a store ingests."""
    ds = Dataset()
    bind_prefixes(ds)
    for r in results:
        ag = article_graph(r, include_text=include_text)
        target = ds.graph(ag.identifier)
        for triple in ag:
            target.add(triple)
    return ds


# --------------------------------------------------------------------------- fast path (pyoxigraph terms)
#
# ``article_quads`` yields exactly the triples of ``article_graph`` (as
# pyoxigraph quads in the article's named graph) without building an rdflib
# Graph: the build writes these straight into the store or into N-Quads
# shards. ``tests/test_parallel.py`` checks that both agree.

_OX: dict[str, Any] = {}


def _ox_terms() -> dict[str, Any]:
    """Constant pyoxigraph nodes, built once per process (rdflib namespace lookups are slow)."""
    if not _OX:
        import pyoxigraph as ox

        _OX["ox"] = ox
        for name, term in (
            ("type", RDF.type),
            ("Article", NKG.Article),
            ("ProvEntity", PROV.Entity),
            ("title", DCTERMS.title),
            ("date", DCTERMS.date),
            ("language", NKG.language),
            ("contentHash", NKG.contentHash),
            ("source", DCTERMS.source),
            ("hadPrimarySource", PROV.hadPrimarySource),
            ("text", NKG.text),
            ("Entity", NKG.Entity),
            ("prefLabel", SKOS.prefLabel),
            ("altLabel", SKOS.altLabel),
            ("mentionedIn", NKG.mentionedIn),
            ("mentionCount", NKG.mentionCount),
            ("qid", NKG.qid),
            ("sameAs", OWL.sameAs),
            ("alias", NKG.alias),
            ("Alias", NKG.Alias),
            ("name", NKG.name),
            ("article", NKG.article),
            ("mergeReason", NKG.mergeReason),
            ("Claim", NKG.Claim),
            ("claimPredicate", NKG.claimPredicate),
            ("subject", NKG.subject),
            ("object", NKG.object),
            ("participant", NKG.participant),
            ("claim", NKG.claim),
            ("Event", NKG.Event),
            ("predicate", NKG.predicate),
            ("evidence", NKG.evidence),
            ("trigger", NKG.trigger),
            ("startOffset", NKG.startOffset),
            ("endOffset", NKG.endOffset),
            ("triggerStart", NKG.triggerStart),
            ("triggerEnd", NKG.triggerEnd),
            ("wasDerivedFrom", PROV.wasDerivedFrom),
            ("modality", NKG.modality),
            ("evdate", NKG.date),
            ("attributedTo", NKG.attributedTo),
            ("unnamedSource", NKG.unnamedSource),
            ("xsd_integer", XSD.integer),
            ("xsd_date", XSD.date),
            ("xsd_gYearMonth", XSD.gYearMonth),
            ("xsd_gYear", XSD.gYear),
        ):
            _OX[name] = ox.NamedNode(str(term))
        _OX["class"] = {k: ox.NamedNode(str(v)) for k, v in _CLASS.items()}
        _OX["subclass"] = {k: ox.NamedNode(str(v)) for k, v in _SUBCLASS.items()}
        _OX["modality_map"] = {k: ox.NamedNode(str(v)) for k, v in _MODALITY.items()}
        _OX["Asserted"] = ox.NamedNode(str(NKG.Asserted))
        _OX["true"] = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))
        _OX["nkg_terms"] = {}
    return _OX


@lru_cache(maxsize=65536)
def _entity_node(entity_id: str) -> Any:
    return _OX["ox"].NamedNode(str(entity_iri(entity_id)))


def _nkg_node(name: str) -> Any:
    """``NKG[name]`` as a pyoxigraph node (raises like ``NKG[name]`` for an unknown term)."""
    cache = _OX["nkg_terms"]
    node = cache.get(name)
    if node is None:
        node = cache[name] = _OX["ox"].NamedNode(str(_term(name)))
    return node


def article_quads(r: ArticleResult, *, include_text: bool = False) -> list[Any]:
    """The triples of :func:`article_graph` as pyoxigraph ``Quad``s in the article's graph (no duplicates)."""
    c = _ox_terms()
    ox = c["ox"]
    NN, Lit = ox.NamedNode, ox.Literal
    xsd_int = c["xsd_integer"]
    T = c["type"]

    def lit(text: str, lang: str | None = None) -> Any:
        return Lit(text, language=lang) if lang else Lit(text)

    def ilit(value: int) -> Any:
        return Lit(str(int(value)), datatype=xsd_int)

    def auto_lit(text: str) -> Any:
        return Lit(text, language="ar" if is_arabic(text) else "en")

    doc = r.doc
    art = NN(str(article_iri(doc.id)))
    triples: dict[tuple[Any, Any, Any], None] = {}

    def add(s: Any, p: Any, o: Any) -> None:
        triples[(s, p, o)] = None

    add(art, T, c["Article"])
    add(art, T, c["ProvEntity"])
    if doc.title:
        add(art, c["title"], lit(doc.title, doc.lang or ("ar" if is_arabic(doc.title) else "en")))
    if doc.published:
        add(art, c["date"], Lit(doc.published, datatype=c["xsd_date"]))
    add(art, c["language"], lit(doc.lang))
    add(art, c["contentHash"], lit(short_hash(doc.text, n=64)))
    if doc.url:
        add(art, c["source"], lit(doc.url))
    if doc.source:
        add(art, c["hadPrimarySource"], lit(doc.source))
    for prop, value in _web_provenance(doc):
        if isinstance(value, URIRef):
            add(art, NN(str(prop)), NN(str(value)))
        elif value.datatype is not None:
            add(art, NN(str(prop)), Lit(str(value), datatype=NN(str(value.datatype))))
        else:
            add(art, NN(str(prop)), Lit(str(value)))
    if include_text:
        add(art, c["text"], lit(doc.text, doc.lang))
    counts = dict(r.mention_counts)
    for e in r.entities:
        node = _entity_node(e.id)
        add(node, T, c["Entity"])
        add(node, T, c["class"].get(e.type, c["Entity"]))
        if e.subtype in _SUBCLASS:
            add(node, T, c["subclass"][e.subtype])
        for lg, text in e.labels or ((e.lang, e.label),):
            add(node, c["prefLabel"], lit(text, lg))
        add(node, c["mentionedIn"], art)
        add(node, c["mentionCount"], ilit(counts.get(e.id, 0)))
        if e.qid:
            add(node, c["qid"], lit(e.qid))
            add(node, c["sameAs"], NN(_WD_BASE + e.qid))  # str(WD[qid]), without an rdflib term
    seen_alias: set[tuple[str, str]] = set()
    for a in r.aliases:
        if (a.entity, a.name) in seen_alias:
            continue
        seen_alias.add((a.entity, a.name))
        node = _entity_node(a.entity)
        name = auto_lit(a.name)
        add(node, c["altLabel"], name)
        al = NN(_ALIAS_BASE + short_hash(a.entity, a.name, doc.id))  # str(ALIAS[...])
        add(node, c["alias"], al)
        add(al, T, c["Alias"])
        add(al, c["name"], name)
        add(al, c["article"], art)
        add(al, c["mergeReason"], lit(a.reason))
    for rel in r.relations:
        _quads_relation(add, c, lit, ilit, rel, art, doc.lang)
    Quad = ox.Quad
    return [Quad(s, p, o, art) for (s, p, o) in triples]


def _quads_relation(add: Any, c: dict[str, Any], lit: Any, ilit: Any, rel: Relation, art: Any, lang: str) -> None:
    ox = c["ox"]
    T = c["type"]
    ev = ox.NamedNode(str(event_iri(rel)))
    pred = _nkg_node(rel.predicate)
    subj = _entity_node(rel.subject)
    obj = _entity_node(rel.object) if rel.object else None
    if rel.claim is not None:
        claim = rel.claim
        cnode = ox.NamedNode(str(claim_iri(claim)))
        add(cnode, T, c["Claim"])
        add(cnode, c["claimPredicate"], _nkg_node(claim.predicate))
        if claim.subject:
            cs = _entity_node(claim.subject)
            add(cnode, c["subject"], cs)
            add(cnode, c["participant"], cs)
        if claim.object:
            co = _entity_node(claim.object)
            add(cnode, c["object"], co)
            add(cnode, c["participant"], co)
        add(ev, c["claim"], cnode)
        if rel.predicate == "denies" or obj is None:
            obj = cnode
    if obj is None:
        return
    add(ev, T, c["Event"])
    add(ev, c["predicate"], pred)
    add(ev, c["subject"], subj)
    add(ev, c["object"], obj)
    add(ev, c["participant"], subj)
    add(ev, c["participant"], obj)
    add(ev, c["evidence"], lit(rel.evidence, lang))
    if rel.trigger:
        add(ev, c["trigger"], lit(rel.trigger, lang))
    add(ev, c["startOffset"], ilit(rel.start))
    add(ev, c["endOffset"], ilit(rel.end))
    add(ev, c["triggerStart"], ilit(rel.trigger_start))
    add(ev, c["triggerEnd"], ilit(rel.trigger_end))
    add(ev, c["article"], art)
    add(ev, c["wasDerivedFrom"], art)
    add(ev, c["modality"], c["modality_map"].get(rel.modality, c["Asserted"]))
    if rel.date:
        d = rel.date
        if len(d) == 10:
            add(ev, c["evdate"], ox.Literal(d, datatype=c["xsd_date"]))
        elif len(d) == 7:
            add(ev, c["evdate"], ox.Literal(d, datatype=c["xsd_gYearMonth"]))
        else:
            add(ev, c["evdate"], ox.Literal(d[:4], datatype=c["xsd_gYear"]))
    if rel.attributed_to:
        add(ev, c["attributedTo"], _entity_node(rel.attributed_to))
        if rel.extra == UNNAMED_SOURCE:
            add(ev, c["unnamedSource"], c["true"])
    # The direct triple states the relation as the article's account of fact.
    if rel.modality == "asserted":
        add(subj, pred, obj)
