"""Arabic extraction per article, in one process, stage by stage (CPU time).

Usage::

    .venv/bin/python benchmarks/arabic_throughput.py [--bench ../shared/bench/ar-news.jsonl.gz]
        [--articles 1000] [--repeat 2]

Reads the first ``--articles`` Arabic articles and runs what a ``kg build`` worker runs
for each: the spaCy pipeline (tokenizer, sentences, normaliser, gazetteer), the token
view, mention finding, in-article resolution and relation extraction. Prints CPU
milliseconds per article for each stage and tokens (non-space spaCy tokens) per
CPU-second for the whole, the best of ``--repeat`` passes after one warm-up article.
Cross-article resolution, RDF, store writes and the process pool are not included:
``make bench`` measures those end to end. No text of the benchmark file is stored;
when the file is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ar-news.jsonl.gz"
STAGES = ("spacy", "view", "mentions", "resolve", "relations")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.bench.exists():
        print(f"{args.bench}: not found; nothing to measure")
        return 0

    from kg.extract.mentions import find_mentions
    from kg.extract.relations import extract_relations
    from kg.extract.resolve import resolve_mentions
    from kg.extract.tokens import view_from_doc
    from kg.lexicon import load_lexicon
    from kg.model import Document
    from kg.nlp import get_pipeline

    docs = []
    with gzip.open(args.bench, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text", "").strip():
                docs.append(Document(id=str(rec["id"]), text=rec["text"], lang="ar"))
            if len(docs) >= args.articles:
                break
    nlp = get_pipeline("ar")
    lex = load_lexicon("ar")
    nlp(docs[0].text)  # warm-up: lexicon, matcher tables
    best: dict[str, float] | None = None
    tokens = 0
    for _ in range(max(1, args.repeat)):
        spent = dict.fromkeys(STAGES, 0.0)
        tokens = 0
        for d in docs:
            t0 = time.process_time()
            sdoc = nlp(d.text)
            t1 = time.process_time()
            view = view_from_doc(sdoc, "ar")
            t2 = time.process_time()
            ms = find_mentions(view, lex)
            t3 = time.process_time()
            res = resolve_mentions(ms, lex, "ar")
            t4 = time.process_time()
            extract_relations(d, view, ms, res, lex)
            t5 = time.process_time()
            for stage, a, b in zip(STAGES, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5), strict=True):
                spent[stage] += b - a
            tokens += len(view.toks)
        if best is None or sum(spent.values()) < sum(best.values()):
            best = spent
    assert best is not None
    total = sum(best.values())
    n = len(docs)
    print(f"{n} Arabic articles, {tokens:,} tokens, best of {args.repeat}")
    print("| stage | CPU ms per article |\n| --- | ---: |")
    for stage in STAGES:
        print(f"| {stage} | {1000 * best[stage] / n:.2f} |")
    print(f"| **all** | **{1000 * total / n:.2f}** |")
    print(f"\n{tokens / total:,.0f} tokens per CPU-second (extraction only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
