"""newskg throughput, memory and query benchmark (``make bench``).

Usage::

    .venv/bin/python benchmarks/run.py [--quick] [--jobs 2] [--bench-dir ../shared/bench]
        [--write docs/benchmarks.md] [--keep DIR]
    .venv/bin/python benchmarks/run.py --queries-only OUT_DIR [--write FILE]

For 1,000 / 5,000 / all Arabic articles of ``ar-news.jsonl.gz`` and all
English ones of ``en-news.jsonl.gz`` it runs ``kg build --jobs N --no-view --no-export``
in a subprocess and reports articles/s, tokens/s (spaCy tokens of the
article texts; per CPU-second too), peak RSS, triples, the time to bulk-load
the store's N-Quads into a fresh Oxigraph store, and the median latency of
every bundled ``queries/*.rq`` on the built store, Oxigraph against rdflib
in memory on the same N-Quads (rdflib only up to ``--rdflib-max-quads``).
The bundled queries use Oxigraph's ``LATERAL``, which rdflib cannot parse: rdflib
runs each query's plain SPARQL 1.1 form, ``benchmarks/sparql11/NAME.rq``, which
gives the same rows (``tests/test_sparql11_forms.py``).
In the same run it times the plain ``en_core_web_sm`` pipeline (tagger,
parser, NER) on the same English text: the reference for the words/s ratio.
It also times adding one more article to the biggest store (``kg build`` of
one file, and the store write alone).

No article text is copied anywhere but a temporary folder. When the bench
files are absent it says so and exits 0. ``--quick``: 200 Arabic and 100
English articles, a smoke run (not written to docs unless ``--write`` is given).
``--queries-only DIR``: only the query latencies, on the store of an existing
``kg build`` output folder (no build, not written unless ``--write`` is given).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# plain SPARQL 1.1 forms of the bundled queries (no LATERAL): what rdflib runs
PLAIN_QUERIES = ROOT / "benchmarks" / "sparql11"
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
# parameters the bench binds (kg.store.bind_values) where a query's default would time an empty
# answer on the bench archives: their dates run from 2015 to 2019, and May 2018 is their
# busiest month (the default, September 2023, holds nothing)
BENCH_PARAMS: dict[str, dict[str, str]] = {
    "events-in-date-range": {"from": "2018-05-01", "to": "2018-05-31"},
}
KG = Path(sys.executable).with_name("kg")

# An article of our own (not from the bench files) for the "add one article" timing.
ONE_ARTICLE = {
    "id": "bench-one-more-article",
    "lang": "ar",
    "title": "وزير الخارجية يلتقي نظيره في القاهرة",
    "published": "2024-03-02",
    "text": "وزير الخارجية يلتقي نظيره في القاهرة\n"
    "التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في القاهرة يوم السبت، "
    "وبحث الجانبان الأوضاع في المنطقة. وقال شكري إن مصر تدعم الحل السياسي في ليبيا.",
}


# --------------------------------------------------------------------------- helpers


def read_records(path: Path, limit: int | None = None) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def write_jsonl_gz(records: list[dict], path: Path) -> Path:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def count_tokens(texts: list[str], lang: str) -> list[int]:
    """spaCy tokens (whitespace tokens excluded) per text, with newskg's tokenizer for the language."""
    import spacy

    if lang == "ar":
        from kg.nlp import make_arabic_pipeline

        tok = make_arabic_pipeline().tokenizer
    else:
        tok = spacy.blank("en").tokenizer
    return [sum(1 for t in d if not t.is_space) for d in tok.pipe(texts, batch_size=256)]


class TreeRSS:
    """Peak of the summed RSS of a process and its children, sampled every 0.2 s (psutil)."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:  # no sampling: only ru_maxrss is reported
            self._t = None
            return
        self.proc = psutil.Process(pid)
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        if self._t is not None:
            self._t.join()
        return self.peak


# Runs the command given as its arguments and prints its rusage as JSON. The build starts from this
# small process: a child started by Popen (vfork + exec) keeps its parent's ru_maxrss high-water mark
# on Linux, so a build started by this script (which holds N-Quads dumps of earlier stores) would
# report this script's peak as its own.
_WAIT4 = r"""
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss": usage.ru_maxrss * 1024}))
"""


def run_build(inputs: list[Path], out: Path, jobs: int, extra: list[str] | None = None) -> dict:
    """``kg build`` in a subprocess: wall time, CPU time and peak RSS of the process tree."""
    cmd = [
        str(KG),
        "build",
        *map(str, inputs),
        "--out",
        str(out),
        "--no-view",
        "--no-export",
        "-q",
        "--jobs",
        str(jobs),
    ]
    cmd += extra or []
    t0 = time.perf_counter()
    # wait4 in a small wrapper (_WAIT4): the rusage of THIS build and the processes it waited for
    # (its workers); getrusage(RUSAGE_CHILDREN) would also count every earlier child of this script
    proc = subprocess.Popen([sys.executable, "-c", _WAIT4, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = TreeRSS(proc.pid)
    out_text, err = proc.communicate()
    wall = time.perf_counter() - t0
    peak_tree = sampler.stop()
    try:
        usage = json.loads(out_text.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise RuntimeError(f"{' '.join(cmd)}: no rusage ({proc.returncode}):\n{err.decode()[-2000:]}") from None
    if usage["code"] not in (0, 2):
        raise RuntimeError(f"{' '.join(cmd)} failed ({usage['code']}):\n{err.decode()[-2000:]}")
    return {
        "wall": wall,
        "cpu": usage["cpu"],
        # ru_maxrss: the largest single process of the build's tree
        "maxrss_child": usage["maxrss"],
        "peak_tree": peak_tree,
        "cmd": " ".join(cmd),
    }


def median_ms(fn, repeat: int, slow_s: float = 5.0) -> float:
    """Median ms of *repeat* runs after one warm-up (one run only when the warm-up took over *slow_s*)."""
    return median_ms_rows(fn, repeat, slow_s)[0]


def median_ms_rows(fn, repeat: int, slow_s: float = 5.0) -> tuple[float, int]:
    """:func:`median_ms` of *fn* (returns a list) and the length of the warm-up's list."""
    t0 = time.perf_counter()
    rows = len(fn())
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeat if first < slow_s else 1):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), rows


def _split_timing(res: object) -> tuple[object, int | None]:
    """``(ms, rows)`` of a :func:`timed_in_child` result of :func:`median_ms_rows` (an error text: no rows)."""
    if isinstance(res, tuple):
        return res[0], res[1]
    return res, None


def timed_in_child(fn, timeout: float) -> object:
    """Run *fn* in a forked child, return its result; ``"> N s"`` when it takes longer than *timeout*."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    q = ctx.Queue()

    def child() -> None:
        try:
            q.put(fn())
        except Exception as exc:  # noqa: BLE001 - reported in the table
            q.put(f"error: {type(exc).__name__}")

    p = ctx.Process(target=child)
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
        return f"> {timeout:.0f} s"
    return q.get() if not q.empty() else "error: no result"


def store_nquads(store_dir: Path) -> tuple[bytes, int]:
    """The N-Quads of a built store and its number of quads (what rdflib and the bulk-load timing read)."""
    from kg.store import Store

    with Store.open_read_only(store_dir) as st:
        return st.dump("nquads"), len(st)


def bench_queries(store_dir: Path, nquads: bytes, n_quads: int, args: argparse.Namespace) -> dict:
    """:func:`query_latencies` with the command line's repetitions, rdflib limit and timeout."""
    return query_latencies(
        store_dir,
        nquads,
        repeat=args.repeat,
        rdflib_max=args.rdflib_max_quads,
        n_quads=n_quads,
        timeout=args.query_timeout,
    )


def query_latencies(
    store_dir: Path, nquads: bytes, *, repeat: int, rdflib_max: int, n_quads: int, timeout: float
) -> dict:
    """Median ms per bundled query: Oxigraph (the built store) and rdflib (same N-Quads, in memory).

    Oxigraph runs ``queries/NAME.rq``; rdflib runs its plain SPARQL 1.1 form
    ``benchmarks/sparql11/NAME.rq`` (rdflib cannot parse ``LATERAL``).
    """
    from kg.store import PREFIXES, Store, bind_values, iter_rq_files

    def text(path: Path) -> str:
        q = path.read_text(encoding="utf-8")
        params = BENCH_PARAMS.get(path.stem)
        return bind_values(q, params) if params else q

    out: dict[str, dict] = {}
    files = list(iter_rq_files(ROOT / "queries"))
    for f in files:
        q = text(f)

        def ox_run(q: str = q) -> tuple[float, int]:
            with Store.open_read_only(store_dir) as st:
                return median_ms_rows(lambda: list(st.query(q)), repeat)

        ms, rows = _split_timing(timed_in_child(ox_run, timeout))
        out[f.stem] = {"oxigraph": ms, "rows": rows}
    if n_quads > rdflib_max:
        for f in files:
            out[f.stem]["rdflib"] = None
        out["_rdflib_note"] = f"rdflib skipped: {n_quads:,} quads > {rdflib_max:,}"
        return out
    import warnings

    import rdflib

    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.parse(data=nquads, format="nquads")
    out["_rdflib_load_s"] = time.perf_counter() - t0
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    for f in files:
        plain = PLAIN_QUERIES / f.name
        if not plain.exists():
            out[f.stem]["rdflib"] = "no plain form"
            continue
        q = text(plain)
        declared = {ln.split()[1] for ln in q.splitlines() if ln.upper().startswith("PREFIX ")}
        pro = "".join(ln for ln in prologue.splitlines(True) if ln.split()[1] not in declared)
        res = timed_in_child(lambda q=pro + q: median_ms_rows(lambda: list(ds.query(q)), repeat), timeout)
        out[f.stem]["rdflib"], out[f.stem]["rdflib_rows"] = _split_timing(res)
    return out


def bulk_load_time(nquads: bytes, tmp: Path) -> float:
    import pyoxigraph as ox

    dest = tmp / "bulk-load-store"
    shutil.rmtree(dest, ignore_errors=True)
    t0 = time.perf_counter()
    st = ox.Store(str(dest))
    st.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    st.flush()
    took = time.perf_counter() - t0
    del st
    shutil.rmtree(dest, ignore_errors=True)
    return took


def one_article_nquads(rec: dict, store: object) -> dict[str, bytes]:
    """``{article IRI: N-Quads}`` of one Arabic record, as a build would write it into *store*.

    An article naming a person no gazetteer knows is resolved against the store first.
    """
    import pyoxigraph as ox

    from kg.build import extract_partition
    from kg.model import Document
    from kg.rdf import article_quads
    from kg.resolution import resolve_across

    part = extract_partition([Document(id=rec["id"], text=rec["text"], lang="ar", title=rec["title"])])
    nquads = dict(part.nquads)
    for r in resolve_across(part.deferred, store):
        quads = article_quads(r)
        nquads[quads[0].graph_name.value] = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return nquads


def add_one_article(out: Path, tmp: Path, jobs: int) -> dict:
    """Adding one article to a built store: `kg build ONE --out OUT` and the store write alone."""
    one = write_jsonl_gz([ONE_ARTICLE], tmp / "one.jsonl.gz")
    cli = run_build([one], out, 1)
    # the store write alone, for a second new article (extraction and export excluded)
    from kg.store import Store

    with Store(out / "store") as st:
        nquads = one_article_nquads(dict(ONE_ARTICLE, id="bench-one-more-article-2"), st)
        t0 = time.perf_counter()
        st.add_articles(nquads)
        store_s = time.perf_counter() - t0
    return {"cli_s": cli["wall"], "store_s": store_s}


def english_reference(texts: list[str]) -> dict:
    """Words/s of the plain English model (tagger, parser, NER) over the same texts."""
    import spacy

    from kg.nlp.english import model_name

    model = model_name()
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:2]))
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    secs = time.perf_counter() - t0
    return {"model": model, "words": words, "seconds": secs, "words_per_s": words / secs, "pipes": nlp.pipe_names}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--quick", action="store_true", help="200 Arabic + 100 English articles (smoke run)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sizes", default=None, help="Arabic sizes, comma-separated ('all' = every article)")
    ap.add_argument("--repeat", type=int, default=5, help="query repetitions (median)")
    ap.add_argument("--rdflib-max-quads", type=int, default=400_000)
    ap.add_argument("--query-timeout", type=float, default=30.0, help="seconds per query (warm-up + runs)")
    ap.add_argument("--write", type=Path, default=None, help="Markdown file to write (default docs/benchmarks.md)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the built stores in this folder")
    ap.add_argument(
        "--queries-only",
        type=Path,
        default=None,
        metavar="DIR",
        help="only time the bundled queries on the store of an existing `kg build` output folder DIR "
        "(DIR/store, or DIR itself if it is the store; opened read-only); no build, no bench files needed",
    )
    args = ap.parse_args(argv)
    if args.queries_only:
        return queries_only(args)

    ar_path, en_path = args.bench_dir / "ar-news.jsonl.gz", args.bench_dir / "en-news.jsonl.gz"
    if not ar_path.exists() or not en_path.exists():
        print(f"benchmark files not found in {args.bench_dir} (ar-news.jsonl.gz, en-news.jsonl.gz): skipped")
        return 0
    write = args.write or (None if args.quick else ROOT / "docs" / "benchmarks.md")
    sizes_arg = args.sizes or ("200" if args.quick else "1000,5000,all")
    en_limit = 100 if args.quick else None

    started = dt.datetime.now().astimezone()
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}\nwork folder: {tmp}\nload average at start: {load_average()}", flush=True)

    ar_all = read_records(ar_path)
    en_all = read_records(en_path, en_limit)
    print(f"counting tokens of {len(ar_all):,} Arabic and {len(en_all):,} English articles ...", flush=True)
    ar_tokens = count_tokens([r["text"] for r in ar_all], "ar")
    en_tokens = count_tokens([r["text"] for r in en_all], "en")

    datasets = []
    for s in sizes_arg.split(","):
        n = len(ar_all) if s.strip() == "all" else min(int(s), len(ar_all))
        name = f"Arabic, all {n:,}" if n == len(ar_all) else f"Arabic, first {n:,}"
        datasets.append((name, "ar", n))
    datasets.append((f"English, {'first' if en_limit else 'all'} {len(en_all):,}", "en", len(en_all)))

    rows = []
    biggest: tuple[int, Path] | None = None
    for name, lang, n in datasets:
        recs = (ar_all if lang == "ar" else en_all)[:n]
        toks = sum((ar_tokens if lang == "ar" else en_tokens)[:n])
        words = sum(len(r["text"].split()) for r in recs)
        if lang == "ar" and n == len(ar_all):
            src = ar_path
        elif lang == "en" and en_limit is None:
            src = en_path
        else:
            src = write_jsonl_gz(recs, tmp / f"{lang}-{n}.jsonl.gz")
        out = tmp / f"out-{lang}-{n}"
        shutil.rmtree(out, ignore_errors=True)
        print(f"[{name}] kg build --jobs {args.jobs} ...", flush=True)
        b = run_build([src], out, args.jobs)
        nquads, n_quads = store_nquads(out / "store")
        load_s = bulk_load_time(nquads, tmp)
        print(f"[{name}] {b['wall']:.1f} s, {n_quads:,} quads; queries ...", flush=True)
        lat = bench_queries(out / "store", nquads, n_quads, args)
        del nquads
        row = {
            "name": name,
            "lang": lang,
            "articles": n,
            "tokens": toks,
            "words": words,
            "jobs": args.jobs,
            **b,
            "quads": n_quads,
            "bulk_load_s": load_s,
            "queries": lat,
        }
        rows.append(row)
        print(json.dumps(row, default=str), flush=True)
        if lang == "ar" and (biggest is None or n > biggest[0]):
            biggest = (n, out)

    add_one = add_one_article(biggest[1], tmp, args.jobs) if biggest else None
    print("English reference pipeline ...", flush=True)
    ref = english_reference([r["text"] for r in en_all])

    md = render(rows, ref, add_one, started, args, tmp)
    print(md)
    if write:
        Path(write).write_text(md, encoding="utf-8")
        print(f"written: {write}")
    (tmp / "bench-results.json").write_text(
        json.dumps({"rows": rows, "ref": ref, "add_one": add_one}, default=str, indent=1)
    )
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def queries_only(args: argparse.Namespace) -> int:
    """``--queries-only DIR``: the query latencies on an existing store, printed (written with ``--write``)."""

    store_dir = args.queries_only / "store" if (args.queries_only / "store").is_dir() else args.queries_only
    if not store_dir.is_dir():
        print(f"no store in {args.queries_only}", file=sys.stderr)
        return 2
    started = dt.datetime.now().astimezone()
    nquads, n_quads = store_nquads(store_dir)
    print(f"machine: {machine()}\nstore: {store_dir} ({n_quads:,} quads); queries ...", flush=True)
    lat = bench_queries(store_dir, nquads, n_quads, args)
    del nquads
    row = {"name": args.queries_only.name, "quads": n_quads, "queries": lat}
    print(json.dumps(row, default=str), flush=True)
    lines = [
        "# newskg bundled queries",
        "",
        f"* date: {started:%Y-%m-%d %H:%M %Z}",
        f"* machine: {machine()}",
        f"* load average at the end: {load_average()}",
        f"* command: `.venv/bin/python benchmarks/run.py --queries-only {args.queries_only}`",
        f"* store: `{store_dir}`, {n_quads:,} quads",
        "",
        *render_queries([row], args),
    ]
    md = "\n".join(lines) + "\n"
    print(md)
    if args.write:
        Path(args.write).write_text(md, encoding="utf-8")
        print(f"written: {args.write}")
    return 0


def _fmt_ms(v: object) -> str:
    if v is None:
        return "skipped"
    if isinstance(v, str):
        return v
    return f"{v:,.1f}"


def _ratio(o: object, rl: object) -> str:
    if isinstance(o, float) and isinstance(rl, float) and o > 0:
        return f"{rl / o:,.0f}×"
    if isinstance(o, float) and isinstance(rl, str) and rl.startswith(">"):
        return f"> {float(rl[1:].split()[0]) * 1000 / o:,.0f}×"
    return "–"


def _rows_cell(q: dict) -> str:
    """Rows of the Oxigraph run, and rdflib's when they differ in number."""
    o, rl = q.get("rows"), q.get("rdflib_rows")
    if o is None:
        return "–"
    return f"{o:,}" if rl is None or rl == o else f"{o:,} (rdflib {rl:,})"


def render_queries(rows: list[dict], args: argparse.Namespace) -> list[str]:
    """The Markdown section of the bundled queries' latencies (one column group per row of *rows*)."""
    lines = ["## Bundled queries: median latency (ms)", ""]
    qnames = sorted(k for k in rows[0]["queries"] if not k.startswith("_"))
    lines.append("| query | " + " | ".join(f"{r['name']}: rows | Oxigraph | rdflib | × " for r in rows) + "|")
    lines.append("| --- |" + " ---: | ---: | ---: | ---: |" * len(rows))
    for q in qnames:
        cells = []
        for r in rows:
            o = r["queries"][q]["oxigraph"]
            rl = r["queries"][q].get("rdflib")
            cells += [_rows_cell(r["queries"][q]), _fmt_ms(o), _fmt_ms(rl), _ratio(o, rl)]
        lines.append(f"| `{q}` | " + " | ".join(cells) + " |")
    lines.append("")
    for r in rows:
        note = r["queries"].get("_rdflib_note")
        load = r["queries"].get("_rdflib_load_s")
        if note:
            lines.append(f"* {r['name']}: {note} (parsing would take minutes and GBs).")
        elif load is not None:
            lines.append(f"* {r['name']}: rdflib parsed the N-Quads in {load:.1f} s (`Dataset(default_union=True)`).")
    lines += [
        "",
        "The × column compares Oxigraph running the bundled query (`queries/NAME.rq`, with `LATERAL`) against",
        "rdflib running its plain SPARQL 1.1 form (`benchmarks/sparql11/NAME.rq`), checked to give the same rows.",
        "Rows: the query's result rows on that store, with its default parameters (the VALUES lines), except "
        + "; ".join(f"`{q}` with {', '.join(f'{k} = {v}' for k, v in p.items())}" for q, p in BENCH_PARAMS.items())
        + " (the bench archives' busiest month; the default range is empty there).",
        f"Medians of {args.repeat} runs after one warm-up (1 run when the warm-up took over 5 s); each query",
        f"runs in a child process stopped after {args.query_timeout:.0f} s (shown as `> {args.query_timeout:.0f} s`).",
        "Oxigraph on the on-disk store opened read-only, default graph = union, as `kg query` does.",
        "",
    ]
    return lines


def render(
    rows: list[dict], ref: dict, add_one: dict | None, started: dt.datetime, args: argparse.Namespace, tmp: Path
) -> str:
    cmd = (
        "make bench  # = .venv/bin/python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + f" --jobs {args.jobs}"
    )
    lines = [
        "# newskg benchmarks",
        "",
        "Measured by `benchmarks/run.py`; numbers come from one run on a shared machine, so",
        "treat them as ±20 % (other processes were running: see the load average).",
        "",
        f"* date: {started:%Y-%m-%d %H:%M %Z}",
        f"* machine: {machine()}",
        f"* load average at the end: {load_average()}",
        f"* command: `{cmd}`",
        "* data: `../shared/bench/ar-news.jsonl.gz` (20,736 Arabic), `en-news.jsonl.gz` (1,110 English);",
        "  each row is `kg build FILE --out DIR --no-view --no-export -q --jobs N` in a fresh folder, in a subprocess",
        "  (wall time includes start-up, model loading, ingest, extraction, store writes, default-graph",
        "  recompute, event merging and story detection; no TriG/Turtle/GraphML export: `kg export`).",
        "",
        "## Build",
        "",
        "| input | jobs | wall s | articles/s | tokens | tokens/s | tokens per CPU-s | CPU s | peak RSS, tree (largest process) | quads | N-Quads bulk load s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['jobs']} | {r['wall']:.1f} | {r['articles'] / r['wall']:.1f} | {r['tokens']:,} | "
            f"{r['tokens'] / r['wall']:,.0f} | {r['tokens'] / max(r['cpu'], 1e-9):,.0f} | {r['cpu']:.0f} | "
            f"{r['peak_tree'] / 2**20:,.0f} MiB ({r['maxrss_child'] / 2**20:,.0f} MiB) | {r['quads']:,} | {r['bulk_load_s']:.1f} |"
        )
    lines += [
        "",
        "Tokens: spaCy tokens (newskg's Arabic tokenizer, spaCy's English one) of the article texts,",
        "whitespace excluded. Peak RSS: summed RSS of `kg build` and its worker processes, sampled",
        "every 0.2 s (shared copy-on-write pages counted once per process, so an over-estimate); in",
        "brackets `ru_maxrss` of the build's `wait4`, the largest single process of its tree.",
        "",
    ]
    en = next((r for r in rows if r["lang"] == "en"), None)
    if en:
        ours = en["words"] / en["wall"]
        lines += [
            "## English: newskg against the plain spaCy model",
            "",
            "| pipeline | words | seconds | words/s | ratio |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| plain `{ref['model']}` ({', '.join(ref['pipes'])}), one process, `nlp.pipe` | {ref['words']:,} | "
            f"{ref['seconds']:.1f} | {ref['words_per_s']:,.0f} | 1.00 |",
            f"| newskg `kg build --jobs {en['jobs']}` end to end | {en['words']:,} | {en['wall']:.1f} | {ours:,.0f} | "
            f"{ours / ref['words_per_s']:.2f} |",
            "",
        ]
    lines += render_queries(rows, args)
    if add_one:
        lines += [
            "## Adding one article to the biggest store",
            "",
            "* `kg build one.jsonl.gz --out DIR --no-export` (new process: model loading, extraction, store write,",
            f"  default and index graphs, event merging; exports not rewritten): **{add_one['cli_s']:.1f} s**",
            f"* the store write alone (`Store.add_articles` of one extracted article, default graph included): "
            f"**{add_one['store_s'] * 1000:.0f} ms**",
            "",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
