#!/usr/bin/env python3
"""Save PNG screenshots of kg.viz views, rendered in headless Chromium.

    python scripts/screenshot_views.py GRAPHML_OR_DIR OUTDIR [--ego NAME] [--lang ar|en]
    python scripts/screenshot_views.py --demo OUTDIR

GRAPHML_OR_DIR is a ``.graphml`` file (a graph following the NetworkX contract
of docs/architecture.md), a view ``.html`` file, or a folder holding such
files. ``--demo`` uses the synthetic graph of tests/test_viz.py and saves the
sample view, its English labels, the evidence panel and an ego view of
"خليفة حفتر". Needs ``/usr/bin/chromium`` and ``websocket-client``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from cdp import Chromium  # noqa: E402 - cdp lives in tests/browser

from kg import viz  # noqa: E402


def read_graphml(path: Path) -> Any:
    """A MultiDiGraph from GraphML; JSON-encoded list attributes are decoded."""
    import networkx as nx

    G = nx.read_graphml(path, force_multigraph=True)
    if not G.is_directed():
        G = nx.MultiDiGraph(G)
    for _, data in G.nodes(data=True):
        aliases = data.get("aliases")
        if isinstance(aliases, str):
            try:
                data["aliases"] = json.loads(aliases) if aliases.startswith("[") else [aliases]
            except ValueError:
                data["aliases"] = [aliases]
    return G


def _demo_graph() -> Any:
    spec = importlib.util.spec_from_file_location("nkg_test_viz", ROOT / "tests" / "test_viz.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.make_graph(40)


def _shoot(chrome: Chromium, page: Path, png: Path) -> Path:
    seconds = chrome.load(page, timeout=120)
    chrome.pump(0.3)
    chrome.screenshot(png)
    print(f"{png}  ({seconds:.1f} s to ready)")
    return png


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", nargs="?", type=Path, help="GraphML/HTML file or folder")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--demo", action="store_true", help="use the synthetic test graph")
    ap.add_argument("--ego", help="also save an ego view (depth 2) of this entity")
    ap.add_argument("--lang", default="ar", choices=("ar", "en"))
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args(argv)
    out: Path = args.outdir
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nkg-views-") as tmp:
        return _run(ap, args, out, Path(tmp))


def _run(ap: argparse.ArgumentParser, args: argparse.Namespace, out: Path, work: Path) -> int:

    graphs: list[tuple[str, Any]] = []
    pages: list[Path] = []
    if args.demo:
        graphs.append(("sample", _demo_graph()))
        args.ego = args.ego or "خليفة حفتر"
    else:
        src: Path = args.source
        files = sorted(src.iterdir()) if src.is_dir() else [src]
        for f in files:
            if f.suffix == ".graphml":
                graphs.append((f.stem, read_graphml(f)))
            elif f.suffix in (".html", ".htm"):
                pages.append(f)
        if not graphs and not pages:
            ap.error(f"no .graphml or .html in {src}")

    with Chromium(width=args.width, height=args.height) as chrome:
        for page in pages:
            _shoot(chrome, page, out / f"{page.stem}.png")
        for name, G in graphs:
            page = viz.write_html(G, work / f"{name}.html", title=name, lang=args.lang)
            _shoot(chrome, page, out / f"{name}.png")
            if args.demo:
                chrome.evaluate("document.getElementById('lang-toggle').click()")
                chrome.pump(0.3)
                print(chrome.screenshot(out / f"{name}-en.png"))
                chrome.evaluate("document.getElementById('lang-toggle').click()")
                hub = max(G.nodes, key=G.degree)
                chrome.evaluate(f"window.__nkg.showNode({json.dumps(hub)})")
                chrome.pump(0.2)
                print(chrome.screenshot(out / f"{name}-evidence.png"))
            if args.ego:
                try:
                    ego = viz.ego_subgraph(G, args.ego, depth=2)
                except KeyError:
                    print(f"{name}: no entity matches {args.ego!r}", file=sys.stderr)
                    continue
                page = viz.write_html(
                    ego,
                    work / f"{name}-ego.html",
                    title=f"{args.ego} · ego",
                    lang=args.lang,
                )
                _shoot(chrome, page, out / f"{name}-ego.png")
        outside = [u for u in chrome.requests if not u.startswith(("file:", "data:", "about:"))]
        if outside:
            print(f"warning: requests left the page: {outside}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
