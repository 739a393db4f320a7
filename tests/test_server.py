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
from typing import Any

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
        raise RuntimeError("server did not start: " + (proc.stderr.read() if proc.stderr else ""))
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
    assert lines[0] == "e,l" and lines[1].endswith(",Khalifa Haftar") and len(lines) == 3


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
    assert wrapper(endpoint, "ASK {}", SPARQLWrapper.JSON).query().convert()["boolean"] is True


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
    q = urllib.parse.urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
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


# --------------------------------------------------------------------------- the worker pool and body limits

QUICK = "SELECT ?x WHERE { BIND(1 AS ?x) }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def status(url: str) -> dict:
    """The pool's ``GET /status``."""
    with urllib.request.urlopen(url.rsplit("/", 1)[0] + "/status", timeout=10) as resp:
        return json.loads(resp.read())


def get(url: str, query: str, timeout: float = 30) -> tuple[int, str, dict[str, str]]:
    """(status, body, headers) of ``GET ?query=``."""
    try:
        with urllib.request.urlopen(f"{url}?{urllib.parse.urlencode({'query': query})}", timeout=timeout) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


def wait_for(pred: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0


def test_oversized_body_gets_413_not_reset(endpoint: str) -> None:
    """A 2 MB body (limit 5000) is read and dropped: the client gets the 413, not a reset."""
    import http.client

    parts = urllib.parse.urlsplit(endpoint)
    host, port = str(parts.hostname), int(parts.port or 80)
    for _ in range(3):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request(
            "POST",
            "/sparql",
            body=b"query=" + b"x" * 2_000_000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        resp = conn.getresponse()
        assert resp.status == 413
        assert resp.getheader("Connection") == "close"
        assert "exceeds the limit" in resp.read().decode()
        conn.close()
    # urllib (SPARQLWrapper's transport) sends the whole body before reading
    req = urllib.request.Request(endpoint, data=b"query=" + b"x" * 2_000_000)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 413
    # Expect: 100-continue gets the 413 before any body is sent
    import socket

    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n"
        )
        assert sock.recv(4096).startswith(b"HTTP/1.1 413")
    # a negative Content-Length is refused, not read to EOF
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")
    assert get(endpoint, "ASK {}")[0] == 200


def test_pool_runaway_killed_others_answered(store_path: Path) -> None:
    """A runaway query kills only its worker; the other worker keeps answering; the dead one is replaced."""
    proc, url = start(store_path, "--timeout", "2", "--workers", "2")
    try:
        before = status(url)
        assert before["workers"] == 2 and len(before["worker_pids"]) == 2
        result: dict[str, Any] = {}

        def runaway() -> None:
            t0 = time.monotonic()
            result["reply"] = get(url, RUNAWAY)
            result["elapsed"] = time.monotonic() - t0

        import threading

        t = threading.Thread(target=runaway)
        t.start()
        time.sleep(0.3)
        answered = []
        while t.is_alive():  # while the runaway holds one worker, the other one answers
            t0 = time.monotonic()
            quick_code = get(url, QUICK)[0]
            answered.append((quick_code, time.monotonic() - t0))
            time.sleep(0.05)
        t.join()
        code, body, headers = result["reply"]
        assert code == 503 and "time limit" in body and "Retry-After" in headers
        assert 2 <= result["elapsed"] < 5
        assert len(answered) >= 5
        assert all(c == 200 for c, _ in answered), answered
        assert max(dt for _, dt in answered) < 1.5, answered
        wait_for(lambda: status(url)["workers"] == 2 and status(url)["replaced"] == 1)
        after = status(url)
        assert after["timed_out"] == 1 and after["died"] == 0
        assert len(set(before["worker_pids"]) & set(after["worker_pids"])) == 1  # one kept, one new
        for pid in set(before["worker_pids"]) - set(after["worker_pids"]):
            wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists() or "Z" in _state(pid))
        assert get(url, QUICK)[0] == 200 and get(url, QUICK)[0] == 200
    finally:
        stop(proc)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "gone"


def test_queue_waits_past_time_limit_then_full_gives_503(store_path: Path) -> None:
    """Requests queue behind a runaway (one worker) instead of failing; only a full queue gives 503."""
    import concurrent.futures

    proc, url = start(store_path, "--timeout", "2", "--workers", "1", "--max-queue", "4")
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as ex:
            slow = ex.submit(get, url, RUNAWAY)
            time.sleep(0.3)
            queued = [ex.submit(get, url, QUICK) for _ in range(4)]
            wait_for(lambda: status(url)["waiting"] == 4, 5)
            t0 = time.monotonic()
            code, body, headers = get(url, QUICK)  # the fifth waiter: queue full
            assert code == 503 and "busy" in body and headers.get("Retry-After")
            assert time.monotonic() - t0 < 1.0  # refused at once, not after a wait
            assert slow.result()[0] == 503
            assert [f.result()[0] for f in queued] == [200] * 4  # waited > 2 s and got answers
        st = status(url)
        assert st["rejected_queue_full"] == 1 and st["rejected_wait"] == 0 and st["replaced"] == 1
    finally:
        stop(proc)


def test_workers_recycled_after_k_queries(store_path: Path) -> None:
    proc, url = start(store_path, "--workers", "1", "--recycle-after", "3")
    try:
        pids = set()
        for _ in range(10):
            assert get(url, QUICK)[0] == 200
            pids.update(status(url)["worker_pids"])
        st = status(url)
        assert st["recycled"] >= 2 and st["served"] == 10 and len(pids) >= 3
    finally:
        stop(proc)


def test_unopenable_store_fails_fast(tmp_path: Path) -> None:
    from kg.server import make_server

    (tmp_path / "notastore").mkdir()
    with pytest.raises(RuntimeError, match="cannot start the query workers"):
        make_server(tmp_path / "notastore", port=0)
