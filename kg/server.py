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

Each query runs in its own child process (``forkserver``), which opens the
store read-only, evaluates with the default graph as the union of all graphs
and the newskg prefixes bound, and serialises at most ``max_results`` rows
(more → truncated, headers ``X-SPARQL-Truncated: true`` and ``Warning``).
A query still running after ``timeout_s`` is killed (503). Oxigraph has no
cancellation, so a process is the only way to stop a runaway query.

Nobody may write the store while the endpoint runs (Oxigraph's read-only
mode does not see concurrent writers reliably).
"""

from __future__ import annotations

import html
import json
import multiprocessing
import multiprocessing.connection
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


def _run_query(
    store_path: str,
    sparql: str,
    wanted: list[str],
    max_results: int,
    conn: multiprocessing.connection.Connection,
) -> None:
    """Child process: evaluate one query and send ``(status, media, body, headers)``."""
    try:
        conn.send(_evaluate(store_path, sparql, wanted, max_results))
    except BaseException as exc:  # noqa: BLE001 - report every failure to the parent
        conn.send((500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode(), {}))
    finally:
        conn.close()


def _evaluate(
    store_path: str, sparql: str, wanted: list[str], max_results: int
) -> tuple[int, str, bytes, dict[str, str]]:
    from kg.store import _ox

    ox = _ox()

    from kg.store import GRAPH_FORMATS, _rdf_format, solutions_json

    store = ox.Store.read_only(store_path)
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


# --------------------------------------------------------------------------- the HTTP side


class SparqlServer(ThreadingHTTPServer):
    """HTTP server holding the endpoint settings and the running query processes."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store_path: Path,
        *,
        timeout_s: float,
        max_results: int,
        max_body: int,
        max_concurrent: int = 4,
    ) -> None:
        """Bind and remember the settings; queries start child processes lazily."""
        super().__init__(address, SparqlHandler)
        self.store_path = Path(store_path)
        self.timeout_s = timeout_s
        self.max_results = max_results
        self.max_body = max_body
        self.slots = threading.BoundedSemaphore(max_concurrent)
        self.children: set[Any] = set()
        self.children_lock = threading.Lock()
        self.ctx = multiprocessing.get_context("forkserver")
        self.ctx.set_forkserver_preload(["kg.server", "kg.store", "pyoxigraph"])

    @property
    def url(self) -> str:
        """The endpoint URL."""
        host, port = str(self.server_address[0]), int(self.server_address[1])
        return f"http://{host}:{port}/sparql"

    def kill_children(self) -> None:
        """Kill every running query process."""
        with self.children_lock:
            procs = list(self.children)
        for p in procs:
            if p.is_alive():
                p.kill()
            p.join(1)

    def run_query(self, sparql: str, wanted: list[str]) -> tuple[int, str, bytes, dict[str, str]]:
        """Evaluate in a child process, killing it after ``timeout_s``."""
        deadline = time.monotonic() + self.timeout_s
        if not self.slots.acquire(timeout=self.timeout_s):
            return 503, "text/plain; charset=utf-8", b"endpoint busy, try again\n", {}
        try:
            recv, send = self.ctx.Pipe(duplex=False)
            import kg.server as this  # not __main__ under `python -m kg.server`

            proc = self.ctx.Process(
                target=this._run_query,
                args=(str(self.store_path), sparql, wanted, self.max_results, send),
                daemon=True,
            )
            with self.children_lock:
                self.children.add(proc)
            try:
                proc.start()
                send.close()
                remaining = max(0.0, deadline - time.monotonic())
                if recv.poll(remaining):
                    try:
                        return recv.recv()  # type: ignore[no-any-return]
                    except EOFError:
                        return (
                            500,
                            "text/plain; charset=utf-8",
                            b"query process died\n",
                            {},
                        )
                msg = f"query exceeded the time limit of {self.timeout_s:g} s and was stopped\n"
                return (
                    503,
                    "text/plain; charset=utf-8",
                    msg.encode(),
                    {"Retry-After": "0"},
                )
            finally:
                if proc.is_alive():
                    proc.kill()
                proc.join(5)
                recv.close()
                with self.children_lock:
                    self.children.discard(proc)
        finally:
            self.slots.release()


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
            self._error(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return
        try:
            length = int(length_header)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return
        if length > self.server.max_body:
            self.close_connection = True
            self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body of {length} bytes exceeds the limit of {self.server.max_body}",
            )
            return
        body = self.rfile.read(length)
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
) -> SparqlServer:
    """Create (bind) the endpoint without serving; ``port=0`` picks a free port."""
    path = Path(store_path)
    if not path.is_dir():
        raise FileNotFoundError(f"no store at {path}")
    return SparqlServer(
        (host, port),
        path,
        timeout_s=timeout_s,
        max_results=max_results,
        max_body=max_body,
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
) -> None:
    """Serve the store until SIGINT/SIGTERM, then stop cleanly (running queries killed).

    ``on_ready(url)`` is called once listening (default: print the URL).
    """
    server = make_server(store_path, host, port, timeout_s, max_results, max_body)

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
    """``python -m kg.server STORE [--host H] [--port P] [--timeout S] [--max-results N]``."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.server", description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=7878)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--max-results", type=int, default=10000)
    ap.add_argument("--max-body", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    serve(
        args.store,
        args.host,
        args.port,
        args.timeout,
        args.max_results,
        args.max_body,
        on_ready=lambda url: print(json.dumps({"url": url}), flush=True),
    )
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
