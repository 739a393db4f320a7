"""The analyst's entry point: one object over a built output folder.

>>> import kg
>>> with kg.build(["data/samples"], out=tmp) as g:          # doctest: +SKIP
...     g.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
...     g.relations(predicate="supports")
...     G = g.to_networkx()

``kg.open(DIR)`` opens a folder made by ``kg build``. Reads go through a
read-only Oxigraph handle opened on first use. The first ``add`` or ``remove``
opens a read-write handle instead (Oxigraph allows one writer) and keeps it for
the reads and writes that follow, until :meth:`KnowledgeGraph.close` (or the end
of a ``with`` block): reopening and flushing the store for every add cost 0.1 s,
and on a big store every 16th or so flush waited 5-12 s for a compaction. While it
is open, another process cannot write the folder (``kg build`` says so).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from .errors import QueryError, StoreError

if TYPE_CHECKING:
    import networkx as nx
    from IPython.display import HTML

    from .build import BuildReport
    from .store import Store

__all__ = ["KnowledgeGraph", "build", "open"]

PathLike = str | Path


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Leave the objects that exist now (the process's names, lexicons, kept reports: 300,000 and
    more after a first add) out of the garbage collector's passes until the block ends.

    A full collection walked them all, 0.3-0.5 s in about one add in five; frozen, the collections
    during the add walk only what it makes. Nothing is changed when the process froze objects itself.
    """
    import gc

    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


class KnowledgeGraph:
    """A knowledge graph built by newskg, stored in ``DIR/store`` (see :func:`open`).

    Use it as a context manager or call :meth:`close` when done.
    """

    def __init__(self, directory: PathLike) -> None:
        """Wrap the output folder ``directory``; prefer :func:`open`, which checks it."""
        self.directory = Path(directory)
        self._store: Store | None = None
        self._writing = False  # whether self._store is a read-write handle (kept after add/remove)
        self._graph: nx.MultiDiGraph | None = None
        self.report: BuildReport | None = None
        """The report of the last :func:`build` or :meth:`add` made through this object."""

    # ------------------------------------------------------------------ handles

    @property
    def store_path(self) -> Path:
        """The Oxigraph store folder, ``DIR/store``."""
        return self.directory / "store"

    @property
    def store(self) -> Store:
        """The :class:`kg.store.Store`: read-only, opened on first use, or the read-write one of the last write."""
        if self._store is None:
            from .store import Store

            if not self.store_path.is_dir():
                raise StoreError(f"{self.directory}: no store here (build one with kg.build(paths, out=DIR))")
            try:
                self._store = Store.open_read_only(self.store_path)
            except OSError as exc:
                raise StoreError(f"{self.store_path}: cannot open the store ({exc})") from exc
        return self._store

    def close(self) -> None:
        """Release the store handle (reads reopen it read-only; a read-write one is flushed)."""
        if self._store is not None:
            self._store.close()
            self._store = None
        self._writing = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writer(self) -> Iterator[Store]:
        """The read-write store, opened once and kept (see the module doc)."""
        from .store import Store

        self._graph = None
        if not self._writing:
            self.close()
            self._store = Store.open_for_writing(self.store_path)
            self._writing = True
        assert self._store is not None
        try:
            yield self._store
        except BaseException:
            self.close()  # a failed write: release the handle (the next build recovers what it left)
            raise

    def __repr__(self) -> str:
        try:
            n = self.counts()
            counts = f"{n['articles']} articles, {n['entities']} entities, {n['events']} events"
        except Exception:  # noqa: BLE001 - repr must not fail
            counts = "unreadable"
        return f"<KnowledgeGraph {self.directory}: {counts}>"

    def counts(self) -> dict[str, int]:
        """Numbers of articles, entities, events and claims."""
        row = self.store.select(
            "SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?e) AS ?entities) "
            "(COUNT(DISTINCT ?ev) AS ?events) (COUNT(DISTINCT ?c) AS ?claims) WHERE { "
            "{ ?a a nkg:Article } UNION { ?e a nkg:Entity } UNION { ?ev a nkg:Event ; nkg:predicate ?p } "
            "UNION { ?c a nkg:Claim } }"
        )[0]
        return {k: int(v or 0) for k, v in row.items()}

    # ------------------------------------------------------------------ reading

    def query(
        self,
        sparql: str | Path,
        *,
        as_frame: bool = False,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """Run SPARQL (text, or a ``Path`` to a ``.rq`` file) with the newskg prefixes bound.

        The default graph is the union of all graphs. ``params`` sets
        ``VALUES ?name { … }`` lines (:func:`kg.store.bind_values`).
        SELECT gives a list of dicts of Python values (IRIs as ``str``), or a
        ``pandas.DataFrame`` with ``as_frame=True``; ASK gives a ``bool``;
        CONSTRUCT/DESCRIBE a list of ``{"subject", "predicate", "object"}``.
        Raises :class:`kg.errors.QueryError` when the query fails.
        """
        import pyoxigraph as ox

        from .store import bind_values, term_to_python

        if isinstance(sparql, Path):
            try:
                sparql = sparql.read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError(f"{sparql}: cannot read ({exc.strerror})") from exc
        try:
            if params:
                sparql = bind_values(sparql, params)
            result = self.store.query(sparql)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QueryTriples):
                names = ["subject", "predicate", "object"]
                rows = [{n: term_to_python(getattr(t, n)) for n in names} for t in result]
            else:
                names = [v.value for v in result.variables]
                rows = [{n: term_to_python(row[n]) for n in names} for row in result]
        except (SyntaxError, ValueError, KeyError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from exc
        return _frame(rows, names) if as_frame else rows

    def to_networkx(self) -> nx.MultiDiGraph:
        """The graph as a ``MultiDiGraph`` (:func:`kg.graph.to_networkx`), a fresh copy each call.

        ``G.graph["article_dates"]`` maps article IRIs to their dates, which
        :mod:`kg.analytics` uses for undated events.
        """
        if self._graph is None:
            from .graph import to_networkx

            G = to_networkx(self.store)
            G.graph["article_dates"] = {
                r["a"]: str(r["d"])[:10]
                for r in self.store.select(
                    "SELECT ?a (MIN(STR(?date)) AS ?d) WHERE { ?a a nkg:Article ; dcterms:date ?date } GROUP BY ?a",
                    use_default_graph_as_union=False,
                )
                if r["d"]
            }
            self._graph = G
        return self._graph.copy()

    def articles(self, *, as_frame: bool = False) -> Any:
        """Stored articles: ``id``, ``iri``, ``title``, ``date``, ``language``, ``source``."""
        rows = self.query(
            "SELECT ?iri (SAMPLE(?t) AS ?title) (SAMPLE(STR(?d)) AS ?date) (SAMPLE(?l) AS ?language) "
            "(SAMPLE(?s) AS ?source) WHERE { GRAPH ?iri { ?iri a nkg:Article . "
            "OPTIONAL { ?iri dcterms:title ?t } OPTIONAL { ?iri dcterms:date ?d } "
            "OPTIONAL { ?iri nkg:language ?l } OPTIONAL { ?iri dcterms:source ?s } } } GROUP BY ?iri ORDER BY ?iri"
        )
        cols = ["id", "iri", "title", "date", "language", "source"]
        rows = [{"id": r["iri"].rsplit("/", 1)[-1], **r} for r in rows]
        return _frame(rows, cols) if as_frame else [{c: r.get(c) for c in cols} for r in rows]

    def entities(self, name: str | None = None, type: str | None = None, *, as_frame: bool = False) -> Any:
        """Entities, most mentioned first, optionally matching a name and/or a type.

        ``name`` matches labels and aliases in Arabic or English, normalised
        (:func:`kg.viz.find_nodes`); ``type`` is ``Person``, ``Organization``,
        ``Location`` or ``Event``. Rows: ``iri``, ``type``, ``label_ar``,
        ``label_en``, ``qid``, ``mentions``, ``names`` (every known name).
        """
        from .viz import find_nodes

        G = self.to_networkx()
        G.remove_nodes_from([n for n, t in G.nodes(data="type") if t == "Claim"])
        nodes = find_nodes(G, name) if name else list(G.nodes)
        rows = []
        for n in nodes:
            d = G.nodes[n]
            if type is not None and d.get("type", "").lower() != type.lower():
                continue
            names = {d.get("label_ar"), d.get("label_en"), *d.get("aliases", [])}
            rows.append(
                {
                    "iri": n,
                    "type": d.get("type", ""),
                    "label_ar": d.get("label_ar", ""),
                    "label_en": d.get("label_en", ""),
                    "qid": d.get("qid", ""),
                    "mentions": int(d.get("mentions", 0) or 0),
                    "names": sorted(x for x in names if x),
                }
            )
        rows.sort(key=lambda r: (-r["mentions"], r["label_en"] or r["label_ar"], r["iri"]))
        cols = ["iri", "type", "label_ar", "label_en", "qid", "mentions", "names"]
        return _frame(rows, cols) if as_frame else rows

    def relations(
        self,
        predicate: str | Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | Iterable[str] | None = None,
        *,
        as_frame: bool = False,
    ) -> Any:
        """Events (one row per event node), ordered by date (undated last).

        ``predicate``: a name (``"supports"``), ``"a,b"`` or a list.
        ``since``/``until``: inclusive ISO bounds, possibly partial (``"2023-08"``);
        with either, undated events are left out. ``modality``: ``asserted``,
        ``negated``, ``planned``, ``hypothetical`` (or several).
        Rows: ``subject``, ``subject_label``, ``predicate``, ``object``,
        ``object_label`` (a claim's object is the claim), ``date``, ``modality``,
        ``attributed_to``, ``attributed_label``, ``unnamed_source`` (the claimant is
        named only as "a source" of theirs), ``evidence``, ``trigger``,
        ``article``, ``event``.
        """
        from .analytics import _preds, label
        from .viz import filter_dates

        G = self.to_networkx()
        if since or until:
            G = filter_dates(G, since, until)
        preds = _preds(predicate)
        mods = _preds(modality)
        mods = {m.lower() for m in mods} if mods is not None else None
        rows = []
        for u, v, k, d in G.edges(keys=True, data=True):
            if preds is not None and d.get("predicate") not in preds:
                continue
            if mods is not None and d.get("modality") not in mods:
                continue
            rows.append(
                {
                    "subject": u,
                    "subject_label": label(G, u),
                    "predicate": d.get("predicate", ""),
                    "object": v,
                    "object_label": label(G, v),
                    "date": d.get("date", ""),
                    "modality": d.get("modality", ""),
                    "attributed_to": d.get("attributed_to", ""),
                    "attributed_label": d.get("attributed_label", ""),
                    "unnamed_source": bool(d.get("unnamed_source")),
                    "evidence": d.get("evidence", ""),
                    "trigger": d.get("trigger", ""),
                    "article": d.get("article", ""),
                    "event": k,
                    "_start": d.get("sentence_start") or 0,
                }
            )
        rows.sort(key=lambda r: (not r["date"], r["date"], r["article"], r["_start"], r["event"]))
        for r in rows:
            del r["_start"]
        cols = [
            "subject",
            "subject_label",
            "predicate",
            "object",
            "object_label",
            "date",
            "modality",
            "attributed_to",
            "attributed_label",
            "unnamed_source",
            "evidence",
            "trigger",
            "article",
            "event",
        ]
        return _frame(rows, cols) if as_frame else rows

    def subgraph(
        self,
        ego: str | None = None,
        depth: int = 1,
        predicates: str | Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
    ) -> nx.MultiDiGraph:
        """The part of the graph :meth:`view` shows (filters applied in the order of the arguments).

        ``ego``: a name or IRI, keeps its ``depth``-hop neighbourhood;
        ``predicates``: only these; ``since``/``until``: dated events within;
        ``article``: only events read from this article (id or IRI).
        """
        from . import viz

        return viz.filter_view(
            self.to_networkx(),
            ego=ego,
            depth=depth,
            predicates=predicates,
            since=since,
            until=until,
            article=article,
        )

    def view(
        self,
        ego: str | None = None,
        depth: int = 1,
        predicates: str | Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
        **kw: Any,
    ) -> HTML:
        """An inline interactive view for Jupyter (:func:`kg.viz.show`) of :meth:`subgraph`.

        Extra keywords go to :func:`kg.viz.show` (``height``, ``lang="en"``, ``title``…).
        """
        from .viz import show

        G = self.subgraph(ego=ego, depth=depth, predicates=predicates, since=since, until=until, article=article)
        kw.setdefault("title", f"newskg: {ego}" if ego else "newskg")
        return show(G, **kw)

    def validate(self) -> tuple[bool, str]:
        """SHACL-validate the whole store: ``(conforms, report text)``."""
        return self.store.validate()

    # ------------------------------------------------------------------ writing

    def add(self, paths: PathLike | Iterable[PathLike], *, view: bool = True, export: bool = False) -> BuildReport:
        """Build more articles (files, folders, JSONL) into this folder; returns the build report.

        The store (what every read here uses) is updated incrementally. The
        exported files (graph.trig, graph.ttl, graph.graphml, graph.html) are
        rewritten only with ``export=True`` (seconds to minutes on a big store);
        ``kg export DIR --format all`` rewrites them later.
        """
        from .build import build as run_build

        with self._writer() as store, _long_lived_frozen():
            self.report = run_build(_paths(paths), self.directory, view=view, export=export, store=store)
        return self.report

    def remove(self, article_id: str) -> bool:
        """Remove an article (id or IRI) and every fact only it supported; re-export the files.

        Returns False when the article is not in the store.
        """
        from .build import export_all, remove_articles

        with self._writer() as store:
            removed = remove_articles(store, self.directory, [article_id])
            if removed:
                export_all(store, self.directory, view=(self.directory / "graph.html").exists())
        return bool(removed)


def build(paths: PathLike | Iterable[PathLike], out: PathLike, *, view: bool = True) -> KnowledgeGraph:
    """Build articles (``.txt`` files, folders, JSONL) into ``out`` and open the result.

    Adds to what ``out`` already holds; unchanged articles are skipped.
    The :class:`kg.build.BuildReport` is kept as ``.report`` on the result.
    """
    from .build import build as run_build

    report = run_build(_paths(paths), Path(out), view=view)
    g = open(out)
    g.report = report
    return g


def open(directory: PathLike) -> KnowledgeGraph:  # noqa: A001 - the public name is kg.open
    """Open a folder made by ``kg build`` / :func:`build`.

    Raises :class:`kg.errors.StoreError` when ``directory`` holds no store.

    >>> import tempfile
    >>> open(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: ...: no store here (build one with kg.build(paths, out=DIR))
    """
    g = KnowledgeGraph(directory)
    g.store  # noqa: B018 - fail now, with a clear message, if there is no store
    return g
