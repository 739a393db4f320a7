"""Per merged event counts and outlets written with the events graph (kg/events.py), read by queries/reported-by.rq."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.events import EVENTS_GRAPH, EventReport, events_ntriples, merge_events, rebuild_events
from kg.store import INDEX_GRAPH, Store, split_by_graph

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
NKG = "https://w3id.org/newskg/ontology#"
ART = "https://w3id.org/newskg/article/"
E = "https://w3id.org/newskg/entity/"

# what reported-by.rq computed from the reports before the counts were precomputed
AGGREGATE = f"""
SELECT ?event (COUNT(DISTINCT ?report) AS ?reports) (COUNT(DISTINCT ?article) AS ?articles)
       (COUNT(DISTINCT ?outlet) AS ?outlets) (GROUP_CONCAT(DISTINCT ?outlet; SEPARATOR="\\u0001") AS ?names)
WHERE {{
  GRAPH <{EVENTS_GRAPH}> {{ ?event prov:wasDerivedFrom ?report }}
  GRAPH ?article {{ ?report nkg:article ?article }}
  GRAPH <{INDEX_GRAPH}> {{ ?article idx:outlet ?outlet }}
}} GROUP BY ?event
"""
PRECOMPUTED = f"""
SELECT ?event ?reports ?articles ?outlets (GROUP_CONCAT(?outlet; SEPARATOR="\\u0001") AS ?names) WHERE {{
  GRAPH <{EVENTS_GRAPH}> {{ ?event idx:reportCount ?reports ; idx:articleCount ?articles ; idx:outletCount ?outlets ;
                               idx:outlet ?outlet }}
}} GROUP BY ?event ?reports ?articles ?outlets
"""


def _table(st: Store, query: str) -> dict[str, tuple]:
    return {
        r["event"]: (r["reports"], r["articles"], r["outlets"], tuple(sorted(r["names"].split("\u0001"))))
        for r in st.select(query)
    }


def _wire_store() -> Store:
    """Three articles of two outlets (one with a publisher, two by URL host) reporting one meeting."""
    graphs = []
    for i, (pub, url) in enumerate(
        [("Daily Planet", None), (None, "https://www.gazette.example/a/1"), (None, "http://gazette.example:80/b")]
    ):
        art, ev = f"{ART}w{i}", f"https://w3id.org/newskg/event/w{i}"
        meta = f' ; <http://purl.org/dc/terms/publisher> "{pub}"' if pub else ""
        meta += f" ; <http://purl.org/dc/terms/source> <{url}>" if url else ""
        graphs.append(
            f'<{art}> {{\n<{art}> a nkg:Article ; nkg:contentHash "h{i}" ; '
            f'<http://purl.org/dc/terms/date> "2024-01-0{i + 8}"^^xsd:date{meta} .\n'
            f"<{E}a> nkg:mentionedIn <{art}> . <{E}b> nkg:mentionedIn <{art}> .\n"
            f"<{ev}> a nkg:Event ; nkg:predicate nkg:met ; nkg:subject <{E}a> ; nkg:object <{E}b> ; "
            f'nkg:modality nkg:Asserted ; nkg:article <{art}> ; nkg:evidence "met"@en ; nkg:date "2024-01-08"^^xsd:date .\n}}\n'
        )
    prefixes = f"@prefix nkg: <{NKG}> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    st = Store.in_memory()
    st.replace_articles(split_by_graph(prefixes + "".join(graphs)))
    rebuild_events(st)
    return st


def test_counts_and_outlets_in_ntriples() -> None:
    x, y, ev = E + "x", E + "y", "https://w3id.org/newskg/event/"
    wire = 'Wire "A"\\'
    reports = [
        EventReport(ev + "1", ART + "a1", "met", x, y, date="2024-01-08", outlets=(wire,)),
        EventReport(ev + "2", ART + "a1", "met", y, x, date="2024-01-08", outlets=(wire,)),
        EventReport(ev + "3", ART + "a2", "met", x, y, article_date="2024-01-09"),  # no outlet read: its article counts
    ]
    (merged,) = merge_events(reports)
    assert merged.outlets == tuple(sorted((wire, ART + "a2")))
    text = events_ntriples([merged])
    idx = "https://w3id.org/newskg/index#"
    assert f'<{idx}reportCount> "3"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
    assert f'<{idx}articleCount> "2"^^' in text and f'<{idx}outletCount> "2"^^' in text
    assert f'<{idx}outlet> "Wire \\"A\\"\\\\" .' in text and f'<{idx}outlet> "{ART}a2" .' in text
    st = Store.in_memory()  # the escaped N-Triples load back as the same strings
    st._update(f"INSERT DATA {{ GRAPH <{EVENTS_GRAPH}> {{\n{text}}} }}")
    names = {r["o"] for r in st.select(f"SELECT ?o WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ ?m idx:outlet ?o }} }}")}
    assert names == {wire, ART + "a2"}


@pytest.mark.parametrize("make", ["fixture", "wire"])
def test_precomputed_counts_equal_the_aggregate(make: str) -> None:
    if make == "fixture":
        st = Store.in_memory()
        st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
        rebuild_events(st)
    else:
        st = _wire_store()
    old, new = _table(st, AGGREGATE), _table(st, PRECOMPUTED)
    assert old and new == old
    if make == "wire":
        ((reports, articles, outlets, names),) = new.values()
        assert (reports, articles, outlets) == (3, 3, 2) and names == ("Daily Planet", "gazette.example")


def _page(limit: int, offset: int = 0) -> str:
    text = (QUERIES / "reported-by.rq").read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^( *)LIMIT \d+", lambda m: m.group(1) + (f"OFFSET {offset} " if offset else "") + f"LIMIT {limit}", text
    )
    return re.sub(r"OFFSET \d+ LIMIT 1 \}", f"OFFSET {offset + limit - 1} LIMIT 1 }}", text)


def test_reported_by_order_and_pages() -> None:
    st = Store.in_memory()
    st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
    rebuild_events(st)
    every = st.select(_page(1000))
    assert len(every) == len(_table(st, AGGREGATE))
    keys = [(-r["outlets"], -r["reports"], r["date"] is None, "" if r["date"] is None else r["date"]) for r in every]
    expected = sorted(keys, key=lambda k: k[3], reverse=True)  # most recent first, then (stable) by the rest
    assert keys == sorted(expected, key=lambda k: k[:3])
    assert st.select((QUERIES / "reported-by.rq").read_text(encoding="utf-8")) == every[:100]
    pages = [st.select(_page(2, off)) for off in range(0, len(every), 2)]
    assert all(len(p) <= 2 for p in pages)
    assert sorted(r["event"] for p in pages for r in p) == sorted(r["event"] for r in every)
    for p, off in zip(pages, range(0, len(every), 2), strict=True):  # each page holds the ranks it should
        assert [(r["outlets"], r["reports"], r["date"]) for r in p] == [
            (r["outlets"], r["reports"], r["date"]) for r in every[off : off + 2]
        ]
