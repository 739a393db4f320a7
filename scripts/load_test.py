#!/usr/bin/env python
"""Bounded load test of the newskg SPARQL endpoint, on loopback only.

Starts ``python -m kg.server`` on 127.0.0.1 (a free port) over a store, runs
N concurrent clients for a fixed duration (or until a query budget is spent)
with a mix of SELECT / ASK / CONSTRUCT queries plus refused updates and
oversized (2 MB) bodies, and optionally runaway queries that must be stopped
at the time limit, and reports latency percentiles, failed requests, the
resident memory of the server process and of its worker processes before and
after, and the pool's counters (``GET /status``).

    .venv/bin/python scripts/load_test.py                  # 20 clients, 30 s, at most 600 queries
    .venv/bin/python scripts/load_test.py --short          # ~5 s (run by tests/test_load.py)
    .venv/bin/python scripts/load_test.py --store out/store --json
    .venv/bin/python scripts/load_test.py --duration 60 --max-queries 100000 --runaway-every 500 --timeout 2

Without ``--store`` a store is built from ``tests/data/store_fixture.trig`` in
a temporary folder. Exit status 1 when a request failed, the server's RSS
grew by more than ``--max-growth-mb`` or its workers' RSS (summed) by more
than ``--max-worker-growth-mb``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
FIXTURE = ROOT / "tests" / "data" / "store_fixture.trig"

QUERIES = [
    ("select-count", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    ("select-labels", "SELECT ?e ?l WHERE { ?e a nkg:Entity ; rdfs:label ?l } ORDER BY ?e LIMIT 50"),
    (
        "select-events",
        "SELECT ?ev ?p ?s ?o WHERE { GRAPH ?g { ?ev a nkg:Event ; nkg:predicate ?p ; nkg:subject ?s ; "
        "nkg:object ?o } } LIMIT 100",
    ),
    ("select-arabic", 'SELECT ?e WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = "ar") } LIMIT 20'),
    ("ask", "ASK { ?s a nkg:Article }"),
    ("construct", "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e rdfs:label ?l } LIMIT 100"),
]


def rss_kb(pid: int) -> int:
    """Resident set size of a process (Linux /proc), in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_rss_kb(url: str) -> tuple[int, int]:
    """(summed RSS in kB, count) of the pool's worker processes, from ``GET /status``."""
    status = pool_status(url)
    total = 0
    pids = status.get("worker_pids", [])
    for pid in pids:
        try:
            total += rss_kb(pid)
        except OSError:
            pass
    return total, len(pids)


def pool_status(url: str) -> dict:
    try:
        with urllib.request.urlopen(url.rsplit("/", 1)[0] + "/status", timeout=10) as resp:
            return json.loads(resp.read())
    except (OSError, ValueError):
        return {}


def build_fixture_store(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from kg.store import Store, split_by_graph

    path = folder / "store"
    with Store(path) as st:
        st.replace_articles(split_by_graph(FIXTURE.read_text(encoding="utf-8")))
    return path


def start_server(store: Path, timeout: float, extra: list[str]) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg.server",
            str(store),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--timeout",
            str(timeout),
            *extra,
        ],
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
        raise SystemExit("server did not start: " + (proc.stderr.read() if proc.stderr else ""))
    url = json.loads(line)["url"]
    host = urllib.parse.urlsplit(url).hostname
    if host not in ("127.0.0.1", "::1", "localhost"):
        proc.kill()
        raise SystemExit(f"refusing to load-test a non-loopback endpoint: {url}")
    return proc, url


def one_request(url: str, kind: str, query: str) -> int:
    """Send one request; return the HTTP status."""
    if kind == "update":
        req = urllib.request.Request(
            url, data=query.encode(), headers={"Content-Type": "application/sparql-update"}, method="POST"
        )
    elif kind == "oversized":
        req = urllib.request.Request(
            url, data=b"query=" + b"x" * 2_000_000, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    else:
        req = urllib.request.Request(
            url + "?" + urllib.parse.urlencode({"query": query}),
            headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"},
        )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code
    except (OSError, urllib.error.URLError):
        return -1


def run(args: argparse.Namespace) -> dict:
    tmp = None
    store = Path(args.store) if args.store else None
    if store is None:
        tmp = tempfile.TemporaryDirectory(prefix="kg-load-")
        store = build_fixture_store(Path(tmp.name))
    extra = ["--workers", str(args.workers)] if args.workers else []
    if args.recycle_after:
        extra += ["--recycle-after", str(args.recycle_after)]
    proc, url = start_server(store, args.timeout, extra)
    try:
        for _ in range(3):  # warm up: every worker has run every query once
            for _, q in QUERIES:
                one_request(url, "query", q)
        rss_before = rss_kb(proc.pid)
        workers_before, n_workers = workers_rss_kb(url)
        lock = threading.Lock()
        latencies: dict[str, list[float]] = {}
        failures: list[tuple[str, int]] = []
        counter = [0]
        deadline = time.monotonic() + args.duration
        # every 25th request is a refused update (403), every 50th an oversized body (413)
        plan = [("query", name, q) for name, q in QUERIES]

        def client(cid: int) -> None:
            i = cid
            while time.monotonic() < deadline:
                with lock:
                    if counter[0] >= args.max_queries:
                        return
                    counter[0] += 1
                    n = counter[0]
                if args.runaway_every and n % args.runaway_every == 0:
                    kind, name, q, expect = "query", "runaway-503", RUNAWAY, 503
                elif n % 50 == 0:
                    kind, name, q, expect = "oversized", "oversized-413", "", 413
                elif n % 25 == 0:
                    kind, name, q, expect = "update", "update-403", "DROP ALL", 403
                else:
                    kind, name, q = plan[i % len(plan)]
                    expect = 200
                i += 1
                t0 = time.perf_counter()
                status = one_request(url, kind, q)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.setdefault(name, []).append(dt)
                    if status != expect:
                        failures.append((name, status))

        series: list[tuple[float, int, int]] = []  # (s since start, server RSS kB, workers' RSS kB)
        done = threading.Event()

        def sampler() -> None:  # memory over the run, one sample a second
            while not done.wait(1.0):
                try:
                    series.append((time.perf_counter() - t_start, rss_kb(proc.pid), workers_rss_kb(url)[0]))
                except OSError:
                    pass

        t_start = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        for t in threads:
            t.start()
        watcher = threading.Thread(target=sampler, daemon=True)
        watcher.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t_start
        done.set()
        watcher.join()
        settle = time.monotonic() + 30  # let killed or recycled workers be replaced
        while time.monotonic() < settle:
            st = pool_status(url)
            if st.get("starting") == 0 and st.get("workers") == st.get("size"):
                break
            time.sleep(0.2)
        time.sleep(0.5)
        rss_after = rss_kb(proc.pid)
        workers_after, _ = workers_rss_kb(url)
        status = pool_status(url)
        # the store is unchanged after all those refused updates
        still = one_request(url, "query", "ASK { ?s a nkg:Article }")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if tmp is not None:
            tmp.cleanup()
    every = sorted(x for v in latencies.values() for x in v)

    def pct(xs: list[float], p: float) -> float:
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000 if xs else 0.0

    return {
        "clients": args.clients,
        "duration_s": round(elapsed, 2),
        "requests": len(every),
        "throughput_rps": round(len(every) / elapsed, 1) if elapsed else 0.0,
        "failed": len(failures),
        "failures": failures[:20],
        "latency_ms": {
            "p50": round(pct(every, 50), 1),
            "p90": round(pct(every, 90), 1),
            "p99": round(pct(every, 99), 1),
            "max": round(pct(every, 100), 1),
            "mean": round(statistics.fmean(every) * 1000, 1) if every else 0.0,
        },
        "by_kind": {k: {"n": len(v), "p50_ms": round(pct(sorted(v), 50), 1)} for k, v in sorted(latencies.items())},
        "server_rss_kb": {"before": rss_before, "after": rss_after, "growth": rss_after - rss_before},
        "workers": n_workers,
        "workers_rss_kb": {
            "before": workers_before,
            "after": workers_after,
            "growth": workers_after - workers_before,
        },
        "pool": {
            k: status.get(k)
            for k in ("served", "timed_out", "died", "recycled", "replaced", "rejected_queue_full", "rejected_wait")
        },
        "rss_series_mb": [
            [round(t, 1), round(a / 1024, 1), round(b / 1024, 1)] for t, a, b in series[:: max(1, len(series) // 12)]
        ],
        "server_rss_growth_second_half_kb": (series[-1][1] - series[len(series) // 2][1] if len(series) >= 4 else None),
        "store_still_answers": still == 200,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", help="a store folder (default: built from tests/data/store_fixture.trig)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds at most")
    ap.add_argument("--max-queries", type=int, default=600, help="requests at most")
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's per-query time limit")
    ap.add_argument("--max-growth-mb", type=float, default=20.0, help="allowed server RSS growth")
    ap.add_argument(
        "--max-worker-growth-mb", type=float, default=100.0, help="allowed growth of the workers' summed RSS"
    )
    ap.add_argument("--workers", type=int, default=0, help="the server's query workers (default: its own)")
    ap.add_argument("--recycle-after", type=int, default=0, help="the server's worker recycling (default: its own)")
    ap.add_argument(
        "--runaway-every", type=int, default=0, help="every Nth request is a runaway query that must get 503"
    )
    ap.add_argument(
        "--short",
        action="store_true",
        help="8 clients, at most 10 s and 200 requests, time limit 3 s, every 100th request a runaway",
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if args.short:
        args.clients, args.duration, args.max_queries = 8, 10.0, 200
        args.timeout, args.runaway_every = 3.0, 100
    report = run(args)
    ok = report["failed"] == 0 and report["store_still_answers"]
    ok = ok and report["server_rss_kb"]["growth"] <= args.max_growth_mb * 1024
    ok = ok and report["workers_rss_kb"]["growth"] <= args.max_worker_growth_mb * 1024
    report["ok"] = ok
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        lat = report["latency_ms"]
        rss = report["server_rss_kb"]
        print(
            f"{report['requests']} requests from {report['clients']} clients in {report['duration_s']} s "
            f"({report['throughput_rps']} req/s), {report['failed']} failed\n"
            f"latency ms: p50 {lat['p50']}  p90 {lat['p90']}  p99 {lat['p99']}  max {lat['max']}  mean {lat['mean']}\n"
            f"server RSS: {rss['before'] / 1024:.1f} MB before, {rss['after'] / 1024:.1f} MB after "
            f"(growth {rss['growth'] / 1024:+.1f} MB)\n"
            f"workers ({report['workers']}) RSS: {report['workers_rss_kb']['before'] / 1024:.1f} MB before, "
            f"{report['workers_rss_kb']['after'] / 1024:.1f} MB after "
            f"(growth {report['workers_rss_kb']['growth'] / 1024:+.1f} MB)\n"
            f"pool: {json.dumps(report['pool'])}\n"
            f"RSS over the run [s, server MB, workers MB]: {json.dumps(report['rss_series_mb'])}\n"
            + ("OK" if ok else "FAILED")
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
