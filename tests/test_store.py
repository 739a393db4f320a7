"""Tests for kg.store: add → replace → remove, default graph, transactions, exports, SHACL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.store import (
    ARTICLE_NS,
    DIRTY_GRAPH,
    ENTITY_NS,
    Store,
    bind_values,
    format_results,
    split_by_graph,
    validate,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
A1, A2, A3 = (ARTICLE_NS + a for a in ("a1", "a2", "a3"))
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
COUNT = "<https://w3id.org/newskg/ontology#mentionCount>"


def ent(local: str) -> str:
    """N-Triples form of an entity IRI."""
    return f"<{ENTITY_NS}{local}>"


def count(n: int) -> str:
    """N-Triples form of an xsd:integer."""
    return f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>'


@pytest.fixture(scope="module")
def graphs() -> dict[str, str]:
    """The fixture's article graphs as N-Triples, by article IRI."""
    return split_by_graph(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def store(graphs: dict[str, str]) -> Store:
    """An in-memory store holding the three fixture articles."""
    st = Store.in_memory()
    report = st.replace_articles(graphs)
    assert sorted(report.added) == [A1, A2, A3]
    return st


def objects(st: Store, subject: str, predicate: str) -> set[str]:
    """Objects (N-Triples text) of ``subject predicate`` in the default graph."""
    return {o for s, p, o in st.graph_quads(None) if s == subject and p == predicate}


def all_quads(st: Store) -> set[tuple[str, str, str, str]]:
    """Every quad as N-Triples text (graph '' = default)."""
    import pyoxigraph as ox

    return {
        (
            str(q.subject),
            str(q.predicate),
            str(q.object),
            "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
        )
        for q in st.raw
    }


def modified_a2(graphs: dict[str, str]) -> str:
    """Article a2 with a new hash, without the Egypt event, with one more Haftar name."""
    lines = [
        line
        for line in graphs[A2].splitlines()
        if "a2-4" not in line and "cooperatesWith" not in line and ent("Q79") not in line
    ]
    text = "\n".join(lines).replace("sha256-a2-v1", "sha256-a2-v2")
    text += f'\n{ent("person-khalifa-haftar")} {ALT} "Field Marshal Haftar"@en .\n'
    return text


# --------------------------------------------------------------------------- default graph


def test_default_graph_is_computed(store: Store) -> None:
    russia = ent("Q159")
    assert objects(store, russia, RDFS_LABEL) == {'"روسيا"@ar', '"Russia"@en'}
    assert objects(store, russia, COUNT) == {count(5)}
    assert objects(store, russia, ALT) == {'"موسكو"@ar', '"Moscow"@en'}
    assert objects(store, ent("person-khalifa-haftar"), COUNT) == {count(7)}
    # no Arabic canonical name: the surface form becomes the Arabic label
    assert objects(store, ent("org-rt"), RDFS_LABEL) == {'"روسيا اليوم"@ar', '"RT"@en'}
    assert objects(store, russia, "<https://w3id.org/newskg/ontology#qid>") == {'"Q159"'}
    types = objects(store, russia, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>")
    assert "<https://w3id.org/newskg/ontology#Country>" in types
    # article records, without the text
    a1 = {p for s, p, _ in store.graph_quads(None) if s == f"<{A1}>"}
    assert "<https://w3id.org/newskg/ontology#contentHash>" in a1
    assert "<https://w3id.org/newskg/ontology#text>" not in a1
    # events and claims stay in their article graphs
    assert not any("event/" in s or "claim/" in s for s, _, _ in store.graph_quads(None))
    assert DIRTY_GRAPH not in store.articles()
    assert set(store.articles()) == {A1, A2, A3}


def test_incremental_default_graph_equals_full_recompute(store: Store, graphs: dict) -> None:
    store.replace_articles({A2: modified_a2(graphs)})
    store.remove_article("a3")
    incremental = store.graph_quads(None)
    store.recompute_entities()
    assert store.graph_quads(None) == incremental


def test_unchanged_articles_are_skipped(store: Store, graphs: dict) -> None:
    before = all_quads(store)
    report = store.replace_articles(graphs)
    assert sorted(report.unchanged) == [A1, A2, A3] and not report.changed
    assert all_quads(store) == before
    forced = store.replace_articles({A1: graphs[A1]}, force=True)
    assert forced.replaced == [A1]
    assert all_quads(store) == before


# --------------------------------------------------------------------------- add → replace → remove


def test_replace_changes_only_that_article(store: Store, graphs: dict) -> None:
    a1_before, a3_before = store.graph_quads(A1), store.graph_quads(A3)
    report = store.replace_articles({A2: modified_a2(graphs)})
    assert report.replaced == [A2]
    assert store.articles()[A2] == "sha256-a2-v2"
    assert store.graph_quads(A1) == a1_before and store.graph_quads(A3) == a3_before
    everything = all_quads(store)
    assert not any("event/a2-4" in " ".join(q) for q in everything)
    assert not any("cooperatesWith" in q[1] for q in everything)
    # Egypt now only comes from a3
    assert objects(store, ent("Q79"), COUNT) == {count(2)}
    assert objects(store, ent("Q79"), ALT) == {'"Cairo"@en'}
    assert '"Field Marshal Haftar"@en' in objects(store, ent("person-khalifa-haftar"), ALT)


def test_remove_leaves_nothing_of_the_article(store: Store, graphs: dict) -> None:
    a2_before, a3_before = store.graph_quads(A2), store.graph_quads(A3)
    assert store.remove_article("a1") is True
    assert store.remove_article("a1") is False
    quads = all_quads(store)
    assert not any(g == f"<{A1}>" for *_, g in quads)
    text = "\n".join(" ".join(q) for q in quads)
    for gone in (
        "event/a1-",
        "alias/a1-",
        "article/a1>",
        "person-sergei-lavrov",
        "org-libyan-national-army",
        "org-rt",
        "Q1016",
        "موسكو",
    ):
        assert gone not in text, gone
    # no fact of the other articles is lost
    assert store.graph_quads(A2) == a2_before and store.graph_quads(A3) == a3_before
    assert objects(store, ent("Q159"), COUNT) == {count(2)}
    # and the default graph is exactly what a store of a2 + a3 alone computes
    fresh = Store.in_memory()
    fresh.replace_articles({A2: graphs[A2], A3: graphs[A3]})
    assert store.graph_quads(None) == fresh.graph_quads(None)
    assert all_quads(store) == all_quads(fresh)


def test_add_after_remove_restores(store: Store, graphs: dict) -> None:
    before = all_quads(store)
    store.remove_articles(["a1", "a3", "not-there"])
    assert store.replace_articles({A1: graphs[A1], A3: graphs[A3]}).added == [A1, A3]
    assert all_quads(store) == before


def test_turtle_input_and_blank_nodes() -> None:
    st = Store.in_memory()
    ttl = """@prefix nkg: <https://w3id.org/newskg/ontology#> .
    <https://w3id.org/newskg/article/x> a nkg:Article ; nkg:contentHash "h" ; nkg:language "en" ;
        <http://example.org/note> [ <http://example.org/v> 1 ] ."""
    st.replace_articles({"x": ttl, "y": ttl.replace("article/x", "article/y")}, format="turtle")
    assert set(st.articles()) == {ARTICLE_NS + "x", ARTICLE_NS + "y"}


# --------------------------------------------------------------------------- persistence and transactions


def test_persistent_store_reopens(tmp_path: Path, graphs: dict) -> None:
    with Store(tmp_path / "store") as st:
        st.replace_articles(graphs)
        before = all_quads(st)
    with Store(tmp_path / "store") as st:
        assert all_quads(st) == before
    ro = Store.open_read_only(tmp_path / "store")
    assert len(ro) == len(before)
    with pytest.raises(PermissionError):
        ro.remove_article("a1")


def test_derived_stale_mark_persists_until_cleared(tmp_path: Path, graphs: dict) -> None:
    with Store(tmp_path / "store") as st:
        st.replace_articles(graphs)
        before = all_quads(st)
        assert not st.derived_stale()
        st.mark_derived_stale()
        assert st.derived_stale()
        assert st.article_iris() == set(graphs), "the mark is not an article"
    with Store(tmp_path / "store") as st:  # durable: a killed build leaves it for the next one
        assert st.derived_stale()
        st.clear_derived_stale()
        assert not st.derived_stale()
        assert all_quads(st) == before, "clearing the mark leaves nothing behind"
    ro = Store.open_read_only(tmp_path / "store")
    assert not ro.derived_stale()
    with pytest.raises(PermissionError):
        ro.mark_derived_stale()


def test_failed_update_changes_nothing(store: Store) -> None:
    before = all_quads(store)
    with pytest.raises(Exception):  # noqa: B017 - any failure will do
        store.replace_articles({A1: "<https://w3id.org/newskg/article/a1> <p> broken ."})
    assert all_quads(store) == before


_CHILD = textwrap.dedent(
    """
    import sys
    from kg.store import Store, ARTICLE_NS
    NKG = "https://w3id.org/newskg/ontology#"
    st = Store(sys.argv[1])
    original = st._update
    def noisy(update):
        print("writing", flush=True)
        original(update)
        print("done", flush=True)
    st._update = noisy
    arts = {}
    for a in range(40):
        iri = f"{ARTICLE_NS}big{a}"
        lines = [f'<{iri}> <{NKG}contentHash> "h{a}" .']
        for i in range(6000):
            e = f"https://w3id.org/newskg/entity/e{i}"
            lines.append(f'<{e}> <{NKG}mentionedIn> <{iri}> .')
            lines.append(f'<{e}> <http://www.w3.org/2004/02/skos/core#altLabel> "name {a} {i}"@en .')
        arts[iri] = "\\n".join(lines)
    arts[ARTICLE_NS + "a1"] = "<" + ARTICLE_NS + "a1> <" + NKG + "contentHash> \\"changed\\" ."
    st.replace_articles(arts)
    """
)


def test_build_killed_midway_leaves_previous_store(tmp_path: Path, graphs: dict) -> None:
    path = tmp_path / "store"
    with Store(path) as st:
        st.replace_articles(graphs)
        before = all_quads(st)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    time.sleep(0.4)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait(10)
    assert child.returncode == -signal.SIGKILL
    assert "done" not in rest, "the write finished before the kill: make it bigger"
    with Store(path) as st:
        assert all_quads(st) == before
        assert st.articles()[A1] == "sha256-a1-v1"


# --------------------------------------------------------------------------- querying


def test_query_kinds_and_formats(store: Store) -> None:
    q = "SELECT DISTINCT ?l WHERE { ent:Q159 rdfs:label ?l } ORDER BY ?l"
    rows = store.select(q)
    assert rows == [{"l": "Russia"}, {"l": "روسيا"}]
    assert bool(store.query("ASK { ?e nkg:supports+ ent:person-khalifa-haftar }"))
    triples = list(store.query("CONSTRUCT WHERE { ent:Q159 rdfs:label ?l }"))
    assert len(triples) == 2
    table = format_results(store.query(q), "table")
    assert "Russia@en" in table and "(2 rows)" in table
    assert format_results(store.query(q), "csv").splitlines() == [
        "l",
        "Russia",
        "روسيا",
    ]
    assert format_results(store.query(q), "tsv").splitlines()[0] == "?l"
    doc = json.loads(format_results(store.query(q), "json"))
    assert doc["results"]["bindings"][1]["l"] == {
        "type": "literal",
        "value": "روسيا",
        "xml:lang": "ar",
    }
    assert "<sparql" in format_results(store.query(q), "xml")
    assert json.loads(format_results(store.query("ASK { ?s ?p ?o }"), "json"))["boolean"]
    ttl = format_results(store.query("CONSTRUCT WHERE { ent:Q159 rdfs:label ?l }"), "turtle")
    assert "ent:Q159" in ttl
    nt = format_results(store.query("CONSTRUCT WHERE { ent:Q159 rdfs:label ?l }"), "ntriples")
    assert nt.count(" .\n") == 2


def test_substitutions_and_bind_values(store: Store) -> None:
    rows = store.select(
        "SELECT DISTINCT ?s ?t WHERE { ?s nkg:supports ?t }",
        substitutions={"t": ENTITY_NS + "person-khalifa-haftar"},
    )
    assert {r["s"] for r in rows} == {ENTITY_NS + x for x in ("Q159", "Q79", "org-wagner-group")}
    q = 'SELECT * { VALUES ?name { "x" } VALUES (?from ?to) { ("a" "b") } }'
    bound = bind_values(q, {"name": 'say "hi"', "to": "z"})
    assert store.select(bound) == [{"name": 'say "hi"', "from": "a", "to": "z"}]
    with pytest.raises(KeyError):
        bind_values(q, {"nope": 1})


def test_explain(store: Store) -> None:
    text = store.explain("SELECT ?e WHERE { ?e a nkg:Person }")
    assert "PREFIX nkg: <https://w3id.org/newskg/ontology#>" in text
    assert "algebra" in text and "BGP" in text
    with pytest.raises(SyntaxError):
        store.explain("SELEKT nothing")


# --------------------------------------------------------------------------- export and validation


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples", "jsonld"])
def test_export(store: Store, tmp_path: Path, fmt: str) -> None:
    import pyoxigraph as ox

    dest = store.export(fmt, tmp_path / f"out.{fmt}")
    assert [p.name for p in tmp_path.iterdir()] == [dest.name]
    rdf_format = {
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    parsed = list(ox.parse(path=str(dest), format=rdf_format))
    if rdf_format.supports_datasets:
        assert len(parsed) == len(store)
    else:
        distinct = {(str(q.subject), str(q.predicate), str(q.object)) for q in store.raw}
        assert len(parsed) == len(distinct)


def test_to_rdflib(store: Store) -> None:
    ds = store.to_rdflib()
    assert len(list(ds.quads((None, None, None, None)))) == len(store)


def test_shapes_accept_the_fixture(store: Store) -> None:
    conforms, text = store.validate()
    assert conforms, text


def test_shapes_catch_violations(store: Store) -> None:
    store.raw.update(
        """INSERT DATA { GRAPH <https://w3id.org/newskg/article/a1> {
            event:a1-1 nkg:predicate nkg:met ; nkg:modality nkg:Maybe ; nkg:date "soon" .
            claim:bad a nkg:Claim .
            ent:nobody nkg:mentionedIn art:a1 .
        } }""",
        prefixes={
            "nkg": "https://w3id.org/newskg/ontology#",
            "event": "https://w3id.org/newskg/event/",
            "claim": "https://w3id.org/newskg/claim/",
            "ent": ENTITY_NS,
            "art": ARTICLE_NS,
        },
    )
    conforms, text = validate(store.to_rdflib())
    assert not conforms
    for focus in ("event/a1-1", "claim/bad", "entity/nobody"):
        assert focus in text
    assert "nkg:predicate is exactly one" in text or "predicate" in text
