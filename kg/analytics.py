"""Analyst questions as plain functions over the graph of :func:`kg.graph.to_networkx`.

Every function takes the ``MultiDiGraph`` (entities as nodes, one edge per
event, see the NetworkX contract in ``docs/architecture.md``) and returns
plain Python values (lists of dicts, sets), ready for ``pandas.DataFrame``.
Actors may be given by IRI or by name: Arabic or English label or alias,
normalised for spelling variants (:func:`kg.viz.find_nodes`).

Event dates are often missing or partial (``"2023"``, ``"2023-08"``). When
``G.graph["article_dates"]`` maps article IRIs to dates (as
:meth:`kg.api.KnowledgeGraph.to_networkx` sets it), functions that order or
bucket events by time fall back to the article's date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Literal

import networkx as nx

from .viz import find_nodes

__all__ = [
    "STANCES",
    "central_actors",
    "changed_relations",
    "ego_network",
    "event_date",
    "events_per_period",
    "label",
    "meeting_communities",
    "support_chains",
    "timeline",
]

#: Polarity of the predicates that express a stance of one actor towards another.
STANCES: dict[str, int] = {"supports": 1, "cooperatesWith": 1, "opposes": -1, "accuses": -1}

Measure = Literal["pagerank", "degree", "betweenness"]


# --------------------------------------------------------------------------- helpers


def label(G: nx.MultiDiGraph, node: Any, lang: str = "en") -> str:
    """Display name of a node: the label in ``lang`` if there is one, else any label, else the IRI tail.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:1", label="روسيا", label_ar="روسيا", label_en="Russia")
    >>> label(G, "e:1"), label(G, "e:1", "ar"), label(G, "e:2/x")
    ('Russia', 'روسيا', 'x')
    """
    data = G.nodes[node] if node in G else {}
    text = data.get(f"label_{lang}") or data.get("label")
    return str(text) if text else str(node).rsplit("/", 1)[-1]


def _is_actor(G: nx.MultiDiGraph, n: Any) -> bool:
    return G.nodes[n].get("type") != "Claim"


def _preds(predicate: str | Iterable[str] | None) -> set[str] | None:
    if predicate is None:
        return None
    items = predicate.split(",") if isinstance(predicate, str) else list(predicate)
    return {p.strip().rsplit("#", 1)[-1].rsplit(":", 1)[-1] for p in items if p.strip()}


def _resolve(G: nx.MultiDiGraph, node_or_name: Any) -> list[Any]:
    if node_or_name in G:
        return [node_or_name]
    actors = G.subgraph([n for n in G if _is_actor(G, n)])  # a claim's label names its parties
    nodes = find_nodes(actors, node_or_name) if isinstance(node_or_name, str) else []
    if not nodes:
        raise KeyError(f"no entity matches {node_or_name!r}")
    return nodes


def event_date(G: nx.MultiDiGraph, data: Mapping[str, Any]) -> tuple[str, bool]:
    """``(date, dated)`` of an edge: its own date, else its article's date (``dated`` False), else ``""``.

    >>> G = nx.MultiDiGraph(article_dates={"art:1": "2023-08-23"})
    >>> event_date(G, {"date": "2023-08-22", "article": "art:1"}), event_date(G, {"date": "", "article": "art:1"})
    (('2023-08-22', True), ('2023-08-23', False))
    """
    own = str(data.get("date") or "")[:10]
    if own:
        return own, True
    fallback = (G.graph.get("article_dates") or {}).get(data.get("article", ""), "")
    return str(fallback or "")[:10], False


def _simple(G: nx.MultiDiGraph, preds: set[str] | None, *, directed: bool) -> nx.Graph:
    """Actors-only simple graph of the chosen predicates; ``weight`` = number of events."""
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for u, v, d in G.edges(data=True):
        if (preds is not None and d.get("predicate") not in preds) or u == v:
            continue
        if not (_is_actor(G, u) and _is_actor(G, v)):
            continue
        w = H.edges[u, v]["weight"] + 1 if H.has_edge(u, v) else 1
        H.add_edge(u, v, weight=w)
    return H


def _pagerank(H: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[Any, float]:
    """Weighted PageRank by power iteration (networkx's own needs SciPy)."""
    nodes = list(H)
    n = len(nodes)
    if n == 0:
        return {}
    out_w = {u: sum(d["weight"] for _, _, d in H.out_edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_w[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, d in H.edges(data=True):
            new[v] += alpha * rank[u] * d["weight"] / out_w[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


# --------------------------------------------------------------------------- analytics


def central_actors(
    G: nx.MultiDiGraph,
    predicate: str | Iterable[str] | None = None,
    measure: Measure = "pagerank",
    top: int = 10,
) -> list[dict[str, Any]]:
    """The most central actors, over all events or only those of some predicates.

    Claims are left out; parallel events between two actors add weight.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        predicate: A predicate name (``"supports"``), several (``"met,supports"``
            or a list), or ``None`` for every event.
        measure: ``"pagerank"`` (weighted, directed: being supported or met
            counts), ``"degree"`` (distinct neighbours, normalised) or
            ``"betweenness"`` (undirected, normalised).
        top: How many actors to return.

    Returns:
        Rows ``{"iri", "label", "type", "score", "events"}``, best first.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> for n in "ABCD":
        ...     G.add_node(n, label=n, type="Person")
        >>> for s in "BCD":
        ...     _ = G.add_edge(s, "A", predicate="supports")
        >>> _ = G.add_edge("A", "B", predicate="met")
        >>> [r["label"] for r in central_actors(G, "supports", top=2)]
        ['A', 'B']
        >>> central_actors(G, measure="degree", top=1)[0]["score"]
        1.0
    """
    preds = _preds(predicate)
    if measure == "pagerank":
        scores = _pagerank(_simple(G, preds, directed=True))  # type: ignore[arg-type]
    elif measure == "degree":
        scores = nx.degree_centrality(_simple(G, preds, directed=False))
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(_simple(G, preds, directed=False))
    else:
        raise ValueError(f"unknown measure {measure!r}; use pagerank, degree or betweenness")
    events: Counter[Any] = Counter()
    for u, v, p in G.edges(data="predicate"):
        if preds is None or p in preds:
            events[u] += 1
            events[v] += 1
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], label(G, kv[0])))
    return [
        {
            "iri": n,
            "label": label(G, n),
            "type": G.nodes[n].get("type", ""),
            "score": round(float(s), 6),
            "events": events[n],
        }
        for n, s in ranked[:top]
    ]


def ego_network(G: nx.MultiDiGraph, node_or_name: Any, depth: int = 1) -> nx.MultiDiGraph:
    """An actor's neighbourhood: everything within ``depth`` events of it, either direction.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        node_or_name: An IRI or a name (Arabic/English label or alias).
        depth: How many hops to follow.

    Returns:
        A new ``MultiDiGraph`` with the events among those nodes.

    Raises:
        KeyError: When no node matches.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("h", label="خليفة حفتر", label_en="Khalifa Haftar")
        >>> _ = G.add_edge("r", "h", predicate="supports")
        >>> _ = G.add_edge("x", "r", predicate="met")
        >>> sorted(ego_network(G, "Haftar")), sorted(ego_network(G, "خليفه حفتر", depth=2))
        (['h', 'r'], ['h', 'r', 'x'])
    """
    centres = _resolve(G, node_or_name)
    und = G.to_undirected(as_view=True)
    keep: set[Any] = set()
    for c in centres:
        keep.update(nx.single_source_shortest_path_length(und, c, cutoff=depth))
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph)
    return H


def support_chains(G: nx.MultiDiGraph, source: Any, target: Any, max_len: int = 4) -> list[list[Any]]:
    """The shortest chains of asserted ``supports`` events from ``source`` to ``target``.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        source: IRI or name of the supporter.
        target: IRI or name of the supported actor.
        max_len: Longest chain kept, in events.

    Returns:
        Node lists ``[source, …, target]``, all of the shortest length; ``[]`` when none.

    Raises:
        KeyError: When ``source`` or ``target`` matches no node.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> _ = G.add_edge("ru", "wagner", predicate="supports", modality="asserted")
        >>> _ = G.add_edge("wagner", "lna", predicate="supports", modality="asserted")
        >>> _ = G.add_edge("ru", "lna", predicate="supports", modality="negated")
        >>> support_chains(G, "ru", "lna")
        [['ru', 'wagner', 'lna']]
        >>> support_chains(G, "ru", "lna", max_len=1)
        []
    """
    H = nx.DiGraph()
    for u, v, d in G.edges(data=True):
        if d.get("predicate") == "supports" and d.get("modality", "asserted") == "asserted":
            H.add_edge(u, v)
    chains: list[list[Any]] = []
    for s in _resolve(G, source):
        for t in _resolve(G, target):
            if s == t or s not in H or t not in H or not nx.has_path(H, s, t):
                continue
            chains.extend(p for p in nx.all_shortest_paths(H, s, t) if len(p) - 1 <= max_len)
    if not chains:
        return []
    best = min(len(c) for c in chains)
    return sorted((c for c in chains if len(c) == best), key=lambda c: [str(n) for n in c])


def meeting_communities(
    G: nx.MultiDiGraph,
    predicates: Iterable[str] = ("met", "cooperatesWith"),
    method: Literal["greedy", "label_propagation"] = "greedy",
) -> list[set[Any]]:
    """Groups of actors who meet or cooperate with each other more than with others.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        predicates: The predicates that tie two actors (undirected, weighted by events).
        method: ``"greedy"`` (greedy modularity) or ``"label_propagation"``.

    Returns:
        Sets of nodes, largest first (ties: by smallest label).

    Example:
        >>> G = nx.MultiDiGraph()
        >>> for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]:
        ...     _ = G.add_edge(u, v, predicate="met")
        >>> _ = G.add_edge("a", "z", predicate="opposes")
        >>> [sorted(c) for c in meeting_communities(G)]
        [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    H = _simple(G, _preds(list(predicates)), directed=False)
    if H.number_of_nodes() == 0:
        return []
    if method == "greedy":
        comms = nx.community.greedy_modularity_communities(H, weight="weight")
    elif method == "label_propagation":
        comms = nx.community.label_propagation_communities(H)
    else:
        raise ValueError(f"unknown method {method!r}; use greedy or label_propagation")
    return sorted((set(c) for c in comms), key=lambda c: (-len(c), min(label(G, n) for n in c)))


def timeline(G: nx.MultiDiGraph, actor: Any) -> list[dict[str, Any]]:
    """Every event an actor takes part in (also inside claims), in date order.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        actor: IRI or name of the actor.

    Returns:
        Rows ``{"date", "dated", "predicate", "role", "other", "other_label",
        "modality", "attributed_to", "evidence", "article", "event"}``:
        ``role`` is ``subject``, ``object`` or ``in claim`` (the actor is a
        party of a claim someone denies or accuses of); ``dated`` is False when
        the article's date stands in. Undated events come last.

    Raises:
        KeyError: When ``actor`` matches no node.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("h", label="Haftar")
        >>> _ = G.add_edge("h", "ru", key="e2", predicate="visited", date="2016", evidence="…")
        >>> _ = G.add_edge("ru", "h", key="e1", predicate="supports", date="", evidence="…")
        >>> _ = G.add_edge("h", "sh", key="e3", predicate="met", date="2023-08-22", evidence="…")
        >>> [(r["date"], r["predicate"], r["role"], r["other"]) for r in timeline(G, "Haftar")]
        [('2016', 'visited', 'subject', 'ru'), ('2023-08-22', 'met', 'subject', 'sh'), ('', 'supports', 'object', 'ru')]
    """
    nodes = set(_resolve(G, actor))
    claims = {
        c
        for c, d in G.nodes(data=True)
        if d.get("type") == "Claim" and (d.get("claim_subject") in nodes or d.get("claim_object") in nodes)
    }
    rows = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if u in nodes:
            role, other = "subject", v
        elif v in nodes:
            role, other = "object", u
        elif v in claims:
            role, other = "in claim", u
        else:
            continue
        when, dated = event_date(G, d)
        rows.append(
            {
                "date": when,
                "dated": dated,
                "predicate": d.get("predicate", ""),
                "role": role,
                "other": other,
                "other_label": label(G, other),
                "modality": d.get("modality", ""),
                "attributed_to": d.get("attributed_label", ""),
                "evidence": d.get("evidence", ""),
                "article": d.get("article", ""),
                "event": k,
                "_order": d.get("sentence_start", 0) or 0,
            }
        )
    rows.sort(key=lambda r: (not r["date"], r["date"], r["article"], r["_order"], str(r["event"])))
    for r in rows:
        del r["_order"]
    return rows


def changed_relations(
    G: nx.MultiDiGraph,
    stances: Mapping[str, int] | None = None,
    modalities: Iterable[str] = ("asserted",),
) -> list[dict[str, Any]]:
    """Actor pairs whose stance changed over time, such as supports and later opposes.

    Events are ordered by date (the article's date when the event has none;
    events with no date at all are ignored) and a change is reported each
    time the polarity of consecutive events from the same subject to the same
    object flips.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        stances: Predicate → polarity (+1 friendly, -1 hostile); default :data:`STANCES`.
        modalities: Only events with these modalities count.

    Returns:
        Rows ``{"subject", "subject_label", "object", "object_label",
        "before", "before_date", "after", "after_date", "history"}`` where
        ``history`` lists ``(date, predicate)`` in order; sorted by ``after_date``.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> _ = G.add_edge("a", "b", predicate="supports", date="2020-01-05", modality="asserted")
        >>> _ = G.add_edge("a", "b", predicate="opposes", date="2021-03", modality="asserted")
        >>> _ = G.add_edge("a", "c", predicate="supports", date="2020", modality="asserted")
        >>> [(r["subject"], r["object"], r["before"], r["after"], r["after_date"]) for r in changed_relations(G)]
        [('a', 'b', 'supports', 'opposes', '2021-03')]
    """
    polarity = dict(STANCES if stances is None else stances)
    mods = set(modalities)
    seqs: dict[tuple[Any, Any], list[tuple[str, str]]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        p = d.get("predicate")
        if p not in polarity or d.get("modality", "asserted") not in mods:
            continue
        when, _ = event_date(G, d)
        if when:
            seqs[(u, v)].append((when, p))
    rows = []
    for (u, v), seq in seqs.items():
        seq.sort()
        for (d0, p0), (d1, p1) in zip(seq, seq[1:], strict=False):
            if polarity[p0] != polarity[p1]:
                rows.append(
                    {
                        "subject": u,
                        "subject_label": label(G, u),
                        "object": v,
                        "object_label": label(G, v),
                        "before": p0,
                        "before_date": d0,
                        "after": p1,
                        "after_date": d1,
                        "history": list(seq),
                    }
                )
    rows.sort(key=lambda r: (r["after_date"], str(r["subject"]), str(r["object"])))
    return rows


def _period(day: str, freq: str) -> str | None:
    """The period (start) of an ISO date for ``freq``; ``None`` when the date is too coarse."""
    parts = day.split("-")
    if freq == "Y":
        return parts[0] if parts[0].isdigit() else None
    if freq == "M":
        return "-".join(parts[:2]) if len(parts) >= 2 else None
    if len(parts) < 3:
        return None
    try:
        d = date.fromisoformat(day[:10])
    except ValueError:
        return None
    if freq == "D":
        return d.isoformat()
    return (d - timedelta(days=d.weekday())).isoformat()


def events_per_period(
    G: nx.MultiDiGraph,
    freq: Literal["D", "W", "M", "Y"] = "W",
    predicate: str | Iterable[str] | None = None,
) -> dict[str, int]:
    """How many events fall in each day, week (Monday), month or year.

    Events without a date precise enough for ``freq`` (and no article date
    to fall back on) are not counted.

    Args:
        G: The graph of :func:`kg.graph.to_networkx`.
        freq: ``"D"``, ``"W"`` (keys are the Monday, ``YYYY-MM-DD``), ``"M"`` (``YYYY-MM``) or ``"Y"``.
        predicate: Only these predicates (name, ``"a,b"`` or list); ``None`` = all.

    Returns:
        ``{period: count}`` in time order.

    Example:
        >>> G = nx.MultiDiGraph()
        >>> for d in ["2023-08-22", "2023-08-24", "2023-08-29", "2023-08", ""]:
        ...     _ = G.add_edge("a", "b", predicate="met", date=d)
        >>> events_per_period(G, "W")
        {'2023-08-21': 2, '2023-08-28': 1}
        >>> events_per_period(G, "M")
        {'2023-08': 4}
    """
    if freq not in ("D", "W", "M", "Y"):
        raise ValueError(f"unknown freq {freq!r}; use D, W, M or Y")
    preds = _preds(predicate)
    counts: Counter[str] = Counter()
    for _, _, d in G.edges(data=True):
        if preds is not None and d.get("predicate") not in preds:
            continue
        when, _ = event_date(G, d)
        period = _period(when, freq) if when else None
        if period:
            counts[period] += 1
    return dict(sorted(counts.items()))
