"""Every analyst query in queries/ runs on the fixture and returns the expected rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.store import (
    ENTITY_NS,
    Store,
    bind_values,
    iter_rq_files,
    read_query_doc,
    split_by_graph,
)

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
E = ENTITY_NS
ART = "https://w3id.org/newskg/article/"


@pytest.fixture(scope="module")
def store() -> Store:
    """The fixture in an in-memory store."""
    st = Store.in_memory()
    st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
    return st


def run(store: Store, name: str, cols: list[str], **params: object) -> list[tuple]:
    """Run queries/NAME with parameters bound; return the chosen columns as tuples."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    if params:
        text = bind_values(text, params)
    return [tuple(row[c] for c in cols) for row in store.select(text)]


EXPECTED_FILES = {
    "who-met-whom.rq",
    "who-supports.rq",
    "denials.rq",
    "actor-timeline.rq",
    "claims-by-source.rq",
    "most-active-actors.rq",
    "events-in-date-range.rq",
    "find-entity.rq",
    "how-many-meetings.rq",  # tested in tests/test_events.py
    "reported-by.rq",  # tested in tests/test_events.py
}


def test_every_query_is_documented_and_tested() -> None:
    names = {p.name for p in iter_rq_files(QUERIES)}
    assert names == EXPECTED_FILES, "add expectations for new queries to this file"
    for path in iter_rq_files(QUERIES):
        assert path.read_text(encoding="utf-8").startswith("#"), path.name
        assert len(read_query_doc(path).split()) >= 10, path.name


def test_who_met_whom(store: Store) -> None:
    rows = run(store, "who-met-whom.rq", ["a_en", "b_en", "b_ar", "date", "article"])
    assert rows == [
        ("Sergei Lavrov", "Khalifa Haftar", "خليفة حفتر", "2023-08-22", ART + "a1"),
        ("Khalifa Haftar", "Egypt", "مصر", "2023-09-08", ART + "a3"),
    ]


def test_who_supports(store: Store) -> None:
    rows = run(store, "who-supports.rq", ["supporter_en", "direct", "via"])
    assert rows == [
        ("Egypt", "true", ""),
        ("Russia", "true", "Wagner Group"),
        ("Wagner Group", "true", ""),
    ]
    # bound with an Arabic name: Wagner is supported by Russia only
    rows = run(
        store,
        "who-supports.rq",
        ["supporter", "supporter_ar"],
        target_name="مجموعة فاغنر",
    )
    assert rows == [(E + "Q159", "روسيا")]


def test_denials(store: Store) -> None:
    cols = [
        "denier_en",
        "claim_subject_en",
        "claim_predicate",
        "claim_object_en",
        "claim_object_ar",
        "date",
        "article",
    ]
    assert run(store, "denials.rq", cols) == [
        (
            "Russia",
            "Russia",
            "supports",
            "Khalifa Haftar",
            "خليفة حفتر",
            "2023-08-31",
            ART + "a2",
        )
    ]


def test_actor_timeline(store: Store) -> None:
    rows = run(
        store,
        "actor-timeline.rq",
        ["when", "dated", "predicate", "role", "other_en", "modality"],
    )
    assert rows == [
        ("2023-08-22", "true", "supports", "object", "Russia", "Asserted"),
        ("2023-08-22", "true", "met", "object", "Sergei Lavrov", "Asserted"),
        ("2023-08-23", "false", "leads", "subject", "Libyan National Army", "Asserted"),
        ("2023-08-23", "false", "supports", "object", "Wagner Group", "Asserted"),
        ("2023-09-08", "true", "met", "subject", "Egypt", "Asserted"),
        ("2023-09-09", "true", "supports", "object", "Egypt", "Asserted"),
        ("2023-09-10", "true", "opposes", "object", "Turkey", "Asserted"),
        ("2023-09-10", "false", "visited", "subject", "Turkey", "Negated"),
        ("2023-10", "true", "visited", "subject", "Army-2023 forum", "Planned"),
    ]
    rows = run(store, "actor-timeline.rq", ["predicate", "other_en"], actor_name="روسيا")
    assert sorted(rows) == [
        ("cooperatesWith", "Egypt"),
        ("denies", None),
        ("memberOf", "Sergei Lavrov"),
        ("supports", "Khalifa Haftar"),
        ("supports", "Wagner Group"),
    ]


def test_claims_by_source(store: Store) -> None:
    rows = run(store, "claims-by-source.rq", ["source", "source_ar", "events", "claims"])
    assert rows == [(E + "Q43", "تركيا", 1, "Egypt supports Khalifa Haftar (2023-09-09)")]


def test_most_active_actors(store: Store) -> None:
    rows = run(store, "most-active-actors.rq", ["entity", "events", "articles", "mentions"])
    assert rows[:6] == [
        (E + "person-khalifa-haftar", 9, 3, 7),
        (E + "Q159", 5, 2, 5),
        (E + "org-wagner-group", 4, 3, 3),
        (E + "Q79", 3, 2, 3),
        (E + "Q43", 3, 1, 3),
        (E + "person-sergei-lavrov", 3, 1, 1),
    ]
    assert len(rows) == 10


def test_events_in_date_range(store: Store) -> None:
    rows = run(
        store,
        "events-in-date-range.rq",
        ["date", "predicate", "subject_en", "object_en"],
    )
    assert rows == [
        ("2023-09-08", "met", "Khalifa Haftar", "Egypt"),
        ("2023-09-09", "supports", "Egypt", "Khalifa Haftar"),
        ("2023-09-10", "opposes", "Turkey", "Khalifa Haftar"),
        ("2023-09-10", "accuses", "Turkey", "Wagner Group"),
    ]
    # a month-only date counts from the month's first day; a year-only one from 1 January
    rows = run(
        store,
        "events-in-date-range.rq",
        ["date", "predicate"],
        **{"from": "2023-01-01", "to": "2023-01-31"},
    )
    assert rows == [("2023", "locatedIn")]
    rows = run(
        store,
        "events-in-date-range.rq",
        ["date", "modality"],
        **{"from": "2023-10-01", "to": "2023-10-01"},
    )
    assert rows == [("2023-10", "Planned")]


def test_find_entity(store: Store) -> None:
    rows = run(store, "find-entity.rq", ["entity", "type", "entity_ar", "matches", "articles"])
    assert [(r[0], r[1], r[2], set(r[3].split(" | ")), r[4]) for r in rows] == [
        (
            E + "person-khalifa-haftar",
            "Person",
            "خليفة حفتر",
            {"Haftar", "Khalifa Haftar"},
            3,
        )
    ]
    rows = run(store, "find-entity.rq", ["entity", "matches"], text="موسكو")
    assert rows == [(E + "Q159", "موسكو")]
