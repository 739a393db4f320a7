"""Entity summaries of new articles, computed in Python from their quads (the bulk path of a build).

The default graph and the index graph hold, per entity, what all the article
graphs that mention it say: types, Wikidata ids, labels chosen by how many
articles use them, mention, article and event counts, name keys. The store's
SPARQL recompute (``kg.store._RECOMPUTE_OPS``) derives them with joins; a bulk
load of thousands of new articles gets them from here instead, in two steps:

* :func:`article_facts` reduces one article graph to a few compact, picklable
  facts per entity (a build's worker processes do this next to the N-Quads);
* :class:`SummaryBuilder` adds them up and gives the triples of any set of
  entities (:meth:`SummaryBuilder.quads`).

Memory is proportional to the number of entities and names, not to the
number of quads (a 20,736-article build held 4.8 million quads as pyoxigraph
objects before). A test holds the result equal to the SPARQL recompute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["ArticleFacts", "SummaryBuilder", "article_facts", "article_record"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NKG = "https://w3id.org/newskg/ontology#"
_IDX = "https://w3id.org/newskg/index#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_TYPE = _RDF + "type"
_MENTIONED_IN = _NKG + "mentionedIn"
_MENTION_COUNT = _NKG + "mentionCount"
_DEFAULT_PREDICATES = (_TYPE, _NKG + "qid", _OWL + "sameAs")  # copied as they are into the default graph
_NAME_PRIORITY = {_SKOS + "prefLabel": 0, _RDFS + "label": 0, _SKOS + "altLabel": 1}
_INDEX_TYPES = frozenset(_NKG + t for t in ("Person", "Organization", "Location", "NamedEvent"))

# A term as plain data: ("I", iri) | ("B", blank node id) | ("L", text, language, datatype)
Term = tuple[str, ...]
# One entity in one article: (entity IRI, ((predicate, object term), ...), mentions, names, events)
# names: ((literal term, priority), ...); events: how many events of the article it takes part in
EntityFacts = tuple[str, tuple[tuple[str, Term], ...], int, tuple[tuple[Term, int], ...], int]
ArticleFacts = tuple[EntityFacts, ...]


_DCT = "http://purl.org/dc/terms/"
_INDEX_GRAPH = "https://w3id.org/newskg/graph/index"
# the SPARQL of kg.store._ARTICLE_RECORD_OPS: REGEX(?url, "^https?://") and
# REPLACE(?url, "^https?://(www[.])?([^/:?#]+).*$", "$2"), whose "." stops at line breaks
_HTTP = re.compile(r"https?://")
_HOST = re.compile(r"https?://(www[.])?([^/:?#]+)[^\n\r]*")


def article_record(quads: Iterable[Any]) -> bytes | None:
    """N-Quads of what the store writes for ONE new article graph (all *quads* in it) besides its graph.

    The store's SPARQL (``kg.store._ARTICLE_RECORD_OPS``) gives every article graph
    ``?a a nkg:Article`` a record: its own triples but ``nkg:text`` in the default
    graph, and its outlets (publisher, else the host of its URL, else its IRI) as
    ``idx:outlet`` in the index graph. A bulk load writes these instead (a test holds
    both equal); b"" when the graph does not type itself ``nkg:Article``; ``None`` when
    the record would hold a blank node (a loader gives it another label than the graph's
    copy, so the store's SPARQL must write that record).

    >>> import pyoxigraph as ox
    >>> g = ox.NamedNode("https://w3id.org/newskg/article/a")
    >>> q = [ox.Quad(g, ox.NamedNode(_TYPE), ox.NamedNode(_NKG + "Article"), g),
    ...      ox.Quad(g, ox.NamedNode(_DCT + "source"), ox.Literal("https://www.example.org/x"), g)]
    >>> print(article_record(q).decode().strip())  # doctest: +NORMALIZE_WHITESPACE
    <https://w3id.org/newskg/article/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/newskg/ontology#Article> .
    <https://w3id.org/newskg/article/a> <http://purl.org/dc/terms/source> "https://www.example.org/x" .
    <https://w3id.org/newskg/article/a> <https://w3id.org/newskg/index#outlet> "example.org" <https://w3id.org/newskg/graph/index> .
    """
    import pyoxigraph as ox

    quads = list(quads)
    if not quads or not isinstance(quads[0].graph_name, ox.NamedNode):
        return b""
    graph = quads[0].graph_name
    own = [q for q in quads if q.subject == graph]
    if not any(q.predicate.value == _TYPE and q.object == ox.NamedNode(_NKG + "Article") for q in own):
        return b""
    default = ox.DefaultGraph()
    out = [ox.Quad(q.subject, q.predicate, q.object, default) for q in own if q.predicate.value != _NKG + "text"]
    if any(isinstance(q.object, ox.BlankNode) for q in out):
        return None

    publishers = [q.object.value for q in own if q.predicate.value == _DCT + "publisher"] or [None]
    urls = [q.object.value for q in own if q.predicate.value == _DCT + "source"] or [None]
    outlets: dict[str, None] = {}
    for publisher in publishers:
        for url in urls:
            if publisher is not None:
                outlet = publisher
            elif url is not None and _HTTP.match(url):
                m = _HOST.fullmatch(url)
                outlet = m.group(2) if m else url
            else:
                outlet = graph.value
            outlets[outlet] = None
    index = ox.NamedNode(_INDEX_GRAPH)
    out += [ox.Quad(graph, ox.NamedNode(_IDX + "outlet"), ox.Literal(o), index) for o in outlets]
    data = ox.serialize(out, format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return data


def _term(t: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return ("I", t.value)
    if isinstance(t, ox.Literal):
        return ("L", t.value, t.language or "", t.datatype.value)
    return ("B", t.value)


def _ox_term(t: Term) -> Any:
    import pyoxigraph as ox

    if t[0] == "I":
        return ox.NamedNode(t[1])
    if t[0] == "B":
        return ox.BlankNode(t[1])
    if t[2]:
        return ox.Literal(t[1], language=t[2])
    return ox.Literal(t[1], datatype=ox.NamedNode(t[3]))


def article_facts(quads: Iterable[Any]) -> ArticleFacts:
    """What the entity summary needs from ONE article graph (all *quads* in the same named graph).

    Only entities the graph says are ``nkg:mentionedIn`` it count, and only
    the graph's quads about them, as in the SPARQL recompute.

    >>> import pyoxigraph as ox
    >>> g, e = ox.NamedNode("https://w3id.org/newskg/article/a"), ox.NamedNode("https://w3id.org/newskg/entity/x")
    >>> q = [ox.Quad(e, ox.NamedNode(_MENTIONED_IN), g, g),
    ...      ox.Quad(e, ox.NamedNode(_MENTION_COUNT), ox.Literal("2", datatype=ox.NamedNode(_XSD_INTEGER)), g)]
    >>> article_facts(q)
    (('https://w3id.org/newskg/entity/x', (), 2, (), 0),)
    """
    import pyoxigraph as ox

    quads = list(quads)
    if not quads:
        return ()
    graph = quads[0].graph_name
    entities = {
        q.subject.value
        for q in quads
        if q.predicate.value == _MENTIONED_IN and isinstance(q.subject, ox.NamedNode) and q.object == graph
    }
    terms: dict[str, dict[tuple[str, Term], None]] = {e: {} for e in entities}
    counts: dict[str, list[int]] = {e: [] for e in entities}
    names: dict[str, dict[tuple[Term, int], None]] = {e: {} for e in entities}
    alias_of: dict[str, list[str]] = {}  # alias node -> entities
    alias_names: dict[str, list[Term]] = {}  # alias node -> names
    event_nodes: set[str] = set()  # subjects with nkg:predicate: events
    participants: list[tuple[str, str]] = []  # (event, entity)
    for q in quads:
        p = q.predicate.value
        s = q.subject
        if p == _NKG + "name":
            if isinstance(q.object, ox.Literal):
                alias_names.setdefault(str(s), []).append(_term(q.object))
            continue
        if p == _NKG + "predicate":
            event_nodes.add(str(s))
            continue
        if p == _NKG + "participant":
            if isinstance(q.object, ox.NamedNode) and q.object.value in entities:
                participants.append((str(s), q.object.value))
            continue
        if not isinstance(s, ox.NamedNode) or s.value not in entities:
            continue
        e = s.value
        if p in _DEFAULT_PREDICATES:
            terms[e][(p, _term(q.object))] = None
        elif p == _MENTION_COUNT:
            try:
                counts[e].append(int(q.object.value))
            except ValueError:
                counts[e].append(1)
        elif p in _NAME_PRIORITY:
            if isinstance(q.object, ox.Literal):
                names[e][(_term(q.object), _NAME_PRIORITY[p])] = None
        elif p == _NKG + "alias":
            alias_of.setdefault(str(q.object), []).append(e)
    for node, ents in alias_of.items():
        for name in alias_names.get(node, ()):
            for e in ents:
                names[e][(name, 1)] = None
    events: dict[str, set[str]] = {}
    for ev, e in participants:
        if ev in event_nodes:
            events.setdefault(e, set()).add(ev)
    return tuple(
        (
            e,
            tuple(terms[e]),
            sum(counts[e]) if counts[e] else 1,
            tuple(names[e]),
            len(events.get(e, ())),
        )
        for e in sorted(entities)
    )


class _Entity:
    __slots__ = ("articles", "events", "mentions", "names", "terms")

    def __init__(self) -> None:
        self.articles = self.mentions = self.events = 0
        self.terms: dict[tuple[str, Term], None] = {}
        self.names: dict[tuple[Term, int], int] = {}  # (name, priority) -> articles stating it


class SummaryBuilder:
    """Adds up :func:`article_facts` of many articles; :meth:`quads` gives the summary of some entities.

    Each article must be added once (the counts are per article graph).
    """

    def __init__(self) -> None:
        self._entities: dict[str, _Entity] = {}

    def __len__(self) -> int:
        return len(self._entities)

    def add(self, facts: ArticleFacts) -> None:
        for e, terms, mentions, names, events in facts:
            s = self._entities.get(e)
            if s is None:
                s = self._entities[e] = _Entity()
            s.articles += 1
            s.mentions += mentions
            s.events += events
            for t in terms:
                s.terms[t] = None
            for n in names:
                s.names[n] = s.names.get(n, 0) + 1

    def add_quads(self, quads: Iterable[Any]) -> None:
        """:meth:`add` the facts of every article graph among *quads* (each graph's quads all there)."""
        import pyoxigraph as ox

        by_graph: dict[Any, list[Any]] = {}
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode):
                by_graph.setdefault(q.graph_name, []).append(q)
        for graph_quads in by_graph.values():
            self.add(article_facts(graph_quads))

    def quads(self, entities: Iterable[str]) -> Iterator[Any]:
        """The default-graph and index-graph quads of *entities* (those never added give none)."""
        from .store import python_normalize

        for e in sorted(set(entities)):
            s = self._entities.get(e)
            if s is not None:
                yield from _entity_quads(e, s, python_normalize)


def _entity_quads(e: str, s: _Entity, normalize: Any) -> Iterator[Any]:
    import pyoxigraph as ox

    node = ox.NamedNode(e)
    default_graph, index = ox.DefaultGraph(), ox.NamedNode("https://w3id.org/newskg/graph/index")
    integer = ox.NamedNode(_XSD_INTEGER)
    for p, o in s.terms:
        yield ox.Quad(node, ox.NamedNode(p), _ox_term(o), default_graph)
        if p == _TYPE and o[0] == "I" and o[1] in _INDEX_TYPES:
            yield ox.Quad(node, ox.NamedNode(p), ox.NamedNode(o[1]), index)
    total = ox.Literal(str(s.mentions), datatype=integer)
    yield ox.Quad(node, ox.NamedNode(_MENTION_COUNT), total, default_graph)
    yield ox.Quad(node, ox.NamedNode(_MENTION_COUNT), total, index)
    yield ox.Quad(node, ox.NamedNode(_IDX + "articleCount"), ox.Literal(str(s.articles), datatype=integer), index)
    if s.events:
        yield ox.Quad(node, ox.NamedNode(_IDX + "eventCount"), ox.Literal(str(s.events), datatype=integer), index)
    # the label per language: label before alternative name, then the name most articles use, then text order
    best: dict[str, tuple[int, int, str]] = {}
    for (name, prio), n in s.names.items():
        key = (prio, -n, name[1])
        if name[2] not in best or key < best[name[2]]:
            best[name[2]] = key
    labels = {("L", text, lang, _RDF + "langString" if lang else _XSD_STRING) for lang, (_, _, text) in best.items()}
    texts = set()
    for lang, (_, _, text) in best.items():
        label = ox.Literal(text, language=lang) if lang else ox.Literal(text)
        yield ox.Quad(node, ox.NamedNode(_RDFS + "label"), label, default_graph)
        texts.add(text)
    for name in {n for n, _ in s.names} - labels:
        yield ox.Quad(node, ox.NamedNode(_SKOS + "altLabel"), _ox_term(name), default_graph)
        texts.add(name[1])
    keys = set()
    for text in texts:
        k = normalize(text)
        keys.add(k)
        yield ox.Quad(node, ox.NamedNode(_IDX + "nameKey"), ox.Literal(f"{k}\t{text}"), index)
    tokens = {word for k in keys for word in k.split(" ")[:8] if word}
    for word in sorted(tokens):
        yield ox.Quad(node, ox.NamedNode(_IDX + "nameToken"), ox.Literal(word), index)
