"""One event, many reports: merge the event nodes of different articles that report one happening.

Each article keeps its own event nodes (evidence, offsets, named graph).
On top of them, the named graph ``https://w3id.org/newskg/graph/events``
holds one *merged event* per happening, a pure function of the article
graphs, rebuilt after every build like the default graph is::

    mev:H a schema:Event ;
        rdf:predicate nkg:met ;                    # the relation predicate
        rdf:subject ent:Q1 ; rdf:object ent:Q2 ;   # its parties (symmetric predicates: IRI order)
        prov:wasDerivedFrom event:E1 , event:E2 ;  # every report (an article's event node)
        dcterms:date "2024-01-08"^^xsd:date ;      # when a report dates it
        idx:reportCount 2 ; idx:articleCount 2 ;   # reports and distinct articles (xsd:integer)
        idx:outletCount 2 ;                        # distinct outlets of those articles
        idx:outlet "Daily Planet Wire" , "Gazette Online" .

(``mev:`` = ``https://w3id.org/newskg/merged-event/``. The merged node uses
only standard terms — RDF reification, schema.org, PROV, DCMI — so queries over
the union of graphs that match ``nkg:predicate``/``nkg:participant`` still see
each report once and never the merged node. The ``idx:`` counts,
``https://w3id.org/newskg/index#`` as in the store's index graph, are store
plumbing precomputed for ``queries/reported-by.rq``, which ranks thousands of
merged events by outlets without reading their reports. An article's outlet is
its publisher (``dcterms:publisher``), else the host of its URL
(``dcterms:source``), else the article IRI: ``idx:outlet`` of the article in
:mod:`kg.store`'s index graph, read from there.)

Two reports are one happening when they have the same predicate, the same
modality, the same participants (subject and object; either order for the
symmetric ``met`` and ``cooperatesWith``) and compatible dates:

* a report's date is an interval: its ``nkg:date`` (a day, a month or a
  year), else the ``DATE_WINDOW`` days up to its article's ``dcterms:date``
  (news reports what happened in the last few days), else unknown;
* reports are grouped in date order while their intervals intersect, so
  meetings on 8 and 20 January are two events, a report dated "January"
  joins the first;
* a report with no date at all joins the only event of its key when there
  is exactly one, else the undated reports form one event.

So "how many times did X meet Y" counts merged events
(``queries/how-many-meetings.rq``) and "reported by N outlets" counts the
distinct publishers of their reports (``queries/reported-by.rq``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import secrets
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import SYMMETRIC_PREDICATES
from .text import short_hash

__all__ = [
    "DATE_WINDOW",
    "EVENTS_GRAPH",
    "MERGED_EVENT_NS",
    "KeyReports",
    "EventReport",
    "MergedEvent",
    "article_reports",
    "event_reports",
    "events_ntriples",
    "merge_events",
    "rebuild_events",
]

EVENTS_GRAPH = "https://w3id.org/newskg/graph/events"
MERGED_EVENT_NS = "https://w3id.org/newskg/merged-event/"
NKG = "https://w3id.org/newskg/ontology#"
DATE_WINDOW = 3
_DCT = "http://purl.org/dc/terms/"
_IDX = "https://w3id.org/newskg/index#"
_PROV = "http://www.w3.org/ns/prov#"
_SCHEMA = "https://schema.org/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = _RDF + "type"


@dataclass(frozen=True, slots=True)
class EventReport:
    """One article's event node, as read from its named graph (IRIs as strings)."""

    event: str
    article: str
    predicate: str  # local name: "met"
    subject: str
    object: str
    modality: str = "Asserted"
    date: str | None = None  # the event's nkg:date: "2024-01-08", "2024-01" or "2024"
    article_date: str | None = None  # the article's dcterms:date
    outlets: tuple[str, ...] = ()  # its article's outlets (publisher, else URL host, else the article IRI)

    @property
    def key(self) -> tuple[str, str, str, str]:
        a, b = self.subject, self.object
        if self.predicate in SYMMETRIC_PREDICATES and b < a:
            a, b = b, a
        return (self.predicate, self.modality, a, b)

    def interval(self) -> tuple[dt.date, dt.date] | None:
        """The days this report can refer to (``None``: no date known)."""
        if self.date:
            return _date_interval(self.date)
        if self.article_date:
            iv = _date_interval(self.article_date)
            if iv:
                return (iv[0] - dt.timedelta(days=DATE_WINDOW), iv[1])
        return None


@functools.lru_cache(maxsize=8192)  # a few thousand distinct dates, each parsed for many reports
def _date_interval(value: str) -> tuple[dt.date, dt.date] | None:
    v = value.strip()[:10]
    try:
        if len(v) == 10:
            d = dt.date.fromisoformat(v)
            return (d, d)
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return (first, nxt - dt.timedelta(days=1))
        if len(v) == 4:
            y = int(v)
            return (dt.date(y, 1, 1), dt.date(y, 12, 31))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One happening and the reports (event nodes) of it."""

    predicate: str
    modality: str
    subject: str
    object: str
    reports: tuple[EventReport, ...]
    date: str | None = None

    @property
    def iri(self) -> str:
        first = min(r.event for r in self.reports)
        return MERGED_EVENT_NS + short_hash(self.predicate, self.modality, self.subject, self.object, first)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({r.article for r in self.reports}))

    @property
    def outlets(self) -> tuple[str, ...]:
        """Distinct outlets of the reporting articles (a report read without outlets counts its article)."""
        return tuple(sorted({o for r in self.reports for o in (r.outlets or (r.article,))}))


def _best_date(reports: Iterable[EventReport]) -> str | None:
    """The most specific event date the reports give (most frequent, then earliest)."""
    dates = [r.date for r in reports if r.date]
    if not dates:
        return None
    longest = max(len(d) for d in dates)
    cands = [d for d in dates if len(d) == longest]
    return min(set(cands), key=lambda d: (-cands.count(d), d))


def merge_events(reports: Iterable[EventReport]) -> list[MergedEvent]:
    """Group reports into happenings (see the module doc); every report is in exactly one.

    >>> a = EventReport("e1", "a1", "met", "x", "y", date="2024-01-08")
    >>> b = EventReport("e2", "a2", "met", "y", "x", article_date="2024-01-09")
    >>> c = EventReport("e3", "a3", "met", "x", "y", date="2024-01-20")
    >>> [len(m.reports) for m in merge_events([a, b, c])]
    [2, 1]
    """
    by_key: dict[tuple[str, str, str, str], list[EventReport]] = {}
    for r in reports:
        by_key.setdefault(r.key, []).append(r)
    out: list[MergedEvent] = []
    for key in sorted(by_key):
        group = by_key[key]
        pairs = [(r.interval(), r) for r in group]
        dated = sorted(((iv, r) for iv, r in pairs if iv is not None), key=lambda t: (t[0][0], t[0][1], t[1].event))
        undated = sorted((r for iv, r in pairs if iv is None), key=lambda r: r.event)
        clusters: list[list[EventReport]] = []
        current: tuple[dt.date, dt.date] | None = None
        for iv, r in dated:
            if current is not None and iv[0] <= current[1] and current[0] <= iv[1]:
                current = (max(current[0], iv[0]), min(current[1], iv[1]))
                clusters[-1].append(r)
            else:
                current = iv
                clusters.append([r])
        if undated:
            if len(clusters) == 1:
                clusters[0].extend(undated)
            else:
                clusters.append(list(undated))
        pred, mod, subj, obj = key
        for members in clusters:
            out.append(MergedEvent(pred, mod, subj, obj, tuple(members), _best_date(members)))
    return sorted(out, key=lambda m: m.iri)


_REPORTS_QUERY = """
SELECT ?ev ?g ?p ?s ?o ?mod ?date ?adate WHERE {
  GRAPH ?g {
    ?ev a nkg:Event ; nkg:predicate ?p ; nkg:subject ?s ; nkg:object ?o ; nkg:modality ?mod .
    OPTIONAL { ?ev nkg:date ?date }
    OPTIONAL { ?g dcterms:date ?adate }
  }
}
"""

_REPORTS_WHERE_QUERY = """
SELECT ?ev ?g ?p ?s ?o ?mod ?date ?adate WHERE {
  %s
  # LATERAL: the pattern runs once per VALUES row with its variables bound (3 ms instead of
  # 3 s on 20,000 articles, where a plain join matched every event of every graph first)
  LATERAL {
    GRAPH ?g {
      ?ev nkg:subject ?s ; nkg:object ?o ; nkg:predicate ?p ; a nkg:Event ; nkg:modality ?mod .
      OPTIONAL { ?ev nkg:date ?date }
      OPTIONAL { ?g dcterms:date ?adate }
    }
  }
}
"""


def _article_outlets(store: object, articles: Iterable[str] | None) -> dict[str, tuple[str, ...]]:
    """Outlets of these article graphs (``None``: of every article graph), as the store's index
    graph records them (``idx:outlet``, written with each article's record before events are merged)."""
    from .store import INDEX_GRAPH

    pattern = f"GRAPH <{INDEX_GRAPH}> {{ ?g <{_IDX}outlet> ?outlet }}"
    if articles is None:
        query = f"SELECT ?g ?outlet WHERE {{ {pattern} }}"
    else:
        iris = sorted(set(articles))
        if not iris:
            return {}
        values = " ".join(f"<{a}>" for a in iris)
        # LATERAL: one lookup per article
        query = f"SELECT ?g ?outlet WHERE {{ VALUES ?g {{ {values} }} LATERAL {{ {pattern} }} }}"
    rows = store.select(query, use_default_graph_as_union=False)  # type: ignore[attr-defined]
    found: dict[str, set[str]] = {}
    for r in rows:
        found.setdefault(r["g"], set()).add(str(r["outlet"]))
    return {g: tuple(sorted(o)) for g, o in found.items()}


def event_reports(store: object, values: str | None = None) -> list[EventReport]:
    """Every event node of every article graph of a :class:`kg.store.Store`, with its article's outlets.

    *values*: a SPARQL ``VALUES`` clause over ``?g`` (article graphs) or ``(?p ?s ?o)``
    (predicate and parties) keeping only those reports (an incremental build's lookups).
    """
    query = _REPORTS_QUERY if values is None else _REPORTS_WHERE_QUERY.replace("%s", values)
    rows = store.select(query, use_default_graph_as_union=False)  # type: ignore[attr-defined]
    outlets = _article_outlets(store, None if values is None else (r["g"] for r in rows))
    out = []
    for r in rows:
        out.append(
            EventReport(
                event=r["ev"],
                article=r["g"],
                predicate=str(r["p"]).rsplit("#", 1)[-1],
                subject=r["s"],
                object=r["o"],
                modality=str(r["mod"]).rsplit("#", 1)[-1],
                date=str(r["date"]) if r["date"] is not None else None,
                article_date=str(r["adate"]) if r["adate"] is not None else None,
                outlets=outlets.get(r["g"], ()),
            )
        )
    return out


ReportRow = tuple[str, str, Any, Any, Any, Any, str | None, str | None]
"""An :class:`EventReport` without its outlets: (event, article, predicate, subject, object,
modality, date, article date), the values as :func:`event_reports` reads them."""


def article_reports(quads: Iterable[Any]) -> tuple[ReportRow, ...] | None:
    """The event reports of ONE article graph (pyoxigraph quads, all in that graph), as
    :func:`event_reports` would read them from the store, without the outlets.

    A build computes them where it makes the graph, so that a first build merges events
    without reading every report back. ``None`` when an event or the graph is a blank node
    (a store gives those other labels: only :func:`event_reports` can read them).

    >>> import pyoxigraph as ox
    >>> g, e = ox.NamedNode("https://w3id.org/newskg/article/a"), ox.NamedNode("https://w3id.org/newskg/event/e")
    >>> n = lambda local: ox.NamedNode(NKG + local)
    >>> q = [ox.Quad(e, ox.NamedNode(_RDF_TYPE), n("Event"), g), ox.Quad(e, n("predicate"), n("met"), g),
    ...      ox.Quad(e, n("subject"), n("x"), g), ox.Quad(e, n("object"), n("y"), g),
    ...      ox.Quad(e, n("modality"), n("Asserted"), g)]
    >>> [r[2:6] for r in article_reports(q)]
    [('met', 'https://w3id.org/newskg/ontology#x', 'https://w3id.org/newskg/ontology#y', 'Asserted')]
    """
    import itertools

    import pyoxigraph as ox

    from .store import term_to_python

    quads = list(quads)
    if not quads:
        return ()
    graph = quads[0].graph_name
    if not isinstance(graph, ox.NamedNode):
        return None
    wanted = {NKG + k: k for k in ("predicate", "subject", "object", "modality", "date")}
    events: set[Any] = set()
    values: dict[tuple[Any, str], list[Any]] = {}
    article_dates: list[Any] = []
    for q in quads:
        p = q.predicate.value
        if p == _RDF_TYPE:
            if q.object.value == NKG + "Event" and isinstance(q.object, ox.NamedNode):
                events.add(q.subject)
        elif p in wanted:
            values.setdefault((q.subject, wanted[p]), []).append(q.object)
        elif p == _DCT + "date" and q.subject == graph:
            article_dates.append(q.object)
    if any(isinstance(e, ox.BlankNode) for e in events):
        return None
    rows: list[ReportRow] = []
    article = graph.value
    adates: list[str | None] = [str(term_to_python(d)) for d in article_dates] or [None]
    for ev in sorted(events, key=str):
        parts = [values.get((ev, k), []) for k in ("predicate", "subject", "object", "modality")]
        if not all(parts):
            continue
        dates: list[str | None] = [str(term_to_python(d)) for d in values.get((ev, "date"), [])] or [None]
        for p, subj, obj, mod, date, adate in itertools.product(*parts, dates, adates):
            rows.append(
                (
                    ev.value,
                    article,
                    str(term_to_python(p)).rsplit("#", 1)[-1],
                    term_to_python(subj),
                    term_to_python(obj),
                    str(term_to_python(mod)).rsplit("#", 1)[-1],
                    date,
                    adate,
                )
            )
    return tuple(rows)


def reports_of(rows: Iterable[ReportRow], store: object) -> list[EventReport]:
    """:class:`EventReport` s of :func:`article_reports` rows, with their articles' outlets read from *store*."""
    rows = list(rows)
    outlets = _article_outlets(store, (r[1] for r in rows))
    return [EventReport(*r, outlets=outlets.get(r[1], ())) for r in rows]


def _date_term(value: str) -> str:
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}.get(len(value), "string")
    return f'"{value}"^^<{_XSD}{kind}>'


def _string_term(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _int_term(n: int) -> str:
    return f'"{n}"^^<{_XSD}integer>'


def events_ntriples(merged: Iterable[MergedEvent]) -> str:
    """N-Triples of the merged-events graph (the triples of a merged node all have it as subject)."""
    lines = []
    for m in merged:
        node = f"<{m.iri}>"
        lines.append(f"{node} <{_RDF_TYPE}> <{_SCHEMA}Event> .")
        lines.append(f"{node} <{_RDF}predicate> <{NKG}{m.predicate}> .")
        lines.append(f"{node} <{_RDF}subject> <{m.subject}> .")
        lines.append(f"{node} <{_RDF}object> <{m.object}> .")
        for r in sorted(m.reports, key=lambda r: r.event):
            lines.append(f"{node} <{_PROV}wasDerivedFrom> <{r.event}> .")
        if m.date:
            lines.append(f"{node} <{_DCT}date> {_date_term(m.date)} .")
        outlets = m.outlets
        lines.append(f"{node} <{_IDX}reportCount> {_int_term(len(m.reports))} .")
        lines.append(f"{node} <{_IDX}articleCount> {_int_term(len(m.articles))} .")
        lines.append(f"{node} <{_IDX}outletCount> {_int_term(len(outlets))} .")
        for outlet in outlets:
            lines.append(f"{node} <{_IDX}outlet> {_string_term(outlet)} .")
    return "\n".join(lines) + ("\n" if lines else "")


# --------------------------------------------------------------------------- kept reports of each key
#
# Merging the reports of one (predicate, subject, object) key again, when an article adds one, needs
# all of them: (leads, Donald Trump, United States) has 3,400 reports on 20,000 articles, and reading
# them back from the article graphs (a join per report, and each article's outlet) took 0.5-1.5 s of
# an add; a key of a busy party costs a scan of that party's events even when it has one report
# (70 ms for each (met, Donald Trump, X)). So the reports of each key are kept next to the store, in
# STORE.key-reports.sqlite (one row per key), and read in a millisecond.
#
# The file is valid only while the store holds the EMPTY named graph
# <urn:newskg:store:key-reports:TOKEN> of the token the file records (an empty graph is in no
# export). Whatever rewrites merged events replaces that graph in the same transaction: kg.build's
# merge of some keys (then rewrites those keys' rows and records the new token), rebuild_events
# (then rewrites every row, and marks the rows complete: a key without a row has no report). A
# process killed between leaves a file whose token the store does not hold: it is not read. A build
# that finds article graphs written outside a build (the store's "changed" mark) deletes the file.

KEY_REPORTS_SUFFIX = ".key-reports.sqlite"
KEY_REPORTS_STATE_NS = "urn:newskg:store:key-reports:"
"""Store plumbing: the EMPTY named graph ``urn:newskg:store:key-reports:TOKEN`` says the kept
reports of :class:`KeyReports` recorded with TOKEN match the merged events."""
_KEY_REPORTS_VERSION = 1

Key = tuple[str, str, str]


def _encode_reports(key: Key, reports: Sequence[EventReport]) -> str | None:
    pred, a, b = key
    rows: list[list[Any]] = []
    for r in sorted(reports, key=lambda r: (r.event, r.article, r.date or "", r.article_date or "")):
        if (r.predicate, r.subject, r.object) not in ((pred, a, b), (pred, b, a)):
            return None  # not this key's
        if r.event.startswith("_:") or r.article.startswith("_:"):
            return None  # blank node labels are not stable across reads
        rows.append([r.event, r.article, int(r.subject != a), r.modality, r.date, r.article_date, list(r.outlets)])
    return json.dumps({"v": _KEY_REPORTS_VERSION, "key": list(key), "reports": rows}, ensure_ascii=False)


def _decode_reports(key: Key, text: str) -> list[EventReport] | None:
    try:
        data = json.loads(text)
        if data.get("v") != _KEY_REPORTS_VERSION or tuple(data.get("key", ())) != key:
            return None
        pred, a, b = key
        return [
            EventReport(ev, art, pred, b if flip else a, a if flip else b, mod, date, adate, tuple(outlets))
            for ev, art, flip, mod, date, adate, outlets in data["reports"]
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # not ours, or damaged: the key is read from the article graphs


def _key_id(key: Key) -> str:
    return short_hash(*key)


class KeyReports:
    """The event reports of each (predicate, subject, object) key of a store, kept next to it.

    ``KeyReports.of(store)`` is ``None`` for an in-memory store. :meth:`read` gives what the
    file holds when the store vouches for it; :meth:`begin` / :meth:`commit` rewrite it around a
    store update that rewrites merged events (see the comment above).
    """

    def __init__(self, store: Any, path: Path) -> None:
        self.store = store
        self.path = path
        self._token: str | None = None  # of the next commit
        self._was = (False, False)  # at begin(): (the store vouched for the file, its rows were complete)
        self.counts_before: tuple[int, int] | None = None  # at begin(): see counts()

    @classmethod
    def of(cls, store: Any) -> KeyReports | None:
        path = getattr(store, "path", None)
        if path is None:
            return None
        path = Path(path)
        return cls(store, path.with_name(path.name + KEY_REPORTS_SUFFIX))

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        return db

    def _state(self, db: sqlite3.Connection) -> tuple[str | None, bool, tuple[int, int] | None]:
        """(the file's token if the store holds it, whether its rows are complete, its counts)."""
        import pyoxigraph as ox

        meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
        token = meta.get("token")
        if not token or meta.get("version") != str(_KEY_REPORTS_VERSION):
            return None, False, None
        if not self.store.raw.contains_named_graph(ox.NamedNode(KEY_REPORTS_STATE_NS + token)):
            return None, False, None
        # written with the token they are right for: a writer that does not know them (an older
        # version) changes the token and leaves them stale, never read
        parts = (meta.get("counts") or "").split()
        ok = len(parts) == 3 and parts[0] == token and parts[1].isdigit() and parts[2].isdigit()
        counts = (int(parts[1]), int(parts[2])) if ok else None
        return token, meta.get("complete") == "1", counts

    def _current_state(self) -> tuple[str | None, bool, tuple[int, int] | None]:
        """:meth:`_state` of the file, (None, False, None) when there is none or it is unreadable."""
        if not self.path.exists():
            return None, False, None
        try:
            with contextlib.closing(self._connect()) as db:
                return self._state(db)
        except sqlite3.Error:
            return None, False, None

    def counts(self) -> tuple[int, int] | None:
        """(event reports, merged events) of the whole store, when the file holds them for its
        current state: what a COUNT over the merged-events graph gives (50 ms on 20,000 articles)."""
        return self._current_state()[2]

    def read(self, keys: Iterable[Key]) -> dict[Key, list[EventReport]]:
        """The reports of those of *keys* the file holds (every key, those without a row having
        none, when its rows are complete); nothing when the store does not vouch for it."""
        if not self.path.exists():
            return {}
        try:
            with contextlib.closing(self._connect()) as db:
                token, complete, _ = self._state(db)
                if token is None:
                    return {}
                out: dict[Key, list[EventReport]] = {}
                for key in keys:
                    row = db.execute("SELECT body FROM reports WHERE id = ?", (_key_id(key),)).fetchone()
                    if row is None:
                        if complete:
                            out[key] = []
                        continue
                    reports = _decode_reports(key, row[0])
                    if reports is not None:
                        out[key] = reports
                return out
        except sqlite3.Error:
            return {}  # unreadable: the keys are read from the article graphs

    def begin(self) -> tuple[str, str]:
        """The store update operations that go with a rewrite of merged events: (drop the graph
        of the file's token, or "" when the store holds none; create the graph of a new one)."""
        token, complete, counts = self._current_state()
        self._token = secrets.token_hex(16)
        self._was = (token is not None, complete)
        self.counts_before = counts
        drop = f"DROP SILENT GRAPH <{KEY_REPORTS_STATE_NS}{token}>" if token else ""
        return drop, f"CREATE SILENT GRAPH <{KEY_REPORTS_STATE_NS}{self._token}>"

    def commit(
        self,
        by_key: Mapping[Key, Sequence[EventReport]],
        merged: Iterable[Key] | None,
        counts: tuple[int, int] | None = None,
    ) -> None:
        """After the store update of :meth:`begin`: rows for *by_key* (ALL the reports of each key),
        the rows of the other *merged* keys dropped (they have no report now); *merged* ``None``:
        *by_key* is every key of the store, the rows are rewritten and complete. *counts*: the
        store's (event reports, merged events) after the update, which :meth:`counts` then gives."""
        assert self._token is not None, "begin() first"
        rows = {}
        every = True
        for key, reports in by_key.items():
            if not reports:
                continue
            body = _encode_reports(key, reports)
            if body is None:
                every = False
            else:
                rows[_key_id(key)] = body
        try:
            with contextlib.closing(self._connect()) as db, db:
                was_valid, was_complete = self._was
                if merged is None or not was_valid:
                    db.execute("DELETE FROM reports")
                    complete = merged is None and every
                else:
                    db.executemany("DELETE FROM reports WHERE id = ?", [(_key_id(k),) for k in merged])
                    complete = every and was_complete
                db.executemany("INSERT OR REPLACE INTO reports (id, body) VALUES (?, ?)", list(rows.items()))
                meta = {
                    "token": self._token,
                    "version": str(_KEY_REPORTS_VERSION),
                    "complete": "1" if complete else "0",
                    "counts": f"{self._token} {counts[0]} {counts[1]}" if counts is not None else "",
                }
                db.executemany("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", list(meta.items()))
        except sqlite3.Error:
            self.discard()  # not kept: the keys are read from the article graphs
        self._token = None

    def discard(self) -> None:
        """Delete the file (article graphs were written outside a build: its rows may lag)."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)


def reports_by_key(reports: Iterable[EventReport]) -> dict[Key, list[EventReport]]:
    """Reports by (predicate, subject, object), the subject and object of a symmetric predicate in IRI order."""
    out: dict[Key, list[EventReport]] = {}
    for r in reports:
        k = r.key
        out.setdefault((k[0], k[2], k[3]), []).append(r)
    return out


@dataclass(frozen=True, slots=True)
class EventsReport:
    """What :func:`rebuild_events` did."""

    reports: int
    merged: int

    @property
    def folded(self) -> int:
        """Event nodes that are not the first report of their happening (reports - merged events)."""
        return self.reports - self.merged


def rebuild_events(store: object, reports: list[EventReport] | None = None) -> EventsReport:
    """Recompute the merged-events graph of a store from its article graphs.

    *reports*: every event report of the store when the caller knows them already
    (:func:`article_reports` of a first build); by default :func:`event_reports` reads them.
    A store with merged events gets the new ones in one transaction. One with none yet
    (a first build: tens of thousands of nodes, which a transaction writes 3 to 10 times
    slower) gets them from Oxigraph's bulk loader, which is not transactional: ``kg build``
    marks the store (:meth:`kg.store.Store.mark_derived_stale`) until they are written, and
    a build that finds the mark rebuilds them.
    """
    import pyoxigraph as ox

    if reports is None:
        reports = event_reports(store)
    merged = merge_events(reports)
    body = events_ntriples(merged)
    raw = store.raw  # type: ignore[attr-defined]
    graph = ox.NamedNode(EVENTS_GRAPH)
    kept = KeyReports.of(store) if not store.read_only else None  # type: ignore[attr-defined]
    # the kept reports' token goes first (they are not read while the events are rewritten) and the
    # new one last, once they are rewritten
    drop, create = kept.begin() if kept is not None else ("", "")
    if drop:
        store._update(drop)  # type: ignore[attr-defined]
    empty = not raw.contains_named_graph(graph) or next(raw.quads_for_pattern(None, None, None, graph), None) is None
    if empty and body and not store.read_only:  # type: ignore[attr-defined]
        raw.bulk_load(body.encode("utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=graph)
    else:
        update = f"DROP SILENT GRAPH <{EVENTS_GRAPH}>"
        if body:
            update += f" ;\nINSERT DATA {{ GRAPH <{EVENTS_GRAPH}> {{\n{body}}} }}"
        store._update(update)  # type: ignore[attr-defined]
    if kept is not None:
        kept.commit(reports_by_key(reports), None, (len(reports), len(merged)))
        store._update(create)  # type: ignore[attr-defined]
    return EventsReport(len(reports), len(merged))
