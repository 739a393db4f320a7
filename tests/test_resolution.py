"""Cross-article and cross-language entity resolution (kg/resolution.py, kg/translit.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract.resolve import Alias
from kg.model import Document, Entity
from kg.pipeline import ArticleResult
from kg.resolution import needs_resolution, resolve_across
from kg.translit import name_key, org_key, org_keys, romanize

# --------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("يونس بك يوفقورف", "Yunus-Bek Yevkurov"),
        ("يونس بك يفكوروف", "Yunus-Bek Yevkurov"),
        ("عبد الحميد الدبيبة", "Abdul Hamid Dbeibah"),
        ("عبد الفتاح البرهان", "Abdel Fattah al-Burhan"),
        ("سيرغي لافروف", "Sergey Lavrov"),
        ("يفغيني بريغوجين", "Yevgeny Prigozhin"),
        ("أحمد المسماري", "Ahmed al-Mismari"),
        ("أسامة حماد", "Osama Hammad"),
        ("سليمان كريموف", "Suleiman Karimov"),
    ],
)
def test_same_key_across_scripts(a: str, b: str) -> None:
    assert name_key(a) is not None and name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ahmed Karimov", "Suleiman Karimov"),  # same family, different given name
        ("أحمد حفتر", "صدام حفتر"),
        ("Khalid Mishri", "Ahmed Mismari"),
    ],
)
def test_different_key(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_single_name_has_no_key() -> None:
    assert name_key("Karimov") is None and name_key("كريموف") is None


def test_org_key_clitics_and_article() -> None:
    assert org_keys("وقوات درع السودان") & org_keys("قوات درع السودان")
    assert org_key("قوات درع السودان") == org_key("قوات درع سودان")
    assert not org_keys("وزارة الدفاع") & org_keys("زارة الدفاع") - {org_key("زارة الدفاع")}
    assert org_key("The Sudan Shield Forces") == org_key("Sudan Shield Forces")
    assert org_key("قوات درع السودان") != org_key("قوات الدعم السريع")


def test_romanize_is_latin_and_stable() -> None:
    out = romanize("سليمان كريموف")
    assert out and out.isascii() and romanize("سليمان كريموف") == out
    assert len(out.split()) == 2


# --------------------------------------------------------------------------- mention-set tables

E = tuple[str, str, str]  # (id, type, label)


def art(doc_id: str, lang: str, *entities: E, abbrevs: dict[str, tuple[str, ...]] | None = None) -> ArticleResult:
    """A minimal ArticleResult: one mention per entity, the label as its only name."""
    abbrevs = abbrevs or {}
    ents = []
    aliases = []
    for eid, type_, label in entities:
        names = (label, *abbrevs.get(eid, ()))
        local = eid.startswith(("person-", "org-", "place-"))
        labels = ((lang, label),)
        sub = "City" if type_ == "City" else "Country" if type_ == "Country" else None
        t = "Location" if type_ in ("City", "Country") else type_
        ents.append(Entity(eid, t, label, lang, None if local else eid, tuple(sorted(names)), labels, sub))
        aliases += [Alias(eid, n, lang, "new person (ner)" if local else "gazetteer name") for n in names]
    ents.sort(key=lambda e: e.id)
    doc = Document(id=doc_id, text=" ".join(x[2] for x in entities), lang=lang)
    return ArticleResult(
        doc, (), tuple(e.id for e in ents), tuple(ents), tuple(aliases), tuple((e.id, 1) for e in ents), ()
    )


LIBYA: E = ("Q1016", "Country", "Libya")
RUSSIA: E = ("Q159", "Country", "Russia")
SUDAN: E = ("Q1049", "Country", "Sudan")
UZBEK: E = ("Q265", "Country", "Uzbekistan")
KARIMOV_AR: E = ("person-سليمان-كريموف", "Person", "سليمان كريموف")
KARIMOV_EN: E = ("person-suleiman-karimov", "Person", "Suleiman Karimov")
AHMED_KARIMOV: E = ("person-ahmed-karimov", "Person", "Ahmed Karimov")

MUST_MERGE = [
    # Arabic and English forms of one unknown person, with a co-mentioned entity in both
    ([art("a", "ar", KARIMOV_AR, LIBYA), art("b", "en", KARIMOV_EN, LIBYA)], "person-suleiman-karimov"),
    ([art("a", "en", KARIMOV_EN, RUSSIA), art("b", "ar", KARIMOV_AR, RUSSIA)], "person-سليمان-كريموف"),
    # an Arabic spelling the gazetteer lacks joins the gazetteer person (its country named)
    ([art("a", "ar", ("person-يونس-بك-يوفقورف", "Person", "يونس بك يوفقورف"), RUSSIA)], "person-يونس-بك-يوفقورف"),
    # one organisation, with and without a clitic
    (
        [
            art("a", "ar", ("org-قوات-درع-السودان", "Organization", "قوات درع السودان")),
            art("b", "ar", ("org-وقوات-درع-السودان", "Organization", "وقوات درع السودان")),
        ],
        "org-وقوات-درع-السودان",
    ),
    # an abbreviation seen in apposition in another article
    (
        [
            art(
                "a",
                "en",
                ("org-sudan-shield-forces", "Organization", "Sudan Shield Forces"),
                abbrevs={"org-sudan-shield-forces": ("SSF",)},
            ),
            art("b", "en", ("org-ssf", "Organization", "SSF"), SUDAN),
        ],
        "org-ssf",
    ),
]


@pytest.mark.parametrize(("arts", "merged"), MUST_MERGE)
def test_must_merge(arts: list[ArticleResult], merged: str) -> None:
    out = resolve_across(arts, None)
    ids = [e.id for r in out for e in r.entities]
    assert merged not in ids, ids
    reasons = [a.reason for r in out for a in r.aliases if f"was {merged}" in a.reason]
    assert reasons, "a merge carries its reason and the former id"


def test_gazetteer_person_by_transliteration() -> None:
    out = resolve_across([art("a", "ar", ("person-يونس-بك-يوفقورف", "Person", "يونس بك يوفقورف"), RUSSIA)])
    (e,) = [e for e in out[0].entities if e.type == "Person"]
    assert e.id == "x:yunus-bek-yevkurov" and ("en", "Yunus-Bek Yevkurov") in e.labels


MUST_NOT_MERGE = [
    # different people who share a family name, even with shared context
    [art("a", "en", KARIMOV_EN, UZBEK), art("b", "en", AHMED_KARIMOV, UZBEK)],
    [art("a", "ar", KARIMOV_AR, UZBEK), art("b", "en", AHMED_KARIMOV, UZBEK)],
    # one key but no context in common
    [art("a", "ar", KARIMOV_AR, LIBYA), art("b", "en", KARIMOV_EN, UZBEK)],
    # one key, shared context, but a person and an organisation
    [
        art("a", "en", KARIMOV_EN, LIBYA),
        art("b", "en", ("org-suleiman-karimov", "Organization", "Suleiman Karimov"), LIBYA),
    ],
    # Tripoli, Libya and Tripoli, Lebanon (gazetteer ids differ) named with the same people
    [
        art("a", "en", ("gn:2210247", "City", "Tripoli"), LIBYA, KARIMOV_EN),
        art("b", "en", ("gn:266826", "City", "Tripoli"), ("Q822", "Country", "Lebanon"), KARIMOV_EN),
    ],
    # a city and a country of one name
    [art("a", "en", ("Q817", "Country", "Kuwait")), art("b", "en", ("gn:285787", "City", "Kuwait"))],
    [art("a", "en", ("place-tripoli", "City", "Tripoli")), art("b", "en", ("gn:266826", "City", "Tripoli"))],
]


@pytest.mark.parametrize("arts", MUST_NOT_MERGE)
def test_must_not_merge(arts: list[ArticleResult]) -> None:
    out = resolve_across(arts, None)
    before = [{e.id for e in r.entities} for r in arts]
    after = [{e.id for e in r.entities} for r in out]
    assert before == after


def test_romanised_label_for_arabic_only_people() -> None:
    out = resolve_across([art("a", "ar", KARIMOV_AR, LIBYA)])
    names = [a for a in out[0].aliases if a.lang == "en" and a.entity == KARIMOV_AR[0]]
    assert len(names) == 1 and names[0].name.isascii() and "romanisation" in names[0].reason
    # not when an English name is known for the node
    out = resolve_across([art("a", "en", KARIMOV_EN, LIBYA), art("b", "ar", KARIMOV_AR, LIBYA)])
    assert not [a for a in out[1].aliases if "romanisation" in a.reason]


def test_needs_resolution() -> None:
    assert needs_resolution(art("a", "ar", KARIMOV_AR))
    assert not needs_resolution(art("a", "ar", LIBYA, RUSSIA))


def test_deterministic() -> None:
    arts = [x for arts, _ in MUST_MERGE for x in arts]
    assert resolve_across(arts) == resolve_across(list(arts))


# --------------------------------------------------------------------------- through the store

ARTICLES = [
    {
        "id": "r1",
        "lang": "ar",
        "text": "التقى الفريق سليمان كريموف قائد الحرس الوطني الشيشاني المشير خليفة حفتر في بنغازي. "
        "وقال كريموف إن روسيا تدعم ليبيا.",
    },
    {
        "id": "r2",
        "lang": "en",
        "text": "Suleiman Karimov, a Chechen commander, met Khalifa Haftar in Benghazi on Monday. "
        "Karimov said Russia supports Libya.",
    },
    {
        "id": "r3",
        "lang": "en",
        "text": "Ahmed Karimov, an Uzbek businessman, met officials in Tripoli, Lebanon. Karimov said Lebanon would grow.",
    },
    {"id": "r4", "lang": "en", "text": "Khalifa Haftar visited Tripoli in Libya. Haftar met Suleiman Karimov there."},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _quads(out: Path) -> set[str]:
    from kg.store import Store

    with Store(out / "store") as store:
        # the source file path differs between the builds compared
        return {q for q in store.dump("nquads").decode().splitlines() if "prov#hadPrimarySource" not in q}


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    d = tmp_path_factory.mktemp("together")
    build([_write(d / "all.jsonl", ARTICLES)], d / "out", view=False)
    return d / "out"


def test_store_one_node_and_reasons(together: Path) -> None:
    from kg.store import Store

    with Store(together / "store") as store:
        rows = store.select(
            "SELECT DISTINCT ?e WHERE { ?e a nkg:Person ; skos:altLabel|rdfs:label ?n . "
            'FILTER(CONTAINS(STR(?n), "Karimov") || CONTAINS(STR(?n), "كريموف")) }',
            use_default_graph_as_union=False,
        )
        ids = sorted(str(r["e"]).rsplit("/", 1)[-1] for r in rows)
        assert len(ids) == 2, ids  # Suleiman (ar + en, merged) and Ahmed
        reasons = [
            str(r["r"])
            for r in store.select("SELECT DISTINCT ?r WHERE { ?a nkg:mergeReason ?r }")
            if "transliteration match" in str(r["r"])
        ]
        assert reasons


def test_one_by_one_equals_together(together: Path, tmp_path: Path) -> None:
    from kg.build import build

    out = tmp_path / "out"
    for n, row in enumerate(ARTICLES):
        build([_write(tmp_path / f"a{n}.jsonl", [row])], out, view=False)
    assert _quads(out) == _quads(together)


def test_build_twice_same_triples(together: Path, tmp_path: Path) -> None:
    from kg.build import build

    build([_write(tmp_path / "all.jsonl", ARTICLES)], tmp_path / "out", view=False)
    assert _quads(tmp_path / "out") == _quads(together)


def test_plans_from_entities_alone_rewrite_whole_articles() -> None:
    """A build plans in one process from what resolution reads (ids, entities) and rewrites the
    articles elsewhere: each plan holds only its own article's part of a merge, survives pickling,
    and rewrites the article exactly as resolving the whole articles does."""
    import pickle

    from kg.resolution import ResolutionInput, apply_plan, iter_plans

    short = ("person-haftar", "Person", "Haftar")
    full = ("person-khalifa-haftar", "Person", "Khalifa Haftar")
    arts = [
        art("a", "ar", KARIMOV_AR, LIBYA),
        art("b", "en", KARIMOV_EN, LIBYA, short),
        art("c", "en", full, RUSSIA),
        art("d", "en", ("org-sudan-shield-forces", "Organization", "Sudan Shield Forces"), SUDAN),
        art("e", "en", ("org-sudan-shield-forces", "Organization", "Sudan Shield Forces"), RUSSIA),
        # a chain: the short-name id joins a full name (f -> person-ahmed-rahimov, named in g), which
        # then joins the Arabic person of article a2 by transliteration and shared context
        art("a2", "ar", ("person-سليمان-رحيموف", "Person", "سليمان رحيموف"), LIBYA),
        art("f", "en", ("person-rahimov", "Person", "Suleiman Rahimov"), LIBYA),
        art("g", "en", ("person-ahmed-rahimov", "Person", "Ahmed Rahimov"), UZBEK),
    ]
    inputs = [ResolutionInput.of(r) for r in arts]
    assert all(x.refs == {e.id for e in r.entities} for x, r in zip(inputs, arts, strict=True))
    plans = [pickle.loads(pickle.dumps(p)) for p in iter_plans(inputs)]
    for x, plan in zip(inputs, plans, strict=True):
        refs = set(x.refs)
        for mapping, _ in plan.remaps:  # each remap names only ids the article has at that point
            assert {k for k, _ in mapping} <= refs
            refs = {dict(mapping).get(i, i) for i in refs}
    rewritten = [apply_plan(r, p) for r, p in zip(arts, plans, strict=True)]
    assert rewritten == resolve_across(arts)
    ids_b = {e.id for e in rewritten[1].entities}
    # both merges applied: the short name joins the full name, the English form the earlier Arabic one
    assert ids_b == {"Q1016", "person-khalifa-haftar", "person-سليمان-كريموف"}
    assert any("short name" in a.reason for a in rewritten[1].aliases)
    chained = rewritten[6]
    assert {e.id for e in chained.entities} == {"Q1016", "person-سليمان-رحيموف"}
    assert any("short name" in a.reason and "transliteration" in a.reason for a in chained.aliases)
    for r in rewritten:  # every id an article refers to is one of its entities
        assert ResolutionInput.of(r).refs == {e.id for e in r.entities}, r.doc.id
