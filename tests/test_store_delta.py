"""Adding articles finishes by per-entity deltas (kg.store._delta_finish_ops): the same store as the SPARQL recompute.

Random articles over a few entities that share names, aliases and event
nodes make labels change hands (a rival stated by more graphs, a first
preferred label after alternative names only, ties broken by text), counts
grow and events repeat across graphs. After every write the default and
index graphs must equal those of the SPARQL recompute of the marked entities
(the code path before the deltas) and those of a full recompute.
"""

from __future__ import annotations

import random
from typing import Any

import pyoxigraph as ox
import pytest

from kg.store import (
    ARTICLE_NS,
    DIRTY_ARTICLE,
    DIRTY_GRAPH,
    ENTITY_NS,
    INDEX_GRAPH,
    NKG,
    PREFIXES,
    Store,
    _delta_finish_ops,
    _finish_ops,
)

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]
SKOS, RDFS, OWL = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["owl"]
TYPES = ["Person", "Organization", "Location", "Country", "Entity", "NamedEvent"]
NAMES = {"ar": ["مصر", "القاهرة", "حفتر", "خليفة حفتر"], "en": ["Egypt", "Cairo", "Haftar"], "": ["X", "Y Z"]}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _name(rng: random.Random) -> ox.Literal:
    lang = rng.choice(["ar", "ar", "en", ""])
    text = rng.choice(NAMES[lang])
    if not lang:
        return ox.Literal(text, datatype=_n(XSD + "string")) if rng.random() < 0.5 else ox.Literal(text)
    return ox.Literal(text, language=lang)


def random_article(rng: random.Random, i: int, entities: int = 5) -> list[ox.Quad]:
    """One article graph with 1-4 of *entities* entities, as kg.rdf.article_quads shapes them (loosely)."""
    a = _n(f"{ARTICLE_NS}rand-{i}")
    q: list[tuple[Any, Any, Any]] = [
        (a, RDF_TYPE, _n(NKG + "Article")),
        (a, _n(NKG + "contentHash"), ox.Literal(f"h{i}")),
        (a, _n(PREFIXES["dcterms"] + "title"), ox.Literal(f"article {i}", language="en")),
    ]
    if rng.random() < 0.5:
        q.append((a, _n(PREFIXES["dcterms"] + "source"), ox.Literal(f"https://www.outlet{i % 3}.example/{i}")))
    chosen = rng.sample(range(entities), rng.randint(1, 4))
    for k in chosen:
        e = _n(f"{ENTITY_NS}rand-{k}")
        q.append((e, _n(NKG + "mentionedIn"), a))
        for t in rng.sample(TYPES, rng.randint(1, 2)):
            q.append((e, RDF_TYPE, _n(NKG + t)))
        if k % 2 == 0:
            q.append((e, _n(NKG + "qid"), ox.Literal(f"Q{k}")))
            q.append((e, _n(OWL + "sameAs"), _n(f"http://www.wikidata.org/entity/Q{k}")))
        r = rng.random()
        if r < 0.7:
            q.append((e, _n(NKG + "mentionCount"), ox.Literal(str(rng.randint(1, 4)), datatype=_n(XSD + "integer"))))
        elif r < 0.8:  # two counts in one graph: summed
            for c in ("1", "2"):
                q.append((e, _n(NKG + "mentionCount"), ox.Literal(c, datatype=_n(XSD + "integer"))))
        for _ in range(rng.randint(0, 2)):
            q.append((e, _n(SKOS + "prefLabel"), _name(rng)))
        if rng.random() < 0.1:
            q.append((e, _n(RDFS + "label"), _name(rng)))
        for _ in range(rng.randint(0, 2)):
            q.append((e, _n(SKOS + "altLabel"), _name(rng)))
        for _ in range(rng.randint(0, 2)):
            # alias nodes: sometimes shared by several articles, as when their IRI hashes entity and name
            al = _n(f"https://w3id.org/newskg/alias/{k}-{rng.randrange(3)}")
            q.append((e, _n(NKG + "alias"), al))
            q.append((al, _n(NKG + "name"), _name(rng)))
    for j in range(rng.randint(0, 2)):
        # event nodes: sometimes the same IRI in several articles (counted once per entity)
        ev = _n(f"https://w3id.org/newskg/event/{rng.randrange(4) if rng.random() < 0.5 else f'{i}-{j}'}")
        parties = rng.sample(chosen, min(len(chosen), 2))
        if rng.random() < 0.9:
            q.append((ev, _n(NKG + "predicate"), _n(NKG + "met")))
        for k in parties:
            q.append((ev, _n(NKG + "participant"), _n(f"{ENTITY_NS}rand-{k}")))
    return [ox.Quad(s, p, o, a) for s, p, o in q]


def computed(st: Store) -> tuple[set, set]:
    return st.graph_quads(None), st.graph_quads(INDEX_GRAPH)


def add_with_sparql(st: Store, articles: dict[str, list[ox.Quad]]) -> None:
    """The code path before the deltas: the SPARQL recompute of every marked entity."""
    st.add_articles(articles, finish=False)
    st._update(_finish_ops([]))


@pytest.mark.parametrize("seed", range(6))
def test_delta_finish_equals_sparql_recompute(seed: int) -> None:
    rng = random.Random(seed)
    fast, slow = Store.in_memory(), Store.in_memory()
    i = 0
    for _step in range(14):
        batch = {}
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            quads = random_article(rng, i)
            batch[quads[0].graph_name.value] = quads
            i += 1
        fast.add_articles(batch, finish=False)
        update = _delta_finish_ops(fast.raw)
        assert update is not None, "new articles only: the delta path applies"
        fast._update(update)
        add_with_sparql(slow, batch)
        assert not fast.has_pending()
        assert computed(fast) == computed(slow)
    assert {str(q) for q in fast.raw} == {str(q) for q in slow.raw}
    fast.recompute_entities()
    assert computed(fast) == computed(slow)


def test_label_changes_hands() -> None:
    """A rival name stated by more graphs takes the label; the old label becomes an altLabel."""
    e = _n(ENTITY_NS + "x")
    pref = _n(SKOS + "prefLabel")

    def article(i: int, names: list[str], alt: bool = False) -> dict[str, list[ox.Quad]]:
        a = _n(f"{ARTICLE_NS}lab-{i}")
        q = [ox.Quad(e, _n(NKG + "mentionedIn"), a, a)]
        pred = _n(SKOS + "altLabel") if alt else pref
        q += [ox.Quad(e, pred, ox.Literal(n, language="en"), a) for n in names]
        return {a.value: q}

    fast, slow = Store.in_memory(), Store.in_memory()
    label = _n(RDFS + "label")
    steps = [
        (["Beta"], True),  # an alternative name only: the label
        (["Beta"], True),
        (["Gamma"], False),  # a first preferred label beats any alternative name
        (["Alpha"], False),  # a tie with Gamma: the smaller text wins
        (["Gamma"], False),  # Gamma is stated more often again
        (["Alpha", "Gamma"], False),
        (["Alpha"], False),  # a tie again: Alpha
    ]
    expected = ["Beta", "Beta", "Gamma", "Alpha", "Gamma", "Gamma", "Alpha"]
    for i, ((names, alt), want) in enumerate(zip(steps, expected, strict=True)):
        fast.add_articles(article(i, names, alt))
        add_with_sparql(slow, article(i, names, alt))
        assert computed(fast) == computed(slow)
        got = [q.object.value for q in fast.raw.quads_for_pattern(e, label, None, ox.DefaultGraph())]
        assert got == [want]


def test_other_marks_fall_back_to_the_sparql_recompute() -> None:
    rng = random.Random(7)
    st = Store.in_memory()
    st.add_articles({q[0].graph_name.value: q for q in (random_article(rng, 0), random_article(rng, 1))})
    # an entity marked without a new article mentioning it (not what add_articles leaves)
    st.raw.add(ox.Quad(_n(ENTITY_NS + "rand-0"), RDF_TYPE, _n("urn:newskg:store:Dirty"), _n(DIRTY_GRAPH)))
    assert _delta_finish_ops(st.raw) is None
    st.finish_pending()
    assert not st.has_pending()
    # a mention count that is not a plain integer: xsd:integer() of the SPARQL decides
    quads = random_article(rng, 2)
    a = quads[0].graph_name
    e = next(q.subject for q in quads if q.predicate.value == NKG + "mentionedIn")
    quads = [q for q in quads if not (q.subject == e and q.predicate.value == NKG + "mentionCount")]
    quads.append(ox.Quad(e, _n(NKG + "mentionCount"), ox.Literal("2.0", datatype=_n(XSD + "decimal")), a))
    st.add_articles({a.value: quads}, finish=False)
    assert _delta_finish_ops(st.raw) is None
    slow = Store.in_memory()
    for q in st.raw.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ARTICLE_NS):
            slow.raw.add(q)
    st.finish_pending()
    slow.recompute_entities()
    assert computed(st) == computed(slow)


def test_marks_of_several_calls_finish_together(tmp_path: Any) -> None:
    rng = random.Random(3)
    arts = [random_article(rng, i) for i in range(5)]
    with Store(tmp_path / "s") as st:
        st.add_articles({arts[0][0].graph_name.value: arts[0]})
        for quads in arts[1:4]:
            st.add_articles({quads[0].graph_name.value: quads}, finish=False)
        marked = {q.subject.value for q in st.raw.quads_for_pattern(None, RDF_TYPE, _n(DIRTY_ARTICLE), None)}
        assert len(marked) == 3
        st.add_articles({arts[4][0].graph_name.value: arts[4]})
        assert not st.has_pending()
        ref = Store.in_memory()
        add_with_sparql(ref, {q[0].graph_name.value: q for q in arts})
        assert computed(st) == computed(ref)


def test_an_article_counted_before_is_not_a_delta() -> None:
    """Marks on an article the default graph already holds (written again with current={}): the SPARQL recompute."""
    rng = random.Random(11)
    quads = random_article(rng, 0)
    iri = quads[0].graph_name.value
    st = Store.in_memory()
    st.add_articles({iri: quads})
    before = computed(st)
    st.add_articles({iri: quads}, current={}, finish=False)
    assert st.has_pending() and _delta_finish_ops(st.raw) is None
    st.finish_pending()
    assert computed(st) == before


def _recount(rng: random.Random, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The same article with other mention counts (as a corrected version that names people more often)."""
    out = [q for q in quads if q.predicate.value != NKG + "mentionCount"]
    a = quads[0].graph_name
    for e in {q.subject for q in quads if q.predicate.value == NKG + "mentionedIn"}:
        if rng.random() < 0.8:
            n = str(rng.randint(1, 6))
            out.append(ox.Quad(e, _n(NKG + "mentionCount"), ox.Literal(n, datatype=_n(XSD + "integer")), a))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_replacing_equals_a_full_recompute(seed: int) -> None:
    """Store.replace_articles: entities the new version states the same of (mention counts aside)
    get their counts shifted, the others the SPARQL recompute; either way the default and index
    graphs are those of a full recompute of the article graphs."""
    rng = random.Random(seed)
    st = Store.in_memory()
    arts = {}
    for i in range(10):
        quads = random_article(rng, i)
        arts[quads[0].graph_name.value] = quads
    st.add_articles(dict(arts))
    shifted = 0
    for step in range(12):
        iri = rng.choice(sorted(arts))
        kind = rng.choice(["recount", "recount", "other", "same"])
        if kind == "recount":
            new = _recount(rng, arts[iri])
        elif kind == "other":  # another article's content under this IRI
            other = random_article(rng, 100 + step)
            g, a = other[0].graph_name, _n(iri)
            new = [
                ox.Quad(a if q.subject == g else q.subject, q.predicate, a if q.object == g else q.object, a)
                for q in other
            ]
        else:
            new = list(arts[iri])
        arts[iri] = new
        if rng.random() < 0.4:  # a new article of the same build, not finished yet: its entities are marked
            added = random_article(rng, 200 + step)
            arts[added[0].graph_name.value] = added
            st.add_articles({added[0].graph_name.value: added}, finish=False)
        body = ox.serialize([q.triple for q in new], format=ox.RdfFormat.N_TRIPLES).decode()
        with_shift: list[bool] = []
        real = st._update

        def update(text: str, real: Any = real, with_shift: list[bool] = with_shift) -> None:
            with_shift.append("DELETE DATA" in text)
            real(text)

        st._update = update  # type: ignore[method-assign]
        report = st.replace_articles({iri: body}, force=True)
        st._update = real  # type: ignore[method-assign]
        assert report.replaced == [iri]
        shifted += any(with_shift)
        ref = Store.in_memory()
        for quads in arts.values():
            ref.raw.extend(quads)
        ref.recompute_entities()
        assert computed(st) == computed(ref), (step, kind)
        assert not st.has_pending()
    assert shifted, "no replacement took the delta path: the test shows nothing"
