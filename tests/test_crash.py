"""SIGKILL a running `kg build` at random points: nothing is ever half-written.

A build of the "new" inputs runs in a child process over an output folder
holding the "old" build, and is killed at a random moment (fixed seeds) while
it extracts, writes the store or exports. Afterwards:

* every exported file (graph.trig, graph.ttl, graph.graphml, graph.html) is
  byte-identical to the old version or to the new one (so it parses);
* every article graph in the store is its old version or its new one (absent
  only if it is new), and the default graph is consistent with the article
  graphs (equal to a full recompute) once the interrupted write's pending
  marks are finished (what the next build does first);
* the next build completes and gives exactly the reference new files.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.store import Store

pytestmark = pytest.mark.slow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_determinism import FILES, write_corpus  # noqa: E402

DRIVER = r"""
import os, signal, sys, threading, time
import kg.fsutil, kg.store
from kg.build import build
from kg.nlp import get_pipeline

def die():
    os.kill(os.getpid(), signal.SIGKILL)

mode, out, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
get_pipeline("ar"); get_pipeline("en")
if mode.startswith("after:"):  # a timer, from now (the pipelines are loaded)
    threading.Timer(float(mode[6:]), die).start()
elif mode.startswith("replace:"):  # before the k-th atomic rename: temp file written, target untouched
    k, real, n = int(mode[8:]), os.replace, [0]
    def replace(src, dst):
        n[0] += 1
        if n[0] == k:
            die()
        real(src, dst)
    kg.fsutil.os.replace = replace
elif mode == "derived":  # the articles are written; the stories and merged events are not yet
    import kg.dedup
    def dead(*args, **kwargs):
        die()
    sys.modules["kg.build"]._story_links = dead  # kg.build is also the name of a function
    kg.dedup.write_stories = dead
elif mode in ("store-commit", "store-mid"):  # right after / during the store's write transaction
    real_update = kg.store.Store._update
    def update(self, text):
        if mode == "store-mid":
            threading.Timer(0.002, die).start()
        real_update(self, text)
        if mode == "store-commit":
            die()
    kg.store.Store._update = update
build(paths, out)
print("done", flush=True)
"""


def _state(out: Path) -> tuple[dict[str, bytes], dict[str | None, frozenset]]:
    files = {f: (out / f).read_bytes() for f in FILES if (out / f).exists()}
    with Store(out / "store") as st:
        graphs: dict[str | None, frozenset] = {g: frozenset(st.graph_quads(g)) for g in st.articles()}
        graphs[None] = frozenset(st.graph_quads(None))
    return files, graphs


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("crash")
    corpus = write_corpus(tmp / "corpus")
    inputs = tmp / "inputs"
    inputs.mkdir()
    # the old build: four articles
    for p in corpus[:4]:
        shutil.copy(p, inputs / p.name)
    base = tmp / "base"
    build(sorted(inputs.iterdir()), base)
    # the new batch: every article, one of the old ones changed (its graph is replaced)
    new_inputs = []
    for i, p in enumerate(corpus):
        extra = "\nThe talks will continue next week." if i == 1 else ""
        (inputs / p.name).write_text(p.read_text(encoding="utf-8") + extra, encoding="utf-8")
        new_inputs.append(inputs / p.name)
    case = _reference(tmp, base, new_inputs)
    assert case["report"].ok and case["report"].replaced and case["report"].added
    assert case["old"][0]["graph.trig"] != case["new"][0]["graph.trig"]
    return case


def _reference(tmp: Path, base: Path, inputs: list[Path]) -> dict:
    """The states of *base* and of a copy built from *inputs* (the reference a killed build is held to),
    the build's report and how long it took (random kill points fall within that)."""
    ref = tmp / "ref"
    shutil.copytree(base, ref)
    t0 = time.perf_counter()
    report = build(inputs, ref)
    work = time.perf_counter() - t0
    return {
        "tmp": tmp,
        "base": base,
        "inputs": inputs,
        "old": _state(base),
        "new": _state(ref),
        "work": work,
        "report": report,
    }


def _check(trial: Path, setup: dict) -> None:
    (old_files, old_graphs), (new_files, new_graphs) = setup["old"], setup["new"]
    files, graphs = _state(trial)
    for f in FILES:
        assert f in files, f"{f} vanished"
        assert files[f] in (old_files[f], new_files[f]), f"{f} is neither the old nor the new version"
    for g, quads in graphs.items():
        if g is None:
            continue
        assert quads in (old_graphs.get(g), new_graphs.get(g)), f"article graph {g} is half-written"
    for g in old_graphs:
        assert g in graphs, f"article graph {g} was lost"
    # the default graph agrees with the article graphs, once an interrupted bulk write is
    # finished (the marks of kg.store.Store.add_articles; the next build does the same first)
    with Store(trial / "store") as st:
        if st.has_pending():
            st.finish_pending()
            graphs[None] = frozenset(st.graph_quads(None))
        st.recompute_entities()
        assert frozenset(st.graph_quads(None)) == graphs[None], "default graph out of step with the articles"


def _killed_build(setup: dict, mode: str) -> tuple[Path, str, bool]:
    """A copy of ``setup["base"]`` built from ``setup["inputs"]`` by a process SIGKILLed at *mode*
    (``random:SEED`` picks a time within the build's duration); returns (copy, mode, killed)."""
    trial = setup["tmp"] / f"trial-{mode.replace(':', '-')}"
    shutil.copytree(setup["base"], trial)
    if mode.startswith("random:"):
        delay = random.Random(int(mode[7:])).uniform(0.0, setup["work"] * 1.2)
        mode = f"after:{delay:.3f}"
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, mode, str(trial), *map(str, setup["inputs"])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    killed = proc.returncode == -signal.SIGKILL
    assert killed or proc.stdout.strip() == "done", proc.stderr[-2000:]
    _check(trial, setup)
    return trial, mode, killed


@pytest.mark.parametrize(
    "mode",
    ["random:1", "random:2", "store-mid", "replace:2", "derived"],
)
def test_sigkill_leaves_old_or_new(setup: dict, mode: str) -> None:
    trial, mode, killed = _killed_build(setup, mode)
    files, graphs = _state(trial)
    print(
        f"{mode}: {'killed' if killed else 'finished'};",
        "files:",
        {f: "new" if files[f] == setup["new"][0][f] else "old" for f in FILES},
        "store:",
        "new" if graphs == setup["new"][1] else "old" if graphs == setup["old"][1] else "partial",
    )
    if not mode.startswith("after:"):
        assert killed, "the kill point was never reached"
    # the next build works and gives exactly the new version
    build(setup["inputs"], trial)
    files, graphs = _state(trial)
    assert files == setup["new"][0]
    assert graphs == setup["new"][1]


@pytest.fixture(scope="module")
def setup_add(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Only new articles (the delta finish of kg.store and the journal of kg.dedup): four built, three added."""
    tmp = tmp_path_factory.mktemp("crash-add")
    corpus = write_corpus(tmp / "corpus")
    base = tmp / "base"
    build(corpus[:4], base)
    build(corpus[4:5], base)  # the dedup index now has a journal-capable file
    case = _reference(tmp, base, corpus[5:])
    assert case["report"].ok and case["report"].added and not case["report"].replaced
    assert (tmp / "ref" / "dedup.json.journal").exists(), "a small build appends to the dedup journal"
    return case


@pytest.mark.parametrize("mode", ["random:3", "random:4", "store-mid", "store-commit", "derived"])
def test_sigkill_while_adding_leaves_old_or_new(setup_add: dict, mode: str) -> None:
    from kg.dedup import Deduper

    trial, mode, killed = _killed_build(setup_add, mode)
    if not mode.startswith("after:"):
        assert killed, "the kill point was never reached"
    Deduper.load(trial / "dedup.json")  # loads, whatever the journal holds
    build(setup_add["inputs"], trial)
    files, graphs = _state(trial)
    assert graphs == setup_add["new"][1]
    # the stories and merged events too: a build killed after its store write leaves a mark
    # (Store.mark_derived_stale), and the next build, which finds the articles stored and
    # unchanged, redoes both in full
    assert files == setup_add["new"][0]
