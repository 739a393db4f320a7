"""Build articles into an output folder: store, TriG/Turtle, GraphML and an HTML view.

``DIR/store/`` is a persistent Oxigraph store; the exported files are
rewritten atomically from it after every build, so a reader never sees a
half-written file and an interrupted build leaves the previous ones.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import pickle
import tempfile
import urllib.parse
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bulkload import BulkLoad
from .errors import OutputError
from .events import ReportRow, article_reports
from .ingest import IngestProblem, iter_documents
from .model import Document
from .pipeline import extract_documents
from .resolution import (
    NAMES_FILE,
    AliasRow,
    NameRow,
    ResolutionInput,
    ResolutionPlan,
    append_names,
    apply_plan,
    article_name_rows,
    compact_names,
    iter_plans,
    load_names_content,
    names_keys_current,
    names_state,
    needs_resolution,
    romanisation_candidates,
    store_name_rows,
    write_names,
)
from .store import ARTICLE_NS
from .summary import ArticleFacts, SummaryBuilder, article_facts, article_record
from .text import short_hash
from .translit import remember_romanizations, romanize

__all__ = [
    "BuildReport",
    "Partition",
    "apply_plans",
    "build",
    "export_all",
    "extract_partition",
    "remove_articles",
    "update_events",
]


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


def _repeated_id(doc: Document) -> IngestProblem:
    """The problem of an article whose id an earlier one of the same build has (the first is built)."""
    return IngestProblem(doc.source or doc.id, f"duplicate article id {doc.id!r}; skipped")


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
            problems.append(_repeated_id(item))
            continue
        seen.add(item.id)
        yield item


def build(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str, int | None], None] | None = None,
    view: bool = True,
    urls: str | Path | None = None,
    record_fetch_time: bool = False,
    jobs: int = 1,
    executor: Any = None,
    batch_size: int = 64,
    export: bool = True,
    store: Any = None,
) -> BuildReport:
    """Extract every article under *paths* into the store at ``out/store`` and export.

    Articles already in the store with the same text are skipped; changed ones
    replace their named graph. ``urls``: a file of URLs (one a line) fetched
    politely through the cache ``out/cache`` (kg/web.py). Exact duplicates
    (same URL or normalised text as another article) are skipped and listed in
    ``report.duplicates``; near duplicates become stories, and event nodes of
    one happening are merged (kg/dedup.py, kg/events.py).

    Streaming: articles are read, extracted and written in batches of
    *batch_size*; ``jobs > 1`` extracts the batches in a pool of worker
    processes (each loads the pipelines once); *executor* may be any object
    with ``submit(fn, batch) -> future`` (``future.result()``), e.g. a
    ``dask.distributed.Client`` (see :mod:`kg.distributed`). Every path gives
    the same store, triple for triple. An article with a person or organisation
    no gazetteer knows waits (pickled to a temporary file) until the whole
    input has been read; cross-article resolution then plans their changes
    here, in input order, against the store as it was, exactly as
    :func:`kg.resolution.resolve_across` over all results at once would (the
    other articles cannot change it or be changed by it), and the workers
    rewrite them by those plans (:func:`apply_plans`). New articles go to
    N-Quads shard files, each bulk-loaded by a background thread as soon as it
    is full (:class:`kg.bulkload.BulkLoad`; an interrupted load is undone by
    the next build); the default and index graphs of entities new to the store
    come from the summary facts the workers computed (:mod:`kg.summary`), the
    others are recomputed once; changed articles replace their graphs in one
    transaction. A build of few new articles writes them in one transaction
    instead (:meth:`kg.store.Store.add_articles`), which is much faster than
    the bulk loader for a handful of articles.

    *progress* is called with the number of articles extracted as extraction
    advances. *stage*, if given, is called with a stage's name and its number of
    articles (None: not counted) as it starts: ``extracting``, ``resolving
    across articles``, ``writing the store``, ``stories and events``,
    ``exporting``; *progress* then also counts the articles of the resolving stage.

    *store*: the :class:`kg.store.Store` at ``out/store``, already open for writing, which the
    build uses and leaves open (a process adding article after article keeps one open: closing
    flushes it, and on a big store every 16th or so flush waits 5-12 s for a compaction).

    ``export=False`` leaves graph.trig, graph.ttl, graph.graphml and
    graph.html as they are (rewriting them costs seconds to minutes on a big
    store); ``kg export DIR`` (or :func:`export_all`) rewrites them later.
    ``report.files`` is then empty.
    """
    from .store import Store

    out = Path(out)
    _check_writable(out)
    report = BuildReport(out=out)
    from .dedup import keep, load_kept, write_stories
    from .events import rebuild_events, reports_of
    from .web import read_url_list, using_cache

    def begin(name: str, total: int | None = None) -> None:
        if stage is not None:
            stage(name, total)

    dedup = load_kept(out / "dedup.json")
    extra = (
        read_url_list(Path(urls), cache=out / "cache", record_fetch_time=record_fetch_time) if urls is not None else ()
    )
    if store is not None and (
        store.read_only or store.path is None or Path(store.path).resolve() != (out / "store").resolve()
    ):
        raise ValueError(f"build(store=...) must be the store at {out / 'store'} open for writing, not {store!r}")
    with (
        Store.open_for_writing(out / "store") if store is None else contextlib.nullcontext(store) as store,
        tempfile.TemporaryDirectory(prefix=".kg-shards-", dir=out) as shard_dir,
    ):
        dropped = store.recover()  # an interrupted build: drop half-loaded articles, finish pending marks
        # a build killed after its store write and before the stories and merged events below
        # leaves this mark: this build redoes both in full (it would find the articles stored and
        # unchanged, and redo nothing)
        stale = store.derived_stale()
        _drop_key_reports_if_changed(store)
        # the state of the folder's indexes (dedup.json, names.jsonl), which the store records when
        # they match its articles (dropped at the end, when the new one is recorded). Then the stored
        # articles (doc ids) are the dedup index's own (listing 20,000 graphs took 0.2 s of adding one
        # article), else they are listed; an index may lack some (a dedup.json lost)
        names_path = out / NAMES_FILE
        names_at_start = names_state(names_path)  # None once it may not match the store
        index_state = _index_state(dedup.saved_state, names_at_start)
        index_states = [index_state]
        listed: set[str] | None = None
        trusted = not dropped and store.dedup_index_matches(index_state)
        # the reports of busy keys this process read before, if the store is still as it left it
        key_reports = _KEY_REPORTS.take(out / "store", index_state if trusted else None)
        if trusted:
            stored = set(dedup.signatures)
        else:
            listed, recorded = store.graph_inventory()
            index_states += recorded  # a killed build's too
            stored = {_doc_id(i) for i in listed}
            names_at_start = None
        stored_before = bool(stored) or (bool(listed) if listed is not None else store.has_articles())
        loader = _Loader(store, report, Path(shard_dir), listed)
        # forget articles no longer stored (removed since the last build) before dedup checks
        forgotten = [i for i in dedup.signatures if i not in stored]
        dedup.forget(forgotten)
        extracted: set[str] = set()  # this build's articles that go through extraction
        position: dict[str, int] = {}  # they and those skipped as unchanged, in input order (the report's)
        try:
            with using_cache(out / "cache"), _Deferred() as deferred, _runner(jobs, executor) as submit:
                items: Iterable[Any] = itertools.chain(iter_documents(paths), extra)
                if stored:  # stored articles with the same text are not extracted again (see _unchanged)
                    items = _unchanged(items, store, stored, dedup, report, position, progress)
                # exact duplicates first: a page seen again (feed, WARC) has the same URL-derived id
                docs = _documents((), report.problems, dedup.filter(items))
                window = max(2, 2 * max(jobs, 1))
                extract = functools.partial(submit, extract_partition)
                begin("extracting")
                for part in _in_order(extract, _batched(docs, batch_size), window=window):
                    for iri in part.iris:
                        extracted.add(iri)
                        position.setdefault(iri, len(position))
                    loader.add(part)
                    deferred.extend(part.deferred)
                    remember_romanizations(part.romanised)
                    report.articles += len(part.iris)
                    if progress is not None:
                        progress(len(part.iris))
                if len(deferred):
                    begin("resolving across articles", len(deferred))
                    # the loader may be loading this build's articles meanwhile: the view hides their
                    # graphs, so resolution sees the store as it was, as resolve_across over all results does
                    store_view = _StoreView(store, extracted)
                    # plans here, in input order (each depends on the ones before); the articles are
                    # rewritten by them and turned into N-Quads by the workers
                    # the store's person and organisation names from the names file, if it matches
                    names = load_names_content(names_path) if names_at_start else None
                    plans = iter_plans(deferred.inputs(), store_view, names)
                    work = _batched(zip(deferred.results(), plans, strict=True), batch_size)
                    for part in _in_order(functools.partial(submit, apply_plans), work, window=window):
                        loader.add(part)
                        if progress is not None and stage is not None:  # counted again only per stage
                            progress(len(part.iris))
            begin("writing the store")
            new_ids = [_doc_id(i) for i in loader.new]
            stored_set = stored | set(new_ids)  # the stored articles once written
            dedup.forget([i for i in dedup.signatures if i not in stored_set])
            # the signatures first (nothing changes them after this): a build killed after the store
            # write can regroup the stories (those of articles the write did not reach are forgotten
            # by the next build)
            dedup.save(out / "dedup.json")
            if loader.new or loader.replaced or dropped or forgotten:
                store.mark_derived_stale()
            # the (predicate, parties) the replaced articles' old versions report: merged again below
            old_keys = _event_keys(store, sorted(loader.replaced)) if loader.replaced else []
            loader.finish()
        except BaseException:
            loader.abort()  # a failed build: stop loading; the next build's recover() undoes the load
            raise
        report.duplicates = list(dedup.skipped)
        for lst in (report.added, report.replaced, report.unchanged):
            lst.sort(key=lambda i: position.get(i, len(position)))
        stored_ids = sorted(stored_set)
        begin("stories and events")
        # a replaced article in no story had no link: its new text's links are found like a new one's
        replaced_ids = [_doc_id(i) for i in report.replaced]
        old_sigs = {i: dedup.previous.get(i) for i in replaced_ids}
        links = None
        # each article's links cost a pass over every signature (6 ms on 20,000): past 1 % of the store,
        # regrouping all (seconds) is cheaper
        few = _LINKS_SHARE * (len(new_ids) + len(replaced_ids)) <= len(stored_set)
        if (
            few
            and not (stale or forgotten or dropped or any(v is None for v in old_sigs.values()))
            and not _in_stories(store, replaced_ids)
        ):
            links = _story_links(dedup, [*new_ids, *replaced_ids], stored_set, old_sigs)
        if links is None:
            report.stories = write_stories(store, dedup.stories(stored_ids))
        else:  # the new articles join stories by these links, or none (then the stories graph stands)
            if links:
                _update_stories(store, links)
            report.stories = _story_count(store)
        # articles removed since the last build (forgotten) may have left merged events: rebuild all then
        # (and when the new and replaced articles are a large part of the store, e.g. a first build,
        # one full rebuild is cheaper than looking up every key they report)
        # (nothing new and nothing replaced: the events graph stands, _remerge only counts)
        remerged = False
        if stale or dropped or forgotten or 4 * (len(loader.new) + len(report.replaced)) > len(stored_set):
            known = None
            if loader.reports is not None and not stored_before:
                # every stored article is one this build wrote: their reports are known, none is read back
                known = reports_of(loader.reports, store)
            ev = rebuild_events(store, known)
            report.event_reports, report.merged_events = ev.reports, ev.merged
        else:  # recompute the merged events of the (predicate, parties) the new and replaced articles
            # report, and of those the replaced ones' old versions reported (a rebuild of all took 30 s
            # on 20,000 articles to replace one)
            keys = set(old_keys) | set(_event_keys(store, [*loader.new, *report.replaced]))
            # only adds: the stored reports of these keys were merged before, only what changes is written
            fresh = None if report.replaced else loader.new
            report.event_reports, report.merged_events = _remerge(store, sorted(keys), fresh, key_reports)
            remerged = True
        names_now = _update_names(names_path, names_at_start, loader, report.replaced, store, stored_before)
        # every article of the saved dedup index is stored now, and the names file holds their names
        new_state = _index_state(dedup.saved_state, names_now)
        store.clear_derived_stale(new_state, replaces=index_states)
        # kept for the next build only after adds whose merged events _remerge updated with it
        # (or after nothing at all): every other write leaves some of them out of date
        if not (stale or dropped or forgotten or report.replaced) and (remerged or not loader.new):
            _KEY_REPORTS.keep(out / "store", new_state, key_reports)
        keep(out / "dedup.json", dedup)  # as saved above: the next build of this process starts from it
        if export:
            begin("exporting")
            report.files = export_all(store, out, view=view)
        report.entities_by_type, report.relations_by_predicate = summarize(store)
    return report


def _unchanged(
    items: Iterable[Any],
    store: Any,
    stored: set[str],
    dedup: Any,
    report: BuildReport,
    position: dict[str, int],
    progress: Callable[[int], None] | None,
) -> Iterator[Any]:
    """*items* without the stored articles whose text is the stored one (listed as unchanged).

    The store keeps an article whose text hashes the same (``nkg:contentHash``) whatever its
    extraction gives now, so it is not extracted at all: rebuilding a folder of 20,000 stored
    articles to add a few re-extracted every one of them. A URL the dedup index does not give
    to the article yet still goes through (the index learns it), as does every other item.
    """
    from .dedup import canonical_url

    skipped: set[str] = set()
    for batch in _batched(items, 256):
        known = [x for x in batch if isinstance(x, Document) and x.id in stored and x.id not in skipped]
        hashes = store._stored_articles([_article_iri(d.id) for d in known]) if known else {}
        n = 0
        for x in batch:
            if isinstance(x, Document):
                if x.id in skipped:  # as _documents says of an id seen before
                    report.problems.append(_repeated_id(x))
                    continue
                iri = _article_iri(x.id)
                h = hashes.get(iri)
                if (
                    h is not None
                    and h == short_hash(x.text, n=64)
                    and (not x.url or dedup.urls.get(canonical_url(x.url)) == x.id)
                ):
                    skipped.add(x.id)
                    report.unchanged.append(iri)
                    report.articles += 1
                    position.setdefault(iri, len(position))
                    n += 1
                    continue
            yield x
        if n and progress is not None:
            progress(n)


def _index_state(dedup_state: str | None, names: str | None) -> str | None:
    """What a build records in the store (Store.clear_derived_stale) for the folder's two indexes."""
    return None if dedup_state is None else f"{dedup_state}+{names or 'none'}"


def _update_names(
    path: Path, valid: str | None, loader: _Loader, replaced: list[str], store: Any, stored_before: bool
) -> str | None:
    """Bring the names file up to date with the store after a build's write; returns its state.

    *valid*: its state when it matched the store at the start. Then the new and changed
    articles' rows are appended (the changed ones' old rows dropped); else it is written
    anew: from this build's rows if the store had no article before, else read from the store
    (once, seconds on a big store).
    """
    rows = [r for article_rows, _ in loader.names.values() for r in article_rows]
    aliases = [a for _, article_aliases in loader.names.values() for a in article_aliases]
    if valid is not None:
        return _append_names(path, valid, rows, aliases, replaced, bool(loader.names))
    if not stored_before:
        return write_names(path, (rows, aliases))
    return write_names(path, store_name_rows(store))


def _append_names(
    path: Path, valid: str, rows: list[NameRow], aliases: list[AliasRow], dropped: list[str], written: bool = False
) -> str:
    """Append to the names file in state *valid* (it matches the store) the rows of the articles a
    build *written* and drop those of *dropped* ones (changed or removed); write it anew when that
    or an earlier version leaves it mostly dropped rows or keys of other code. Returns its state."""
    state = append_names(path, rows, aliases, dropped) if written or dropped else valid
    if dropped or not names_keys_current(path):  # drop lines, or keys of another version
        return compact_names(path) or state
    return state


def update_events(store: Any, new_articles: list[str]) -> tuple[int, int]:
    """Update the merged-events graph after adding *new_articles* (none of them replaced); one transaction.

    Merged events are a function of the reports of one (predicate, modality,
    parties) key (:func:`kg.events.merge_events`), so only the keys the new
    articles report change: every merged node with such a predicate and parties
    is deleted and recomputed from all the reports of those parties, the rest is
    left alone. The graph is the one :func:`kg.events.rebuild_events` writes.
    Returns (event reports, merged events) of the whole store.
    """
    return _remerge(store, _event_keys(store, new_articles), new_articles)


def _event_keys(store: Any, articles: list[str]) -> list[tuple[str, str, str]]:
    """(predicate, subject, object) of every event these article graphs report."""
    from .events import event_reports
    from .store import _iri

    if not articles:
        return []
    new = event_reports(store, "VALUES ?g { " + " ".join(_iri(a) for a in articles) + " }")
    return sorted({_report_key(r) for r in new})


def _report_key(r: Any) -> tuple[str, str, str]:
    """(predicate, subject, object) of an event report, as :func:`_event_keys` gives them."""
    return (r.key[0], r.key[2], r.key[3])


_KEY_REPORTS_MIN = 100  # a key with fewer reports is read from the store again (milliseconds)
_KEY_REPORTS_MAX = 500_000  # reports a process keeps at most (about 250 MB)


class _KeptReports:
    """The event reports of busy (predicate, subject, object) keys a process read from one store.

    Valid only while the store records the index state the process's last build recorded (no
    other process, removal or replacement wrote to it since): :meth:`take` at the start of a
    build gives them (or an empty dict), :meth:`keep` after it ends.
    """

    def __init__(self) -> None:
        self.store = ""
        self.state: str | None = None
        self.by_key: dict[tuple[str, str, str], list[Any]] = {}

    def take(self, store: Path, state: str | None) -> dict[tuple[str, str, str], list[Any]]:
        path = str(Path(store).resolve())
        kept = self.by_key if state is not None and (path, state) == (self.store, self.state) else {}
        self.store, self.state, self.by_key = path, None, {}  # nothing is valid until keep()
        return kept

    def keep(self, store: Path, state: str | None, by_key: dict[tuple[str, str, str], list[Any]] | None) -> None:
        if state is None or by_key is None or sum(map(len, by_key.values())) > _KEY_REPORTS_MAX:
            by_key = {}
        self.store, self.state, self.by_key = str(Path(store).resolve()), state, by_key


_KEY_REPORTS = _KeptReports()


def _drop_key_reports_if_changed(store: Any) -> None:
    """Delete the reports kept of each key (:class:`kg.events.KeyReports`) when article graphs were
    written outside a build (the store's "changed" mark): they may lag behind them."""
    from .events import KeyReports

    kept = KeyReports.of(store)
    if kept is not None and store.articles_changed():
        kept.discard()


def _remerge(
    store: Any,
    triples: list[tuple[str, str, str]],
    new_articles: Collection[str] | None = None,
    cache: dict[tuple[str, str, str], list[Any]] | None = None,
) -> tuple[int, int]:
    """Recompute the merged events of these (predicate, subject, object) keys from the reports the
    store holds now (one transaction); returns (event reports, merged events) of the whole store.

    *new_articles*: when every report of these keys outside these article graphs was merged
    before (a build that only adds articles), only the merged events that change are written:
    a key such as (leads, Donald Trump, United States) has 3,500 reports on 20,000 articles, and
    rewriting all its merged events took most of a second of each add that reports it.
    *cache* (with *new_articles*): the reports of keys before this build, by key, which are then
    not read again (reading those 3,500 reports took 0.5-1 s); updated with the keys of at least
    :data:`_KEY_REPORTS_MIN` reports. With *new_articles*, the reports the store keeps of each key
    (:class:`kg.events.KeyReports`) are not read again either. Every call writes those of
    the keys it merges again.
    """
    from .events import (
        EVENTS_GRAPH,
        NKG,
        KeyReports,
        event_reports,
        events_ntriples,
        merge_events,
        reports_by_key,
    )
    from .model import SYMMETRIC_PREDICATES
    from .store import _iri

    kept = KeyReports.of(store)
    counts: tuple[int, int] | None = None
    if triples:
        wanted = set(triples)
        if new_articles is None:
            cache = None
        # the reports keys had before this build: kept by this process, else kept in the store
        prior: dict[tuple[str, str, str], list[Any]] = {}
        if new_articles is not None:
            prior = {t: cache[t] for t in wanted if t in cache} if cache is not None else {}
            if kept is not None:
                prior.update(kept.read(sorted(wanted - prior.keys())))
        known = set(prior)
        rows = set()
        for pred, a, b in sorted(wanted - known):
            rows.add(f"({_iri(NKG + pred)} {_iri(a)} {_iri(b)})")
            if pred in SYMMETRIC_PREDICATES:
                rows.add(f"({_iri(NKG + pred)} {_iri(b)} {_iri(a)})")
        reports = []
        if rows:
            values = "VALUES (?p ?s ?o) { " + " ".join(sorted(rows)) + " }"
            reports = [r for r in event_reports(store, values) if _report_key(r) in wanted - known]
        if known:  # the kept reports of these keys, and the new articles'
            assert new_articles is not None
            graphs = "VALUES ?g { " + " ".join(_iri(a) for a in sorted(new_articles)) + " }"
            reports += [r for r in event_reports(store, graphs) if _report_key(r) in known]
            reports += [r for t in sorted(known) for r in prior[t]]
        merged = merge_events(reports)
        by_key = reports_by_key(reports)
        if cache is not None:
            for t, rs in by_key.items():
                if len(rs) >= _KEY_REPORTS_MIN:
                    cache[t] = rs
        if new_articles is not None:
            fresh = set(new_articles)
            before = set(merge_events([r for r in reports if r.article not in fresh]))
            after = set(merged)
            gone = sorted({m.iri for m in before - after})
            body = events_ntriples(sorted(after - before, key=lambda m: m.iri))
            deltas = (
                sum(len(m.reports) for m in after - before) - sum(len(m.reports) for m in before - after),
                len(after - before) - len(before - after),
            )
            update = (
                f"DELETE {{ GRAPH <{EVENTS_GRAPH}> {{ ?m ?x ?y }} }} WHERE {{ VALUES ?m {{ {' '.join(f'<{m}>' for m in gone)} }} "
                f"GRAPH <{EVENTS_GRAPH}> {{ ?m ?x ?y }} }}"
                if gone
                else ""
            )
        else:
            body = events_ntriples(merged)
            keys = " ".join(f"({_iri(NKG + p)} {_iri(a)} {_iri(b)})" for p, a, b in triples)
            update = (
                f"DELETE {{ GRAPH <{EVENTS_GRAPH}> {{ ?m ?x ?y }} }} WHERE {{ VALUES (?p ?s ?o) {{ {keys} }} "
                # the subject first: Oxigraph joins in the order written, and rdf:predicate first matched
                # every merged node of the predicate (170 ms instead of 20 on 20,000 articles)
                f"GRAPH <{EVENTS_GRAPH}> {{ ?m rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p . ?m ?x ?y }} }}"
            )
        if body:
            update += (" ;\n" if update else "") + f"INSERT DATA {{ GRAPH <{EVENTS_GRAPH}> {{\n{body}}} }}"
        # the kept reports' token changes with the merged events, their rows after them (a process
        # killed between leaves rows the store does not vouch for: they are not read)
        if kept is not None:
            update = " ;\n".join(op for op in (*kept.begin(), update) if op)
            # the store's counts before, kept with the reports, and what this update changes
            if new_articles is not None and kept.counts_before is not None:
                counts = (kept.counts_before[0] + deltas[0], kept.counts_before[1] + deltas[1])
        if update:
            store._update(update)
        if kept is not None:
            if counts is None:
                counts = _event_counts(store)
            kept.commit(by_key, wanted, counts)
    elif kept is not None:
        counts = kept.counts()
    return counts if counts is not None else _event_counts(store)


def _event_counts(store: Any) -> tuple[int, int]:
    """(event reports, merged events) of the store's merged-events graph."""
    from .events import EVENTS_GRAPH

    row = store.select(
        "SELECT (COUNT(?r) AS ?reports) (COUNT(DISTINCT ?m) AS ?merged) "
        f"WHERE {{ GRAPH <{EVENTS_GRAPH}> {{ ?m <http://www.w3.org/ns/prov#wasDerivedFrom> ?r }} }}",
        use_default_graph_as_union=False,
    )[0]
    return int(row["reports"] or 0), int(row["merged"] or 0)


def remove_articles(store: Any, folder: str | Path, articles: Iterable[str]) -> list[str]:
    """Remove articles (doc ids or IRIs) from the store of a build *folder* and what was derived from them.

    :meth:`kg.store.Store.remove_articles` drops their graphs and every default-graph
    fact only they supported; here the merged events they reported are merged again
    from the reports that remain, the stories they were in are regrouped, and the
    folder's dedup index forgets them (so they can be built again). Returns the
    article IRIs removed. The store is marked (:meth:`kg.store.Store.mark_derived_stale`)
    until all of it is done: if the process dies between, the next build redoes the
    stories and merged events in full (as it does when the store was marked before).
    """
    from .dedup import STORIES_GRAPH, Deduper, write_stories
    from .store import _iri, article_iri

    folder = Path(folder)
    stored = store.article_iris()
    iris = sorted({i for i in (article_iri(a) for a in articles) if i in stored})
    if not iris:
        return []
    keys = _event_keys(store, iris)
    values = " ".join(_iri(i) for i in iris)
    in_story = bool(store.raw.query(f"ASK {{ GRAPH <{STORIES_GRAPH}> {{ VALUES ?a {{ {values} }} ?s ?p ?a }} }}"))
    dedup = Deduper.load(folder / "dedup.json")
    # a stale store (a build killed after its store write) stays stale: the next build redoes all of it
    was_stale = store.derived_stale()
    _drop_key_reports_if_changed(store)
    # whether the folder's indexes matched the store: then they still do once updated below
    names_path = folder / NAMES_FILE
    names_before = names_state(names_path)
    index_state = _index_state(dedup.saved_state, names_before)
    consistent = store.dedup_index_matches(index_state)
    store.mark_derived_stale()
    removed = store.remove_articles(iris)
    _remerge(store, keys)
    gone = {_doc_id(i) for i in removed}
    dedup.forget([i for i in dedup.signatures if i in gone])
    if in_story:
        left = {_doc_id(i) for i in store.article_iris()}
        write_stories(store, dedup.stories(sorted(i for i in dedup.signatures if i in left)))
    dedup.save(folder / "dedup.json")
    if not was_stale:
        if consistent:
            names_now = _append_names(names_path, names_before, [], [], removed) if names_before else None
            store.clear_derived_stale(_index_state(dedup.saved_state, names_now), replaces=[index_state])
        else:
            store.clear_derived_stale(None, replaces=[index_state])
    return removed


_LINKS_SHARE = 100  # stories are joined by links while the new articles are at most 1/100 of the store


def _story_links(
    dedup: Any, new_ids: list[str], stored: set[str], replaced: dict[str, Any] | None = None
) -> dict[str, set[str]] | None:
    """The near-duplicate links adding *new_ids* to the *stored* articles (which include them) makes:
    new id -> the ids (stored or new) it is linked to, as :func:`kg.dedup.near_duplicate_groups`
    links them; None when only regrouping everything tells (a new article lacks a signature, or
    an LSH bucket grows past the 500 members beyond which that function ignores it, which would
    drop links between stored articles).

    *replaced*: articles among *new_ids* whose earlier text had this signature (id -> old
    signature), each in no story before (it had no link then, so losing it loses none); None too
    when its old signature leaves a bucket of 501, whose other members that function then links.

    Links between stored articles stay as they were, so the stories afterwards are the stored
    ones joined by these links (:func:`_update_stories`). Vectorised over all signatures:
    milliseconds, where regrouping everything takes seconds on 20,000 articles.
    """
    import numpy as np

    from .dedup import near_duplicate_groups

    if not new_ids:
        return {}
    if any(i not in dedup.signatures or i not in stored for i in new_ids):
        return None
    ids, matrix = dedup.signature_matrix(stored)  # rows in no particular order: none is needed here
    bands = (near_duplicate_groups.__kwdefaults__ or {}).get("bands", 32)
    rows = matrix.shape[1] // bands
    wanted = set(new_ids)
    index = {i: n for n, i in enumerate(ids) if i in wanted}
    new_rows = [index[i] for i in new_ids]
    is_new = np.zeros(len(ids), dtype=bool)
    is_new[new_rows] = True
    for i, old in (replaced or {}).items():
        new = matrix[index[i]]
        for b in range(bands):
            band = slice(b * rows, (b + 1) * rows)
            if np.array_equal(old[band], new[band]):
                continue
            # the bucket the old text was in, without it afterwards
            others = int(((matrix[:, band] == old[band]).all(axis=1) & ~is_new).sum())
            if others + 1 > 500 >= others:
                return None
    links: dict[str, set[str]] = {}
    for i, r in zip(new_ids, new_rows, strict=True):
        same = matrix == matrix[r]
        members = _band_members(same, bands, rows)
        after = members.sum(axis=0)
        before = after - members[is_new].sum(axis=0)
        if ((before <= 500) & (after > 500)).any():
            return None
        candidates = members[:, after <= 500].any(axis=1)
        candidates[r] = False
        # the share of equal values, as kg.dedup.jaccard_estimate computes it
        linked = candidates & (same.mean(axis=1) >= dedup.threshold)
        links[i] = {ids[n] for n in np.flatnonzero(linked)}
    return {i: x for i, x in links.items() if x}


def _band_members(same: Any, bands: int, rows: int) -> Any:
    """``members[n, b]``: whether row *n* of *same* (per row and value, equal to the new signature)
    is all true over band *b* (values ``b * rows`` to ``(b + 1) * rows``).

    >>> import numpy as np
    >>> same = np.array([[True] * 8, [True, True, True, False] + [True] * 4])
    >>> _band_members(same, 2, 4).tolist()
    [[True, True], [False, True]]
    """
    import numpy as np

    part = same[:, : bands * rows]
    if rows == 4 and part.flags.c_contiguous:
        # four booleans are four bytes: a band is all true when their uint32 is 0x01010101 (in
        # either byte order); 0.1 ms on 20,000 signatures where 32 strided slices took 14 ms
        return part.view(np.uint32) == 0x01010101
    return part.reshape(len(part), bands, rows).all(axis=2)


def _in_stories(store: Any, ids: list[str]) -> bool:
    """Whether any of these articles is a version of a stored story."""
    from .dedup import STORIES_GRAPH

    if not ids:
        return False
    values = " ".join(f"<{_article_iri(i)}>" for i in sorted(ids))
    return bool(store.raw.query(f"ASK {{ GRAPH <{STORIES_GRAPH}> {{ VALUES ?a {{ {values} }} ?a ?p ?s }} }}"))


def _update_stories(store: Any, links: dict[str, set[str]]) -> None:
    """Join the stored stories by *links* (:func:`_story_links`) in the stories graph (one
    transaction): the stories of the linked articles are replaced by their union."""
    from .dedup import STORIES_GRAPH, Story, stories_ntriples

    touched = set(links) | {x for xs in links.values() for x in xs}
    values = " ".join(f"<{_article_iri(i)}>" for i in sorted(touched))
    old: dict[str, set[str]] = {}
    for row in store.select(
        f"SELECT ?s ?v WHERE {{ GRAPH <{STORIES_GRAPH}> {{ VALUES ?a {{ {values} }} "
        "?a dcterms:isVersionOf ?s . ?s dcterms:hasVersion ?v } }",
        use_default_graph_as_union=False,
    ):
        old.setdefault(str(row["s"]), set()).add(_doc_id(str(row["v"])))
    parent: dict[str, str] = {}

    def find(i: str) -> str:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for versions in old.values():
        first, *rest = sorted(versions)
        for v in rest:
            parent[find(v)] = find(first)
    for i, xs in links.items():
        for x in xs:
            parent[find(x)] = find(i)
    groups: dict[str, list[str]] = {}
    for i in {*touched, *(v for vs in old.values() for v in vs)}:
        groups.setdefault(find(i), []).append(i)
    stories = [Story(tuple(sorted(g))) for g in groups.values() if len(g) > 1]
    update = ""
    if old:
        gone = " ".join(f"<{s}>" for s in sorted(old))
        update = (
            f"DELETE {{ GRAPH <{STORIES_GRAPH}> {{ ?s ?p ?o . ?a ?q ?s }} }} WHERE {{ GRAPH <{STORIES_GRAPH}> "
            f"{{ VALUES ?s {{ {gone} }} ?s ?p ?o . OPTIONAL {{ ?a ?q ?s }} }} }}"
        )
    body = stories_ntriples(sorted(stories, key=lambda s: s.versions))
    if body:
        update += (" ;\n" if update else "") + f"INSERT DATA {{ GRAPH <{STORIES_GRAPH}> {{\n{body}}} }}"
    if update:
        store._update(update)


def _story_count(store: Any) -> int:
    from .dedup import STORIES_GRAPH

    rows = store.select(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{STORIES_GRAPH}> {{ ?s a ?t }} }}",
        use_default_graph_as_union=False,
    )
    return int(rows[0]["n"] or 0)


def summarize(store: object) -> tuple[dict[str, int], dict[str, int]]:
    """Entity counts by type and event counts by predicate in a store."""
    from .store import INDEX_GRAPH

    ents = {
        str(r["t"]).rsplit("#", 1)[-1]: int(r["n"])
        for r in store.select(  # type: ignore[attr-defined]
            # the index graph holds exactly these types per entity: 30 ms instead of 1 s on 20,000 articles
            f"SELECT ?t (COUNT(?e) AS ?n) WHERE {{ GRAPH <{INDEX_GRAPH}> {{ ?e a ?t }} "
            "FILTER(?t IN (nkg:Person, nkg:Organization, nkg:Location, nkg:NamedEvent)) } GROUP BY ?t ORDER BY ?t",
            use_default_graph_as_union=False,
        )
    }
    rels = {
        str(r["p"]).rsplit("#", 1)[-1]: int(r["n"])
        for r in store.select(  # type: ignore[attr-defined]
            "SELECT ?p (COUNT(DISTINCT ?ev) AS ?n) WHERE { GRAPH ?g { ?ev nkg:predicate ?p } } "  # only events carry it
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


# --------------------------------------------------------------------------- streaming machinery


@dataclass
class Partition:
    """What extracting one batch of articles gives (what a worker sends back).

    ``iris``: the article IRIs, in input order; ``nquads``: ``{article IRI:
    N-Quads}`` for the articles that need no cross-article resolution;
    ``deferred``: the others (:func:`kg.resolution.needs_resolution`), see :func:`apply_plans`.
    """

    iris: list[str] = field(default_factory=list)
    nquads: dict[str, bytes] = field(default_factory=dict)
    meta: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # IRI -> (content hash, entity IRIs)
    facts: dict[str, ArticleFacts] = field(default_factory=dict)  # IRI -> kg.summary.article_facts
    reports: dict[str, tuple[ReportRow, ...] | None] = field(default_factory=dict)  # IRI -> kg.events.article_reports
    records: dict[str, bytes | None] = field(default_factory=dict)  # IRI -> kg.summary.article_record (N-Quads)
    names: dict[str, tuple[tuple[NameRow, ...], tuple[AliasRow, ...]]] = field(
        default_factory=dict
    )  # article_name_rows
    # (what resolution reads of the article, the pickled ArticleResult): the main process plans
    # from the former and never unpickles the latter
    deferred: list[tuple[ResolutionInput, bytes]] = field(default_factory=list)
    # romanisations of the deferred articles' Arabic-only people, done here in parallel
    romanised: dict[str, str] = field(default_factory=dict)


def extract_partition(docs: list[Document]) -> Partition:
    """Extract a batch of articles into a :class:`Partition` (runs in a worker; pipelines cached per process).

    The split is :func:`kg.resolution.needs_resolution`: only articles with a
    person or organisation no gazetteer knows can be changed by cross-article resolution.
    """
    from .rdf import article_quads

    part = Partition()
    for r in extract_documents(docs, batch_size=max(16, len(docs))):
        iri = _article_iri(r.doc.id)
        part.iris.append(iri)
        if needs_resolution(r):
            part.deferred.append((ResolutionInput.of(r), pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)))
            for label in romanisation_candidates(r):
                part.romanised[label] = romanize(label)
        else:
            _add_quads(part, article_quads(r))
    return part


def apply_plans(batch: list[tuple[bytes, ResolutionPlan]]) -> Partition:
    """Rewrite deferred articles by their resolution plans, into a :class:`Partition` (runs in a worker).

    *batch*: (pickled ``ArticleResult``, :class:`kg.resolution.ResolutionPlan`) pairs.
    """
    from .rdf import article_quads

    part = Partition()
    for data, plan in batch:
        quads = article_quads(apply_plan(pickle.loads(data), plan))
        part.iris.append(quads[0].graph_name.value)
        _add_quads(part, quads)
    return part


def _add_quads(part: Partition, quads: list[Any]) -> None:
    import pyoxigraph as ox

    iri = quads[0].graph_name.value
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None  # no output file given: the bytes
    part.nquads[iri] = data
    part.meta[iri] = _meta(quads)
    part.facts[iri] = article_facts(quads)
    part.reports[iri] = article_reports(quads)
    part.records[iri] = article_record(quads)
    part.names[iri] = article_name_rows(quads)


_MENTIONED_IN = "https://w3id.org/newskg/ontology#mentionedIn"
_CONTENT_HASH = "https://w3id.org/newskg/ontology#contentHash"


def _meta(quads: list[Any]) -> tuple[str, list[str]]:
    """(content hash, entity IRIs) of an article's quads, for the store's change check and marks."""
    h = ""
    ents = set()
    for q in quads:
        p = q.predicate.value
        if p == _MENTIONED_IN:
            ents.add(q.subject.value)
        elif p == _CONTENT_HASH and q.subject == q.graph_name:
            h = q.object.value
    return h, sorted(ents)


def _doc_id(iri: str) -> str:
    """The doc id of an article IRI (what :func:`kg.dedup.stored_article_ids` gives)."""
    if not iri.startswith(ARTICLE_NS):
        return iri
    doc_id = iri[len(ARTICLE_NS) :]
    return urllib.parse.unquote(doc_id) if "%" in doc_id else doc_id


SMALL_BUILD = 256
"""Up to this many new articles are written by one transaction (``Store.add_articles``), not the bulk loader."""


# Oxigraph's bulk loader holds what one call loads in memory before writing it out, so the
# shard size bounds that step's memory: with 64 MiB shards (about 300,000 quads) instead of
# 256 MiB the load of 20,736 articles stayed under 0.9 GiB
SHARD_BYTES = 64 * 2**20


class _ArticleGraphs:
    """The article graphs of a store (*listed*, or asked of the store one at a time) and those a build adds."""

    def __init__(self, store: Any, listed: set[str] | None) -> None:
        self._store, self._listed, self._added = store, listed, set[str]()

    def __contains__(self, iri: str) -> bool:
        if iri in self._added:
            return True
        return iri in self._listed if self._listed is not None else bool(self._store.has_graph(iri))

    def add(self, iri: str) -> None:
        self._added.add(iri)


class _Loader:
    """Routes extracted articles: new ones to memory and, past ``SMALL_BUILD`` of them, to N-Quads shard
    files, each bulk-loaded as soon as it is full, in a background thread (:class:`kg.bulkload.BulkLoad`);
    changed ones to memory, unchanged ones nowhere. ``finish`` writes the rest: the few new articles in
    one transaction (``Store.add_articles``), the bulk load's summaries, the changed articles
    (``Store.replace_articles``). Cross-article resolution reads the store meanwhile and ignores the
    graphs of this build's articles (:class:`_StoreView`), loaded or not."""

    def __init__(self, store: Any, report: BuildReport, folder: Path, listed: set[str] | None = None) -> None:
        self.store, self.report, self.folder = store, report, folder
        # the article graphs of the store (listed, or asked one IRI at a time) and this build's new
        # ones; the content hashes only of the stored articles this build reads again (all: seconds)
        self.stored = _ArticleGraphs(store, listed)
        self.hashes: dict[str, str | None] = {}
        # new articles while few, with their entities and records; None once they go to shards
        self.small: dict[str, tuple[bytes, list[str], bytes | None]] | None = {}
        # the bulk-loaded articles' records (kg.summary.article_record), in one N-Quads file
        self._records: Any = None
        self.recorded: list[str] = []
        self.new: list[str] = []
        self.summary = SummaryBuilder()  # of the new articles, for the bulk load
        # the event reports of the new articles (kg.events.article_reports; None: one could not
        # be read that way), for a first build's merged events
        self.reports: list[ReportRow] | None = []
        self.replaced: dict[str, str] = {}  # changed articles (N-Triples), written in finish()
        # the new and changed articles' kg.resolution.article_name_rows, for the names file
        self.names: dict[str, tuple[tuple[NameRow, ...], tuple[AliasRow, ...]]] = {}
        self.bulk: BulkLoad | None = None
        self._fh: Any = None
        self._path: Path | None = None
        self._size = 0
        self._shards = 0
        self._articles: list[str] = []  # of the open shard
        self._entities: set[str] = set()

    def add(self, part: Partition) -> None:
        nquads, meta, facts, reports = part.nquads, part.meta, part.facts, part.reports
        replaced: dict[str, str] = {}
        again = [i for i in nquads if i in self.stored and i not in self.hashes]
        if again:
            self.hashes.update(self.store._stored_articles(again))
        for iri, data in nquads.items():
            h, ents = meta[iri]
            if iri in self.stored:
                if self.hashes.get(iri) == h:
                    self.report.unchanged.append(iri)
                else:
                    replaced[iri] = _to_ntriples(data)
                    self.names[iri] = part.names[iri]
                continue
            self.names[iri] = part.names[iri]
            self.stored.add(iri)
            self.hashes[iri] = h
            self.new.append(iri)
            self.report.added.append(iri)
            self.summary.add(facts[iri])
            if self.reports is not None:
                rows = reports.get(iri)
                if rows is None:
                    self.reports = None
                else:
                    self.reports.extend(rows)
            if self.small is not None:
                self.small[iri] = (data, ents, part.records[iri])
                if len(self.small) > SMALL_BUILD:
                    # the shards hold the workers' ox.serialize output, checked when its terms were made
                    self.bulk = BulkLoad(self.store, background=True, serialized=True)
                    for i, (d, e, rec) in self.small.items():
                        self._write(i, d, e)
                        self._record(i, rec)
                    self.small = None
            else:
                self._write(iri, data, ents)
                self._record(iri, part.records[iri])
        self.replaced.update(replaced)

    def _write(self, iri: str, data: bytes, entities: list[str]) -> None:
        if self._fh is None:
            self._path = self.folder / f"shard-{self._shards:05d}.nq"
            self._shards += 1
            self._fh = self._path.open("wb")
            self._size = 0
        self._fh.write(data)
        self._size += len(data)
        self._articles.append(iri)
        self._entities.update(entities)
        if self._size > SHARD_BYTES:
            self._close_shard()

    def _record(self, iri: str, record: bytes | None) -> None:
        if record is None:  # the store's SPARQL writes this one (see kg.summary.article_record)
            return
        if self._records is None:
            self._records = (self.folder / "records.nq").open("wb")
        self._records.write(record)
        self.recorded.append(iri)

    def _close_shard(self) -> None:
        assert self.bulk is not None and self._path is not None
        self._fh.close()
        self._fh = None
        self.bulk.add([self._path], self._articles, sorted(self._entities))
        self._articles, self._entities = [], set()

    def finish(self) -> None:
        if self.small:  # one transaction: the graphs and their dirty marks (finished below)
            self.store.add_articles({i: d for i, (d, _, _) in self.small.items()}, current={}, finish=False)
        if self.bulk is not None:
            if self._fh is not None:
                self._close_shard()
            if self._records is not None:
                self._records.close()
            self.bulk.finish(self.summary, (self.folder / "records.nq", self.recorded))
        if self.replaced:  # one update, which also finishes the marks above
            rep = self.store.replace_articles(self.replaced, force=True)
            self.report.replaced += rep.replaced
            self.report.added += rep.added
        self.store.finish_pending()

    def abort(self) -> None:
        """The build failed: stop loading (the next build's ``Store.recover`` undoes what was loaded)."""
        for fh in (self._fh, self._records):
            if fh is not None:
                fh.close()
        self._fh = self._records = None
        if self.bulk is not None:
            self.bulk.abort()


def _to_ntriples(nquads: bytes) -> str:
    import pyoxigraph as ox

    triples = [q.triple for q in ox.parse(nquads, ox.RdfFormat.N_QUADS)]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output file given: the bytes
    return data.decode("utf-8")


def _article_iri(doc_id: str) -> str:
    """The IRI of an article's graph (what :func:`kg.rdf.article_iri` gives; :func:`_doc_id` inverts it).

    >>> _article_iri("a b/ج")
    'https://w3id.org/newskg/article/a%20b%2F%D8%AC'
    >>> _doc_id(_article_iri("a b/ج"))
    'a b/ج'
    """
    from .rdf import article_iri

    return str(article_iri(doc_id))


def _batched(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_order(submit: Callable[[list[Any]], Any], batches: Iterator[list[Any]], window: int) -> Iterator[Partition]:
    """Submit batches keeping at most *window* in flight; yield results in input order (bounded memory)."""
    from collections import deque

    inflight: deque[Any] = deque()
    for batch in batches:
        inflight.append(submit(batch))
        if len(inflight) >= window:
            yield inflight.popleft().result()
    while inflight:
        yield inflight.popleft().result()


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


@contextlib.contextmanager
def _runner(jobs: int, executor: Any) -> Iterator[Callable[[Callable[[list[Any]], Partition], list[Any]], Any]]:
    """``submit(fn, batch) -> future`` in this process, in a pool of *jobs* processes, or on *executor*."""
    if executor is not None:
        if _is_dask(executor):
            yield lambda fn, batch: executor.submit(fn, batch, pure=False)
        else:
            yield lambda fn, batch: executor.submit(fn, batch)
        return
    if jobs <= 1:
        yield lambda fn, batch: _Done(fn(batch))
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from .nlp.components import register_components

    # fork shares the pipelines the parent loaded (copy on write); spawn
    # workers register the factories (initializer) and load pipelines themselves
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pools: list[ProcessPoolExecutor] = []

    def submit(fn: Callable[[list[Any]], Partition], batch: list[Any]) -> Any:
        if not pools:  # started on the first batch (of documents): its languages are warmed up before forking
            if ctx.get_start_method() == "fork":
                for lang in sorted({d.lang for d in batch if isinstance(d, Document)}):
                    _warm(lang)
            pools.append(ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=register_components))
        return pools[0].submit(fn, batch)

    try:
        yield submit
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


def _is_dask(executor: Any) -> bool:
    return type(executor).__module__.startswith("distributed")


def _warm(lang: str) -> None:
    """Load a language's pipeline and lexicons in this process (before forking workers)."""
    from .pipeline import extract_document

    text = "زار الرئيس الروسي موسكو." if lang == "ar" else "The Russian president visited Moscow."
    extract_document(Document(id="warm-up", text=text, lang=lang))


class _StoreView:
    """The store as ``resolve_across`` over ALL of a build's results sees it: rows from the graphs of
    the build's other articles (``?g``) are dropped."""

    def __init__(self, store: Any, skip: set[str]) -> None:
        self.store, self.skip = store, skip

    def select(self, sparql: str, **kwargs: Any) -> list[dict[str, Any]]:
        rows = self.store.select(sparql, **kwargs)
        return [r for r in rows if str(r.get("g", "")) not in self.skip]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


class _Deferred:
    """Articles waiting for cross-article resolution, in two temporary files (memory stays flat):
    what resolution reads of each (pickled :class:`kg.resolution.ResolutionInput`) and the pickled
    results, length-prefixed and never unpickled in this process."""

    def __init__(self) -> None:
        self._inputs: Any = None
        self._results: Any = None
        self._n = 0

    def __enter__(self) -> _Deferred:
        self._inputs = tempfile.TemporaryFile(prefix="kg-deferred-")
        self._results = tempfile.TemporaryFile(prefix="kg-deferred-")
        return self

    def __exit__(self, *exc: object) -> None:
        self._inputs.close()
        self._results.close()

    def __len__(self) -> int:
        return self._n

    def extend(self, items: Iterable[tuple[ResolutionInput, bytes]]) -> None:
        for inp, data in items:
            pickle.dump(inp, self._inputs, protocol=pickle.HIGHEST_PROTOCOL)
            self._results.write(len(data).to_bytes(8, "little"))
            self._results.write(data)
            self._n += 1

    def inputs(self) -> Iterator[ResolutionInput]:
        self._inputs.seek(0)
        for _ in range(self._n):
            yield pickle.load(self._inputs)

    def results(self) -> Iterator[bytes]:
        self._results.seek(0)
        for _ in range(self._n):
            yield self._results.read(int.from_bytes(self._results.read(8), "little"))
