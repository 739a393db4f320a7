"""Build articles into an output folder: store, TriG/Turtle, GraphML and an HTML view.

``DIR/store/`` is a persistent Oxigraph store; the exported files are
rewritten atomically from it after every build, so a reader never sees a
half-written file and an interrupted build leaves the previous ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .ingest import IngestProblem, iter_documents
from .model import Document
from .pipeline import ArticleResult, extract_documents
from .resolution import resolve_across

__all__ = ["BuildReport", "build", "export_all"]


@dataclass
class BuildReport:
    """What a build did."""

    out: Path
    articles: int = 0
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (source, same-url|same-text, kept id)
    stories: int = 0  # groups of near-duplicate articles (kg/dedup.py)
    event_reports: int = 0  # event nodes of all article graphs
    merged_events: int = 0  # happenings they report (kg/events.py)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kg-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"{out}: output folder is not writable ({exc.strerror})") from exc


def _documents(
    paths: Iterable[str | Path],
    problems: list[IngestProblem],
    extra: Iterable[Document | IngestProblem] = (),
) -> Iterator[Document]:
    seen: set[str] = set()
    for item in itertools.chain(iter_documents(paths), extra):
        if isinstance(item, IngestProblem):
            problems.append(item)
            continue
        if item.id in seen:
            problems.append(IngestProblem(item.source or item.id, f"duplicate article id {item.id!r}; skipped"))
            continue
        seen.add(item.id)
        yield item


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
    view: bool = True,
    urls: str | Path | None = None,
    record_fetch_time: bool = False,
) -> BuildReport:
    """Extract every article under *paths* into the store at ``out/store`` and export.

    Articles already in the store with the same text are skipped; changed ones
    replace their named graph. ``urls``: a file of URLs (one a line) fetched
    politely through the cache ``out/cache`` (kg/web.py). Exact duplicates
    (same URL or normalised text as another article) are skipped and listed in
    ``report.duplicates``; near duplicates become stories, and event nodes of
    one happening are merged (kg/dedup.py, kg/events.py).
    """
    from .rdf import article_dataset
    from .store import Store

    out = Path(out)
    _check_writable(out)
    report = BuildReport(out=out)
    from .dedup import Deduper, stored_article_ids, write_stories
    from .events import rebuild_events
    from .web import read_url_list, using_cache

    dedup = Deduper.load(out / "dedup.json")
    if (out / "store").exists():
        with Store(out / "store") as store:
            stored = set(stored_article_ids(store))
        dedup.forget([i for i in dedup.signatures if i not in stored])
    extra = (
        read_url_list(Path(urls), cache=out / "cache", record_fetch_time=record_fetch_time) if urls is not None else ()
    )
    results: list[ArticleResult] = []
    with using_cache(out / "cache"):
        for r in extract_documents(dedup.filter(_documents(paths, report.problems, extra))):
            results.append(r)
            if progress is not None:
                progress(1)
    report.articles = len(results)
    report.duplicates = list(dedup.skipped)
    with Store(out / "store") as store:
        results = resolve_across(results, store)
        rep = store.replace_dataset(article_dataset(results))
        report.added, report.replaced, report.unchanged = rep.added, rep.replaced, rep.unchanged
        stored_ids = stored_article_ids(store)
        dedup.forget([i for i in dedup.signatures if i not in set(stored_ids)])
        report.stories = write_stories(store, dedup.stories(stored_ids))
        ev = rebuild_events(store)
        report.event_reports, report.merged_events = ev.reports, ev.merged
        dedup.save(out / "dedup.json")
        report.files = export_all(store, out, view=view)
        report.entities_by_type, report.relations_by_predicate = summarize(store)
    return report


def summarize(store: object) -> tuple[dict[str, int], dict[str, int]]:
    """Entity counts by type and event counts by predicate in a store."""
    ents = {
        str(r["t"]).rsplit("#", 1)[-1]: int(r["n"])
        for r in store.select(  # type: ignore[attr-defined]
            "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a nkg:Entity ; a ?t . "
            "FILTER(?t IN (nkg:Person, nkg:Organization, nkg:Location, nkg:NamedEvent)) } GROUP BY ?t ORDER BY ?t",
            use_default_graph_as_union=False,
        )
    }
    rels = {
        str(r["p"]).rsplit("#", 1)[-1]: int(r["n"])
        for r in store.select(  # type: ignore[attr-defined]
            "SELECT ?p (COUNT(DISTINCT ?ev) AS ?n) WHERE { GRAPH ?g { ?ev a nkg:Event ; nkg:predicate ?p } } "
            "GROUP BY ?p ORDER BY ?p"
        )
    }
    return ents, rels


def export_all(store: object, out: Path, *, view: bool = True) -> dict[str, Path]:
    """Write graph.trig, graph.ttl, graph.graphml and graph.html from the store (atomically)."""
    from .graph import to_networkx, write_graphml

    files = {
        "trig": store.export("trig", out / "graph.trig"),  # type: ignore[attr-defined]
        "turtle": store.export("turtle", out / "graph.ttl"),  # type: ignore[attr-defined]
    }
    G = to_networkx(store)  # type: ignore[arg-type]
    files["graphml"] = write_graphml(G, out / "graph.graphml")
    if view:
        from .viz import write_html

        files["html"] = write_html(G, out / "graph.html", title="newskg")
    return files
