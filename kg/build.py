"""Build articles into an output folder: store, TriG/Turtle, GraphML and an HTML view.

``DIR/store/`` is a persistent Oxigraph store; the exported files are
rewritten atomically from it after every build, so a reader never sees a
half-written file and an interrupted build leaves the previous ones.
"""

from __future__ import annotations

import itertools
import contextlib
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    jobs: int = 1,
    executor: Any = None,
    batch_size: int = 64,
) -> BuildReport:
    """Extract every article under *paths* into the store at ``out/store`` and export.

    Articles already in the store with the same text are skipped; changed ones
    replace their named graph.

    Streaming: articles are read, extracted and written in batches of
    *batch_size*; ``jobs > 1`` extracts the batches in a pool of worker
    processes (each loads the pipelines once), *executor* may be any object
    with ``submit(fn, *args) -> future`` (``future.result()``), e.g. a
    ``dask.distributed.Client`` (see :mod:`kg.distributed`). Every path gives
    the same store, triple for triple: an article that names a person by
    family name only waits (spilled to a temporary file) until the whole input
    has been read, then cross-article resolution
    (:func:`kg.resolution.resolve_across`) runs over it exactly as it would
    over all results at once; every other article goes to the store as soon as
    its batch is done.
    """
    from .store import Store

    out = Path(out)
    _check_writable(out)
    report = BuildReport(out=out)
    with Store(out / "store") as store:
        if store.has_pending():  # an interrupted bulk build: finish its default graph first
            store.finish_pending()
        current = store.articles()
        known = _KnownPersons(store)
        resolve_across([], known)  # snapshot the store's full-name people before writing
        order: dict[str, int] = {}
        batches = _batched(_documents(paths, report.problems), batch_size)
        with _Deferred() as deferred, _runner(jobs, executor) as submit:
            for part in _in_order(submit, batches, window=max(2, 2 * max(jobs, 1))):
                for doc_id, iri, _n in part.items:
                    order.setdefault(iri, len(order))
                known.add_people(part.full_people)
                if part.nquads:
                    _merge(report, store.add_articles(part.nquads, current=current, finish=False))
                deferred.extend(part.deferred)
                report.articles += len(part.items)
                if progress is not None:
                    progress(len(part.items))
            if len(deferred):
                from .rdf import article_quads

                for chunk in _batched(resolve_across(deferred.load(), known), batch_size):
                    graphs = {}
                    for r in chunk:
                        quads = article_quads(r)
                        graphs[quads[0].graph_name.value] = quads
                    _merge(report, store.add_articles(graphs, current=current, finish=False))
        store.finish_pending()
        for lst in (report.added, report.replaced, report.unchanged):
            lst.sort(key=lambda i: order.get(i, len(order)))
        report.files = export_all(store, out, view=view)
        report.entities_by_type, report.relations_by_predicate = summarize(store)
    return report


# --------------------------------------------------------------------------- streaming machinery


@dataclass
class Partition:
    """What extracting one batch of articles gives (what a worker sends back).

    ``items``: ``(doc id, article IRI, quad count)`` per article, in input order;
    ``nquads``: ``{article IRI: N-Quads}`` for the articles that need no
    cross-article resolution; ``deferred``: the others, as ``ArticleResult``s;
    ``full_people``: ids of people named in full (family name known), which
    cross-article resolution needs from every article.
    """

    items: list[tuple[str, str, int]] = field(default_factory=list)
    nquads: dict[str, bytes] = field(default_factory=dict)
    deferred: list[ArticleResult] = field(default_factory=list)
    full_people: set[str] = field(default_factory=set)


def _is_person_slug(e: Any) -> bool:
    return e.type == "Person" and not e.qid and e.id.startswith("person-")


def extract_partition(docs: list[Document]) -> Partition:
    """Extract a batch of articles into a :class:`Partition` (runs in a worker; pipelines cached per process)."""
    import pyoxigraph as ox

    from .rdf import article_quads

    part = Partition()
    for r in extract_documents(docs, batch_size=max(16, len(docs))):
        iri = str(_article_iri(r.doc.id))
        short = False
        for e in r.entities:
            if _is_person_slug(e):
                hyphens = e.id.count("-")
                if hyphens >= 2:
                    part.full_people.add(e.id)
                elif hyphens == 1:
                    short = True
        if short:
            part.deferred.append(r)
            part.items.append((r.doc.id, iri, 0))
        else:
            quads = article_quads(r)
            part.nquads[iri] = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            part.items.append((r.doc.id, iri, len(quads)))
    return part


def _article_iri(doc_id: str) -> str:
    from .rdf import article_iri

    return str(article_iri(doc_id))


def _merge(report: BuildReport, rep: Any) -> None:
    report.added += rep.added
    report.replaced += rep.replaced
    report.unchanged += rep.unchanged


def _batched(items: Iterable[Any], n: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for x in items:
        batch.append(x)
        if len(batch) >= n:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_order(submit: Callable[[list[Document]], Any], batches: Iterator[list[Document]], window: int) -> Iterator[Partition]:
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
def _runner(jobs: int, executor: Any) -> Iterator[Callable[[list[Document]], Any]]:
    """``submit(batch) -> future`` in this process, a process pool, or a given executor."""
    if executor is not None:
        yield lambda batch: executor.submit(extract_partition, batch, pure=False) if _is_dask(executor) else executor.submit(
            extract_partition, batch
        )
        return
    if jobs <= 1:
        yield lambda batch: _Done(extract_partition(batch))
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from .nlp.components import register_components

    register_components()
    methods = mp.get_all_start_methods()
    # fork shares the parent's loaded pipelines; spawn workers register the
    # factories and load the pipelines themselves (make_pipeline does both)
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    first: list[list[Document]] = []

    def submit_factory() -> Callable[[list[Document]], Any]:
        pool_box: list[ProcessPoolExecutor] = []

        def submit(batch: list[Document]) -> Any:
            if not pool_box:
                if ctx.get_start_method() == "fork":
                    for lang in sorted({d.lang for d in batch}):
                        _warm(lang)
                pool_box.append(ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=register_components))
                first.append(batch)
            return pool_box[0].submit(extract_partition, batch)

        submit.pool_box = pool_box  # type: ignore[attr-defined]
        return submit

    submit = submit_factory()
    try:
        yield submit
    finally:
        for pool in submit.pool_box:  # type: ignore[attr-defined]
            pool.shutdown(wait=True, cancel_futures=True)


def _is_dask(executor: Any) -> bool:
    return type(executor).__module__.startswith("distributed")


def _warm(lang: str) -> None:
    """Load a language's pipeline and lexicons in this process (before forking workers)."""
    from .pipeline import extract_document

    text = "زار الرئيس الروسي موسكو." if lang == "ar" else "The Russian president visited Moscow."
    extract_document(Document(id="warm-up", text=text, lang=lang))


class _KnownPersons:
    """Stands in for the store in ``resolve_across``: the store's people as of the build start, plus the batch's."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.rows: list[dict[str, Any]] | None = None
        self.people: set[str] = set()

    def select(self, sparql: str, **kwargs: Any) -> list[dict[str, Any]]:
        if self.rows is None:
            self.rows = self.store.select(sparql, **kwargs)
        return self.rows + [{"e": _entity_iri(p)} for p in sorted(self.people)]

    def add_people(self, ids: Iterable[str]) -> None:
        self.people.update(ids)


def _entity_iri(eid: str) -> str:
    from .rdf import entity_iri

    return str(entity_iri(eid))


class _Deferred:
    """Results waiting for cross-article resolution, pickled to a temporary file (memory stays flat)."""

    def __init__(self) -> None:
        self._fh: Any = None
        self._n = 0

    def __enter__(self) -> _Deferred:
        self._fh = tempfile.TemporaryFile(prefix="kg-deferred-")
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __len__(self) -> int:
        return self._n

    def extend(self, results: Iterable[ArticleResult]) -> None:
        for r in results:
            pickle.dump(r, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
            self._n += 1

    def load(self) -> Iterator[ArticleResult]:
        self._fh.seek(0)
        for _ in range(self._n):
            yield pickle.load(self._fh)


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
