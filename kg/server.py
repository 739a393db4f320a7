"""A read-only SPARQL 1.1 Protocol endpoint over a newskg store (standard library only).

``serve(store_path)`` answers

* ``GET /sparql?query=…`` (also ``/``), ``POST`` with
  ``application/x-www-form-urlencoded`` (``query=…``) or ``application/sparql-query``;
* results as SPARQL JSON, CSV, TSV or XML, graphs as Turtle, N-Triples,
  JSON-LD or RDF/XML, chosen by the ``Accept`` header (or a ``format=`` /
  ``output=`` parameter: ``json``, ``csv``, ``tsv``, ``xml``, ``turtle``,
  ``ntriples``, ``jsonld``, ``rdfxml``);
* CORS (``Access-Control-Allow-Origin: *``) so YASGUI can call it.

Refused: SPARQL Update (``update=`` parameter, ``application/sparql-update``
body or an update in ``query=``) with 403; bodies over ``max_body`` with 413.

Queries are answered by a pool of warm worker processes (``forkserver``;
``workers`` of them, default ``max(2, cpu count)``). Each worker opens the
store read-only once, then evaluates the queries sent over its pipe with the
default graph as the union of all graphs and the newskg prefixes bound, and
serialises at most ``max_results`` rows (more → truncated, headers
``X-SPARQL-Truncated: true`` and ``Warning``). A query still running after
``timeout_s`` is stopped by killing its worker (503); a fresh worker replaces
it in the background while the others keep answering. Oxigraph has no
cancellation, so a process is the only way to stop a runaway query. Workers
are recycled after ``recycle_after`` queries or when their resident memory
passes ``max_worker_rss_mb``, so memory stays flat.

In front of the pool, requests wait in a bounded queue: at most
``max_queue`` requests wait, each for at most ``queue_wait_s`` (default
``max(3 × timeout_s, timeout_s + 10)``, longer than the time limit, so a
burst queues instead of failing). Only a full queue or a wait past
``queue_wait_s`` gives 503 with ``Retry-After``. ``GET /status`` reports the
pool (workers, idle, waiting, counters) as JSON.

A body over ``max_body`` is read and discarded (up to ``max_drain`` bytes,
within ``_DRAIN_S`` seconds) before the 413 and ``Connection: close``, so the
client gets the 413 rather than a connection reset; a client that sends
``Expect: 100-continue`` gets the 413 before it sends the body.

Nobody may write the store while the endpoint runs (Oxigraph's read-only
mode does not see concurrent writers reliably).
"""

from __future__ import annotations

import html
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.store import PREFIXES

RESULTS_MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_ACCEPT_ALIASES = {
    "application/json": "json",
    "text/javascript": "json",
    "application/javascript": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
}
_FORMAT_PARAM = {
    "json": "json",
    "csv": "csv",
    "tsv": "tsv",
    "xml": "xml",
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
}
_UPDATE_RE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def _strip_comments(sparql: str) -> str:
    """Drop ``#`` comments (outside IRIs and strings, approximately) for keyword sniffing."""
    out = []
    for line in sparql.splitlines():
        m = re.match(r'^((?:[^#"\'<]|"[^"]*"|\'[^\']*\'|<[^>]*>)*)#', line)
        out.append(m.group(1) if m else line)
    return "\n".join(out)


def is_update(sparql: str) -> bool:
    """Whether a request text is a SPARQL Update rather than a query."""
    return bool(_UPDATE_RE.match(_strip_comments(sparql)))


def negotiate(accept: str | None, fmt_param: str | None) -> list[str]:
    """Format keys the client accepts, best first (``*/*`` → any)."""
    if fmt_param:
        key = _FORMAT_PARAM.get(fmt_param.strip().lower())
        if key:
            return [key]
        for media, k in {**_media_to_key(), **_ACCEPT_ALIASES}.items():
            if fmt_param.strip().lower() == media:
                return [k]
    if not accept:
        return ["*"]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media))
    keys: list[str] = []
    table = {**_media_to_key(), **_ACCEPT_ALIASES}
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            keys.append("*")
        elif media in table:
            keys.append(table[media])
    return keys or ["*"]


def _media_to_key() -> dict[str, str]:
    return {
        **{v: k for k, v in RESULTS_MEDIA.items()},
        **{v: k for k, v in GRAPH_MEDIA.items()},
    }


# --------------------------------------------------------------------------- the worker (child process)

_TEXT = "text/plain; charset=utf-8"
_DRAIN_S = 10.0  # at most this long spent reading and discarding an oversized body
_SOCKET_TIMEOUT_S = 60.0  # a client silent this long (mid-request or idle keep-alive) is dropped


def _rss_kb() -> int:
    """This process's resident set size in kB (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
        return pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def _worker_main(store_path: str, conn: multiprocessing.connection.Connection) -> None:
    """Worker process: open the store read-only once, then answer queries until told to stop.

    Protocol over ``conn``: the worker first sends ``("ready", pid)`` (or
    ``("error", message)`` and exits); then for each ``(sparql, wanted,
    max_results)`` received it sends ``("done", (status, media, body,
    headers), rss_kb)``; ``None`` or a closed pipe ends it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server stops us
    try:
        from kg.store import _ox

        store = _ox().Store.read_only(store_path)
    except BaseException as exc:  # noqa: BLE001 - report every failure to the parent
        conn.send(("error", f"cannot open the store read-only: {type(exc).__name__}: {exc}"))
        conn.close()
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            conn.close()
            return
        sparql, wanted, max_results = msg
        try:
            reply = _evaluate(store, sparql, wanted, max_results)
        except BaseException as exc:  # noqa: BLE001 - report every failure to the parent
            reply = (500, _TEXT, f"query failed: {exc}\n".encode(), {})
        try:
            conn.send(("done", reply, _rss_kb()))
        except (OSError, ValueError):
            return


def _evaluate(store: Any, sparql: str, wanted: list[str], max_results: int) -> tuple[int, str, bytes, dict[str, str]]:
    from kg.store import _ox

    ox = _ox()

    from kg.store import GRAPH_FORMATS, _rdf_format, solutions_json

    try:
        result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        return (
            400,
            "text/plain; charset=utf-8",
            f"malformed query: {exc}\n".encode(),
            {},
        )
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryTriples):
        # a results format asked for a graph: XML → RDF/XML, JSON → JSON-LD
        graph_keys = [{"xml": "rdfxml", "json": "jsonld"}.get(k, k) for k in wanted]
        key = next((k for k in graph_keys if k in GRAPH_MEDIA), "turtle")
        triples: list[Any] = []
        for t in result:
            if len(triples) >= max_results:
                headers = _truncated(max_results, "triples")
                break
            triples.append(t)
        name = {"rdfxml": "xml"}.get(key, key)
        assert name in GRAPH_FORMATS
        kwargs = {"prefixes": PREFIXES} if key == "turtle" else {}
        body = ox.serialize(triples, format=_rdf_format(name), **kwargs)
        return 200, GRAPH_MEDIA[key] + _charset(key), body, headers
    key = next((k for k in wanted if k in RESULTS_MEDIA), "json")
    if isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=_results_format(key))
        return 200, RESULTS_MEDIA[key] + _charset(key), body, headers
    names = [v.value for v in result.variables]
    rows: list[list[Any]] = []
    for row in result:
        if len(rows) >= max_results:
            headers = _truncated(max_results, "rows")
            break
        rows.append([row[n] for n in names])
    body = solutions_json(names, rows)
    if key != "json":
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=_results_format(key))
    return 200, RESULTS_MEDIA[key] + _charset(key), body, headers


def _charset(key: str) -> str:
    return "; charset=utf-8" if key in ("csv", "tsv", "turtle", "ntriples") else ""


def _truncated(limit: int, what: str) -> dict[str, str]:
    return {
        "X-SPARQL-Truncated": "true",
        "X-SPARQL-Max-Results": str(limit),
        "Warning": f'199 newskg "result truncated to {limit} {what}"',
    }


def _results_format(key: str) -> Any:
    from kg.store import _ox

    ox = _ox()

    return {
        "json": ox.QueryResultsFormat.JSON,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "xml": ox.QueryResultsFormat.XML,
    }[key]


# --------------------------------------------------------------------------- the worker pool


class _Worker:
    """One warm worker process and the parent's end of its pipe."""

    __slots__ = ("conn", "pid", "proc", "served")

    def __init__(self, proc: Any, conn: multiprocessing.connection.Connection, pid: int) -> None:
        self.proc = proc
        self.conn = conn
        self.pid = pid
        self.served = 0

    def stop(self, *, kill: bool) -> None:
        """Ask the worker to exit (or kill it), then reap it."""
        try:
            if kill:
                self.proc.kill()
            else:
                try:
                    self.conn.send(None)
                except (OSError, ValueError):
                    self.proc.kill()
            self.proc.join(5)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join(5)
        finally:
            self.conn.close()


Reply = tuple[int, str, bytes, dict[str, str]]


class WorkerPool:
    """Warm worker processes over one store, behind a bounded FIFO wait queue.

    ``run()`` takes an idle worker (waiting at most ``queue_wait_s``, and only
    when fewer than ``max_queue`` requests already wait), sends it the query
    and waits at most ``timeout_s`` for the answer. A worker that overruns is
    killed and replaced in the background; a worker that has served
    ``recycle_after`` queries or grown past ``max_worker_rss_kb`` is retired
    the same way. ``start()`` opens every worker and raises when the store
    cannot be opened.
    """

    def __init__(
        self,
        ctx: Any,
        store_path: Path,
        size: int,
        *,
        timeout_s: float,
        queue_wait_s: float,
        max_queue: int,
        recycle_after: int,
        max_worker_rss_kb: int,
        start_timeout_s: float = 60.0,
    ) -> None:
        """Remember the settings; ``start()`` starts the workers."""
        self.ctx = ctx
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self.timeout_s = timeout_s
        self.queue_wait_s = queue_wait_s
        self.max_queue = max(0, max_queue)
        self.recycle_after = max(1, recycle_after)
        self.max_worker_rss_kb = max_worker_rss_kb
        self.start_timeout_s = start_timeout_s
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._waiting = 0
        self._busy = 0
        self._spawning = 0
        self.closed = False
        self.counters = {
            "served": 0,
            "timed_out": 0,
            "died": 0,
            "recycled": 0,
            "replaced": 0,
            "rejected_queue_full": 0,
            "rejected_wait": 0,
            "start_failures": 0,
        }

    # ---------------------------------------------------------- workers

    def _start_worker(self) -> _Worker:
        """Start one worker and wait until it has opened the store."""
        import kg.server as this  # not __main__ under `python -m kg.server`

        mine, theirs = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=this._worker_main, args=(str(self.store_path), theirs), daemon=True)
        proc.start()
        theirs.close()
        try:
            if not mine.poll(self.start_timeout_s):
                raise RuntimeError(f"worker did not open the store within {self.start_timeout_s:g} s")
            kind, detail = mine.recv()
        except BaseException:
            proc.kill()
            proc.join(5)
            mine.close()
            raise
        if kind != "ready":
            proc.join(5)
            mine.close()
            raise RuntimeError(str(detail))
        return _Worker(proc, mine, int(detail))

    def start(self) -> None:
        """Start ``size`` workers in parallel; raise (stopping them all) if one cannot open the store."""
        errors: list[BaseException] = []
        started: list[_Worker] = []

        def one() -> None:
            try:
                w = self._start_worker()
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return
            started.append(w)

        threads = [threading.Thread(target=one, daemon=True) for _ in range(self.size)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            for w in started:
                w.stop(kill=True)
            raise RuntimeError(f"cannot start the query workers: {errors[0]}") from errors[0]
        with self._lock:
            for w in started:
                self._workers.add(w)
                self._idle.put(w)

    def _replace(self, old: _Worker, *, kill: bool, reason: str) -> None:
        """Retire ``old`` and start a fresh worker in the background."""
        with self._lock:
            self._workers.discard(old)
            self.counters[reason] += 1
            if self.closed:
                spawn = False
            else:
                self._spawning += 1
                spawn = True
        if kill:
            try:
                old.proc.kill()  # stop the runaway query now; reaping happens in the background
            except OSError:
                pass

        def background() -> None:
            try:
                old.stop(kill=kill)
            except Exception:  # noqa: BLE001, S110 - already dead
                pass
            if not spawn:
                return
            try:
                for attempt in range(3):
                    if self.closed:
                        return
                    try:
                        new = self._start_worker()
                    except Exception as exc:  # noqa: BLE001 - logged, retried
                        with self._lock:
                            self.counters["start_failures"] += 1
                        sys.stderr.write(f"newskg endpoint: cannot start a worker (try {attempt + 1}): {exc}\n")
                        time.sleep(1.0 + attempt)
                        continue
                    with self._lock:
                        if self.closed:
                            closed = True
                        else:
                            closed = False
                            self._workers.add(new)
                            self.counters["replaced"] += 1
                            self._idle.put(new)
                    if closed:
                        new.stop(kill=True)
                    return
            finally:
                with self._lock:
                    self._spawning -= 1

        threading.Thread(target=background, name="kg-worker-replace", daemon=True).start()

    # ---------------------------------------------------------- queries

    def run(self, sparql: str, wanted: list[str], max_results: int) -> Reply:
        """Answer one query on a pool worker (see the class doc for the limits)."""
        with self._lock:
            if self.closed:
                return 503, _TEXT, b"endpoint shutting down\n", {"Retry-After": "5", "Connection": "close"}
            if self._waiting >= self.max_queue and self._idle.empty():
                self.counters["rejected_queue_full"] += 1
                msg = (
                    f"endpoint busy: {self._busy} queries running and {self._waiting} waiting "
                    f"(the queue holds {self.max_queue}); retry later\n"
                )
                return 503, _TEXT, msg.encode(), {"Retry-After": "2"}
            self._waiting += 1
        try:
            worker = self._idle.get(timeout=self.queue_wait_s)
        except queue.Empty:
            worker = None
            with self._lock:
                self.counters["rejected_wait"] += 1
            msg = f"endpoint busy: no query worker free within {self.queue_wait_s:g} s; retry later\n"
            return 503, _TEXT, msg.encode(), {"Retry-After": str(max(1, round(self.timeout_s)))}
        finally:
            with self._lock:
                self._waiting -= 1
                if worker is not None:
                    self._busy += 1
        if worker is None:  # closing: pass the sentinel on to the next waiter
            self._idle.put(None)
            return 503, _TEXT, b"endpoint shutting down\n", {"Retry-After": "5", "Connection": "close"}
        try:
            return self._ask(worker, sparql, wanted, max_results)
        finally:
            with self._lock:
                self._busy -= 1

    def _ask(self, worker: _Worker, sparql: str, wanted: list[str], max_results: int) -> Reply:
        try:
            worker.conn.send((sparql, wanted, max_results))
            if not worker.conn.poll(self.timeout_s):
                self._replace(worker, kill=True, reason="timed_out")
                msg = f"query exceeded the time limit of {self.timeout_s:g} s and was stopped\n"
                return 503, _TEXT, msg.encode(), {"Retry-After": "0"}
            _, reply, rss = worker.conn.recv()
        except (EOFError, OSError, ValueError):
            self._replace(worker, kill=True, reason="died")
            return 500, _TEXT, b"query process died\n", {}
        worker.served += 1
        with self._lock:
            self.counters["served"] += 1
        if worker.served >= self.recycle_after or (self.max_worker_rss_kb and rss > self.max_worker_rss_kb):
            self._replace(worker, kill=False, reason="recycled")
        else:
            self._idle.put(worker)
        return reply  # type: ignore[no-any-return]

    # ---------------------------------------------------------- state

    def status(self) -> dict[str, Any]:
        """Pool size, idle/busy/waiting counts, worker pids and counters."""
        with self._lock:
            return {
                "workers": len(self._workers),
                "size": self.size,
                "idle": self._idle.qsize(),
                "busy": self._busy,
                "waiting": self._waiting,
                "starting": self._spawning,
                "max_queue": self.max_queue,
                "queue_wait_s": self.queue_wait_s,
                "timeout_s": self.timeout_s,
                "recycle_after": self.recycle_after,
                "worker_pids": sorted(w.pid for w in self._workers),
                **self.counters,
            }

    def close(self) -> None:
        """Kill every worker; waiting requests get 503."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            workers = list(self._workers)
            self._workers.clear()
        self._idle.put(None)
        for w in workers:
            try:
                w.stop(kill=True)
            except Exception:  # noqa: BLE001, S110 - already gone
                pass


# --------------------------------------------------------------------------- the HTTP side


class SparqlServer(ThreadingHTTPServer):
    """HTTP server holding the endpoint settings and the pool of query workers."""

    daemon_threads = True
    request_queue_size = 128  # listen backlog: a burst of clients connects instead of being refused

    def __init__(
        self,
        address: tuple[str, int],
        store_path: Path,
        *,
        timeout_s: float,
        max_results: int,
        max_body: int,
        workers: int | None = None,
        max_queue: int = 64,
        queue_wait_s: float | None = None,
        recycle_after: int = 1000,
        max_worker_rss_mb: float = 1024.0,
        max_drain: int | None = None,
    ) -> None:
        """Bind, then start the worker pool (raises when the store cannot be opened)."""
        super().__init__(address, SparqlHandler)
        self.store_path = Path(store_path)
        self.timeout_s = timeout_s
        self.max_results = max_results
        self.max_body = max_body
        self.max_drain = max_drain if max_drain is not None else max(32 * 1024 * 1024, 4 * max_body)
        self.ctx = multiprocessing.get_context("forkserver")
        self.ctx.set_forkserver_preload(["kg.server", "kg.store", "pyoxigraph"])
        self.pool = WorkerPool(
            self.ctx,
            self.store_path,
            workers if workers else default_workers(),
            timeout_s=timeout_s,
            queue_wait_s=queue_wait_s if queue_wait_s is not None else max(3 * timeout_s, timeout_s + 10),
            max_queue=max_queue,
            recycle_after=recycle_after,
            max_worker_rss_kb=int(max_worker_rss_mb * 1024),
        )
        try:
            self.pool.start()
        except BaseException:
            super().server_close()
            raise

    @property
    def url(self) -> str:
        """The endpoint URL."""
        host, port = str(self.server_address[0]), int(self.server_address[1])
        return f"http://{host}:{port}/sparql"

    def kill_children(self) -> None:
        """Kill every worker process."""
        self.pool.close()

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        super().server_close()
        self.pool.close()

    def run_query(self, sparql: str, wanted: list[str]) -> Reply:
        """Evaluate on a warm worker, waiting in the bounded queue first."""
        return self.pool.run(sparql, wanted, self.max_results)


def default_workers() -> int:
    """``max(2, cpu count)`` query workers."""
    return max(2, os.cpu_count() or 1)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newskg SPARQL endpoint</title></head>
<body>
<h1>newskg SPARQL endpoint</h1>
<p>A read-only <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a>
endpoint over the newskg knowledge graph in <code>{store}</code>.</p>
<ul>
<li>Endpoint: <code>{url}</code> &mdash; <code>GET ?query=</code>, or <code>POST</code> form
(<code>query=</code>) or <code>application/sparql-query</code> body.</li>
<li>The default graph is the union of all graphs: one named graph per article, plus merged
entity data.</li>
<li>Results: SPARQL JSON, CSV, TSV, XML; graphs: Turtle, N-Triples, JSON-LD, RDF/XML
(by <code>Accept</code> header).</li>
<li>Read-only: updates are refused. Time limit {timeout:g} s per query; at most
{max_results} rows.</li>
</ul>
<p>Prefixes bound in every query:</p>
<pre>{prefixes}</pre>
<form action="sparql" method="get">
<textarea name="query" rows="8" cols="80">SELECT ?e ?label WHERE {{ ?e a nkg:Person ; rdfs:label ?label }} LIMIT 20</textarea><br>
<button type="submit">Run (JSON)</button>
</form>
</body></html>
"""


class SparqlHandler(BaseHTTPRequestHandler):
    """Request handler for the SPARQL 1.1 Protocol (query operation only)."""

    server: SparqlServer
    server_version = "newskg-sparql/0.1"
    protocol_version = "HTTP/1.1"
    timeout = _SOCKET_TIMEOUT_S  # socket timeout: a stalled client cannot hold a thread forever

    # -------------------------------------------------------------- plumbing

    def log_message(self, format: str, *args: Any) -> None:
        """Log to stderr with the client address (quiet unless ``-v``)."""
        if getattr(self.server, "verbose", False):
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(
        self,
        status: int,
        body: bytes,
        media: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-Truncated, Warning")
        self.send_header("Vary", "Accept")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), headers=headers)

    def _too_large(self, length: int) -> None:
        """Answer 413 and close, after reading and discarding the body (so the client sees the 413).

        A client still sending when the server closes a socket with unread data
        gets a reset instead of the answer; so up to ``max_drain`` bytes (within
        ``_DRAIN_S`` seconds) are read first. Past that the 413 is sent anyway.
        """
        deadline = time.monotonic() + _DRAIN_S
        left = min(length, self.server.max_drain)
        try:
            self.connection.settimeout(min(_DRAIN_S, _SOCKET_TIMEOUT_S))
            while left > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass
        self.close_connection = True
        self._error(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"request body of {length} bytes exceeds the limit of {self.server.max_body}",
            headers={"Connection": "close"},
        )

    def handle_expect_100(self) -> bool:
        """``Expect: 100-continue``: refuse an oversized body before the client sends it."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > self.server.max_body:
            self.close_connection = True
            self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body of {length} bytes exceeds the limit of {self.server.max_body}",
                headers={"Connection": "close"},
            )
            return False
        return super().handle_expect_100()

    # -------------------------------------------------------------- methods

    def do_OPTIONS(self) -> None:
        """CORS preflight."""
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        """``GET /sparql?query=…``; ``GET /`` without a query shows the about page."""
        parts = urlsplit(self.path)
        if parts.path == "/status":
            body = json.dumps(self.server.pool.status(), indent=1).encode()
            self._send(HTTPStatus.OK, body + b"\n", "application/json")
            return
        if parts.path not in ("/", "/sparql"):
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            return
        params = parse_qs(parts.query, keep_blank_values=True)
        if "update" in params:
            self._refuse_update()
            return
        if "query" not in params:
            self._about()
            return
        self._query(params["query"][0], params)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        """``POST`` a form (``query=``) or an ``application/sparql-query`` body."""
        parts = urlsplit(self.path)
        if parts.path not in ("/", "/sparql"):
            self.close_connection = True  # the body is left unread
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql", {"Connection": "close"})
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return
        try:
            length = int(length_header)
            if length < 0:
                raise ValueError(length)
        except ValueError:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length", {"Connection": "close"})
            return
        if length > self.server.max_body:
            self._too_large(length)
            return
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, "request body shorter than Content-Length", {"Connection": "close"})
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(parts.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._refuse_update()
            return
        if ctype == "application/sparql-query":
            self._query(body.decode("utf-8", errors="replace"), params)
            return
        if ctype in ("application/x-www-form-urlencoded", ""):
            form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            merged = {**params, **form}
            if "update" in merged:
                self._refuse_update()
                return
            if "query" not in merged:
                self._error(HTTPStatus.BAD_REQUEST, "missing 'query' parameter")
                return
            self._query(merged["query"][0], merged)
            return
        self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype!r}")

    # -------------------------------------------------------------- actions

    def _refuse_update(self) -> None:
        self._error(
            HTTPStatus.FORBIDDEN,
            "SPARQL Update is not allowed: this endpoint is read-only. Change the graph with `kg build` / `kg remove`.",
        )

    def _about(self) -> None:
        prefixes = "\n".join(f"PREFIX {p}: &lt;{html.escape(i)}&gt;" for p, i in PREFIXES.items())
        page = _PAGE.format(
            store=html.escape(str(self.server.store_path)),
            url=html.escape(self.server.url),
            timeout=self.server.timeout_s,
            max_results=self.server.max_results,
            prefixes=prefixes,
        )
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        if not sparql.strip():
            self._error(HTTPStatus.BAD_REQUEST, "empty query")
            return
        if is_update(sparql):
            self._refuse_update()
            return
        fmt_values = params.get("format") or params.get("output")
        fmt = fmt_values[0] if fmt_values else None
        wanted = negotiate(self.headers.get("Accept"), fmt)
        status, media, body, headers = self.server.run_query(sparql, wanted)
        self._send(status, body, media, headers)


# --------------------------------------------------------------------------- entry points


def make_server(
    store_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: float = 10.0,
    max_results: int = 10000,
    max_body: int = 1_000_000,
    *,
    workers: int | None = None,
    max_queue: int = 64,
    queue_wait_s: float | None = None,
    recycle_after: int = 1000,
    max_worker_rss_mb: float = 1024.0,
) -> SparqlServer:
    """Create (bind) the endpoint and start its workers, without serving; ``port=0`` picks a free port.

    ``workers`` warm query processes (default ``max(2, cpu count)``); at most
    ``max_queue`` requests wait for one, each at most ``queue_wait_s``
    (default ``max(3 × timeout_s, timeout_s + 10)``); a worker is recycled
    after ``recycle_after`` queries or past ``max_worker_rss_mb``.
    Call ``server_close()`` to stop the workers.
    """
    path = Path(store_path)
    if not path.is_dir():
        raise FileNotFoundError(f"no store at {path}")
    return SparqlServer(
        (host, port),
        path,
        timeout_s=timeout_s,
        max_results=max_results,
        max_body=max_body,
        workers=workers,
        max_queue=max_queue,
        queue_wait_s=queue_wait_s,
        recycle_after=recycle_after,
        max_worker_rss_mb=max_worker_rss_mb,
    )


def serve(
    store_path: Path | str,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: float = 10.0,
    max_results: int = 10000,
    max_body: int = 1_000_000,
    *,
    on_ready: Callable[[str], None] | None = None,
    **pool: Any,
) -> None:
    """Serve the store until SIGINT/SIGTERM, then stop cleanly (workers killed).

    ``on_ready(url)`` is called once listening (default: print the URL);
    ``pool`` takes the worker-pool keywords of ``make_server``.
    """
    server = make_server(store_path, host, port, timeout_s, max_results, max_body, **pool)

    def stop(signum: int, _frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        (on_ready or (lambda url: print(f"newskg SPARQL endpoint at {url}", flush=True)))(server.url)
        server.serve_forever(poll_interval=0.2)
    finally:
        server.kill_children()
        server.server_close()
        for s, h in old.items():
            signal.signal(s, h)


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.server STORE [--host H] [--port P] [--timeout S] [--max-results N] [--workers N] …``."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.server", description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7878)
    ap.add_argument("--timeout", type=float, default=10.0, help="per-query time limit, seconds")
    ap.add_argument("--max-results", type=int, default=10000)
    ap.add_argument("--max-body", type=int, default=1_000_000, help="request body limit, bytes")
    ap.add_argument("--workers", type=int, default=None, help="warm query processes (default max(2, cpus))")
    ap.add_argument("--max-queue", type=int, default=64, help="requests that may wait for a worker")
    ap.add_argument("--queue-wait", type=float, default=None, help="seconds a request may wait for a worker")
    ap.add_argument("--recycle-after", type=int, default=1000, help="queries before a worker is replaced")
    ap.add_argument("--max-worker-rss-mb", type=float, default=1024.0, help="worker memory before it is replaced")
    args = ap.parse_args(argv)
    serve(
        args.store,
        args.host,
        args.port,
        args.timeout,
        args.max_results,
        args.max_body,
        on_ready=lambda url: print(json.dumps({"url": url}), flush=True),
        workers=args.workers,
        max_queue=args.max_queue,
        queue_wait_s=args.queue_wait,
        recycle_after=args.recycle_after,
        max_worker_rss_mb=args.max_worker_rss_mb,
    )
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
