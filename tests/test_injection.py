"""Hostile article text ends up only as literals: never executed in a view, never spliced into a query.

Audit of every place a query string is built from data (see docs/robustness.md):
``kg/cli.py`` ``entities --name`` filters in Python (no query text) and ``_aliases``
inserts a stored IRI through ``sparql_term`` (an IRI Oxigraph has validated);
``kg/store.py`` ``bind_values``/``sparql_term`` serialise values as Oxigraph terms
(literals escaped, IRIs validated); ``kg/resolution.py``, ``kg/build.py``
``summarize`` and ``kg/graph.py`` use constant queries; the store's update
templates only take IRIs checked by ``_iri``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.store import Store, bind_values, sparql_term

SPARQL = '" } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
HTML = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
HOSTILE = [
    SPARQL,
    HTML,
    "'; DROP ALL; --",
    '"""; CLEAR ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } ; """',
    'x\\" } DELETE WHERE { ?s ?p ?o } #',
    "} } ; DROP GRAPH <https://w3id.org/newskg/article/a> ; {",
    "\u202e\u200bروسيا\x00\n\t",
    "$name ?o \\u0022 \\\\",
]

ARTICLE = (
    "Russia backs Haftar " + HTML + "\n"
    "Russian Foreign Minister Sergei Lavrov met Khalifa Haftar in Moscow on Tuesday " + HTML + ". "
    "Lavrov said Russia supports Haftar " + SPARQL + " and condemned the attack.\n"
    "Egypt supports Haftar, said the spokesman <script>document.cookie</script>."
)


def _n_articles(st: Store) -> int:
    return sum(1 for g in st.articles() if g.startswith("https://w3id.org/newskg/article/"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("inj")
    (d / "in").mkdir()
    (d / "in" / "hostile-2023-01-01.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "in" / "plain.jsonl").write_text(
        json.dumps({"id": "plain", "title": SPARQL, "text": "Lavrov met Haftar in Moscow. " + SPARQL}) + "\n",
        encoding="utf-8",
    )
    out = d / "out"
    report = build([d / "in"], out)
    assert report.ok, report.problems
    return out


def test_payload_is_stored_as_literals(built: Path) -> None:
    with Store.open_read_only(built / "store") as st:
        assert _n_articles(st) == 2  # DROP ALL never ran
        rows = st.select('SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), "DROP ALL")) }')
        assert rows, "the payload should be kept, as text"
        iris = st.select(
            'SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } FILTER(isIRI(?x) && CONTAINS(STR(?x), "DROP")) }'
        )
        assert iris == []
    for fname, fmt in (("graph.trig", ox.RdfFormat.TRIG), ("graph.ttl", ox.RdfFormat.TURTLE)):
        quads = list(ox.parse(path=str(built / fname), format=fmt))
        assert any(isinstance(q.object, ox.Literal) and "DROP ALL" in q.object.value for q in quads)


def test_view_never_executes_article_text(built: Path) -> None:
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert "alert(1)" in page or "\\u003cscript" in page or "DROP ALL" in page  # the text is shown, as data
    for raw in ("<script>alert", "<img src=x", "onerror=alert", "<script>document", 'href="javascript:'):
        assert raw not in page, raw
    # every script element is the view's own (JSON data or the app), none comes from the article
    for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", page, re.S):
        assert "alert(1)" not in m.group(2) or 'type="application/json"' in m.group(1)
        assert "document.cookie" not in m.group(2) or 'type="application/json"' in m.group(1)


@pytest.mark.parametrize("value", HOSTILE)
def test_bind_values_keeps_hostile_names_literal(built: Path, value: str) -> None:
    q = 'SELECT ?n WHERE { VALUES ?n { "x" } }'
    bound = bind_values(q, {"n": value})
    with Store.open_read_only(built / "store") as st:
        rows = st.select(bound)
        assert [r["n"] for r in rows] == [value]
        assert _n_articles(st) == 2
    term = sparql_term(value)
    assert ox.Literal(value) == next(iter(ox.Store().query(f"SELECT ?v WHERE {{ BIND({term} AS ?v) }}")))["v"]


@pytest.mark.parametrize("value", ["http://x> } ; DROP ALL ; SELECT * { <y", "https://a b", 'urn:x"}'])
def test_bad_iris_are_refused_not_spliced(value: str) -> None:
    with pytest.raises(ValueError):
        sparql_term(value)
    with pytest.raises(ValueError):
        bind_values('SELECT ?n WHERE { VALUES ?n { "x" } }', {"n": value})


def test_cli_with_hostile_names(built: Path) -> None:
    runner = CliRunner()
    for value in HOSTILE:
        res = runner.invoke(app, ["entities", str(built), "--name", value, "--json"], catch_exceptions=False)
        assert res.exit_code == 0, res.stderr
        assert json.loads(res.stdout) == []
        res = runner.invoke(
            app,
            ["query", str(built), 'SELECT ?n WHERE { VALUES ?n { "x" } }', "-p", f"n={value}", "--format", "json"],
            catch_exceptions=False,
        )
        assert res.exit_code == 0, res.stderr
        assert json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"] == value
    res = runner.invoke(app, ["entities", str(built), "--name", "Lavrov", "--json"], catch_exceptions=False)
    assert res.exit_code == 0
    with Store.open_read_only(built / "store") as st:
        assert _n_articles(st) == 2


def test_endpoint_refuses_smuggled_updates() -> None:
    from kg.server import is_update

    for q in (
        "DROP ALL",
        "PREFIX x: <urn:x> CLEAR ALL",
        "# comment\nINSERT DATA { <a:b> <a:b> <a:b> }",
        "  delete where { ?s ?p ?o }",
        "BASE <urn:x> LOAD <http://example.org/x>",
    ):
        assert is_update(q), q
    assert not is_update('SELECT * WHERE { ?s ?p "DROP ALL" }')
