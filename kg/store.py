"""Persistent embedded RDF store for newskg, on Oxigraph (``pyoxigraph``).

Layout
======

* One **named graph per article**; its IRI is the article IRI
  (``https://w3id.org/newskg/article/{doc_id}``). It holds everything read from
  that article (see ``docs/architecture.md``).
* The **default graph** holds merged entity data and article records. It is a
  pure function of the article graphs and is never written by callers: the
  store recomputes it (for the entities touched) in the same transaction that
  adds, replaces or removes article graphs.

Contract expected from each article graph
=========================================

For ``recompute_entities`` to work, an article graph ``G`` (IRI ``A``) must hold

* ``A a nkg:Article ; nkg:contentHash "…"`` (the hash decides whether a
  rebuild replaces the graph) plus any other article properties;
* for every entity ``E`` the article refers to (as subject, object,
  participant, attribution, claim party …): ``E nkg:mentionedIn A`` and the
  entity-describing triples

  - ``E rdf:type nkg:Person|nkg:Organization|nkg:Location|nkg:NamedEvent``
    (plus ``nkg:Entity``, ``nkg:Country``, ``nkg:City`` as wanted),
  - ``E nkg:mentionCount n`` (mentions in this article, ``xsd:integer``),
  - ``E skos:altLabel "name"@lang`` for each surface form seen in the article,
  - optional ``E skos:prefLabel "canonical"@lang`` (the gazetteer/resolver's
    canonical name, one per language): a *label candidate*,
  - optional ``E nkg:qid "Q159"`` and ``E owl:sameAs wd:Q159``.

  Do **not** put ``rdfs:label`` on entities in article graphs (it is accepted
  as a candidate like ``skos:prefLabel``, but then the union view shows
  several labels per language).

Default graph (computed)
========================

For each entity with at least one ``nkg:mentionedIn`` in some article graph:

* ``rdf:type``: union over article graphs; ``nkg:qid`` and ``owl:sameAs``: union;
* ``nkg:mentionCount``: sum of the per-article counts (1 per article when absent);
* ``rdfs:label``: exactly one per language: the ``skos:prefLabel`` (or
  ``rdfs:label``) candidate used by most articles; when a language has no
  candidate, the ``skos:altLabel`` (or alias ``nkg:name``) used by most
  articles. Ties go to the lexicographically smallest string;
* ``skos:altLabel``: every other name (altLabels, prefLabels, alias names).

For each article: its ``nkg:Article`` record (all ``A ?p ?o`` triples of its
graph except ``nkg:text``).

An entity no article graph mentions any more has no triple left in the
default graph, so removing an article removes every fact only it supported.

Index graph (computed)
======================

``https://w3id.org/newskg/graph/index`` (``INDEX_GRAPH``) holds lookup data
the bundled queries use instead of scanning every article graph, with
predicates in ``https://w3id.org/newskg/index#`` (``idx:``, store plumbing,
not ontology terms). It is recomputed with the default graph, in the same
update, for the same entities and articles:

* per entity: ``rdf:type`` (Person/Organization/Location/NamedEvent only),
  ``nkg:mentionCount`` (as in the default graph), ``idx:articleCount``
  (article graphs mentioning it), ``idx:eventCount`` (event nodes with it as
  ``nkg:participant``; absent when 0), ``idx:nameKey "key<TAB>name"`` per
  distinct label/altLabel text (key = :func:`sparql_normalize` of the name)
  and ``idx:nameToken`` per word of a key (the first 8 words);
* per article: ``idx:outlet`` (publisher, else URL host, else the article IRI).

Incremental writes recompute only the *marked* entities (those mentioned by
the added/replaced/removed articles), reading only their triples; every
pattern is anchored on the marked entity (no ``VALUES ?p`` or nested
``OPTIONAL`` inside ``GRAPH ?g``, which made Oxigraph scan whole predicates:
one article added to 2,000 cost 3 s, now 0.06 s).

Transactions
============

Every write (``replace_articles``, ``remove_articles``, ``recompute_entities``)
is ONE ``Store.update`` call: a SPARQL 1.1 Update request made of several
operations (``DROP SILENT GRAPH``, ``INSERT DATA``, ``DELETE/INSERT … WHERE``).
Oxigraph applies a whole update request in one transaction (RocksDB write
batch), so a failure or a killed process leaves the store as it was.

Two faster write paths add articles NEW to the store:

* ``add_articles`` writes them with ONE transactional ``Store.extend`` per
  call: the article graphs together with *marks* in ``urn:newskg:store:dirty``
  (each of their entities ``a <urn:newskg:store:Dirty>``, each article
  ``a <urn:newskg:store:DirtyArticle>``). The default graph of everything
  marked is recomputed by one update (``finish_pending``, also run by the next
  ``replace_articles`` / ``remove_articles``), which drops the marks in the
  same transaction. Each call is all-or-nothing; between the write and the
  finish the default graph just lacks those articles' merged entity data.
* ``bulk_add_articles`` (what ``kg build`` uses) loads N-Quads shards with
  Oxigraph's bulk loader, which is NOT transactional. It is wrapped so that
  the guarantee holds at the level of the build: one transaction first marks
  the new articles ``Loading`` (plus the marks above), the shards are
  bulk-loaded, then one update drops the ``Loading`` marks and recomputes the
  default graph. If the process dies in between, ``recover`` (run first by
  every ``kg build``) drops the graphs still marked ``Loading`` — articles
  that were not in the store before — so the store is back to its state
  before the build, and the next build adds them again.

``has_pending`` tells whether marks exist.

Querying
========

``Store.query`` runs with the default graph as the union of all graphs. Note
that Oxigraph's union is a *bag*: a triple present in several graphs (e.g. an
entity's ``rdf:type`` in two articles and in the default graph) is matched
once per graph, so use ``DISTINCT`` / ``COUNT(DISTINCT …)``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from .fsutil import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph
    import rdflib

    from .summary import SummaryBuilder

NKG = "https://w3id.org/newskg/ontology#"
ARTICLE_NS = "https://w3id.org/newskg/article/"
ENTITY_NS = "https://w3id.org/newskg/entity/"
DIRTY_GRAPH = "urn:newskg:store:dirty"
DIRTY_ENTITY = "urn:newskg:store:Dirty"
DIRTY_ARTICLE = "urn:newskg:store:DirtyArticle"
LOADING_ARTICLE = "urn:newskg:store:Loading"
STATE_GRAPH = "urn:newskg:store:state"
"""Store plumbing: ``<urn:newskg:store:derived> <urn:newskg:store:stale> true`` while the derived
graphs (stories, merged events) may lag behind the article graphs (:meth:`Store.mark_derived_stale`)."""
_DERIVED = "urn:newskg:store:derived"
_STALE = "urn:newskg:store:stale"
DEDUP_STATE_NS = "urn:newskg:store:dedup-index:"
"""An EMPTY named graph ``urn:newskg:store:dedup-index:STATE`` records that the build folder's
indexes, as saved in state STATE (``dedup.json`` and ``names.jsonl``, see kg.build), match the
article graphs: every article of the dedup index is stored (:meth:`Store.dedup_index_matches`);
an empty ``urn:newskg:store:changed`` that article graphs were written since (:meth:`Store.mark_articles_changed`:
every write of article graphs leaves it, a build drops it when it ends). Empty graphs leave no trace
in exports or in queries over triples."""
_CHANGED_GRAPH = "urn:newskg:store:changed"
_MARK_CHANGED = f"CREATE SILENT GRAPH <{_CHANGED_GRAPH}>"  # Store.mark_articles_changed
INDEX_GRAPH = "https://w3id.org/newskg/graph/index"
INDEX_NS = "https://w3id.org/newskg/index#"
"""Predicates of the index graph (store plumbing, not ontology terms)."""

PREFIXES: dict[str, str] = {
    "nkg": NKG,
    "idx": INDEX_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
    "art": ARTICLE_NS,
    "ent": ENTITY_NS,
    "event": "https://w3id.org/newskg/event/",
    "claim": "https://w3id.org/newskg/claim/",
    "alias": "https://w3id.org/newskg/alias/",
}
"""Prefixes bound in every query (a query may redeclare them)."""

SHAPES_PATH = Path(__file__).resolve().parent.parent / "ontologies" / "shapes.ttl"

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "xml")
EXPORT_FORMATS = ("trig", "nquads", "turtle", "ntriples", "jsonld")

_SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# --------------------------------------------------------------------------- SPARQL update templates

_ENTITY_OPS = """
# mark the entities of {what}
INSERT {{ GRAPH <{dirty}> {{ ?e a <urn:newskg:store:Dirty> }} }}
WHERE {{ GRAPH ?g {{ ?e nkg:mentionedIn ?g }} {filter} }} ;
"""

_NAME_KEY_OPS = """
INSERT {{ GRAPH <{index}> {{ ?e idx:nameKey ?key }} }} WHERE {{
  {{ SELECT DISTINCT ?e ?text WHERE {{
    {scope}
    {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }}
    BIND(STR(?name) AS ?text)
  }} }}
  BIND(CONCAT({key}, "\\t", ?text) AS ?key)
}} ;
INSERT {{ GRAPH <{index}> {{ ?e idx:nameToken ?tok }} }} WHERE {{
  {{ SELECT DISTINCT ?e ?k WHERE {{
    {scope}
    GRAPH <{index}> {{ ?e idx:nameKey ?key }}
    BIND(STRBEFORE(?key, "\\t") AS ?k)
  }} }}
  VALUES ?i {{ 0 1 2 3 4 5 6 7 }}
  BIND({token} AS ?tok)
  FILTER(BOUND(?tok))
}}
"""
"""The name keys and name words of the entities of ``{scope}`` in the index graph (from their default-graph
labels), added to what is there: part of :data:`_RECOMPUTE_OPS`, and of the delta finish of new articles."""

_RECOMPUTE_OPS = (
    """
DELETE {{ ?e ?p ?o }} WHERE {{ {scope} ?e ?p ?o }} ;
DELETE {{ GRAPH <{index}> {{ ?e ?p ?o }} }} WHERE {{ {scope} GRAPH <{index}> {{ ?e ?p ?o }} }} ;
INSERT {{ ?e ?p ?o }} WHERE {{
  {scope}
  # one pattern per predicate: with "?p ?o . VALUES ?p {{ … }}" Oxigraph scanned every rdf:type of
  # every graph (2 s a call on 2,000 articles), with a FILTER every triple of the entity
  GRAPH ?g {{ ?e nkg:mentionedIn ?g }}
  {{ GRAPH ?g {{ ?e rdf:type ?o }} BIND(rdf:type AS ?p) }}
  UNION {{ GRAPH ?g {{ ?e nkg:qid ?o }} BIND(nkg:qid AS ?p) }}
  UNION {{ GRAPH ?g {{ ?e owl:sameAs ?o }} BIND(owl:sameAs AS ?p) }}
}} ;
INSERT {{ ?e nkg:mentionCount ?total .
         GRAPH <{index}> {{ ?e nkg:mentionCount ?total ; idx:articleCount ?articles }} }} WHERE {{
  {{ SELECT ?e (SUM(?n) AS ?total) (COUNT(DISTINCT ?g) AS ?articles) WHERE {{
    {scope}
    GRAPH ?g {{ ?e nkg:mentionedIn ?g }}
    OPTIONAL {{ GRAPH ?g {{ ?e nkg:mentionCount ?c }} }}  # inside GRAPH ?g it was 30x slower
    BIND(COALESCE(xsd:integer(?c), 1) AS ?n)
  }} GROUP BY ?e }}
}} ;
INSERT {{ ?e rdfs:label ?label }} WHERE {{
  {{ SELECT ?e ?lang (MIN(?key) AS ?best) WHERE {{
    {{ SELECT ?e ?name ?prio (COUNT(DISTINCT ?g) AS ?n) WHERE {{
      {scope}
      GRAPH ?g {{ ?e nkg:mentionedIn ?g }}
      {{ GRAPH ?g {{ ?e skos:prefLabel ?name }} BIND(0 AS ?prio) }}
      UNION {{ GRAPH ?g {{ ?e rdfs:label ?name }} BIND(0 AS ?prio) }}
      UNION {{ GRAPH ?g {{ ?e skos:altLabel ?name }} BIND(1 AS ?prio) }}
      UNION {{ GRAPH ?g {{ ?e nkg:alias ?alias . ?alias nkg:name ?name }} BIND(1 AS ?prio) }}
      FILTER(isLiteral(?name))
    }} GROUP BY ?e ?name ?prio }}
    BIND(LANG(?name) AS ?lang)
    BIND(CONCAT(STR(?prio), STR(1000000000 - ?n), "|", STR(?name)) AS ?key)
  }} GROUP BY ?e ?lang }}
  BIND(STRAFTER(?best, "|") AS ?text)
  BIND(IF(?lang = "", ?text, STRLANG(?text, ?lang)) AS ?label)
}} ;
INSERT {{ ?e skos:altLabel ?name }} WHERE {{
  {scope}
  GRAPH ?g {{ ?e nkg:mentionedIn ?g }}
  {{ GRAPH ?g {{ ?e skos:prefLabel ?name }} }} UNION {{ GRAPH ?g {{ ?e rdfs:label ?name }} }}
  UNION {{ GRAPH ?g {{ ?e skos:altLabel ?name }} }} UNION {{ GRAPH ?g {{ ?e nkg:alias ?alias . ?alias nkg:name ?name }} }}
  FILTER(isLiteral(?name))
  FILTER NOT EXISTS {{ ?e rdfs:label ?name }}
}} ;
INSERT {{ GRAPH <{index}> {{ ?e idx:eventCount ?events }} }} WHERE {{
  {{ SELECT ?e (COUNT(DISTINCT ?ev) AS ?events) WHERE {{
    {scope}
    GRAPH ?g {{ ?e nkg:mentionedIn ?g . ?ev nkg:participant ?e ; nkg:predicate ?pred }}
  }} GROUP BY ?e }}
}} ;
"""
    + _NAME_KEY_OPS
    + """ ;
INSERT {{ GRAPH <{index}> {{ ?e a ?t }} }} WHERE {{
  {scope}
  ?e a ?t FILTER(?t IN (nkg:Person, nkg:Organization, nkg:Location, nkg:NamedEvent))
}}
"""
)

_ARTICLE_RECORD_OPS = """
DELETE {{ ?a ?p ?o }} WHERE {{ {ascope} ?a ?p ?o }} ;
DELETE {{ GRAPH <{index}> {{ ?a ?p ?o }} }} WHERE {{ {ascope} GRAPH <{index}> {{ ?a ?p ?o }} }} ;
INSERT {{ ?a ?p ?o }} WHERE {{
  {ascope}
  GRAPH ?a {{ ?a a nkg:Article ; ?p ?o }}
  FILTER(?p != nkg:text)
}} ;
INSERT {{ GRAPH <{index}> {{ ?a idx:outlet ?outlet }} }} WHERE {{
  {ascope}
  # the OPTIONALs outside GRAPH ?a: inside, Oxigraph scanned every graph (2.5 s on 20,000 articles)
  GRAPH ?a {{ ?a a nkg:Article }}
  OPTIONAL {{ GRAPH ?a {{ ?a dcterms:publisher ?publisher }} }}
  OPTIONAL {{ GRAPH ?a {{ ?a dcterms:source ?url }} }}
  BIND(COALESCE(STR(?publisher),
                IF(REGEX(STR(?url), "^https?://"), REPLACE(STR(?url), "^https?://(www[.])?([^/:?#]+).*$", "$2"), ?unbound),
                STR(?a)) AS ?outlet)
}}
"""


def _name_key_steps() -> tuple[tuple[str, str], ...]:
    """(characters, replacement) in order: the folding :func:`sparql_normalize` and
    :func:`python_normalize` both apply before lower-casing and collapsing whitespace."""
    from .text import _DIACRITICS, _INVISIBLE

    return (
        (_DIACRITICS + _INVISIBLE, ""),
        ("\u0623\u0625\u0622\u0671", "\u0627"),  # alef variants -> bare alef
        ("\u0649\u06cc", "\u064a"),  # alef maqsura, Persian yeh -> ya
        ("\u0629", "\u0647"),  # ta marbuta -> ha
        ("\u06a9", "\u0643"),  # Persian kaf -> kaf
        ("\u2019\u2018`", "'"),
    )


def sparql_normalize(expr: str) -> str:
    """A SPARQL expression normalising the string *expr* like :func:`kg.text.normalize`.

    Diacritics, tatweel and invisible marks removed, alef/ya/ta marbuta/kaf
    variants unified, apostrophes unified, lower-cased (``LCASE``), whitespace
    collapsed and trimmed. Unlike :func:`kg.text.normalize` it does no NFKC
    (Arabic presentation forms stay as they are). The store writes the keys of
    ``idx:nameKey`` with it and ``queries/find-entity.rq`` normalises its text
    with the same expression (the query file holds it for ``?text``).
    """

    def cls(chars: str) -> str:  # a regex class, runs of code points as ranges, \\u escapes
        points = sorted({ord(c) for c in chars})
        if len(points) == 1:
            return f"\\u{points[0]:04X}"
        parts: list[list[int]] = []
        for p in points:
            if parts and parts[-1][1] == p - 1:
                parts[-1][1] = p
            else:
                parts.append([p, p])
        esc = "".join(f"\\u{a:04X}" + (f"-\\u{b:04X}" if b > a else "") for a, b in parts)
        return f"[{esc}]"

    out = expr
    for chars, repl in _name_key_steps():
        sparql_repl = "".join(c if c.isascii() else f"\\u{ord(c):04X}" for c in repl)
        out = f'REPLACE({out}, "{cls(chars)}", "{sparql_repl}")'
    return f'REPLACE(REPLACE(LCASE({out}), "\\\\s+", " "), "^ | $", "")'


@lru_cache(maxsize=1)
def _name_key_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for chars, repl in _name_key_steps():
        for c in chars:
            table.setdefault(ord(c), repl)
    return table


def python_normalize(text: str) -> str:
    """:func:`sparql_normalize` in Python: the same steps, for keys written without SPARQL.

    No replacement is itself replaced by a later step, so one ``str.translate`` applies them all.

    >>> python_normalize("  Khalīfa   HAFTAR ") == python_normalize("khalīfa haftar")
    True
    """
    return " ".join(text.translate(_name_key_table()).lower().split())


def _token_expr(var: str, words: int = 8) -> str:
    """SPARQL: word number ``?i`` (0-based, < *words*) of the space-separated string *var*, unbound if none.

    Constant regular expressions (one per position, compiled once), chosen by nested ``IF``.
    """
    out = "?none"
    for i in reversed(range(words)):
        pat = "^" + "\\\\S+ " * i + "(\\\\S+)"
        out = f'IF(?i = {i}, IF(REGEX({var}, "{pat}"), REPLACE({var}, "{pat}.*$", "$1"), ?none), {out})'
    return out


def _recompute_ops(scope: str) -> str:
    """The operations recomputing the default graph and the index graph for the entities of *scope*."""
    return _RECOMPUTE_OPS.format(scope=scope, index=INDEX_GRAPH, key=sparql_normalize("?text"), token=_token_expr("?k"))


def _ox() -> Any:
    """The ``pyoxigraph`` module, imported lazily.

    Typed loosely: its stubs declare ``bytes | None`` for serialisers that
    return bytes when given no output.
    """
    import pyoxigraph

    return pyoxigraph


def _iri(value: str) -> str:
    """Return ``<value>`` for SPARQL, refusing characters that would break it."""
    if re.search(r'[\s<>"{}|\\^`]', value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def _is_article_iri(iri: str) -> bool:
    """Whether a graph name is an article's (derived graphs such as stories and merged events are not)."""
    return iri.startswith(ARTICLE_NS) and iri != DIRTY_GRAPH


def article_iri(article: str) -> str:
    """Return the article IRI for a document id (an IRI is returned unchanged)."""
    if article.startswith(("http://", "https://", "urn:")):
        return article
    return ARTICLE_NS + article


# --------------------------------------------------------------------------- reports


@dataclass
class ReplaceReport:
    """What ``Store.replace_articles`` did, by article IRI."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        """Articles whose named graph was written."""
        return self.added + self.replaced


# --------------------------------------------------------------------------- the store


class Store:
    """A newskg knowledge graph in an embedded Oxigraph store.

    Use as a context manager (``with Store(path) as st: …``); ``Store.in_memory()``
    gives a throw-away store, ``Store.open_read_only(path)`` a reader.
    """

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        """Open (creating it if needed) the store at ``path``; ``None`` = in memory."""
        ox = _ox()

        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._store: pyoxigraph.Store | None = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))

    @classmethod
    def in_memory(cls) -> Store:
        """Return an empty in-memory store."""
        return cls(None)

    @classmethod
    def open_read_only(cls, path: Path | str) -> Store:
        """Open an existing on-disk store read-only (no other process may write it)."""
        return cls(path, read_only=True)

    @classmethod
    def open_for_writing(cls, path: Path | str) -> Store:
        """Open (creating it if needed) the store at *path* for writing; a :class:`kg.errors.StoreError`
        naming it when it cannot be (another process holding it open for writing, say so)."""
        from .errors import StoreError

        try:
            return cls(path)
        except OSError as exc:
            hint = ""
            if "lock" in str(exc).lower():
                hint = (
                    ": another process has it open for writing (a build, a removal, a kg.store.Store, or a"
                    " graph from kg.open() that added articles until its close()); try again when it is done"
                )
            raise StoreError(f"{path}: cannot open the store for writing{hint} ({exc})") from exc

    # ------------------------------------------------------------------ lifecycle

    @property
    def raw(self) -> pyoxigraph.Store:
        """The underlying ``pyoxigraph.Store``."""
        if self._store is None:
            raise RuntimeError("store is closed")
        return self._store

    def close(self) -> None:
        """Flush and release the store (Oxigraph closes on garbage collection)."""
        if self._store is not None and self.path is not None and not self.read_only:
            with contextlib.suppress(Exception):
                self._store.flush()
        self._store = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.raw)

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "memory"
        return f"<newskg Store {where}>"

    # ------------------------------------------------------------------ reading state

    def article_iris(self) -> set[str]:
        """The IRIs of every article graph (:meth:`articles` also reads their content hashes)."""
        return self.graph_inventory()[0]

    def graph_inventory(self) -> tuple[set[str], list[str]]:
        """(the IRIs of every article graph, the dedup index states recorded), in one pass over the graphs.

        The states: see :meth:`dedup_index_matches`; normally one, more after a killed build.
        """
        ox = _ox()
        articles: set[str] = set()
        states: list[str] = []
        for g in self.raw.named_graphs():
            if not isinstance(g, ox.NamedNode):
                continue
            if _is_article_iri(g.value):
                articles.add(g.value)
            elif g.value.startswith(DEDUP_STATE_NS):
                states.append(g.value[len(DEDUP_STATE_NS) :])
        return articles, states

    def has_graph(self, iri: str) -> bool:
        """Whether the store holds a named graph *iri* (an article graph, for an article IRI)."""
        return bool(self.raw.contains_named_graph(_ox().NamedNode(iri)))

    def has_articles(self) -> bool:
        """Whether the store holds any article graph (stops at the first one)."""
        ox = _ox()
        return any(isinstance(g, ox.NamedNode) and _is_article_iri(g.value) for g in self.raw.named_graphs())

    def articles(self) -> dict[str, str | None]:
        """Return ``{article IRI: content hash or None}`` for every article graph."""
        out: dict[str, str | None] = dict.fromkeys(sorted(self.article_iris()))
        rows: Any = self.raw.query(
            "SELECT ?g ?h WHERE { GRAPH ?g { ?g nkg:contentHash ?h } }",
            prefixes=PREFIXES,
        )
        for row in rows:
            out[row["g"].value] = row["h"].value
        return out

    def _stored_articles(self, iris: Iterable[str]) -> dict[str, str | None]:
        """:meth:`articles` for these article IRIs only (lookups instead of reading every article's hash)."""
        ox = _ox()

        content_hash = ox.NamedNode(NKG + "contentHash")
        out: dict[str, str | None] = {}
        for iri in iris:
            node = ox.NamedNode(_iri(iri)[1:-1])
            hashes = [str(q.object.value) for q in self.raw.quads_for_pattern(node, content_hash, None, node)]  # type: ignore[union-attr]
            if hashes:
                out[iri] = hashes[-1]
            elif _is_article_iri(iri) and self.raw.contains_named_graph(node):
                out[iri] = None
        return out

    def graph_quads(self, graph: str | None) -> set[tuple[str, str, str]]:
        """Return the triples of one graph (``None`` = default graph) as N-Triples terms."""
        ox = _ox()

        g = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        return {
            (str(q.subject), str(q.predicate), str(q.object)) for q in self.raw.quads_for_pattern(None, None, None, g)
        }

    # ------------------------------------------------------------------ writing

    def replace_articles(
        self,
        articles: Mapping[str, str | bytes],
        *,
        format: str = "ntriples",
        force: bool = False,
    ) -> ReplaceReport:
        """Add or replace article named graphs, and update the default graph, in one transaction.

        ``articles`` maps an article IRI (or doc id) to its graph serialised as
        N-Triples (``format="ntriples"``, fastest) or Turtle (``"turtle"``).
        An article whose stored ``nkg:contentHash`` equals the new one is
        skipped unless ``force``. Returns what was added, replaced, skipped.
        """
        ox = _ox()

        rdf_format = _rdf_format(format)
        if rdf_format.supports_datasets:
            raise ValueError("give each article's triples (ntriples or turtle), not quads")
        # only these articles' hashes: reading every article's took 0.7 s on 20,000
        current = self._stored_articles([article_iri(key) for key in articles])
        report = ReplaceReport()
        bodies: dict[str, str] = {}
        new_triples: dict[str, list[Any]] = {}
        for key, data in articles.items():
            iri = article_iri(key)
            _iri(iri)
            triples = new_triples[iri] = [q.triple for q in ox.parse(data, rdf_format, rename_blank_nodes=True)]
            new_hash = next(
                (
                    t.object.value
                    for t in triples
                    if t.predicate.value == NKG + "contentHash"
                    and isinstance(t.subject, ox.NamedNode)
                    and t.subject.value == iri
                ),
                None,
            )
            if iri in current:
                if not force and new_hash is not None and current[iri] == new_hash:
                    report.unchanged.append(iri)
                    continue
                report.replaced.append(iri)
            else:
                report.added.append(iri)
            # Re-serialise canonically (N-Triples is valid SPARQL INSERT DATA syntax).
            bodies[iri] = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        if not bodies:
            return report
        # the entities of the replaced articles that the new versions state the same of, but for
        # their mention counts, are updated by a delta; the others are marked for the SPARQL recompute
        # (that of a hub such as Russia took seconds)
        marked, shifts, fallback = _replace_deltas(self.raw, {i: new_triples[i] for i in report.replaced})
        ops = [_MARK_CHANGED + " ;", _mark_ops(fallback)]
        if marked:
            dirty = " ".join(f"{e} a <{DIRTY_ENTITY}> ." for e in sorted(map(str, marked)))
            ops.append(f"INSERT DATA {{ GRAPH <{DIRTY_GRAPH}> {{ {dirty} }} }} ;")
        for iri, body in bodies.items():
            g = _iri(iri)
            ops.append(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}}} }} ;")
        ops.append(_mark_ops(report.added + fallback))
        ops.append(_finish_ops(list(bodies)))
        if shifts:
            ops.append(" ;\n" + shifts)
        self._update("\n".join(ops))
        return report

    def add_articles(
        self,
        articles: Mapping[str, Iterable[Any] | bytes | str],
        *,
        current: dict[str, str | None] | None = None,
        force: bool = False,
        finish: bool = True,
    ) -> ReplaceReport:
        """Like :meth:`replace_articles`, faster for articles new to the store (the bulk path of a build).

        ``articles`` maps an article IRI to its quads (``kg.rdf.article_quads``)
        or to N-Quads text, every quad in the article's graph. New articles are
        written by ONE transactional ``extend`` together with dirty marks (their
        entities and the article itself in ``urn:newskg:store:dirty``); changed
        ones go through :meth:`replace_articles`; unchanged ones are skipped.
        With ``finish`` the default graph is then recomputed for everything
        marked (:meth:`finish_pending`, one update). A build passes
        ``finish=False`` for each batch and finishes once at the end; ``current``
        (``{article IRI: hash}``, updated in place) saves re-reading the store.
        """
        ox = _ox()

        if current is None:  # only these articles: reading every article's hash took 0.7 s on 20,000
            current = self._stored_articles([article_iri(key) for key in articles])
        report = ReplaceReport()
        new_quads: list[Any] = []
        replaced: dict[str, str] = {}
        dirty_g = ox.NamedNode(DIRTY_GRAPH)
        is_a = ox.NamedNode(PREFIXES["rdf"] + "type")
        dirty_e, dirty_a = ox.NamedNode(DIRTY_ENTITY), ox.NamedNode(DIRTY_ARTICLE)
        mentioned, content_hash = NKG + "mentionedIn", NKG + "contentHash"
        for key, data in articles.items():
            iri = article_iri(key)
            _iri(iri)
            if isinstance(data, (bytes, str)):
                quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
            else:
                quads = list(data)
            graph = ox.NamedNode(iri)
            if any(q.graph_name != graph for q in quads):
                raise ValueError(f"{iri}: every quad must be in the article's graph")
            new_hash = next(
                (
                    q.object.value
                    for q in quads
                    if q.predicate.value == content_hash
                    and isinstance(q.subject, ox.NamedNode)
                    and q.subject.value == iri
                ),
                None,
            )
            if iri in current:
                if not force and new_hash is not None and current[iri] == new_hash:
                    report.unchanged.append(iri)
                    continue
                replaced[iri] = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            else:
                report.added.append(iri)
                new_quads += quads
                new_quads.append(ox.Quad(graph, is_a, dirty_a, dirty_g))
                for e in {q.subject for q in quads if q.predicate.value == mentioned and q.object == graph}:
                    new_quads.append(ox.Quad(e, is_a, dirty_e, dirty_g))
            current[iri] = new_hash
        if new_quads:
            if self.read_only:
                raise PermissionError("store opened read-only")
            self.mark_articles_changed()
            self.raw.extend(new_quads)  # one transaction: the graphs and their marks
        if replaced:  # its update also finishes whatever is marked
            rep = self.replace_articles(replaced, force=True)
            report.replaced += rep.replaced
            report.added += rep.added
        if finish:
            self.finish_pending()
        return report

    def bulk_add_articles(
        self,
        shards: Iterable[Path | str],
        articles: Iterable[str],
        entities: Iterable[str],
        *,
        summary: SummaryBuilder | None = None,
    ) -> None:
        """Bulk-load N-Quads shards of articles NEW to the store (Oxigraph's bulk loader), then recompute.

        *articles*: the IRIs of the article graphs in the shards (none may be
        in the store yet); *entities*: the IRIs of their entities (subjects of
        ``nkg:mentionedIn``). Oxigraph's bulk loader is not transactional, so:
        (1) one transaction marks the articles ``Loading`` and ``DirtyArticle``
        and the entities ``Dirty``; (2) the shards are bulk-loaded; (3) one
        update drops the ``Loading`` marks and recomputes the default graph.
        A process killed during (2) leaves ``Loading`` marks: :meth:`recover`
        (run by every ``kg build`` first) drops those half-loaded graphs, so the
        store is as before the load and a rebuild adds them again.

        *summary*: the :func:`kg.summary.article_facts` of exactly the articles
        in the shards, added up (a build computes them in its workers); without
        it the shards are read again to compute the summary of new entities.
        (:class:`kg.bulkload.BulkLoad` does it shard by shard, as a build does.)
        """
        from .bulkload import BulkLoad

        load = BulkLoad(self)
        load.add(shards, articles, entities)
        load.finish(summary)

    def recover(self) -> list[str]:
        """Undo a bulk load that was interrupted, then finish pending marks; returns the article graphs dropped."""
        if self.read_only or not self.has_pending():
            return []
        rows: Any = self.raw.query(f"SELECT ?a WHERE {{ GRAPH <{DIRTY_GRAPH}> {{ ?a a <{LOADING_ARTICLE}> }} }}")
        dropped = [r["a"].value for r in rows]
        ops = [f"DROP SILENT GRAPH {_iri(a)} ;" for a in dropped]
        ops.append(f"DELETE WHERE {{ GRAPH <{DIRTY_GRAPH}> {{ ?a a <{LOADING_ARTICLE}> }} }} ;")
        # a dropped article has no graph any more: its record is removed and its entities recomputed
        ops.append(_finish_ops([]))
        self._update("\n".join(ops))
        return dropped

    def has_pending(self) -> bool:
        """Whether articles were added whose default-graph data is not computed yet (see :meth:`add_articles`)."""
        # the graph's name first: after a big build its dropped marks make the ASK cost ~0.1 s
        # until the store compacts them, and a store with no marks has no such graph
        if not self.raw.contains_named_graph(_ox().NamedNode(DIRTY_GRAPH)):
            return False
        return bool(self.raw.query(f"ASK {{ GRAPH <{DIRTY_GRAPH}> {{ ?s ?p ?o }} }}"))

    def mark_derived_stale(self) -> None:
        """Record, durably and before articles are written, that stories and merged events must be redone.

        ``kg build`` marks the store before its store write and clears the mark
        (:meth:`clear_derived_stale`) once the stories and merged events are
        rewritten; a build killed in between leaves the mark, and the next build
        (:meth:`derived_stale`) rebuilds both in full instead of trusting them.
        """
        ox = _ox()
        if self.read_only:
            raise PermissionError("store opened read-only")
        self.raw.add(ox.Quad(ox.NamedNode(_DERIVED), ox.NamedNode(_STALE), ox.Literal(True), ox.NamedNode(STATE_GRAPH)))

    def derived_stale(self) -> bool:
        """Whether a build stopped between its store write and its stories and merged events."""
        ox = _ox()
        graph = ox.NamedNode(STATE_GRAPH)
        if not self.raw.contains_named_graph(graph):
            return False
        return any(True for _ in self.raw.quads_for_pattern(ox.NamedNode(_DERIVED), ox.NamedNode(_STALE), None, graph))

    def clear_derived_stale(self, dedup_index: str | None = None, *, replaces: Iterable[str | None] = ()) -> None:
        """Drop the mark of :meth:`mark_derived_stale` (the derived graphs are up to date).

        *dedup_index*: the saved state of the build folder's indexes (kg.build joins
        :attr:`kg.dedup.Deduper.saved_state` and the names file's) when they match
        the article graphs, recorded in the same transaction (see
        :meth:`dedup_index_matches`); *replaces*: states recorded before, dropped.
        """
        if self.read_only:
            return
        ops = [f"DROP SILENT GRAPH <{STATE_GRAPH}>", f"DROP SILENT GRAPH <{_CHANGED_GRAPH}>"]
        ops += [f"DROP SILENT GRAPH <{DEDUP_STATE_NS}{old}>" for old in set(replaces) if old and old != dedup_index]
        if dedup_index is not None:
            ops.append(f"CREATE SILENT GRAPH <{DEDUP_STATE_NS}{dedup_index}>")
        self._update(" ;\n".join(ops))

    def dedup_index_matches(self, state: str | None) -> bool:
        """Whether the last build recorded *state* of its folder's indexes (:meth:`clear_derived_stale`).

        Then every article of its dedup index is stored, and a build takes the index's
        ids for the stored articles instead of listing 20,000 graphs (0.2 s).
        False after any write of article graphs outside a build that finished
        (:meth:`mark_articles_changed`), or a killed build (it leaves the store marked
        stale, or its index in a state not recorded), until a build records a state
        again; :meth:`clear` drops all.
        """
        ox = _ox()
        if state is None or not self.raw.contains_named_graph(ox.NamedNode(DEDUP_STATE_NS + state)):
            return False
        return not self.articles_changed() and not self.derived_stale()

    def articles_changed(self) -> bool:
        """Whether article graphs were written since the last build that finished (:meth:`mark_articles_changed`)."""
        return bool(self.raw.contains_named_graph(_ox().NamedNode(_CHANGED_GRAPH)))

    def mark_articles_changed(self) -> None:
        """Record that article graphs are (about to be) written: the build folder's indexes recorded
        by :meth:`clear_derived_stale` may not match them any more. Every method writing article
        graphs calls it first; a build that ends drops the mark with its new record."""
        if self.read_only:
            raise PermissionError("store opened read-only")
        self.raw.update(_MARK_CHANGED)

    def finish_pending(self) -> None:
        """Recompute the default graph for every marked entity and article (one transaction), drop the marks.

        When the marks are only new articles and their entities (what :meth:`add_articles`
        leaves), the update adds their per-entity deltas to the stored values
        (:func:`_delta_finish_ops`: milliseconds where the SPARQL recompute of hub entities
        took seconds); otherwise it is the SPARQL recompute of everything marked. Either
        way one update: the store is finished or, if the process dies, still marked.
        """
        if self.has_pending():
            self._update(_delta_finish_ops(self.raw) or _finish_ops([]))

    def replace_dataset(self, dataset: rdflib.Dataset, *, force: bool = False) -> ReplaceReport:
        """Store every article named graph of an rdflib ``Dataset`` (its default graph is ignored).

        Graphs whose IRI is not an article IRI (``…/newskg/article/…``) are ignored too.
        """
        from rdflib import URIRef

        graphs: dict[str, str] = {}
        for g in dataset.graphs():
            ident = g.identifier
            if isinstance(ident, URIRef) and str(ident).startswith(ARTICLE_NS) and len(g):
                graphs[str(ident)] = g.serialize(format="nt")
        return self.replace_articles(graphs, force=force)

    def remove_articles(self, articles: Iterable[str]) -> list[str]:
        """Drop article graphs and every default-graph fact only they supported.

        Returns the IRIs actually removed (unknown ids are ignored). One transaction.
        """
        existing = self.articles()
        iris = [i for i in (article_iri(a) for a in articles) if i in existing]
        if not iris:
            return []
        ops = [_mark_ops(iris)]
        ops += [f"DROP SILENT GRAPH {_iri(i)} ;" for i in iris]
        # a build's indexes may still list them (kg.build.remove_articles updates them and clears this)
        ops.append(_MARK_CHANGED + " ;")
        ops.append(_finish_ops(iris))
        self._update("\n".join(ops))
        return iris

    def remove_article(self, article: str) -> bool:
        """Remove one article (doc id or IRI); ``False`` if it was not stored."""
        return bool(self.remove_articles([article]))

    def recompute_entities(self) -> None:
        """Rebuild the whole default graph from the article graphs (one transaction)."""
        scope = f"GRAPH ?g0 {{ ?e nkg:mentionedIn ?g0 }} FILTER(?g0 != <{DIRTY_GRAPH}>)"
        update = f"DROP SILENT DEFAULT ;\nDROP SILENT GRAPH <{INDEX_GRAPH}> ;\n" + _recompute_ops(
            "{ SELECT DISTINCT ?e WHERE { " + scope + " } }"
        )
        update += " ;\n" + _ARTICLE_RECORD_OPS.format(
            ascope="{ SELECT DISTINCT ?a WHERE { GRAPH ?a { ?a a nkg:Article } } }", index=INDEX_GRAPH
        )
        self._update(update)

    def clear(self) -> None:
        """Remove everything, empty named graphs included."""
        self._update("DROP ALL")

    def _update(self, update: str) -> None:
        if self.read_only:
            raise PermissionError("store opened read-only")
        self.raw.update(update, prefixes=PREFIXES)

    # ------------------------------------------------------------------ querying

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        substitutions: Mapping[str, Any] | None = None,
    ) -> Any:
        """Run a SPARQL query with the newskg prefixes bound.

        Returns Oxigraph's result: ``QuerySolutions`` (iterate rows; ``row["var"]``)
        for SELECT, ``QueryBoolean`` (use ``bool()``) for ASK, ``QueryTriples``
        for CONSTRUCT/DESCRIBE. ``substitutions`` binds variables before
        evaluation: ``{"target": NamedNode(...)}`` or plain Python values
        (``str`` starting with ``http`` → IRI, other ``str``/``int``/… → literal);
        Oxigraph requires substituted variables to be in the SELECT projection.
        """
        ox = _ox()

        subs = None
        if substitutions:
            subs = {ox.Variable(k): _to_term(v) for k, v in substitutions.items()}
        return self.raw.query(
            sparql,
            prefixes=PREFIXES,
            use_default_graph_as_union=use_default_graph_as_union,
            substitutions=subs,
        )

    def select(self, sparql: str, **kwargs: Any) -> list[dict[str, Any]]:
        """Run a SELECT and return rows as dicts of Python values (``None`` = unbound)."""
        result = self.query(sparql, **kwargs)
        names = [v.value for v in result.variables]
        return [{n: term_to_python(row[n]) for n in names} for row in result]

    def dataframe(self, sparql: str, **kwargs: Any) -> Any:
        """Run a SELECT and return a ``pandas.DataFrame`` (pandas imported lazily)."""
        import pandas as pd

        result = self.query(sparql, **kwargs)
        names = [v.value for v in result.variables]
        rows = [[term_to_python(row[n]) for n in names] for row in result]
        return pd.DataFrame(rows, columns=names)

    def explain(self, sparql: str) -> str:
        """Return the prepared query (bound prefixes + text) and its algebra.

        pyoxigraph 0.5 exposes no query plan, so the algebra printed is
        rdflib's parse of the same text (a logical plan, not Oxigraph's).
        The query is also checked by Oxigraph's parser (a ``SyntaxError`` is raised).
        """
        declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", sparql)}
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p.lower() not in declared)
        prepared = prologue + sparql
        _check_query_syntax(prepared)
        lines = ["# prepared query", prepared.rstrip(), ""]
        try:
            from rdflib.plugins.sparql import algebra, prepareQuery

            q = prepareQuery(prepared)
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                algebra.pprintAlgebra(q)
            lines += ["# algebra (rdflib)", buf.getvalue().rstrip()]
        except Exception as exc:  # noqa: BLE001 - rdflib may not parse every Oxigraph query
            lines += [f"# algebra unavailable: {exc}"]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ export

    def dump(self, fmt: str = "nquads") -> bytes:
        """Serialise the store: dataset formats as they are, triple formats as the union."""
        ox = _ox()

        rdf_format = _rdf_format(fmt)
        if rdf_format.supports_datasets:
            kwargs: dict[str, Any] = {}
            if rdf_format in (ox.RdfFormat.TRIG,):
                kwargs["prefixes"] = PREFIXES
            data = self.raw.dump(format=rdf_format, **kwargs)
            assert data is not None
            return data
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        kwargs = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TURTLE else {}
        return ox.serialize(triples, format=rdf_format, **kwargs)

    def export(self, fmt: str, dest: Path | str) -> Path:
        """Write the store to ``dest`` atomically (temp file + ``os.replace``).

        ``fmt``: ``trig``, ``nquads`` (all graphs), ``turtle``, ``ntriples``
        (union of graphs), ``jsonld`` (all graphs, ``@graph`` per article).
        """
        data = self.dump(fmt)
        return atomic_write(Path(dest), data)

    def to_rdflib(self) -> rdflib.Dataset:
        """Return the store as an rdflib ``Dataset`` (for small graphs and validation)."""
        import rdflib

        ds = rdflib.Dataset()
        # rdflib 7's N-Quads parser warns about its own deprecated API
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds.parse(data=self.raw.dump(format=_rdf_format("nquads")), format="nquads")
        return ds

    def validate(self, shapes: Path | str | None = None) -> tuple[bool, str]:
        """Validate the store against the SHACL shapes; see :func:`validate`."""
        return validate(self, shapes)


# --------------------------------------------------------------------------- helpers for updates


def _values(iris: list[str]) -> str:
    return " ".join(_iri(i) for i in iris)


def _mark_ops(iris: list[str]) -> str:
    """Operations marking the entities of these article graphs as needing a recompute."""
    if not iris:
        return ""
    return _ENTITY_OPS.format(
        what="changed articles",
        dirty=DIRTY_GRAPH,
        filter=f"VALUES ?g {{ {_values(iris)} }}",
    )


def _finish_ops(iris: list[str]) -> str:
    """Recompute marked entities and the records of these and of marked articles, then drop the marks."""
    scope = f"GRAPH <{DIRTY_GRAPH}> {{ ?e a <{DIRTY_ENTITY}> }}"
    ops = _recompute_ops(scope)
    ascope = (
        f"{{ {{ VALUES ?a {{ {_values(iris)} }} }} UNION {{ GRAPH <{DIRTY_GRAPH}> {{ ?a a <{DIRTY_ARTICLE}> }} }} }}"
    )
    ops += " ;\n" + _ARTICLE_RECORD_OPS.format(ascope=ascope, index=INDEX_GRAPH)
    ops += f" ;\nDROP SILENT GRAPH <{DIRTY_GRAPH}>"
    return ops


_CANONICAL_INT = re.compile(r"[+-]?[0-9]+")


class _EntityDelta:
    """What the new article graphs say about one entity (see :func:`_delta_finish_ops`)."""

    __slots__ = ("articles", "events", "mentions", "names", "triples")

    def __init__(self) -> None:
        self.articles = self.mentions = 0
        self.triples: set[tuple[Any, Any]] = set()  # (predicate, object) copied to the default graph
        self.names: dict[tuple[Any, int], int] = {}  # (name literal, priority) -> new graphs stating it
        self.events: set[Any] = set()  # event nodes with the entity as participant


def _delta_finish_ops(raw: Any) -> str | None:
    """The update finishing pending marks left by :meth:`Store.add_articles` from per-entity deltas, or ``None``.

    When every mark is a new article (``DirtyArticle``) or an entity it
    mentions (``Dirty``), the default and index graphs are a full recompute of
    the OTHER article graphs, and the new graphs only add: types, ids and names
    are unions, counts are sums, so the new values follow from the stored ones
    plus the new graphs (a hub mentioned in thousands of articles is not re-read:
    its recompute took seconds). Only the label of a language may need counts:
    the name most graphs state wins, and a new graph may tip the balance; those
    names are counted (anchored lookups) only when the new graphs state a
    competitor more often than the current label. Anything else — other marks
    (``Loading``), blank nodes, counts or names the rules do not cover exactly —
    gives ``None``: the caller runs the SPARQL recompute (:func:`_finish_ops`).
    The result is the same quads as that recompute (a test holds both equal).
    """
    ox = _ox()

    def iri(name: str) -> Any:
        prefix, local = name.split(":", 1)
        return ox.NamedNode(PREFIXES[prefix] + local)

    rdf_type, mentioned_in, mention_count = iri("rdf:type"), iri("nkg:mentionedIn"), iri("nkg:mentionCount")
    pref_label, rdfs_label, alt_label = iri("skos:prefLabel"), iri("rdfs:label"), iri("skos:altLabel")
    alias, alias_name, participant, predicate = (
        iri("nkg:alias"),
        iri("nkg:name"),
        iri("nkg:participant"),
        iri("nkg:predicate"),
    )
    article_count, event_count = iri("idx:articleCount"), iri("idx:eventCount")
    index_types = {iri(t) for t in ("nkg:Person", "nkg:Organization", "nkg:Location", "nkg:NamedEvent")}
    integer = ox.NamedNode(_XSD + "integer")
    xsd_string = ox.NamedNode(_XSD + "string")
    default_graph, index = ox.DefaultGraph(), ox.NamedNode(INDEX_GRAPH)

    # the marks: new articles and their entities, nothing else
    marked: set[Any] = set()
    articles: list[Any] = []
    for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(DIRTY_GRAPH)):
        if q.predicate != rdf_type or not isinstance(q.subject, ox.NamedNode) or not isinstance(q.object, ox.NamedNode):
            return None
        if q.object.value == DIRTY_ENTITY:
            marked.add(q.subject)
        elif q.object.value == DIRTY_ARTICLE:
            articles.append(q.subject)
        else:
            return None  # an interrupted bulk load: recover() drops it
    new_graphs = set(articles)
    if any(next(raw.quads_for_pattern(a, None, None, default_graph), None) is not None for a in articles):
        return None  # an article with a record in the default graph was counted before: not new

    # what each new graph says about the entities it mentions (GRAPH ?g { ?e nkg:mentionedIn ?g } …)
    deltas: dict[Any, _EntityDelta] = {}
    for graph in articles:
        facts = _entity_facts((q.triple for q in raw.quads_for_pattern(None, None, None, graph)), graph)
        if facts is None:
            return None
        for e, (triples, names, events, mentions) in facts.items():
            d = deltas.setdefault(e, _EntityDelta())
            d.triples |= triples
            d.articles += 1
            d.mentions += mentions
            for n in names:
                if not n[0].language and n[0].datatype != xsd_string:
                    return None  # its label would be a plain string, not the name itself
                d.names[n] = d.names.get(n, 0) + 1
            d.events |= events
    if set(deltas) != marked:
        return None  # an entity marked for another reason

    def old_graph(e: Any, g: Any) -> bool:
        """Whether *g* is an article graph stored before the new ones that mentions *e*."""
        return isinstance(g, ox.NamedNode) and g not in new_graphs and ox.Quad(e, mentioned_in, g, g) in raw

    def graphs_stating(e: Any, name: Any, prio: int) -> int:
        """How many article graphs (new ones included) state *name* for *e* with priority *prio*."""
        graphs: set[Any] = set()
        for p in (pref_label, rdfs_label) if prio == 0 else (alt_label,):
            graphs.update(q.graph_name for q in raw.quads_for_pattern(e, p, name, None))
        if prio == 1:
            for q in raw.quads_for_pattern(None, alias_name, name, None):
                if ox.Quad(e, alias, q.subject, q.graph_name) in raw:
                    graphs.add(q.graph_name)
        return sum(1 for g in graphs if isinstance(g, ox.NamedNode) and ox.Quad(e, mentioned_in, g, g) in raw)

    def key(name: Any, prio: int, n: int) -> str:  # the MIN(?key) of the SPARQL label choice
        return f"{prio}{1000000000 - n}|{name.value}"

    def one_int(values: list[Any]) -> int | None:
        if len(values) == 1 and isinstance(values[0], ox.Literal) and _CANONICAL_INT.fullmatch(values[0].value):
            return int(values[0].value)
        return None

    deletes: list[str] = []  # N-Quads-like lines: "s p o ." in the default graph, "GRAPH <index> { … }" apart
    inserts: list[str] = []
    index_deletes: list[str] = []
    index_inserts: list[str] = []
    keyed: list[Any] = []  # entities with new names: their name keys are added by _NAME_KEY_OPS
    for e in sorted(deltas, key=lambda n: n.value):
        d = deltas[e]
        stored_mc = [q.object for q in raw.quads_for_pattern(e, mention_count, None, default_graph)]
        index_mc = [q.object for q in raw.quads_for_pattern(e, mention_count, None, index)]
        stored_ac = [q.object for q in raw.quads_for_pattern(e, article_count, None, index)]
        stored_ec = [q.object for q in raw.quads_for_pattern(e, event_count, None, index)]
        labels: dict[str, Any] = {}
        for q in raw.quads_for_pattern(e, rdfs_label, None, default_graph):
            lang = q.object.language or "" if isinstance(q.object, ox.Literal) else None
            if lang is None or lang in labels:
                return None
            labels[lang] = q.object
        if stored_mc or index_mc or stored_ac or stored_ec or labels:  # in the store before: add to it
            mc, ac = one_int(stored_mc), one_int(stored_ac)
            ec = one_int(stored_ec) if stored_ec else 0
            if mc is None or ac is None or ec is None or index_mc != stored_mc:
                return None
        else:  # no article graph mentioned it before
            mc = ac = ec = 0
        s = str(e)
        deletes += [f"{s} {mention_count} {o} ." for o in stored_mc]
        index_deletes += [f"{s} {mention_count} {o} ." for o in index_mc]
        index_deletes += [f"{s} {article_count} {o} ." for o in stored_ac]
        index_deletes += [f"{s} {event_count} {o} ." for o in stored_ec]
        total = ox.Literal(str(mc + d.mentions), datatype=integer)
        inserts.append(f"{s} {mention_count} {total} .")
        index_inserts.append(f"{s} {mention_count} {total} .")
        index_inserts.append(f"{s} {article_count} {ox.Literal(str(ac + d.articles), datatype=integer)} .")
        # events: COUNT(DISTINCT ?ev) over the graphs mentioning the entity; an event node of a new graph
        # may already be counted from an older graph
        for ev in d.events:
            if not any(
                old_graph(e, q.graph_name) and next(raw.quads_for_pattern(ev, predicate, None, q.graph_name), None)
                for q in raw.quads_for_pattern(ev, participant, e, None)
            ):
                ec += 1
        if ec:
            index_inserts.append(f"{s} {event_count} {ox.Literal(str(ec), datatype=integer)} .")
        for p, o in sorted(d.triples, key=str):
            inserts.append(f"{s} {p} {o} .")
            if p == rdf_type and o in index_types:
                index_inserts.append(f"{s} {p} {o} .")
        # labels: one per language, the name with the best (priority, graphs stating it, text)
        by_lang: dict[str, dict[tuple[Any, int], int]] = {}
        for (name, prio), k in d.names.items():
            by_lang.setdefault(name.language or "", {})[(name, prio)] = k
        for lang, cands in sorted(by_lang.items()):
            old = labels.get(lang)
            if old is None:  # no name in this language before: the new graphs' counts are the counts
                best = min(cands, key=lambda c: key(c[0], c[1], cands[c]))
            else:
                p_old = 1
                for p in (pref_label, rdfs_label):
                    if any(old_graph(e, q.graph_name) for q in raw.quads_for_pattern(e, p, old, None)):
                        p_old = 0
                        break
                lower = [c for c in cands if c[1] < p_old]  # no name had this priority before
                if lower:
                    best = min(lower, key=lambda c: key(c[0], c[1], cands[c]))
                else:
                    # a rival stated by fewer new graphs than the label stays behind it
                    k_old = cands.get((old, p_old), 0)
                    rivals = [c for c in cands if c[1] == p_old and c[0] != old and cands[c] > k_old]
                    best = (old, p_old)
                    if rivals:
                        best = min([best, *rivals], key=lambda c: key(c[0], c[1], graphs_stating(e, c[0], c[1])))
            label = best[0]
            if label != old:
                if old is not None:
                    deletes.append(f"{s} {rdfs_label} {old} .")
                    inserts.append(f"{s} {alt_label} {old} .")
                deletes.append(f"{s} {alt_label} {label} .")
                inserts.append(f"{s} {rdfs_label} {label} .")
            inserts += [f"{s} {alt_label} {name} ." for name, _ in cands if name != label]
        if d.names:
            keyed.append(e)
    ops = []
    if deletes or index_deletes:
        ops.append(
            "DELETE DATA {\n"
            + "".join(f"{t}\n" for t in deletes)
            + f"GRAPH <{INDEX_GRAPH}> {{\n"
            + "".join(f"{t}\n" for t in index_deletes)
            + "} }"
        )
    ops.append(
        "INSERT DATA {\n"
        + "".join(f"{t}\n" for t in dict.fromkeys(inserts))
        + f"GRAPH <{INDEX_GRAPH}> {{\n"
        + "".join(f"{t}\n" for t in dict.fromkeys(index_inserts))
        + "} }"
    )
    if keyed:
        ops.append(
            _NAME_KEY_OPS.format(
                scope="VALUES ?e { " + " ".join(str(e) for e in keyed) + " }",
                index=INDEX_GRAPH,
                key=sparql_normalize("?text"),
                token=_token_expr("?k"),
            )
        )
    ascope = f"GRAPH <{DIRTY_GRAPH}> {{ ?a a <{DIRTY_ARTICLE}> }}"
    ops.append(_ARTICLE_RECORD_OPS.format(ascope=ascope, index=INDEX_GRAPH))
    ops.append(f"DROP SILENT GRAPH <{DIRTY_GRAPH}>")
    return " ;\n".join(ops)


def _entity_facts(triples: Iterable[Any], graph: Any) -> dict[Any, tuple[Any, ...]] | None:
    """What one article graph (its triples) says of each entity it mentions, as the recompute
    reads it: ((predicate, object) of its types, ids and sameAs; its names with their priority;
    the event nodes it takes part in; its mention count). None when an entity or one of those
    objects is a blank node (INSERT DATA would make a new one), or a count is one the SPARQL
    converts (xsd:integer(?c) and COALESCE: only plain integers are handled here)."""
    ox = _ox()

    rdf_type = PREFIXES["rdf"] + "type"
    copied = {rdf_type, NKG + "qid", PREFIXES["owl"] + "sameAs"}
    prio = {PREFIXES["skos"] + "prefLabel": 0, PREFIXES["rdfs"] + "label": 0, PREFIXES["skos"] + "altLabel": 1}
    triples = list(triples)
    entities = {t.subject for t in triples if t.predicate.value == NKG + "mentionedIn" and t.object == graph}
    if any(not isinstance(e, ox.NamedNode) for e in entities):
        return None
    facts: dict[Any, tuple[set[Any], set[Any], set[Any], list[int]]] = {e: (set(), set(), set(), []) for e in entities}
    alias_of: dict[Any, list[Any]] = {}
    alias_names: dict[Any, list[Any]] = {}
    with_predicate: set[Any] = set()
    participants: list[tuple[Any, Any]] = []
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if p == NKG + "name" and isinstance(o, ox.Literal):
            alias_names.setdefault(s, []).append(o)
        elif p == NKG + "predicate":
            with_predicate.add(s)
        elif p == NKG + "participant" and o in facts:
            participants.append((s, o))
        if s not in facts:
            continue
        if p in copied:
            if isinstance(o, ox.BlankNode):
                return None
            facts[s][0].add((t.predicate, o))
        elif p in prio and isinstance(o, ox.Literal):
            facts[s][1].add((o, prio[p]))
        elif p == NKG + "alias":
            alias_of.setdefault(o, []).append(s)
        elif p == NKG + "mentionCount":
            if not (
                isinstance(o, ox.Literal) and o.datatype.value == _XSD + "integer" and _CANONICAL_INT.fullmatch(o.value)
            ):
                return None
            facts[s][3].append(int(o.value))
    for node, ents in alias_of.items():
        for name in alias_names.get(node, ()):
            for e in ents:
                facts[e][1].add((name, 1))
    for ev, e in participants:
        if ev in with_predicate:
            facts[e][2].add(ev)
    return {
        e: (frozenset(c), frozenset(n), frozenset(ev), sum(counts) if counts else 1)
        for e, (c, n, ev, counts) in facts.items()
    }


def _replace_deltas(raw: Any, replaced: Mapping[str, list[Any]]) -> tuple[set[Any], str, list[str]]:
    """For article graphs about to be replaced by these triples: (entities to mark for the SPARQL
    recompute, an update shifting the mention counts of the others, the graphs whose entities are
    all to be marked by SPARQL: a blank node or an unusual count in either version).

    An entity both versions mention, of which they state the same types, ids, names and events,
    keeps every default-graph and index value but its mention count, the sum over the graphs:
    that moves by the difference. The rest is marked. An entity already marked (a new article of
    the same build mentions it) is recomputed anyway, so it is marked too.
    """
    ox = _ox()

    marked: set[Any] = set()
    fallback: list[str] = []
    shift: dict[Any, int] = {}
    mention_count, default_graph = ox.NamedNode(NKG + "mentionCount"), ox.DefaultGraph()
    for iri, triples in replaced.items():
        graph = ox.NamedNode(iri)
        old = _entity_facts((q.triple for q in raw.quads_for_pattern(None, None, None, graph)), graph)
        new = _entity_facts(triples, graph)
        if old is None or new is None:  # marked by SPARQL, before and after the write, as an added article's
            fallback.append(iri)
            continue
        for e in old.keys() | new.keys():
            if e in old and e in new and old[e][:3] == new[e][:3]:
                shift[e] = shift.get(e, 0) + new[e][3] - old[e][3]
            else:
                marked.add(e)
    dirty, is_a = ox.NamedNode(DIRTY_GRAPH), ox.NamedNode(PREFIXES["rdf"] + "type")
    marked |= {e for e in shift if ox.Quad(e, is_a, ox.NamedNode(DIRTY_ENTITY), dirty) in raw}
    deletes, inserts = [], []
    integer = ox.NamedNode(_XSD + "integer")
    index = ox.NamedNode(INDEX_GRAPH)
    for e in sorted(shift.keys() - marked, key=str):
        if not shift[e]:
            continue
        stored = [q.object for q in raw.quads_for_pattern(e, mention_count, None, default_graph)]
        in_index = [q.object for q in raw.quads_for_pattern(e, mention_count, None, index)]
        if len(stored) != 1 or in_index != stored or not _CANONICAL_INT.fullmatch(stored[0].value):
            marked.add(e)
            continue
        total = ox.Literal(str(int(stored[0].value) + shift[e]), datatype=integer)
        deletes.append(f"{e} {mention_count} {stored[0]} .")
        inserts.append(f"{e} {mention_count} {total} .")
    if not deletes:
        return marked, "", fallback
    body = "".join(f"{t}\n" for t in deletes), "".join(f"{t}\n" for t in inserts)
    shifts = (
        f"DELETE DATA {{\n{body[0]}GRAPH <{INDEX_GRAPH}> {{\n{body[0]}}} }} ;\n"
        f"INSERT DATA {{\n{body[1]}GRAPH <{INDEX_GRAPH}> {{\n{body[1]}}} }}"
    )
    return marked, shifts, fallback


def _check_query_syntax(sparql: str) -> None:
    """Raise ``SyntaxError`` if Oxigraph cannot parse the query (runs it on an empty store)."""
    ox = _ox()

    result = ox.Store().query(sparql)
    if isinstance(result, ox.QueryBoolean):
        return
    for _ in result:  # empty store: at most a row of constants
        break


# --------------------------------------------------------------------------- terms and formats


def _rdf_format(name: str) -> pyoxigraph.RdfFormat:
    ox = _ox()

    table = {
        "turtle": ox.RdfFormat.TURTLE,
        "ttl": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "nq": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "json-ld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }
    try:
        return table[name.lower()]
    except KeyError:
        raise ValueError(f"unknown RDF format {name!r}; use one of {sorted(table)}") from None


def _to_term(value: Any) -> Any:
    ox = _ox()

    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "double"))
    return ox.Literal(str(value))


_XSD = PREFIXES["xsd"]
_INT_TYPES = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
_FLOAT_TYPES = {_XSD + t for t in ("decimal", "double", "float")}


def term_to_python(term: Any) -> Any:
    """Convert an Oxigraph term: IRI → ``str``, numeric literal → number, other literal → ``str``."""
    ox = _ox()

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INT_TYPES:
                return int(term.value)
            if dt in _FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def _term_json(term: Any) -> dict[str, Any]:
    """A term in SPARQL 1.1 results JSON."""
    ox = _ox()

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(variables: list[str], rows: Iterable[Any]) -> bytes:
    """SPARQL 1.1 results JSON for ``rows`` (``QuerySolution``s or lists of terms)."""
    bindings = []
    for row in rows:
        b = {}
        for i, name in enumerate(variables):
            term = row[i]
            if term is not None:
                b[name] = _term_json(term)
        bindings.append(b)
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _table_cell(term: Any) -> str:
    ox = _ox()

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, iri in PREFIXES.items():
            if term.value.startswith(iri) and re.fullmatch(r"[\w.-]*", term.value[len(iri) :]):
                return f"{p}:{term.value[len(iri) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def format_table(variables: list[str], rows: list[list[Any]]) -> str:
    """Plain aligned text table (IRIs shortened with the bound prefixes)."""
    cells = [[_table_cell(t).replace("\n", " ") for t in row] for row in rows]
    widths = [len(v) for v in variables]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_results(result: Any, fmt: str = "table") -> str:
    """Serialise a query result (consumes it).

    SELECT: ``table``, ``csv``, ``tsv``, ``json``, ``xml`` (SPARQL 1.1 results
    formats, by Oxigraph's serialisers). ASK: the same (``table`` gives
    ``true``/``false``). CONSTRUCT/DESCRIBE: ``turtle``, ``ntriples``,
    ``jsonld``, ``xml`` (``table``/``csv``… fall back to Turtle).
    """
    ox = _ox()

    fmt = fmt.lower()
    if isinstance(result, ox.QueryTriples):
        name = fmt if fmt in GRAPH_FORMATS and fmt not in ("nquads", "trig") else "turtle"
        rdf_format = _rdf_format(name)
        kwargs = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TURTLE else {}
        return ox.serialize(result, format=rdf_format, **kwargs).decode("utf-8")
    if isinstance(result, ox.QueryBoolean):
        if fmt == "table":
            return ("true" if bool(result) else "false") + "\n"
        return result.serialize(format=_results_format(fmt)).decode("utf-8")
    if fmt == "table":
        names = [v.value for v in result.variables]
        return format_table(names, [[row[n] for n in names] for row in result])
    return result.serialize(format=_results_format(fmt)).decode("utf-8")


def _results_format(fmt: str) -> pyoxigraph.QueryResultsFormat:
    ox = _ox()

    table = {
        "json": ox.QueryResultsFormat.JSON,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "xml": ox.QueryResultsFormat.XML,
    }
    try:
        return table[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown results format {fmt!r}; use one of {RESULT_FORMATS}") from None


def rows_to_csv(variables: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """Simple CSV of Python values (for callers that already converted rows)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(variables)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


# --------------------------------------------------------------------------- files


# --------------------------------------------------------------------------- SHACL


def _flatten(data: Any) -> rdflib.Graph:
    """One rdflib ``Graph`` holding every triple of a Store, Dataset or Graph."""
    import rdflib

    if isinstance(data, Store):
        g = rdflib.Graph()
        g.parse(data=data.dump("ntriples"), format="nt")
        return g
    if isinstance(data, rdflib.Dataset):
        g = rdflib.Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    if isinstance(data, rdflib.Graph):
        return data
    raise TypeError(f"cannot validate {type(data).__name__}")


def validate(data: Any, shapes: Path | str | None = None) -> tuple[bool, str]:
    """Validate a ``Store``, rdflib ``Dataset`` or ``Graph`` with pySHACL.

    All graphs are merged first (entity labels live in the default graph, the
    rest in article graphs). Returns ``(conforms, report_text)``.
    """
    import rdflib
    from pyshacl import validate as shacl_validate

    shapes_graph = rdflib.Graph().parse(str(shapes or SHAPES_PATH), format="turtle")
    conforms, _report_graph, text = shacl_validate(
        _flatten(data), shacl_graph=shapes_graph, inference="none", advanced=True
    )
    return bool(conforms), str(text)


def split_by_graph(data: str | bytes, fmt: str = "trig") -> dict[str, str]:
    """Split a TriG/N-Quads document into ``{graph IRI: N-Triples}`` (default graph dropped).

    The result feeds ``Store.replace_articles``.
    """
    ox = _ox()

    by_graph: dict[str, list[Any]] = {}
    for q in ox.parse(data, _rdf_format(fmt)):
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    return {g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") for g, ts in by_graph.items()}


def sparql_term(value: Any) -> str:
    """A Python value as SPARQL term text: IRI for ``http(s)://``/``urn:`` strings, else a literal."""
    term = _to_term(value)
    return str(term)


def bind_values(sparql: str, params: Mapping[str, Any]) -> str:
    """Set query parameters written as ``VALUES ?name { … }`` (one variable per call).

    ``bind_values(q, {"target_name": "خليفة حفتر"})`` rewrites the line
    ``VALUES ?target_name { "Khalifa Haftar" }``. Multi-variable rows
    ``VALUES (?from ?to) { (… …) }`` are set by giving every variable.
    Raises ``KeyError`` when the query has no such VALUES clause.
    """
    for name in params:
        single = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}", re.IGNORECASE)
        if single.search(sparql):
            term = sparql_term(params[name])
            sparql = single.sub(f"VALUES ?{name} {{ {term} }}".replace("\\", "\\\\"), sparql, count=1)
            continue
        multi = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{\s*\(([^)]*)\)\s*\}", re.IGNORECASE)
        m = next(
            (m for m in multi.finditer(sparql) if f"?{name}" in m.group(1).split()),
            None,
        )
        if m is None:
            raise KeyError(f"no VALUES ?{name} in the query")
        names = m.group(1).split()
        old = _split_terms(m.group(2))
        new = [sparql_term(params[v[1:]]) if v[1:] in params else old[i] for i, v in enumerate(names)]
        row = f"VALUES ({' '.join(names)}) {{ ({' '.join(new)}) }}"
        sparql = sparql[: m.start()] + row + sparql[m.end() :]
    return sparql


def _split_terms(text: str) -> list[str]:
    """Split a VALUES row into term texts (strings with spaces stay whole)."""
    return re.findall(r'"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^\S+)?|<[^>]*>|\S+', text)


def iter_rq_files(folder: Path | str) -> Iterator[Path]:
    """The ``.rq`` files of a folder, sorted by name."""
    yield from sorted(Path(folder).glob("*.rq"))


def read_query_doc(path: Path | str) -> str:
    """The leading ``#`` comment block of a ``.rq`` file, without the ``#``."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return "\n".join(lines)
