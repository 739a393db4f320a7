"""Tests for kg.server: a real endpoint in a subprocess, queried with SPARQLWrapper."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.server import is_update, negotiate
from kg.store import Store, split_by_graph

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"
TIMEOUT_S = 1.5


def start(store_path: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m kg.server`` on a free loopback port; return (process, endpoint URL)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.server", str(store_path), "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise RuntimeError(
            "server did not start: " + (proc.stderr.read() if proc.stderr else "")
        )
    return proc, json.loads(line)["url"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store built from the fixture."""
    path = tmp_path_factory.mktemp("srv") / "store"
    with Store(path) as st:
        st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
    return path


@pytest.fixture(scope="module")
def endpoint(store_path: Path) -> Iterator[str]:
    """A running endpoint (1.5 s time limit, 50 rows at most)."""
    proc, url = start(
        store_path,
        "--timeout",
        str(TIMEOUT_S),
        "--max-results",
        "50",
        "--max-body",
        "5000",
    )
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(10)


def wrapper(url: str, query: str, fmt: str) -> object:
    """A SPARQLWrapper for ``query`` returning ``fmt``."""
    sw = SPARQLWrapper.SPARQLWrapper(url)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


PERSONS = "SELECT DISTINCT ?e ?l WHERE { ?e a nkg:Person ; rdfs:label ?l FILTER(LANG(?l) = 'en') } ORDER BY ?l"


def test_select_json(endpoint: str) -> None:
    res = wrapper(endpoint, PERSONS, SPARQLWrapper.JSON).query().convert()
    labels = [b["l"]["value"] for b in res["results"]["bindings"]]
    assert labels == ["Khalifa Haftar", "Sergei Lavrov"]


def test_select_json_post_and_arabic(endpoint: str) -> None:
    sw = wrapper(
        endpoint,
        "SELECT DISTINCT ?l WHERE { ent:Q159 rdfs:label ?l } ORDER BY ?l",
        SPARQLWrapper.JSON,
    )
    sw.setMethod(SPARQLWrapper.POST)
    res = sw.query().convert()
    assert [b["l"]["value"] for b in res["results"]["bindings"]] == ["Russia", "روسيا"]


def test_select_csv(endpoint: str) -> None:
    res = wrapper(endpoint, PERSONS, SPARQLWrapper.CSV).query()
    assert res.response.headers["Content-Type"].startswith("text/csv")
    lines = res.convert().decode("utf-8").splitlines()
    assert (
        lines[0] == "e,l" and lines[1].endswith(",Khalifa Haftar") and len(lines) == 3
    )


def test_select_tsv_and_xml(endpoint: str) -> None:
    tsv = wrapper(endpoint, PERSONS, SPARQLWrapper.TSV).query().convert().decode()
    assert tsv.splitlines()[0] == "?e\t?l"
    xml = wrapper(endpoint, PERSONS, SPARQLWrapper.XML).query().convert()
    assert len(xml.getElementsByTagName("result")) == 2


def test_ask(endpoint: str) -> None:
    q = "ASK { ent:Q159 nkg:supports+ ent:person-khalifa-haftar }"
    assert wrapper(endpoint, q, SPARQLWrapper.JSON).query().convert()["boolean"] is True


def test_construct_turtle(endpoint: str) -> None:
    import rdflib

    q = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a nkg:Country ; rdfs:label ?l }"
    sw = wrapper(endpoint, q, SPARQLWrapper.TURTLE)
    res = sw.query()
    assert res.response.headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=res.convert(), format="turtle")
    assert len(g) == 8  # 4 countries x (ar, en)


def test_construct_default_rdfxml(endpoint: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery("CONSTRUCT WHERE { ent:Q43 rdfs:label ?l }")
    g = sw.queryAndConvert()  # SPARQLWrapper asks for RDF/XML and parses it with rdflib
    assert len(g) == 2


def test_update_refused(endpoint: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setMethod(SPARQLWrapper.POST)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    assert "read-only" in err.value.read().decode()
    # an update smuggled in as query=
    q = urllib.parse.urlencode({"query": "# hi\nPREFIX x: <urn:x>\nDROP ALL"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}?{q}")
    assert err.value.code == 403


def test_runaway_query_is_stopped(endpoint: str) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    t0 = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        wrapper(endpoint, q, SPARQLWrapper.JSON).query()
    elapsed = time.monotonic() - t0
    assert err.value.code == 503
    assert "time limit" in err.value.read().decode()
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 3
    # and the endpoint still answers
    assert (
        wrapper(endpoint, "ASK {}", SPARQLWrapper.JSON).query().convert()["boolean"]
        is True
    )


def test_result_limit_truncates(endpoint: str) -> None:
    res = wrapper(endpoint, "SELECT * WHERE { ?s ?p ?o }", SPARQLWrapper.JSON).query()
    assert res.response.headers["X-SPARQL-Truncated"] == "true"
    assert "truncated" in res.response.headers["Warning"]
    assert len(res.convert()["results"]["bindings"]) == 50


def test_body_limit_and_errors(endpoint: str) -> None:
    body = urllib.parse.urlencode({"query": "ASK {} #" + "x" * 6000}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(endpoint, data=body))
    assert err.value.code == 413
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}?query=SELEKT")
    assert err.value.code == 400


def test_sparql_query_body_cors_and_about_page(endpoint: str) -> None:
    req = urllib.request.Request(
        endpoint,
        data=b"SELECT ?x WHERE { BIND(1 AS ?x) }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    with urllib.request.urlopen(req) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
        assert resp.read().decode().splitlines() == ["x", "1"]
    req = urllib.request.Request(endpoint, method="OPTIONS")
    with urllib.request.urlopen(req) as resp:
        assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    with urllib.request.urlopen(endpoint.rsplit("/", 1)[0] + "/") as resp:
        page = resp.read().decode()
    assert "newskg SPARQL endpoint" in page and "read-only" in page.lower()


def test_clean_stop(store_path: Path) -> None:
    proc, url = start(store_path, "--timeout", "30")
    # leave a runaway query running, then stop the server
    q = urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
    )
    import threading

    def slow() -> None:
        try:
            urllib.request.urlopen(f"{url}?{q}", timeout=20).read()
        except Exception:  # noqa: BLE001, S110 - the connection is cut on shutdown
            pass

    threading.Thread(target=slow, daemon=True).start()
    time.sleep(0.8)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    assert proc.stdout is not None and "stopped" in proc.stdout.read()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "?query=ASK%20%7B%7D", timeout=2)


def test_helpers() -> None:
    assert is_update("PREFIX a: <urn:a> # x\n INSERT DATA { <a> <b> <c> }")
    assert is_update("with <g> delete { ?s ?p ?o } where { ?s ?p ?o }")
    assert not is_update("# DELETE me\nSELECT * WHERE { ?s ?p 'INSERT' }")
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", None) == [
        "json",
        "csv",
    ]
    assert negotiate(None, "tsv") == ["tsv"]
    assert negotiate("*/*", None) == ["*"]
