"""Duplicates and merged events on the bench corpora (read-only; no article text is written).

    .venv/bin/python scripts/bench_dedup.py [--events-sample N] [--bench DIR]

Exact duplicates (same URL or normalised text) and near duplicates (MinHash,
Jaccard >= 0.5) over every article; event merging (kg/events.py) over the
relations extracted from a sample of N articles per corpus (the first N
lines, extraction being the slow part). Prints the figures docs/ingest.md quotes.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from kg.dedup import Deduper
from kg.events import EventReport, merge_events
from kg.ingest import iter_documents
from kg.model import Document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    ap.add_argument("--events-sample", type=int, default=1000, help="articles per corpus for event merging")
    args = ap.parse_args()
    for corpus in sorted(args.bench.glob("*.jsonl.gz")):
        t0 = time.perf_counter()
        d = Deduper()
        docs = [x for x in iter_documents([corpus]) if isinstance(x, Document)]
        kept = list(d.filter(docs))
        kinds = Counter(k for _s, k, _i in d.skipped)
        stories = d.stories()
        versions = sum(len(s.versions) for s in stories)
        print(
            f"{corpus.name}: {len(docs)} articles; exact duplicates skipped: {kinds['same-url']} same URL, "
            f"{kinds['same-text']} same text; near duplicates: {len(stories)} stories of {versions} articles "
            f"({versions - len(stories)} near-duplicate articles); {time.perf_counter() - t0:.0f} s"
        )
        if args.events_sample:
            from kg.pipeline import extract_documents
            from kg.rdf import entity_iri, event_iri

            t1 = time.perf_counter()
            sample = kept[: args.events_sample]
            reports = []
            for r in extract_documents(sample):
                for rel in r.relations:
                    if rel.object is None:
                        continue
                    reports.append(
                        EventReport(
                            event=str(event_iri(rel)),
                            article=r.doc.id,
                            predicate=rel.predicate,
                            subject=str(entity_iri(rel.subject.split(":", 1)[-1])),
                            object=str(entity_iri(rel.object.split(":", 1)[-1])),
                            modality=rel.modality,
                            date=rel.date,
                            article_date=r.doc.published,
                        )
                    )
            merged = merge_events(reports)
            multi = [m for m in merged if len(m.articles) > 1]
            print(
                f"  events ({len(sample)} articles): {len(reports)} event nodes -> {len(merged)} merged events; "
                f"{len(multi)} reported by 2+ articles, folding {sum(len(m.reports) for m in multi) - len(multi)} "
                f"event nodes; {time.perf_counter() - t1:.0f} s"
            )


if __name__ == "__main__":
    main()
