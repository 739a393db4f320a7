"""One event, many reports: three outlets' versions of a wire story (kg/events.py, kg/dedup.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.events import EVENTS_GRAPH, EventReport, merge_events

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "tests" / "data" / "web"
QUERIES = ROOT / "queries"


def R(ev: str, art: str, s: str = "x", o: str = "y", pred: str = "met", **kw: str) -> EventReport:
    return EventReport(ev, art, pred, s, o, **kw)


def test_merge_same_parties_compatible_dates() -> None:
    merged = merge_events(
        [
            R("e1", "a1", date="2024-01-08"),
            R("e2", "a2", s="y", o="x", article_date="2024-01-09"),  # met is symmetric; undated, article next day
            R("e3", "a3", date="2024-01"),  # the month contains the day
            R("e4", "a4", date="2024-01-20"),  # a second meeting
            R("e5", "a5", article_date="2024-03-01"),  # a third, only the article date
            R("e6", "a6", pred="supports", date="2024-01-08"),  # another predicate
            R("e7", "a7", s="y", o="x", pred="supports", date="2024-01-08"),  # supports is not symmetric
            R("e8", "a8", modality="Negated", date="2024-01-08"),
        ]
    )
    groups = sorted(sorted(r.event for r in m.reports) for m in merged)
    assert groups == [["e1", "e2", "e3"], ["e4"], ["e5"], ["e6"], ["e7"], ["e8"]]
    first = next(m for m in merged if len(m.reports) == 3)
    assert first.date == "2024-01-08" and first.articles == ("a1", "a2", "a3")


def test_undated_reports_join_the_only_event() -> None:
    one = merge_events([R("e1", "a1", date="2024-01-08"), R("e2", "a2")])
    assert len(one) == 1
    two = merge_events([R("e1", "a1", date="2024-01-08"), R("e2", "a2", date="2024-05-01"), R("e3", "a3")])
    assert len(two) == 3


@pytest.fixture(scope="module")
def wire_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("trafilatura")
    from kg.build import build

    src = tmp_path_factory.mktemp("wire")
    for p in (WEB / "wire").glob("*.html"):
        shutil.copy(p, src / p.name)
    shutil.copy(WEB / "wire" / "outlet-a.html", src / "outlet-a-copy.html")  # the same page saved twice
    out = tmp_path_factory.mktemp("out")
    report = build([src], out, view=False)
    assert report.ok, report.problems
    assert report.articles == 3
    assert report.duplicates == [(str(src / "outlet-a.html"), "same-url", "outlet-a-copy")]
    assert report.stories == 1
    assert report.merged_events < report.event_reports
    return out


def test_three_versions_are_one_story(wire_build: Path) -> None:
    from kg.store import Store

    with Store(wire_build / "store") as st:
        rows = st.select(
            "SELECT ?story (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH <https://w3id.org/newskg/graph/stories> "
            "{ ?story dcterms:hasVersion ?a } } GROUP BY ?story"
        )
    assert len(rows) == 1 and rows[0]["n"] == 3
    assert rows[0]["story"].startswith("https://w3id.org/newskg/story/")


def test_one_merged_event_per_event_with_three_sources(wire_build: Path) -> None:
    from kg.store import Store

    with Store(wire_build / "store") as st:
        merged = st.select(
            f"SELECT ?m (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ ?m prov:wasDerivedFrom ?ev }} "
            "GRAPH ?a { ?ev nkg:article ?a } } GROUP BY ?m"
        )
        keys = st.select(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?s ?o WHERE { GRAPH ?g { "
            "?ev a nkg:Event ; nkg:predicate ?p ; nkg:subject ?s ; nkg:object ?o } } }"
        )
        met = st.select((QUERIES / "how-many-meetings.rq").read_text(encoding="utf-8"))
        by = st.select((QUERIES / "reported-by.rq").read_text(encoding="utf-8"))
    assert merged and all(r["n"] == 3 for r in merged), merged
    assert len(merged) <= keys[0]["n"]
    # "how many times did Haftar meet Sisi": once, reported by three articles
    sisi = [r for r in met if r["other_en"] == "Abdel Fattah el-Sisi"]
    assert len(sisi) == 1 and sisi[0]["meetings"] == 1 and sisi[0]["articles"] == 3
    assert sisi[0]["first"] == "2024-01-08"
    meeting = [r for r in by if r["predicate"] == "met"]
    assert len(meeting) == 1 and meeting[0]["outlets"] == 3
    assert set(meeting[0]["reported_by"].split(" | ")) == {"Daily Planet Wire", "Gazette Online", "Morning Herald"}


def test_html_arabic_english_feed_and_warc_build(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    from kg.build import build
    from kg.store import Store

    paths = [WEB / "en-talks.html", WEB / "ar-talks-utf8.html", WEB / "feed.xml", WEB / "crawl.warc.gz"]
    report = build(paths, tmp_path, view=False)
    # en-talks and the Arabic page come back through the feed and the WARC: built once
    assert report.articles == 3
    assert sorted(k for _s, k, _i in report.duplicates) == ["same-url", "same-url", "same-url"]
    assert [p.message for p in report.problems] == ["item has neither full text nor a saved page"]
    with Store(tmp_path / "store") as st:
        rows = st.select(
            "SELECT ?a ?t ?d ?u ?pub WHERE { ?a a nkg:Article ; dcterms:title ?t ; dcterms:date ?d ; "
            "dcterms:source ?u ; dcterms:publisher ?pub }",
            use_default_graph_as_union=False,
        )
        ok, text = st.validate()
    assert ok, text
    assert {(r["d"], r["u"]) for r in rows} == {
        ("2024-03-05", "https://tribune.example/world/2024/03/05/haftar-shoigu-moscow"),
        ("2024-03-05", "https://almithal.example/news/2024/03/05/haftar-shoigu"),
        ("2024-02-11", "https://tribune.example/world/2024/02/11/safadi-shoukry-amman"),
    }
