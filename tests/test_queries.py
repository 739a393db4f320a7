"""Every analyst query in queries/ runs on the fixture and returns the expected rows."""

from __future__ import annotations

import re
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
    # most recent first (a page of 100)
    rows = run(store, "who-met-whom.rq", ["a_en", "b_en", "b_ar", "date", "article"])
    assert rows == [
        ("Khalifa Haftar", "Egypt", "مصر", "2023-09-08", ART + "a3"),
        ("Sergei Lavrov", "Khalifa Haftar", "خليفة حفتر", "2023-08-22", ART + "a1"),
    ]


def _store_of(graphs: dict[str, str]) -> Store:
    """An in-memory store of article graphs given as Turtle bodies."""
    st = Store.in_memory()
    st.replace_articles(split_by_graph("".join(f"<{g}> {{\n{body}\n}}\n" for g, body in graphs.items())))
    return st


def with_page(name: str, limit: int, offset: int = 0, threshold: bool = False) -> str:
    """queries/NAME with its page changed as its header says (LIMIT line, and OFFSET - 1 threshold line)."""
    text = (QUERIES / name).read_text(encoding="utf-8")
    page = f"OFFSET {offset} LIMIT {limit}" if offset else f"LIMIT {limit}"
    pages = re.findall(r"(?m)^ *LIMIT (\d+)", text)
    assert len(pages) == 1, name  # one page line
    text = re.sub(r"(?m)^( *)LIMIT \d+", lambda m: m.group(1) + page, text)
    if threshold:
        assert len(re.findall(r"OFFSET \d+ LIMIT 1 \}", text)) == 1, name
        text = re.sub(r"OFFSET \d+ LIMIT 1 \}", f"OFFSET {offset + limit - 1} LIMIT 1 }}", text)
    return text


# meetings with dates on several days, undated ones, a negated and a planned one
_MEETINGS = {
    ("m1", "2023-09-08"),
    ("m2", "2023-09-08"),
    ("m3", "2023-09-10"),
    ("m4", "2023-09"),
    ("m5", None),
    ("m6", "2023-08-30"),
    ("m7", None),
}


def _meeting_store() -> Store:
    nkg = "https://w3id.org/newskg/ontology#"
    graphs = {}
    for i, (name, date) in enumerate(sorted(_MEETINGS)):
        art, ev = ART + "w" + name, "https://w3id.org/newskg/event/" + name
        lines = [
            f'<{art}> a <{nkg}Article> ; <{nkg}contentHash> "h{name}" .',
            f"<{E}p{i}> <{nkg}mentionedIn> <{art}> ; a <{nkg}Person> .",
            f"<{E}q{i}> <{nkg}mentionedIn> <{art}> ; a <{nkg}Person> .",
        ]
        for j, modality in enumerate(("Asserted", "Negated", "Planned")):
            e = ev if j == 0 else f"{ev}-{modality}"
            lines.append(
                f"<{e}> a <{nkg}Event> ; <{nkg}predicate> <{nkg}met> ; <{nkg}subject> <{E}p{i}> ; "
                f"<{nkg}object> <{E}q{i}> ; <{nkg}participant> <{E}p{i}> , <{E}q{i}> ; "
                f'<{nkg}modality> <{nkg}{modality}> ; <{nkg}article> <{art}> ; <{nkg}evidence> "met"@en .'
            )
            if date:
                kind = {10: "date", 7: "gYearMonth"}[len(date)]
                lines.append(f'<{e}> <{nkg}date> "{date}"^^<http://www.w3.org/2001/XMLSchema#{kind}> .')
        graphs[art] = "\n".join(lines)
    return _store_of(graphs)


def test_who_met_whom_pages() -> None:
    st = _meeting_store()
    every = [(r["event"].rsplit("/", 1)[-1], r["date"]) for r in st.select(with_page("who-met-whom.rq", 100))]
    # asserted only; most recent first, undated last, then event IRI
    assert every == [
        ("m3", "2023-09-10"),
        ("m1", "2023-09-08"),
        ("m2", "2023-09-08"),
        ("m4", "2023-09"),
        ("m6", "2023-08-30"),
        ("m5", None),
        ("m7", None),
    ]
    first = [r["event"] for r in st.select(with_page("who-met-whom.rq", 3))]
    second = [r["event"] for r in st.select(with_page("who-met-whom.rq", 3, offset=3))]
    assert len(first) == 3 and len(second) == 3 and not set(first) & set(second)
    assert [e.rsplit("/", 1)[-1] for e in first] == ["m3", "m1", "m2"]
    # the two undated meetings tie across the page boundary: one on each page (documented)
    assert [e.rsplit("/", 1)[-1] for e in second][:2] == ["m4", "m6"]
    third = [r["event"] for r in st.select(with_page("who-met-whom.rq", 3, offset=6))]
    assert sorted(e.rsplit("/", 1)[-1] for e in first + second + third) == [f"m{i}" for i in range(1, 8)]


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


def _claims_store() -> Store:
    """Sources s0..s4 making 5, 4, 3, 3, 1 attributed claims (s2 and s3 tie)."""
    nkg = "https://w3id.org/newskg/ontology#"
    counts = {"s0": 5, "s1": 4, "s2": 3, "s3": 3, "s4": 1}
    graphs = {}
    for src, n in counts.items():
        for k in range(n):
            art, ev = f"{ART}c-{src}-{k}", f"https://w3id.org/newskg/event/c-{src}-{k}"
            graphs[art] = (
                f'<{art}> a <{nkg}Article> ; <{nkg}contentHash> "h-{src}-{k}" .\n'
                f"<{E}{src}> <{nkg}mentionedIn> <{art}> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "
                f'"Source {src}"@en .\n'
                f"<{E}x{k}> <{nkg}mentionedIn> <{art}> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "
                f'"X{k}"@en .\n'
                f"<{ev}> a <{nkg}Event> ; <{nkg}predicate> <{nkg}supports> ; <{nkg}subject> <{E}x{k}> ; "
                f"<{nkg}attributedTo> <{E}{src}> ; <{nkg}modality> <{nkg}Asserted> ; <{nkg}article> <{art}> ; "
                f'<{nkg}evidence> "e"@en .\n'
            )
    return _store_of(graphs)


def test_claims_by_source_page() -> None:
    st = _claims_store()
    rows = [
        (r["source_en"], r["events"], len(r["claims"].split(" | ")))
        for r in st.select(with_page("claims-by-source.rq", 20, threshold=True))
    ]
    assert rows == [
        ("Source s0", 5, 5),
        ("Source s1", 4, 4),
        ("Source s2", 3, 3),
        ("Source s3", 3, 3),
        ("Source s4", 1, 1),
    ]
    # the top 3: ties on the count are broken by label, not cut at random
    top = st.select(with_page("claims-by-source.rq", 3, threshold=True))
    assert [(r["source_en"], r["events"]) for r in top] == [("Source s0", 5), ("Source s1", 4), ("Source s2", 3)]
    assert set(top[0]["claims"].split(" | ")) == {f"X{k} supports" for k in range(5)}
    nxt = st.select(with_page("claims-by-source.rq", 3, offset=3, threshold=True))
    assert [r["source_en"] for r in nxt] == ["Source s3", "Source s4"]


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
    # a shorter list is the head of the longer one (the threshold line moves with the LIMIT)
    for n in (1, 3, 5):
        top = [(r["entity"], r["events"]) for r in store.select(with_page("most-active-actors.rq", n, threshold=True))]
        assert top == [(r[0], r[1]) for r in rows[:n]]


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


def test_events_in_date_range_pages() -> None:
    st = _meeting_store()
    every = [(r["date"], r["event"]) for r in st.select(with_page("events-in-date-range.rq", 100))]
    # four meetings in September 2023, each reported as asserted, negated and planned
    dates = [d for d, _ in every]  # "2023-09" counts from the 1st: it sorts first as a string too
    assert len(every) == 12 and dates == sorted(dates) and dates[0] == "2023-09"
    pages = [st.select(with_page("events-in-date-range.rq", 5, offset=o)) for o in (0, 5, 10)]
    assert [len(p) for p in pages] == [5, 5, 2]
    got = [(r["date"], r["event"]) for p in pages for r in p]
    assert sorted(got) == sorted(every), "the pages cover the range once"
    days = [[r["date"] for r in p] for p in pages]
    assert max(days[0]) <= min(days[1]) and max(days[1]) <= min(days[2]), "pages follow the date order"


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


def test_how_many_meetings_dates_ignore_undated_meetings() -> None:
    """First and last date are those of the dated meetings, even when another meeting is undated."""
    from kg.events import rebuild_events

    nkg = "https://w3id.org/newskg/ontology#"
    graphs = {}
    for name, date in (("d1", "2023-01-05"), ("d2", "2023-06-20"), ("u", None)):
        art, ev = ART + "hm" + name, "https://w3id.org/newskg/event/hm" + name
        lines = [
            f'<{art}> a <{nkg}Article> ; <{nkg}contentHash> "h{name}" .',
            f'<{E}hma> <{nkg}mentionedIn> <{art}> ; a <{nkg}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "Ann Actor"@en .',
            f'<{E}hmb> <{nkg}mentionedIn> <{art}> ; a <{nkg}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> "Bob Other"@en .',
            f"<{ev}> a <{nkg}Event> ; <{nkg}predicate> <{nkg}met> ; <{nkg}subject> <{E}hma> ; "
            f"<{nkg}object> <{E}hmb> ; <{nkg}participant> <{E}hma> , <{E}hmb> ; "
            f'<{nkg}modality> <{nkg}Asserted> ; <{nkg}article> <{art}> ; <{nkg}evidence> "met"@en .',
        ]
        if date:
            lines.append(f'<{ev}> <{nkg}date> "{date}"^^<http://www.w3.org/2001/XMLSchema#date> .')
        graphs[art] = "\n".join(lines)
    st = _store_of(graphs)
    rebuild_events(st)
    rows = run(
        st, "how-many-meetings.rq", ["other_en", "meetings", "articles", "first", "last"], actor_name="Ann Actor"
    )
    # two dated meetings months apart and an undated one: three meetings
    assert rows == [("Bob Other", 3, 3, "2023-01-05", "2023-06-20")]
