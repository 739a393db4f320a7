"""Offline, RTL-aware, injection-safe HTML views of the news graph.

Input is the ``networkx.MultiDiGraph`` of ``kg.graph.to_networkx`` (see the
NetworkX contract in ``docs/architecture.md``). pyvis builds the vis-network
option dicts; the page itself comes from ``kg/templates/view.html`` with
vis-network inlined, so it makes no network request. Data reaches the page as
escaped JSON and is put into the DOM with ``textContent`` only.

Filters (``ego_subgraph``, ``filter_predicates``, ``filter_dates``,
``filter_article``) are plain functions returning new graphs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fsutil import atomic_write

if TYPE_CHECKING:
    import networkx as nx
    from IPython.display import HTML

__all__ = [
    "DASHED_MODALITIES",
    "NODE_STYLES",
    "PREDICATE_COLOURS",
    "PREDICATE_LABELS_AR",
    "ego_subgraph",
    "filter_article",
    "filter_dates",
    "filter_predicates",
    "filter_view",
    "find_nodes",
    "normalize_name",
    "render_html",
    "show",
    "write_html",
]

_HERE = Path(__file__).resolve().parent
_TEMPLATE = _HERE / "templates" / "view.html"
_VIS_DIR = _HERE / "static" / "vis-network"

#: type -> (colour, vis shape, legend glyph, Arabic name)
NODE_STYLES: dict[str, tuple[str, str, str, str]] = {
    "Person": ("#4e79a7", "dot", "●", "شخص"),
    "Organization": ("#f28e2b", "square", "■", "منظمة"),
    "Location": ("#59a14f", "triangle", "▲", "مكان"),
    "Event": ("#b07aa1", "star", "★", "حدث"),
    "Claim": ("#9c755f", "diamond", "◆", "ادعاء"),
}
_OTHER_STYLE = ("#8c8c8c", "dot", "●", "كيان")

PREDICATE_COLOURS: dict[str, str] = {
    "visited": "#1f77b4",
    "met": "#17becf",
    "supports": "#2ca02c",
    "denies": "#d62728",
    "accuses": "#ff7f0e",
    "leads": "#9467bd",
    "memberOf": "#8c564b",
    "opposes": "#e377c2",
    "cooperatesWith": "#bcbd22",
    "locatedIn": "#7f7f7f",
    "stated": "#393b79",
}
_OTHER_PREDICATE_COLOUR = "#aaaaaa"

PREDICATE_LABELS_AR: dict[str, str] = {
    "visited": "زار",
    "met": "التقى",
    "supports": "يدعم",
    "denies": "ينفي",
    "accuses": "يتهم",
    "leads": "يقود",
    "memberOf": "عضو في",
    "opposes": "يعارض",
    "cooperatesWith": "يتعاون مع",
    "locatedIn": "يقع في",
    "stated": "صرّح",
}
_SYMMETRIC = frozenset({"met", "cooperatesWith"})

#: modalities drawn dashed (as are denials and attributed claims)
DASHED_MODALITIES: frozenset[str] = frozenset({"negated", "planned", "hypothetical"})

_LAYOUTS = (None, "physics", "spring", "circular")
_FAST_LAYOUT_NODES = 2000
_MAX_CANVAS_LABEL = 48
_MAX_EVIDENCE = 2000
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_RE = re.compile("[\u0623\u0625\u0622\u0671]")
_SPACE_RE = re.compile(r"\s+")
_RLI, _PDI = "\u2067", "\u2069"


# --------------------------------------------------------------------------
# small helpers


def _s(value: Any) -> str:
    """``value`` as a string, ``""`` for ``None``."""
    return "" if value is None else str(value)


def _local(pred: Any) -> str:
    """Local name of a predicate IRI or CURIE (``nkg:supports`` -> ``supports``)."""
    text = _s(pred)
    for sep in ("#", "/", ":"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def normalize_name(text: str) -> str:
    """Normalise a name for matching: NFKC, casefold, Arabic letter variants.

    Strips Arabic diacritics and tatweel, unifies أ إ آ ٱ → ا, ة → ه, ى → ي
    and collapses whitespace.

    >>> normalize_name("خليفة  حفتر") == normalize_name("خليفه حفتر")
    True
    >>> normalize_name("إِبْرَاهِيم") == normalize_name("ابراهيم")
    True
    >>> normalize_name(" Khalifa HAFTAR ")
    'khalifa haftar'
    """
    text = unicodedata.normalize("NFKC", _s(text))
    text = _DIACRITICS_RE.sub("", text)
    text = _ALEF_RE.sub("\u0627", text)
    text = text.replace("\u0629", "\u0647").replace("\u0649", "\u064a")
    return _SPACE_RE.sub(" ", text).strip().casefold()


def _isolate(label: str) -> str:
    """Wrap a label containing Arabic in RLI … PDI so the canvas lays it out RTL."""
    return f"{_RLI}{label}{_PDI}" if _ARABIC_RE.search(label) else label


def _shorten(label: str, limit: int = _MAX_CANVAS_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _json_for_script(obj: Any) -> str:
    """JSON safe to embed inside ``<script type="application/json">``.

    >>> _json_for_script({"a": "</script><b>&\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def _assets() -> tuple[str, str, str]:
    """(vis JS, vis CSS, page template) read once from the package."""
    js_path, css_path = _VIS_DIR / "vis-network.min.js", _VIS_DIR / "vis-network.css"
    if not js_path.exists():  # fall back to the copy inside the pyvis wheel
        import pyvis

        lib = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
        js_path, css_path = lib / "vis-network.min.js", lib / "vis-network.css"
    js = js_path.read_text(encoding="utf-8")
    css = css_path.read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover
        raise ValueError("vendored vis-network cannot be inlined safely")
    return js, css, _TEMPLATE.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# filters


def _edge_subgraph(G: nx.MultiDiGraph, keep: Iterable[tuple[Any, Any, Any]]) -> nx.MultiDiGraph:
    """New graph holding the edges ``keep`` (u, v, key) and their end nodes."""
    import networkx as nx

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for u, v, k in keep:
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, key=k, **G.edges[u, v, k])
    return H


def find_nodes(G: nx.MultiDiGraph, name_or_iri: str) -> list[Any]:
    """Nodes whose IRI is ``name_or_iri`` or whose label/aliases match it.

    Exact normalised matches (see :func:`normalize_name`) win; otherwise
    nodes whose label or alias contains the name are returned.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:1", label="خليفة حفتر", label_en="Khalifa Haftar", aliases=["حفتر"])
    >>> find_nodes(G, "خليفه حفتر"), find_nodes(G, "haftar"), find_nodes(G, "nobody")
    (['e:1'], ['e:1'], [])
    """
    if name_or_iri in G:
        return [name_or_iri]
    wanted = normalize_name(name_or_iri)
    if not wanted:
        return []
    exact: list[Any] = []
    partial: list[Any] = []
    for n, data in G.nodes(data=True):
        names = [data.get("label"), data.get("label_ar"), data.get("label_en")]
        aliases = data.get("aliases") or []
        names.extend([aliases] if isinstance(aliases, str) else aliases)
        normed = {normalize_name(x) for x in names if x}
        if wanted in normed:
            exact.append(n)
        elif any(wanted in x for x in normed):
            partial.append(n)
    return exact or partial


def ego_subgraph(G: nx.MultiDiGraph, name_or_iri: str, depth: int = 2) -> nx.MultiDiGraph:
    """Neighbourhood (edges in either direction) of the matching entities.

    Matching is by IRI, label or alias, normalised for Arabic spelling
    variants (:func:`find_nodes`). Raises ``KeyError`` when nothing matches.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:h", label="خليفة حفتر")
    >>> G.add_edge("e:h", "e:r", key="ev:1", predicate="met")
    'ev:1'
    >>> G.add_edge("e:r", "e:x", key="ev:2", predicate="met")
    'ev:2'
    >>> sorted(ego_subgraph(G, "خليفه حفتر", depth=1))
    ['e:h', 'e:r']
    """
    import networkx as nx

    centres = find_nodes(G, name_or_iri)
    if not centres:
        raise KeyError(f"no entity matches {name_or_iri!r}")
    undirected = G.to_undirected(as_view=True)
    keep: set[Any] = set(centres)
    for c in centres:
        keep.update(nx.single_source_shortest_path_length(undirected, c, cutoff=depth))
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph)
    return H


def _pred_set(preds: str | Iterable[str]) -> set[str]:
    items = preds.split(",") if isinstance(preds, str) else preds
    return {_local(p).strip() for p in items if _local(p).strip()}


def filter_predicates(G: nx.MultiDiGraph, preds: str | Iterable[str]) -> nx.MultiDiGraph:
    """Only edges whose predicate is in ``preds`` (names, CURIEs, IRIs or "a,b").

    Nodes left without an edge are dropped.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="e1", predicate="supports")
    >>> _ = G.add_edge("b", "c", key="e2", predicate="met")
    >>> H = filter_predicates(G, "nkg:supports,denies")
    >>> sorted(H.nodes), list(H.edges(keys=True))
    (['a', 'b'], [('a', 'b', 'e1')])
    """
    wanted = _pred_set(preds)
    keep = [(u, v, k) for u, v, k, p in G.edges(keys=True, data="predicate") if _local(p) in wanted]
    return _edge_subgraph(G, keep)


def _date_str(value: str | date | datetime | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def filter_dates(
    G: nx.MultiDiGraph,
    since: str | date | None = None,
    until: str | date | None = None,
    *,
    keep_undated: bool = False,
) -> nx.MultiDiGraph:
    """Only edges dated within [since, until] (ISO strings or dates, inclusive).

    A bound may be partial (``"2023"`` or ``"2023-08"``): ``until="2023-08"``
    keeps all of August. Undated edges are dropped unless ``keep_undated``.
    Nodes left without an edge are dropped.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="e1", date="2023-08-22")
    >>> _ = G.add_edge("a", "c", key="e2", date="2024-01-02")
    >>> _ = G.add_edge("a", "d", key="e3", date="")
    >>> [k for *_, k in filter_dates(G, "2023-08", "2023-08").edges(keys=True)]
    ['e1']
    >>> sorted(k for *_, k in filter_dates(G, since="2024", keep_undated=True).edges(keys=True))
    ['e2', 'e3']
    """
    lo, hi = _date_str(since), _date_str(until)
    keep = []
    for u, v, k, d in G.edges(keys=True, data="date"):
        ds = _date_str(d)[:10]
        if not ds:
            if keep_undated:
                keep.append((u, v, k))
            continue
        if lo and ds[: len(lo)] < lo:
            continue
        if hi and ds[: len(hi)] > hi:
            continue
        keep.append((u, v, k))
    return _edge_subgraph(G, keep)


def filter_article(G: nx.MultiDiGraph, article_iri_or_id: str) -> nx.MultiDiGraph:
    """Only edges read from one article (full IRI or the id after the last ``/``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> A = "https://w3id.org/newskg/article/"
    >>> _ = G.add_edge("a", "b", key="e1", article=A + "doc-1")
    >>> _ = G.add_edge("a", "c", key="e2", article=A + "doc-2")
    >>> [k for *_, k in filter_article(G, "doc-1").edges(keys=True)]
    ['e1']
    >>> [k for *_, k in filter_article(G, A + "doc-2").edges(keys=True)]
    ['e2']
    """
    target = _s(article_iri_or_id).strip()
    keep = []
    for u, v, k, art in G.edges(keys=True, data="article"):
        a = _s(art)
        if a == target or (a and "/" not in target and a.rsplit("/", 1)[-1] == target):
            keep.append((u, v, k))
    return _edge_subgraph(G, keep)


def filter_view(
    G: nx.MultiDiGraph,
    *,
    ego: str | None = None,
    depth: int = 1,
    predicates: str | Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    article: str | None = None,
) -> nx.MultiDiGraph:
    """Apply the view filters in this order: ego neighbourhood, predicates, dates, article.

    Raises ``KeyError`` when ``ego`` matches no node.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="e1", predicate="met", date="2023-08-22")
    >>> _ = G.add_edge("a", "c", key="e2", predicate="supports", date="2016")
    >>> [k for *_, k in filter_view(G, predicates="met").edges(keys=True)]
    ['e1']
    """
    if ego:
        G = ego_subgraph(G, ego, depth=depth)
    if predicates:
        G = filter_predicates(G, predicates)
    if since or until:
        G = filter_dates(G, since, until)
    if article:
        G = filter_article(G, article)
    return G


# --------------------------------------------------------------------------
# layout


def _fr_layout(n: int, src: Any, dst: Any, seed: int, iterations: int) -> Any:
    """Fruchterman-Reingold in numpy with repulsion sampled from pivots.

    O(n * pivots) per iteration, deterministic for a seed; needs no SciPy.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    m = min(n, 160)
    temp = math.sqrt(n) * 0.5
    cool = (0.05 / temp) ** (1.0 / max(iterations, 1)) if temp > 0.05 else 1.0
    for _ in range(iterations):
        piv = np.arange(n) if m == n else rng.choice(n, m, replace=False)
        delta = pos[:, None, :] - pos[piv][None, :, :]
        d2 = np.einsum("ijk,ijk->ij", delta, delta) + 1e-2
        disp = np.einsum("ijk,ij->ik", delta, 1.0 / d2) * (n / m)
        if len(src):
            vec = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", vec, vec)) + 1e-9
            force = vec * dist[:, None]
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        disp -= pos * (0.05 / math.sqrt(n))  # weak gravity keeps leaves close
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp *= cool
    return pos - pos.mean(axis=0)


def _layout(G: nx.MultiDiGraph, kind: str, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions in vis pixels: per connected component, shelf-packed."""
    import networkx as nx
    import numpy as np

    scale = 90.0
    if kind == "circular":
        pos = nx.circular_layout(G, scale=scale * max(1.0, len(G) / (2 * math.pi)))
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    iterations = 40 if len(G) > _FAST_LAYOUT_NODES else 80
    simple = nx.Graph(G)
    comps = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(map(str, c))))
    placed: list[tuple[list[Any], Any]] = []
    for comp in comps:
        nodes = sorted(comp, key=str)
        if len(nodes) == 1:
            placed.append((nodes, np.zeros((1, 2))))
            continue
        index = {n: i for i, n in enumerate(nodes)}
        pairs = [(index[u], index[v]) for u, v in simple.subgraph(nodes).edges() if u != v]
        src = np.array([p[0] for p in pairs], dtype=int)
        dst = np.array([p[1] for p in pairs], dtype=int)
        placed.append((nodes, _fr_layout(len(nodes), src, dst, seed, iterations)))
    # shelf packing: components left to right, rows of roughly square width
    out: dict[Any, tuple[float, float]] = {}
    total = sum((np.ptp(p[:, 0]) + 2) * (np.ptp(p[:, 1]) + 2) for _, p in placed)
    row_width = max(math.sqrt(total) * 1.2, 4.0)
    x = y = row_h = 0.0
    for nodes, p in placed:
        p = p - p.min(axis=0)
        w, h = float(np.ptp(p[:, 0])) + 2, float(np.ptp(p[:, 1])) + 2
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (px, py) in zip(nodes, p, strict=True):
            out[n] = (float((x + px) * scale), float((y + py) * scale))
        x += w
        row_h = max(row_h, h)
    return out


# --------------------------------------------------------------------------
# page data


def _node_labels(data: Mapping[str, Any], n: Any) -> tuple[str, str]:
    label = _s(data.get("label"))
    ar = _s(data.get("label_ar")) or label or _s(data.get("label_en"))
    en = _s(data.get("label_en")) or label or _s(data.get("label_ar"))
    if not ar and not en:
        ar = en = _local(n) or _s(n)
    return ar, en


def _claimant(d: dict[str, Any], attributed: str) -> str:
    """Who claims the edge, as the view shows it ("Houthis (unnamed source)" for "a Houthi source")."""
    who = _s(d.get("attributed_label")) or (_local(attributed) if attributed else "")
    return f"{who} (unnamed source)" if who and d.get("unnamed_source") else who


def _evidence_parts(d: Mapping[str, Any]) -> list[str]:
    """[before, trigger, after] of the evidence sentence (trigger may be "")."""
    ev = _s(d.get("evidence"))[:_MAX_EVIDENCE]
    trig = _s(d.get("trigger"))
    try:
        base = int(d.get("sentence_start") or 0)
        ts, te = int(d["trigger_start"]) - base, int(d["trigger_end"]) - base
    except (KeyError, TypeError, ValueError):
        ts = te = -1
    if not (0 <= ts < te <= len(ev)) or (trig and ev[ts:te] != trig):
        ts = ev.find(trig) if trig else -1
        te = ts + len(trig)
    if ts < 0 or not trig and te <= ts:
        return [ev, "", ""]
    return [ev[:ts], ev[ts:te], ev[te:]]


def _page_data(G: nx.MultiDiGraph, lang: str, max_physics_nodes: int, layout: str | None) -> tuple[dict[str, Any], str]:
    """The JSON handed to the page and the warning text (may be empty)."""
    from pyvis.network import Network

    n_nodes = len(G)
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {_LAYOUTS}, not {layout!r}")
    kind = layout or ("physics" if n_nodes <= max_physics_nodes else "spring")
    physics = kind == "physics"
    big = n_nodes > max_physics_nodes
    positions = {} if physics else _layout(G, kind)

    mentions = {n: d.get("mentions") for n, d in G.nodes(data=True)}
    use_mentions = any(isinstance(m, int) and m > 0 for m in mentions.values())
    nodes: list[dict[str, Any]] = []
    ids: dict[Any, str] = {}
    for n, d in G.nodes(data=True):
        nid = ids.setdefault(n, _s(n))
        ntype = _s(d.get("type"))
        colour, shape, _, _ = NODE_STYLES.get(ntype, _OTHER_STYLE)
        ar, en = _node_labels(d, n)
        raw_m = mentions[n]
        m = raw_m if isinstance(raw_m, int) else 0
        weight = m if use_mentions else G.degree(n)
        aliases = d.get("aliases") or []
        aliases = [aliases] if isinstance(aliases, str) else [_s(a) for a in aliases]
        node = {
            "id": nid,
            "shape": shape,
            "color": colour,
            "size": round(min(8 + 5 * math.log2(1 + max(weight, 0)), 48), 1),
            "la": _isolate(_shorten(ar)),
            "le": _isolate(_shorten(en)),
            "fa": ar,
            "fe": en,
            "t": ntype or "Entity",
            "q": _s(d.get("qid")),
            "m": m,
            "al": aliases[:30],
        }
        if n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)

    edges: list[dict[str, Any]] = []
    seen: set[str] = set()
    parallel: dict[tuple[str, str], int] = {}
    many_edges = G.number_of_edges() > 3 * max_physics_nodes
    for u, v, k, d in G.edges(keys=True, data=True):
        eid = _s(k) or f"{u}->{v}"
        base, i = eid, 2
        while eid in seen:
            eid, i = f"{base}#{i}", i + 1
        seen.add(eid)
        pred = _local(d.get("predicate"))
        modality = _local(d.get("modality")).lower() or "asserted"
        attributed = _s(d.get("attributed_to"))
        dashed = modality in DASHED_MODALITIES or bool(attributed) or pred == "denies"
        colour = PREDICATE_COLOURS.get(pred, _OTHER_PREDICATE_COLOUR)
        edge: dict[str, Any] = {
            "id": eid,
            "from": ids[u],
            "to": ids[v],
            "color": {"color": colour, "highlight": colour, "hover": colour},
            "dashes": dashed,
            "width": 2 if not dashed else 1.5,
            "p": pred,
            "mo": modality,
            "ev": _evidence_parts(d),
            "ar": _s(d.get("article")),
            "d": _s(d.get("date")),
            "at": _claimant(d, attributed),
        }
        if pred in _SYMMETRIC:
            edge["arrows"] = {"to": {"enabled": False}}
        if not big and not many_edges:
            pair = (min(ids[u], ids[v]), max(ids[u], ids[v]))
            idx = parallel[pair] = parallel.get(pair, -1) + 1
            if idx:
                edge["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if idx % 2 else "curvedCCW",
                    "roundness": 0.15 * ((idx + 1) // 2),
                }
        edges.append(edge)

    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    net.nodes, net.edges = nodes, edges
    net.toggle_physics(physics)
    net.toggle_hide_edges_on_drag(big)
    net.set_edge_smooth("continuous")
    options = json.loads(net.options.to_json())
    options["edges"]["smooth"] = (
        {"enabled": False}
        if big or many_edges
        else {
            "enabled": True,
            "type": "continuous",
            "roundness": 0.2,
        }
    )
    options["edges"]["color"] = {"inherit": False}
    options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
    options["edges"]["selectionWidth"] = 2
    options["nodes"] = {
        "font": {
            "face": "'Noto Naskh Arabic','Noto Sans Arabic','Noto Sans',KacstOne,sans-serif",
            "size": 14,
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
        },
        "borderWidth": 1,
    }
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"].update(
        {
            "hover": not big,
            "tooltipDelay": 250,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
        }
    )
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
            "stabilization": {
                "enabled": True,
                "iterations": 150 if n_nodes <= 150 else 80,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        }
    else:
        options["physics"] = {"enabled": False}

    warning = ""
    if big:
        warning = (
            f"Large graph: {n_nodes:,} nodes, {G.number_of_edges():,} edges. Physics is off "
            "and a precomputed layout is shown; narrow it with kg view --ego NAME, "
            "--predicate P1,P2, --since/--until or --article ID."
        )
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": options,
        "meta": {
            "lang": lang,
            "physics": physics,
            "nodes": n_nodes,
            "edges": G.number_of_edges(),
            "predicates_ar": PREDICATE_LABELS_AR,
        },
    }
    return data, warning


# --------------------------------------------------------------------------
# rendering


def render_html(
    G: nx.MultiDiGraph,
    *,
    title: str = "newskg",
    lang: str = "ar",
    max_physics_nodes: int = 300,
    layout: str | None = None,
) -> str:
    """A self-contained HTML page (no network requests) showing ``G``.

    ``lang`` ("ar" or "en") picks the initial labels; the page has a toggle.
    Up to ``max_physics_nodes`` nodes, vis physics stabilises in bounded
    iterations and then stops; above, a layout is computed in Python.
    ``layout`` forces one of "physics", "spring" (Python, seeded) or "circular".

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("e:1", label="موسكو", type="Location")
    >>> page = render_html(G, title="<demo>")
    >>> page.startswith("<!DOCTYPE html>"), "&lt;demo&gt;" in page, "<demo>" in page
    (True, True, False)
    """
    import jinja2

    lang = "en" if lang == "en" else "ar"
    data, warning = _page_data(G, lang, max_physics_nodes, layout)
    vis_js, vis_css, template = _assets()
    app_js = _app_js(template)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    page = env.from_string(_strip_app(template)).render(
        title=title,
        lang=lang,
        dir="rtl" if lang == "ar" else "ltr",
        warning=warning,
        node_styles=[(t, s[0], s[2], s[3]) for t, s in NODE_STYLES.items()],
        predicates=[(p, c, PREDICATE_LABELS_AR[p]) for p, c in PREDICATE_COLOURS.items()],
        n_nodes=data["meta"]["nodes"],
        n_edges=data["meta"]["edges"],
        csp=f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'",
        data_json=jinja2.utils.markupsafe.Markup(_json_for_script(data)),
        vis_js=jinja2.utils.markupsafe.Markup(vis_js),
        vis_css=jinja2.utils.markupsafe.Markup(vis_css),
        app_js=jinja2.utils.markupsafe.Markup(app_js),
    )
    return page


_APP_RE = re.compile(r"<!--APP-->\s*<script>(.*?)</script>\s*<!--/APP-->", re.DOTALL)


def _app_js(template: str) -> str:
    match = _APP_RE.search(template)
    if match is None:  # pragma: no cover
        raise ValueError("view.html lacks the <!--APP--> script block")
    return match.group(1)


def _strip_app(template: str) -> str:
    return _APP_RE.sub("<script>{{ app_js }}</script>", template)


def write_html(G: nx.MultiDiGraph, path: str | os.PathLike[str], **kw: Any) -> Path:
    """Render ``G`` (see :func:`render_html`) and write it atomically as UTF-8."""
    target = Path(path)
    page = render_html(G, **kw)
    atomic_write(target, page.encode("utf-8"))
    return target


def show(G: nx.MultiDiGraph, *, height: int = 650, **kw: Any) -> HTML:
    """Display ``G`` inline in Jupyter (classic and Lab) via ``<iframe srcdoc>``."""
    from IPython.display import HTML

    page = render_html(G, **kw)
    frame = (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        f'title="{html.escape(_s(kw.get("title", "newskg")), quote=True)}"></iframe>'
    )
    with warnings.catch_warnings():  # IPython suggests IFrame, which needs a URL
        warnings.simplefilter("ignore", UserWarning)
        return HTML(frame)
