"""Bulk loads of new articles into a store, shard by shard, optionally while the build goes on.

Oxigraph's bulk loader is fast but not transactional. A :class:`BulkLoad`
keeps the store repairable throughout:

1. before a shard is loaded, one transaction marks its articles ``Loading``
   and ``DirtyArticle`` and its entities ``Dirty`` (``urn:newskg:store:dirty``);
2. the shard is bulk-loaded;
3. :meth:`BulkLoad.finish` writes the default and index graphs of the entities
   no article mentioned before (from :class:`kg.summary.SummaryBuilder`, or by
   reading the shards again), then one update drops the ``Loading`` marks and
   recomputes everything else that is marked.

A process killed before (3) leaves ``Loading`` marks: :meth:`kg.store.Store.recover`
(run by every ``kg build`` first) drops those graphs, so the store is as before
the load. With ``background=True`` the shards load in a thread while the caller
goes on (the bulk loader releases the GIL): a build loads the shards of its
first articles while it extracts the rest. Readers must then ignore the graphs
being loaded (the build's cross-article resolution filters them by graph name).
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store
    from .summary import SummaryBuilder

__all__ = ["BulkLoad"]

_STOP = None


class BulkLoad:
    """Shards of articles NEW to *store*: :meth:`add` each (in order), then :meth:`finish` once.

    >>> from kg.store import Store
    >>> st = Store.in_memory()
    >>> load = BulkLoad(st)
    >>> load.finish()  # nothing added: nothing written
    >>> len(st)
    0
    """

    def __init__(self, store: Store, *, background: bool = False, serialized: bool = False) -> None:
        """*serialized*: the shards (and records) are pyoxigraph's own serialization of terms it
        checked when they were made (a build's shards), so the loader does not check every IRI
        and language tag again (lenient parsing: 7 % of the CPU of loading 20,736 articles)."""
        if store.read_only:
            raise PermissionError("store opened read-only")
        self.store = store
        self._lenient = serialized
        self.shards: list[Path] = []
        self._marked = False  # anything marked (step 1): finish() has to drop the marks
        self._fresh: dict[str, bool] = {}  # entity -> no article graph mentioned it before this load
        self._error: BaseException | None = None
        self._queue: queue.Queue[Any] | None = None
        self._thread: threading.Thread | None = None
        if background:
            self._queue = queue.Queue(maxsize=4)  # a slow loader holds the build back, not its memory
            self._thread = threading.Thread(target=self._run, name="newskg-bulk-load", daemon=True)
            self._thread.start()

    def add(self, shards: Iterable[Path | str], articles: Iterable[str], entities: Iterable[str]) -> None:
        """Mark and load N-Quads *shards* holding the graphs of *articles*, which mention *entities*."""
        item = ([Path(p) for p in shards], list(articles), list(entities))
        if self._queue is None:
            self._load(*item)
            return
        if self._error is not None:
            self._raise()
        self._queue.put(item)

    def finish(
        self, summary: SummaryBuilder | None = None, records: tuple[Path | str, list[str]] | None = None
    ) -> None:
        """Wait for the loads, write the summaries of new entities, drop the marks (steps 3).

        *summary*: the :func:`kg.summary.article_facts` of exactly the loaded
        articles, added up; without it the shards are read again.
        *records*: an N-Quads file of the :func:`kg.summary.article_record` of some
        loaded articles, and their IRIs: bulk-loaded, where the store's SPARQL would
        otherwise write them (the others still get theirs from it).
        """
        self._join()
        if not self._marked:
            return
        from .store import DIRTY_ARTICLE, DIRTY_ENTITY, DIRTY_GRAPH, LOADING_ARTICLE, _finish_ops, _iri, _ox

        fresh = sorted(e for e, new in self._fresh.items() if new)
        if fresh:
            if summary is None:
                summary = _summary_of(self.shards)
            # the bulk loader's writer, not one transaction: until the update below removes them,
            # the marks make recover() recompute these entities from what is really stored;
            # in slices, as the bulk writer buffers what one call gets
            quads = summary.quads(fresh)
            while chunk := list(itertools.islice(quads, 100_000)):
                self.store.raw.bulk_extend(chunk)
        unmark = "".join(f"<{e}> a <{DIRTY_ENTITY}> .\n" for e in fresh)
        if records is not None:
            # like the summaries: until the update below drops their marks, recover() would
            # delete these records and recompute them from what is really stored
            path, recorded = records
            if recorded:
                self.store.raw.bulk_load(path=str(path), format=_ox().RdfFormat.N_QUADS, lenient=self._lenient)
            unmark += "".join(f"{_iri(a)} a <{DIRTY_ARTICLE}> .\n" for a in recorded)
        self.store._update(
            f"DELETE DATA {{ GRAPH <{DIRTY_GRAPH}> {{\n{unmark}}} }} ;\n"
            f"DELETE WHERE {{ GRAPH <{DIRTY_GRAPH}> {{ ?a a <{LOADING_ARTICLE}> }} }} ;\n" + _finish_ops([])
        )

    def abort(self) -> None:
        """Stop after the shard being loaded (the marks stay: the next build's recover() undoes the load)."""
        if self._queue is not None and self._thread is not None:
            while True:  # drop what is waiting
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    break
            self._queue.put(_STOP)
            self._thread.join()
            self._queue = None

    # ------------------------------------------------------------------ internals
    def _load(self, shards: list[Path], articles: list[str], entities: list[str]) -> None:
        from .store import (
            DIRTY_ARTICLE,
            DIRTY_ENTITY,
            DIRTY_GRAPH,
            LOADING_ARTICLE,
            NKG,
            PREFIXES,
            _iri,
            _ox,
            article_iri,
        )

        ox = _ox()
        raw = self.store.raw
        dirty_g, is_a = ox.NamedNode(DIRTY_GRAPH), ox.NamedNode(PREFIXES["rdf"] + "type")
        marks = []
        for a in articles:
            node = ox.NamedNode(_iri(article_iri(a))[1:-1])
            marks.append(ox.Quad(node, is_a, ox.NamedNode(DIRTY_ARTICLE), dirty_g))
            marks.append(ox.Quad(node, is_a, ox.NamedNode(LOADING_ARTICLE), dirty_g))
        dirty_e = ox.NamedNode(DIRTY_ENTITY)
        marks += [ox.Quad(ox.NamedNode(e), is_a, dirty_e, dirty_g) for e in entities]
        if not marks:
            return
        self.store.mark_articles_changed()
        raw.extend(marks)  # (1) one transaction
        self._marked = True
        # new to the store: no graph loaded before mentions them (the shards loaded so far had
        # them decided already, so the lookup only finds graphs stored before this load)
        mentioned = ox.NamedNode(NKG + "mentionedIn")
        for e in entities:
            if e not in self._fresh:
                self._fresh[e] = next(raw.quads_for_pattern(ox.NamedNode(e), mentioned, None, None), None) is None
        for shard in shards:  # (2)
            raw.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS, lenient=self._lenient)
            self.shards.append(shard)

    def _run(self) -> None:
        assert self._queue is not None
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if self._error is None:
                try:
                    self._load(*item)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller by add()/finish()
                    self._error = exc

    def _join(self) -> None:
        if self._queue is not None and self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._queue = None
        if self._error is not None:
            self._raise()

    def _raise(self) -> None:
        err, self._error = self._error, None
        assert err is not None
        raise err


def _summary_of(shards: list[Path]) -> SummaryBuilder:
    """The entity summary of the articles in N-Quads *shards* (each article whole in one shard)."""
    import pyoxigraph as ox

    from .summary import SummaryBuilder

    summary = SummaryBuilder()
    for shard in shards:
        summary.add_quads(ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS))
    return summary
