"""kg.viz pages in headless Chromium: offline, drawn, safe, fast enough.

Chromium runs with the network emulated offline, hosts unresolvable and a
dead proxy; every request the page makes is recorded over CDP. Screenshots
go to a temporary folder (or ``$NEWSKG_SCREENSHOT_DIR``) and timings are
printed (run with ``-s``) and attached as junit properties.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from cdp import Chromium, chromium_path  # noqa: E402 - cdp sits beside this file

from kg import viz  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="chromium is not installed (apt-get install chromium)",
    ),
]
pytest.importorskip("websocket", reason="websocket-client is not installed")


def _factory() -> Callable[..., Any]:
    spec = importlib.util.spec_from_file_location("nkg_test_viz", HERE.parent / "test_viz.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.make_graph


make_graph = _factory()
PWN = (
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "javascript:window.__pwned = 3",
    '"><svg onload="window.__pwned = 4">',
)


@pytest.fixture(scope="module")
def chrome() -> Iterator[Chromium]:
    with Chromium() as c:
        yield c


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("NEWSKG_SCREENSHOT_DIR")
    out = Path(env) if env else tmp_path_factory.mktemp("views")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _only_local(chrome: Chromium, page: Path) -> None:
    own = page.resolve().as_uri()
    outside = [u for u in chrome.requests if u != own and not u.startswith(("data:", "about:"))]
    assert outside == [], f"requests left the page: {outside}"


def _drawn_pixels(chrome: Chromium) -> int:
    return chrome.evaluate(
        """(() => { const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; })()"""
    )


def _node_xy(chrome: Chromium, node_id: str) -> tuple[float, float]:
    xy = chrome.evaluate(
        f"""(() => {{ const net = window.__nkg.network; const id = {json.dumps(node_id)};
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('graph').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()"""
    )
    return float(xy[0]), float(xy[1])


def test_sample_view_offline_drawn_and_clickable(
    chrome: Chromium,
    shots: Path,
    tmp_path: Path,
    record_property: Callable[[str, Any], None],
) -> None:
    page = viz.write_html(make_graph(), tmp_path / "sample.html", title="عرض تجريبي · sample")
    chrome.requests.clear()
    chrome.exceptions.clear()
    wall = chrome.load(page)
    tti = chrome.evaluate("window.__nkgReady")
    print(f"\nsample view: ready {tti:.0f} ms after navigation start, {wall:.2f} s wall")
    record_property("sample_tti_ms", round(tti))
    assert _drawn_pixels(chrome) > 2000
    _only_local(chrome, page)
    assert chrome.exceptions == []
    chrome.screenshot(shots / "sample.png")
    # click Haftar: the panel shows evidence with the trigger highlighted
    haftar = viz.find_nodes(make_graph(), "خليفة حفتر")[0]
    chrome.click(*_node_xy(chrome, haftar))
    chrome.pump(0.3)
    assert chrome.evaluate("document.querySelector('#panel h2').textContent") == "خليفة حفتر"
    marks = chrome.evaluate("[...document.querySelectorAll('#panel mark')].map(m => m.textContent)")
    assert "تدعم" in marks
    chrome.screenshot(shots / "sample-clicked.png")
    # language toggle switches canvas labels
    chrome.evaluate("document.getElementById('lang-toggle').click()")
    label = chrome.evaluate(f"window.__nkg.nodes.get({json.dumps(haftar)}).label")
    assert label == "Khalifa Haftar"
    chrome.screenshot(shots / "sample-en.png")
    _only_local(chrome, page)


def test_ego_view(chrome: Chromium, shots: Path, tmp_path: Path) -> None:
    G = viz.ego_subgraph(make_graph(200), "خليفه حفتر", depth=1)
    page = viz.write_html(G, tmp_path / "ego.html", title="حفتر · ego")
    chrome.requests.clear()
    chrome.load(page)
    assert _drawn_pixels(chrome) > 1000
    _only_local(chrome, page)
    chrome.screenshot(shots / "ego-haftar.png")


def test_injection_runs_nothing(chrome: Chromium, shots: Path, tmp_path: Path) -> None:
    G = make_graph(evil=True)
    nodes = list(G.nodes)
    for i, n in enumerate(nodes[:4]):
        G.nodes[n]["label_ar"] = G.nodes[n]["label"] = PWN[i] + " حفتر"
        G.nodes[n]["label_en"] = PWN[i]
        G.nodes[n]["aliases"] = list(PWN)
    for i, (_u, _v, d) in enumerate(list(G.edges(data=True))[:8]):
        d["evidence"] = f"قال {PWN[i % 4]} إن"
        d["trigger"] = PWN[i % 4]
        d["sentence_start"], d["trigger_start"] = 0, 4
        d["trigger_end"] = 4 + len(PWN[i % 4])
        d["attributed_label"] = d["article"] = PWN[(i + 1) % 4]
    page = viz.write_html(G, tmp_path / "evil.html", title=PWN[0])
    chrome.requests.clear()
    chrome.dialogs.clear()
    chrome.exceptions.clear()
    chrome.load(page)
    # show every node and edge in the panel, hover for tooltips, search
    chrome.evaluate("window.__nkg.nodes.getIds().forEach(id => window.__nkg.showNode(id))")
    chrome.evaluate("window.__nkg.edges.getIds().forEach(id => window.__nkg.showEdge(id))")
    chrome.evaluate(f"window.__nkg.showNode({json.dumps(nodes[0])})")
    x, y = _node_xy(chrome, nodes[1])
    chrome.move(x, y)
    chrome.pump(1.0)
    tooltip = chrome.evaluate("(document.querySelector('div.vis-tooltip') || {}).textContent || ''")
    chrome.click(x, y)
    chrome.pump(0.5)
    chrome.screenshot(shots / "injection.png")
    assert chrome.evaluate("typeof window.__pwned") == "undefined"
    assert chrome.dialogs == []
    assert chrome.evaluate("document.querySelectorAll('img, svg, iframe, a[href]').length") == 0
    panel = chrome.evaluate("document.getElementById('panel').textContent")
    assert "<img src=x onerror=" in panel or "<script>" in panel
    assert "onerror" in tooltip  # the hover tooltip shows the payload as text
    assert chrome.evaluate("document.title") == PWN[0]
    _only_local(chrome, page)
    assert chrome.exceptions == []


def _time_view(chrome: Chromium, G: Any, page: Path, **kw: Any) -> tuple[float, float, float, float]:
    t = time.perf_counter()
    viz.write_html(G, page, **kw)
    render_s = time.perf_counter() - t
    chrome.requests.clear()
    wall = chrome.load(page, timeout=120)
    tti_ms = chrome.evaluate("window.__nkgReady")
    # responsiveness after ready: a click on a node updates the panel
    t = time.perf_counter()
    node = next(iter(G.nodes))
    chrome.evaluate(f"window.__nkg.showNode({json.dumps(node)})")
    chrome.evaluate("new Promise(r => requestAnimationFrame(() => r(1)))", await_promise=True)
    frame_s = time.perf_counter() - t
    return render_s, wall, tti_ms, frame_s


def test_5000_nodes_time_to_interactive(
    chrome: Chromium,
    shots: Path,
    tmp_path: Path,
    record_property: Callable[[str, Any], None],
) -> None:
    G = make_graph(4990)
    assert len(G) >= 5000
    render_s, wall, tti_ms, frame_s = _time_view(chrome, G, tmp_path / "big.html")
    print(
        f"\n5,000-node view ({len(G)} nodes, {G.number_of_edges()} edges): "
        f"python render {render_s:.2f} s, ready {tti_ms / 1000:.2f} s after navigation "
        f"start, {wall:.2f} s wall, click->frame {frame_s * 1000:.0f} ms"
    )
    record_property("tti_5000_ms", round(tti_ms))
    record_property("render_5000_s", round(render_s, 2))
    assert chrome.evaluate("window.__nkg.network.physics.options.enabled") is False
    assert chrome.evaluate("!!document.getElementById('warning')")
    assert _drawn_pixels(chrome) > 5000
    _only_local(chrome, tmp_path / "big.html")
    chrome.screenshot(shots / "synthetic-5000.png")
    assert tti_ms < 60_000  # sanity bound only; the target (10 s) is reported


def test_physics_view_stops(chrome: Chromium, tmp_path: Path, record_property: Callable[[str, Any], None]) -> None:
    G = make_graph(289)
    _, wall, tti_ms, _ = _time_view(chrome, G, tmp_path / "physics.html")
    print(f"\n300-node physics view: ready {tti_ms / 1000:.2f} s, {wall:.2f} s wall")
    record_property("tti_300_physics_ms", round(tti_ms))
    assert chrome.evaluate("window.__nkg.network.physics.options.enabled") is False
    assert tti_ms < 60_000
