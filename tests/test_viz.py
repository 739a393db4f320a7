"""Fast tests of kg.viz (no browser): offline page, escaping, legend, filters."""

from __future__ import annotations

import doctest
import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from kg import viz

ENT = "https://w3id.org/newskg/entity/"
ART = "https://w3id.org/newskg/article/"
EVT = "https://w3id.org/newskg/event/"
INJECTIONS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
)

PEOPLE = [
    ("Q_haftar", "خليفة حفتر", "Khalifa Haftar", "Person"),
    ("Q_shoigu", "سيرغي شويغو", "Sergei Shoigu", "Person"),
    ("Q_yevkurov", "يونس بك يفكوروف", "Yunus-bek Yevkurov", "Person"),
    ("Q_hassan", "أحمد حسن (Ahmed Hassan)", "Ahmed Hassan", "Person"),
    ("Q159", "روسيا", "Russia", "Location"),
    ("Q_moscow", "موسكو", "Moscow", "Location"),
    ("Q_benghazi", "بنغازي", "Benghazi", "Location"),
    ("Q_lna", "الجيش الوطني الليبي", "Libyan National Army", "Organization"),
    ("Q_wagner", "مجموعة فاغنر", "Wagner Group", "Organization"),
    ("Q_summit", "قمة موسكو", "Moscow summit", "Event"),
]
PREDICATES = (
    "visited",
    "met",
    "supports",
    "denies",
    "accuses",
    "leads",
    "memberOf",
    "opposes",
    "cooperatesWith",
    "locatedIn",
    "stated",
)


def make_graph(n_extra: int = 0, *, evil: bool = False, seed: int = 3) -> nx.MultiDiGraph:
    """Synthetic graph per the NetworkX contract: Arabic + English labels,
    every predicate, some modalities, attributions and a claim node.

    ``n_extra`` adds that many more entities in a sparse random pattern;
    ``evil`` puts injection strings into labels, aliases and evidence.
    """
    import random

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i, (qid, ar, en, typ) in enumerate(PEOPLE):
        G.add_node(
            ENT + qid,
            label=ar,
            label_ar=ar,
            label_en=en,
            type=typ,
            qid=qid if qid.startswith("Q1") else "",
            mentions=1 + i % 5,
            aliases=[en],
        )
    claim = "https://w3id.org/newskg/claim/c1"
    G.add_node(
        claim,
        label="روسيا تدعم خليفة حفتر",
        label_ar="روسيا تدعم خليفة حفتر",
        label_en="Russia supports Khalifa Haftar",
        type="Claim",
        qid="",
        mentions=0,
        aliases=[],
    )
    ids = [ENT + p[0] for p in PEOPLE]
    sentence = "قال المتحدث إن روسيا تدعم خليفة حفتر في بنغازي."
    trig = "تدعم"
    base = 1000
    ts = base + sentence.index(trig)

    def add(u: str, v: str, pred: str, i: int, **kw: object) -> None:
        attrs: dict[str, object] = {
            "predicate": pred,
            "modality": "asserted",
            "evidence": sentence,
            "trigger": trig,
            "trigger_start": ts,
            "trigger_end": ts + len(trig),
            "sentence_start": base,
            "article": f"{ART}doc-{i % 4}",
            "date": f"2023-0{1 + i % 9}-1{i % 10}",
            "attributed_to": "",
            "attributed_label": "",
        }
        attrs.update(kw)
        G.add_edge(u, v, key=f"{EVT}{i}", **attrs)

    for i, pred in enumerate(PREDICATES):
        add(ids[i % len(ids)], ids[(i * 3 + 1) % len(ids)], pred, i)
    add(ids[4], ids[0], "supports", 20, modality="negated")
    add(ids[4], ids[0], "supports", 21, modality="planned", date="")
    add(ids[1], ids[0], "met", 22, modality="hypothetical")
    add(
        ids[8],
        ids[0],
        "cooperatesWith",
        23,
        attributed_to=ids[2],
        attributed_label="يونس بك يفكوروف",
    )
    add(
        ids[4],
        claim,
        "denies",
        24,
        evidence="Russia denies it supports Haftar.",
        trigger="denies",
        trigger_start=7,
        trigger_end=13,
        sentence_start=0,
    )
    for j in range(n_extra):
        nid = f"{ENT}x{j}"
        G.add_node(
            nid,
            label=f"كيان {j}",
            label_ar=f"كيان {j}",
            label_en=f"Entity {j}",
            type=("Person", "Organization", "Location", "Event")[j % 4],
            qid="",
            mentions=rng.randint(1, 20),
            aliases=[],
        )
        others = list(G.nodes)
        for k in range(1 + (j % 2)):
            other = others[rng.randrange(len(others) - 1)]
            add(nid, other, PREDICATES[(j + k) % len(PREDICATES)], 100 + 2 * j + k)
    if evil:
        for n, (inj) in zip(ids[:3], INJECTIONS, strict=True):
            G.nodes[n]["label"] = G.nodes[n]["label_ar"] = f"{inj} حفتر"
            G.nodes[n]["label_en"] = inj
            G.nodes[n]["aliases"] = [inj]
        for i, (_, _, k) in enumerate(list(G.edges(keys=True))[:6]):
            inj = INJECTIONS[i % 3]
            e = G.edges[_u_v(G, k)]
            e["evidence"] = f"قال {inj} إن روسيا تدعم حفتر"
            e["trigger"] = inj
            e["sentence_start"] = 0
            e["trigger_start"] = 4
            e["trigger_end"] = 4 + len(inj)
            e["attributed_label"] = inj
            e["article"] = inj
    return G


def _u_v(G: nx.MultiDiGraph, key: str) -> tuple[str, str, str]:
    for u, v, k in G.edges(keys=True):
        if k == key:
            return u, v, k
    raise KeyError(key)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="nkg-data">(.*?)</script>', page, re.DOTALL)
    assert m
    return json.loads(m.group(1))


def test_offline_no_remote_loads() -> None:
    page = viz.render_html(make_graph())
    low = page.lower()
    assert "<script src" not in low
    assert "<link" not in low
    assert "@import" not in low
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", low)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", low)
    assert "connect-src 'none'" in html.unescape(page)  # CSP forbids fetches even if injected


def test_injection_is_escaped() -> None:
    page = viz.render_html(make_graph(evil=True), title="<script>alert(1)</script>")
    for inj in INJECTIONS[:2]:
        assert inj not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)\\u003e", "")
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)
    # the data still round-trips to the original text
    data = _data(page)
    labels = {n["fe"] for n in data["nodes"]}
    assert set(INJECTIONS) <= labels
    evs = ["".join(e["ev"]) for e in data["edges"]]
    assert any("<img src=x onerror=alert(1)>" in ev for ev in evs)
    # app code never writes data with innerHTML
    assert "innerHTML" not in viz._app_js(viz._assets()[2])


def test_legend_and_styles() -> None:
    page = viz.render_html(make_graph())
    assert 'id="legend"' in page
    for pred in viz.PREDICATE_COLOURS:
        assert f"{pred} · " in page
    for typ in ("Person", "Organization", "Location", "Event", "Claim"):
        assert f"{typ} · " in page
    data = _data(page)
    by_mod = {e["mo"]: e["dashes"] for e in data["edges"]}
    assert by_mod == {
        "asserted": True,
        "negated": True,
        "planned": True,
        "hypothetical": True,
    } or (by_mod["negated"] and by_mod["planned"] and by_mod["hypothetical"])
    asserted = [e for e in data["edges"] if e["mo"] == "asserted" and not e["at"] and e["p"] != "denies"]
    assert asserted and not any(e["dashes"] for e in asserted)
    assert all(e["dashes"] for e in data["edges"] if e["p"] == "denies" or e["at"])
    shapes = {n["t"]: n["shape"] for n in data["nodes"]}
    assert len(set(shapes.values())) == 5
    colours = {e["p"]: e["color"]["color"] for e in data["edges"]}
    assert len(colours) == 11 and len(set(colours.values())) == 11


def test_arabic_isolates_and_trigger() -> None:
    data = _data(viz.render_html(make_graph()))
    hassan = next(n for n in data["nodes"] if n["fe"] == "Ahmed Hassan")
    assert hassan["la"] == "\u2067أحمد حسن (Ahmed Hassan)\u2069"
    assert hassan["le"] == "Ahmed Hassan"
    ev = next(e for e in data["edges"] if e["p"] == "supports")
    assert ev["ev"][1] == "تدعم" and "".join(ev["ev"]).startswith("قال")
    deny = next(e for e in data["edges"] if e["id"] == EVT + "24")
    assert deny["ev"] == ["Russia ", "denies", " it supports Haftar."]


def test_trigger_offsets_bad_fall_back() -> None:
    assert viz._evidence_parts(
        {
            "evidence": "a b c",
            "trigger": "b",
            "trigger_start": 99,
            "trigger_end": 100,
            "sentence_start": 0,
        }
    ) == ["a ", "b", " c"]
    assert viz._evidence_parts({"evidence": "a b c", "trigger": "z"}) == [
        "a b c",
        "",
        "",
    ]
    assert viz._evidence_parts({}) == ["", "", ""]


def test_large_graph_layout_and_warning() -> None:
    G = make_graph(600)
    page = viz.render_html(G, max_physics_nodes=300)
    data = _data(page)
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert 'id="warning"' in page and "--ego" in page
    again = _data(viz.render_html(G, max_physics_nodes=300))
    assert [(n["x"], n["y"]) for n in again["nodes"]] == [(n["x"], n["y"]) for n in data["nodes"]]
    small = _data(viz.render_html(make_graph()))
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["physics"]["stabilization"]["iterations"] <= 200
    with pytest.raises(ValueError):
        viz.render_html(G, layout="bogus")


def test_write_html_atomic_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    out = viz.write_html(make_graph(), tmp_path / "sub" / "g.html", title="عرض")
    text = out.read_text(encoding="utf-8")
    assert "حفتر" in text and "<title>عرض</title>" in text
    assert [p.name for p in out.parent.iterdir()] == ["g.html"]


def test_filters() -> None:
    G = make_graph()
    ego = viz.ego_subgraph(G, "خليفه حفتر", depth=1)
    assert ENT + "Q_haftar" in ego and len(ego) < len(G)
    assert set(viz.ego_subgraph(G, ENT + "Q_haftar", depth=1)) == set(ego)
    assert ENT + "Q_haftar" in viz.ego_subgraph(G, "Khalifa Haftar", depth=0)
    with pytest.raises(KeyError):
        viz.ego_subgraph(G, "nobody at all")
    sup = viz.filter_predicates(G, ["supports", "https://w3id.org/newskg/ontology#denies"])
    assert {p for *_, p in sup.edges(data="predicate")} == {"supports", "denies"}
    assert all(sup.degree(n) for n in sup)
    dated = viz.filter_dates(G, "2023-03", "2023-05-31")
    assert dated.number_of_edges() and all("2023-03" <= d <= "2023-05-31" for *_, d in dated.edges(data="date"))
    art = viz.filter_article(G, "doc-1")
    assert art.number_of_edges() and all(a == ART + "doc-1" for *_, a in art.edges(data="article"))
    assert G.nodes[ENT + "Q_haftar"]["label_en"] == "Khalifa Haftar"  # input untouched
    empty = viz.filter_predicates(G, "nothing")
    assert len(empty) == 0 and "empty" not in viz.render_html(empty)[:10]


def test_doctests() -> None:
    result = doctest.testmod(viz)
    assert result.attempted >= 8 and result.failed == 0


def test_show_iframe() -> None:
    pytest.importorskip("IPython")
    out = viz.show(make_graph(evil=True), height=400)
    frame = out.data
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    inner = frame.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0]
    assert '"' not in inner and "<" not in inner


def test_render_is_fast_enough() -> None:
    import time

    G = make_graph(3000)
    t = time.perf_counter()
    page = viz.render_html(G)
    assert time.perf_counter() - t < 30
    assert len(_data(page)["nodes"]) == len(G)
