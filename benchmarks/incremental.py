"""Adding one article to a big built folder, and the bundled queries on it (medians).

    .venv/bin/python benchmarks/incremental.py DIR [--runs 3] [--queries-only] [--settle] [--sustained N]

DIR is a folder made by ``kg build`` (e.g. 5,000 Arabic articles:
``zcat ../shared/bench/ar-news.jsonl.gz | head -5000 > /tmp/ar5000.jsonl`` then
``kg build /tmp/ar5000.jsonl --out /tmp/b5000 --no-view -q``). It is never
written: each run works on a fresh copy. Prints, as medians of ``--runs``:

* ``Store.add_articles`` of one extracted article (the store write alone,
  default and index graphs included);
* ``KnowledgeGraph.add`` of a one-article JSONL in this (warm) process,
  extraction included, exports not rewritten: the bench's own article, whose
  people and organisations a gazetteer knows, and the bundled sample
  (``data/samples``), whose unknown people make cross-article resolution read
  every person and organisation name of the store;
* ``KnowledgeGraph.add`` of a changed version of a stored article (the bench's, added first);
* ``KnowledgeGraph.add`` of each article of ``../shared/corpus`` one after another in one
  open graph (the sample first, not timed): what an analyst adding today's articles sees;
* every ``queries/*.rq`` with its default parameters, on the store opened read-only;
* with ``--sustained N``: ``KnowledgeGraph.add`` of N English bench articles one after another,
  after one more not counted (median, mean, 90th percentile, max).

A folder kept by ``make bench`` (``--keep``) already holds the article this script adds (the
bench adds it too): the script then works on a copy from which it is removed first
(:func:`kg.build.remove_articles`), else every add would be skipped as a duplicate.

``--settle`` times the adds on copies of a copy of DIR to which nothing was
built first (what the first add to a folder does once: RocksDB replays the
write-ahead log a build leaves, 0.5-1.5 s on 20,000 articles, an index of an
earlier version is rewritten, and a folder of an earlier version has its
articles listed once), so the figures are those of the second and later adds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from run import ONE_ARTICLE, one_article_nquads, read_records  # noqa: E402


def fresh_copy(src: Path, work: Path) -> Path:
    """*work*, a new copy of *src* (what was there before removed), written back to disk now, not
    during the timed add (a store copy is gigabytes)."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work)
    os.sync()
    return work


def write_record(path: Path, record: dict[str, str]) -> Path:
    """*path*, a one-article JSONL file holding *record*."""
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def store_write(src: Path, tmp: Path, runs: int) -> float:
    from kg.store import Store

    rec = dict(ONE_ARTICLE, id=ONE_ARTICLE["id"] + "-store")
    with Store.open_read_only(src / "store") as st:
        nquads = one_article_nquads(rec, st)
    took = []
    for _ in range(runs):
        with Store(fresh_copy(src / "store", tmp / "store-copy")) as st:
            t0 = time.perf_counter()
            st.add_articles(nquads)
            took.append(time.perf_counter() - t0)
    return statistics.median(took)


SAMPLE = ROOT / "data" / "samples" / "russia-haftar-2023-08-23.txt"


def warm_add(src: Path, tmp: Path, runs: int, *, sample: bool = False) -> float:
    """Median seconds of ``KnowledgeGraph.add`` of one article in this process; *sample*: the bundled
    sample article (people no gazetteer knows: cross-article resolution reads the store), else
    the bench's own article (everyone in it is in a gazetteer: no resolution)."""
    import kg
    from kg.model import Document
    from kg.pipeline import extract_document

    extract_document(Document(id="warm-up", text=ONE_ARTICLE["text"], lang="ar"))  # load the pipeline
    took = []
    for i in range(runs):
        work = fresh_copy(src, tmp / "folder-copy")
        if sample:
            one = tmp / f"sample-{i}" / SAMPLE.name
            one.parent.mkdir(exist_ok=True)
            shutil.copy(SAMPLE, one)
        else:
            one = write_record(tmp / f"one-{i}.jsonl", dict(ONE_ARTICLE, id=f"{ONE_ARTICLE['id']}-{i}"))
        with kg.open(work) as g:
            t0 = time.perf_counter()
            report = g.add(one, view=False)
            took.append(time.perf_counter() - t0)
        assert report.added, report
    return statistics.median(took)


def warm_replace(src: Path, tmp: Path, runs: int) -> float:
    """Median seconds of ``KnowledgeGraph.add`` of a changed version of a stored article in this
    process: the bench's article is added to a fresh copy, then a version with one more sentence."""
    import kg

    took = []
    for i in range(runs):
        work = fresh_copy(src, tmp / "replace-copy")
        record = dict(ONE_ARTICLE, id=f"{ONE_ARTICLE['id']}-replaced-{i}")
        first = write_record(tmp / f"first-{i}.jsonl", record)
        changed = dict(record, text=record["text"] + " وأضاف أن المحادثات ستستمر الأسبوع المقبل.")
        second = write_record(tmp / f"second-{i}.jsonl", changed)
        with kg.open(work) as g:
            assert g.add(first, view=False).added
            t0 = time.perf_counter()
            report = g.add(second, view=False)
            took.append(time.perf_counter() - t0)
        assert report.replaced, report
    return statistics.median(took)


CORPUS = ROOT.parent / "shared" / "corpus"


def one_after_another(src: Path, tmp: Path) -> list[tuple[str, float]]:
    """Seconds of ``KnowledgeGraph.add`` of each article of ``../shared/corpus`` (Arabic and English
    news with people no gazetteer knows), one after another on one copy of *src* in one open
    graph, after the bundled sample (not timed: the first add of a process reads the folder's
    names file, see ``warm_add``); [] when the corpus is absent."""
    import kg
    from kg.model import Document
    from kg.pipeline import extract_document

    files = sorted(p for p in CORPUS.glob("*/*.txt") if p.name != SAMPLE.name)
    if not files:
        return []
    # the English pipeline too (warm_add loads the Arabic one)
    extract_document(Document(id="warm-up-en", text="Vladimir Putin met Khalifa Haftar in Moscow.", lang="en"))
    work = fresh_copy(src, tmp / "one-after-another")
    took = []
    with kg.open(work) as g:
        for f in [SAMPLE, *files]:
            one = tmp / "seq" / f.parent.name / f.name
            one.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, one)
            t0 = time.perf_counter()
            report = g.add(one, view=False)
            if f != SAMPLE:
                took.append((f"{f.parent.name}/{f.stem}", time.perf_counter() - t0))
            assert report.added, report
    return took


EN_BENCH = ROOT.parent / "shared" / "bench" / "en-news.jsonl.gz"


def sustained(src: Path, tmp: Path, count: int) -> list[float]:
    """Seconds of ``KnowledgeGraph.add`` of each of the first *count* English bench articles (news the
    Arabic folders do not hold), one per add, one after another on one copy of *src* in one open graph:
    what many adds cost on average ([] when the bench file is absent)."""
    import kg

    if not EN_BENCH.exists():
        return []
    records = read_records(EN_BENCH, count)
    work = fresh_copy(src, tmp / "sustained")
    took = []
    with kg.open(work) as g:
        for i, record in enumerate(records):
            one = write_record(tmp / f"sustained-{i}.jsonl", record)
            t0 = time.perf_counter()
            g.add(one, view=False)
            took.append(time.perf_counter() - t0)
    return took


def queries(src: Path, runs: int) -> dict[str, float]:
    from kg.store import Store, iter_rq_files

    out = {}
    with Store.open_read_only(src / "store") as st:
        for f in iter_rq_files(ROOT / "queries"):
            q = f.read_text(encoding="utf-8")
            took = []
            for i in range(runs + 1):
                t0 = time.perf_counter()
                list(st.query(q))
                if i:
                    took.append(time.perf_counter() - t0)
            out[f.stem] = 1000 * statistics.median(took)
    return out


def settle(src: Path, tmp: Path) -> Path:
    """A copy of *src* as the first add leaves it: store opened read-write once, dedup index in the
    current format and its state recorded in the store (a build of nothing does all three)."""
    from kg.build import build

    out = tmp / "settled"
    shutil.copytree(src, out)
    build([], out, view=False, export=False)
    return out


def without_bench_article(src: Path, tmp: Path) -> Path:
    """*src*, or a copy of it without the articles the bench adds (their text is the one added here)."""
    from kg.build import remove_articles
    from kg.store import Store, article_iri

    ids = [ONE_ARTICLE["id"], ONE_ARTICLE["id"] + "-2"]
    with Store.open_read_only(src / "store") as st:
        present = [i for i in ids if article_iri(i) in st.article_iris()]
    if not present:
        return src
    out = tmp / "without-bench-article"
    shutil.copytree(src, out)
    with Store(out / "store") as st:
        remove_articles(st, out, present)
    print(f"(working on a copy without {', '.join(present)}: the bench added them)", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--queries-only", action="store_true")
    ap.add_argument("--settle", action="store_true", help="time later adds, not the first one (see above)")
    ap.add_argument(
        "--sustained", type=int, default=0, metavar="N", help="then add N English bench articles one after another"
    )
    args = ap.parse_args(argv)
    for name, ms in queries(args.folder, max(args.runs, 5)).items():
        print(f"query {name:24} {ms:9.1f} ms", flush=True)
    if args.queries_only:
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-incr-") as tmp:
        src = without_bench_article(args.folder, Path(tmp))
        src = settle(src, Path(tmp)) if args.settle else src
        print(f"Store.add_articles (one article)   {store_write(src, Path(tmp), args.runs):.3f} s", flush=True)
        print(f"KnowledgeGraph.add (warm, one)     {warm_add(src, Path(tmp), args.runs):.3f} s", flush=True)
        took = warm_add(src, Path(tmp), args.runs, sample=True)
        print(f"KnowledgeGraph.add (warm, sample)  {took:.3f} s  (resolution across articles)", flush=True)
        took = warm_replace(src, Path(tmp), args.runs)
        print(f"KnowledgeGraph.add (warm, changed)  {took:.3f} s  (a stored article's new version)", flush=True)
        seq = one_after_another(src, Path(tmp))
        if seq:
            times = [t for _, t in seq]
            print(
                f"KnowledgeGraph.add, one after another: median {statistics.median(times):.3f} s, "
                f"{sum(t <= 1 for t in times)} of {len(times)} within 1 s",
                flush=True,
            )
            for name, t in seq:
                print(f"    {t:6.3f} s  {name}", flush=True)
        if args.sustained:
            adds = sustained(src, Path(tmp), args.sustained + 1)
            if len(adds) > 1:
                # the first add of the copy reads its names (new path: no names copy), as in one_after_another
                print(f"KnowledgeGraph.add, the first English bench article: {adds[0]:.3f} s (not counted)", flush=True)
                adds = adds[1:]
                ranked = sorted(adds)
                print(
                    f"KnowledgeGraph.add, {len(adds)} English bench articles one after another: "
                    f"median {statistics.median(adds):.3f} s, mean {statistics.mean(adds):.3f} s, "
                    f"90th percentile {ranked[int(0.9 * (len(adds) - 1))]:.3f} s, max {ranked[-1]:.3f} s, "
                    f"{sum(t <= 1 for t in adds)} within 1 s",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
