"""Model values -> RDF: one named graph per article, a default graph of merged entities.

IRIs are stable: an entity's IRI comes from its id (a Wikidata QID or a
name slug), an event's from its article, predicate, participants and
offsets, a claim's from its content. Building the same input twice gives
the same triples. See ``docs/architecture.md`` for the layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import OWL, RDF, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from .model import Claim, Relation
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

_CLASS = {"Person": NKG.Person, "Organization": NKG.Organization, "Location": NKG.Location, "Event": NKG.NamedEvent}
_SUBCLASS = {"Country": NKG.Country, "City": NKG.City, "Region": NKG.City}
_MODALITY = {
    "asserted": NKG.Asserted,
    "negated": NKG.Negated,
    "planned": NKG.Planned,
    "hypothetical": NKG.Hypothetical,
}


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
    # Provenance of web pages (kg/web.py puts these in Document.meta; fetched_at only when asked).
    meta = dict(doc.meta)
    if meta.get("author"):
        g.add((art, DCTERMS.creator, Literal(meta["author"])))
    if meta.get("site"):
        g.add((art, DCTERMS.publisher, Literal(meta["site"])))
    for key, prop in (("canonical_url", PROV.hadPrimarySource), ("fetched_url", PROV.wasDerivedFrom)):
        value = meta.get(key, "")
        if value.startswith(("http://", "https://")) and not re.search(r'[\s<>"{}|\\^`]', value):
            g.add((art, prop, URIRef(value)))
    if meta.get("fetched_at"):
        g.add((art, PROV.generatedAtTime, Literal(meta["fetched_at"], datatype=XSD.dateTime)))
    return art


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
    g.add((node, NKG.claimPredicate, NKG[claim.predicate]))
    if claim.subject:
        g.add((node, NKG.subject, entity_iri(claim.subject)))
        g.add((node, NKG.participant, entity_iri(claim.subject)))
    if claim.object:
        g.add((node, NKG.object, entity_iri(claim.object)))
        g.add((node, NKG.participant, entity_iri(claim.object)))
    return node


def _add_relation(g: Graph, rel: Relation, art: URIRef, lang: str) -> None:
    ev = event_iri(rel)
    pred = NKG[rel.predicate]
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

_OX_CACHE: dict[str, object] = {}


def _ox_nodes() -> dict[str, object]:
    if not _OX_CACHE:
        import pyoxigraph as ox

        _OX_CACHE["ox"] = ox
        _OX_CACHE["xsd_integer"] = ox.NamedNode(str(XSD.integer))
        _OX_CACHE["xsd_date"] = ox.NamedNode(str(XSD.date))
        _OX_CACHE["xsd_gYearMonth"] = ox.NamedNode(str(XSD.gYearMonth))
        _OX_CACHE["xsd_gYear"] = ox.NamedNode(str(XSD.gYear))
    return _OX_CACHE


def article_quads(r: ArticleResult, *, include_text: bool = False) -> list:  # list[pyoxigraph.Quad]
    """The triples of :func:`article_graph` as pyoxigraph ``Quad``s in the article's graph (no duplicates)."""
    c = _ox_nodes()
    ox = c["ox"]
    NN = ox.NamedNode  # type: ignore[attr-defined]
    Lit = ox.Literal  # type: ignore[attr-defined]
    nodes: dict[str, object] = {}

    def n(iri: str) -> object:
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = NN(iri)
        return node

    xsd_int = c["xsd_integer"]

    def lit(text: str, lang: str | None = None) -> object:
        return Lit(text, language=lang) if lang else Lit(text)

    def ilit(value: int) -> object:
        return Lit(str(int(value)), datatype=xsd_int)

    def date_lit(value: str) -> object:
        if len(value) == 10:
            return Lit(value, datatype=c["xsd_date"])
        if len(value) == 7:
            return Lit(value, datatype=c["xsd_gYearMonth"])
        return Lit(value[:4], datatype=c["xsd_gYear"])

    def auto_lit(text: str) -> object:
        return Lit(text, language="ar" if is_arabic(text) else "en")

    doc = r.doc
    art_s = str(article_iri(doc.id))
    art = n(art_s)
    g = art
    triples: dict[tuple[object, object, object], None] = {}

    def add(s: object, p: str, o: object) -> None:
        triples[(s, n(p), o)] = None

    rdf_type = str(RDF.type)
    add(art, rdf_type, n(str(NKG.Article)))
    add(art, rdf_type, n(str(PROV.Entity)))
    if doc.title:
        add(art, str(DCTERMS.title), lit(doc.title, doc.lang or ("ar" if is_arabic(doc.title) else "en")))
    if doc.published:
        add(art, str(DCTERMS.date), Lit(doc.published, datatype=c["xsd_date"]))
    add(art, str(NKG.language), lit(doc.lang))
    add(art, str(NKG.contentHash), lit(short_hash(doc.text, n=64)))
    if doc.url:
        add(art, str(DCTERMS.source), lit(doc.url))
    if doc.source:
        add(art, str(PROV.hadPrimarySource), lit(doc.source))
    if include_text:
        add(art, str(NKG.text), lit(doc.text, doc.lang))
    counts = dict(r.mention_counts)
    p_pref, p_ment, p_mc = str(SKOS.prefLabel), str(NKG.mentionedIn), str(NKG.mentionCount)
    for e in r.entities:
        node = n(str(entity_iri(e.id)))
        add(node, rdf_type, n(str(NKG.Entity)))
        add(node, rdf_type, n(str(_CLASS.get(e.type, NKG.Entity))))
        if e.subtype in _SUBCLASS:
            add(node, rdf_type, n(str(_SUBCLASS[e.subtype])))
        for lg, text in e.labels or ((e.lang, e.label),):
            add(node, p_pref, lit(text, lg))
        add(node, p_ment, art)
        add(node, p_mc, ilit(counts.get(e.id, 0)))
        if e.qid:
            add(node, str(NKG.qid), lit(e.qid))
            add(node, str(OWL.sameAs), n(str(WD[e.qid])))
    seen_alias: set[tuple[str, str]] = set()
    for a in r.aliases:
        if (a.entity, a.name) in seen_alias:
            continue
        seen_alias.add((a.entity, a.name))
        node = n(str(entity_iri(a.entity)))
        name = auto_lit(a.name)
        add(node, str(SKOS.altLabel), name)
        al = n(str(ALIAS[short_hash(a.entity, a.name, doc.id)]))
        add(node, str(NKG.alias), al)
        add(al, rdf_type, n(str(NKG.Alias)))
        add(al, str(NKG.name), name)
        add(al, str(NKG.article), art)
        add(al, str(NKG.mergeReason), lit(a.reason))
    for rel in r.relations:
        _quads_relation(add, n, lit, ilit, date_lit, rel, art, doc.lang)
    Quad = ox.Quad  # type: ignore[attr-defined]
    return [Quad(s, p, o, g) for (s, p, o) in triples]


def _quads_relation(add, n, lit, ilit, date_lit, rel: Relation, art: object, lang: str) -> None:  # type: ignore[no-untyped-def]
    rdf_type = str(RDF.type)
    ev = n(str(event_iri(rel)))
    pred_s = str(NKG[rel.predicate])
    pred = n(pred_s)
    subj = n(str(entity_iri(rel.subject)))
    obj = n(str(entity_iri(rel.object))) if rel.object else None
    if rel.claim is not None:
        claim = rel.claim
        cnode = n(str(claim_iri(claim)))
        add(cnode, rdf_type, n(str(NKG.Claim)))
        add(cnode, str(NKG.claimPredicate), n(str(NKG[claim.predicate])))
        if claim.subject:
            cs = n(str(entity_iri(claim.subject)))
            add(cnode, str(NKG.subject), cs)
            add(cnode, str(NKG.participant), cs)
        if claim.object:
            co = n(str(entity_iri(claim.object)))
            add(cnode, str(NKG.object), co)
            add(cnode, str(NKG.participant), co)
        add(ev, str(NKG.claim), cnode)
        if rel.predicate == "denies" or obj is None:
            obj = cnode
    if obj is None:
        return
    add(ev, rdf_type, n(str(NKG.Event)))
    add(ev, str(NKG.predicate), pred)
    add(ev, str(NKG.subject), subj)
    add(ev, str(NKG.object), obj)
    add(ev, str(NKG.participant), subj)
    add(ev, str(NKG.participant), obj)
    add(ev, str(NKG.evidence), lit(rel.evidence, lang))
    if rel.trigger:
        add(ev, str(NKG.trigger), lit(rel.trigger, lang))
    add(ev, str(NKG.startOffset), ilit(rel.start))
    add(ev, str(NKG.endOffset), ilit(rel.end))
    add(ev, str(NKG.triggerStart), ilit(rel.trigger_start))
    add(ev, str(NKG.triggerEnd), ilit(rel.trigger_end))
    add(ev, str(NKG.article), art)
    add(ev, str(PROV.wasDerivedFrom), art)
    add(ev, str(NKG.modality), n(str(_MODALITY.get(rel.modality, NKG.Asserted))))
    if rel.date:
        add(ev, str(NKG.date), date_lit(rel.date))
    if rel.attributed_to:
        add(ev, str(NKG.attributedTo), n(str(entity_iri(rel.attributed_to))))
    if rel.modality == "asserted":
        add(subj, pred_s, obj)
