"""The same inputs in any order (and any hash seed) give byte-identical exports.

graph.trig, graph.ttl, graph.graphml and graph.html of a build are compared
byte for byte across: sorted order, reversed order, two incremental builds
(half, then the rest), and a separate process with another ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "russia-haftar-2023-08-23.txt"
FILES = ("graph.trig", "graph.ttl", "graph.graphml", "graph.html")

ARTICLES = {
    "lavrov-cairo-2023-01-10.txt": "Lavrov in Cairo\nRussian Foreign Minister Sergei Lavrov met Egyptian "
    "Foreign Minister Sameh Shoukry in Cairo on Tuesday. Egypt supports the Libyan National Army, Shoukry said.",
    "erdogan-putin-2023-02-11.txt": "Erdogan and Putin\nTurkish President Recep Tayyip Erdogan met Russian "
    "President Vladimir Putin in Sochi on Friday. Turkey condemned the attack on Idlib, Erdogan said.",
    "haftar-2023-03-12.txt": "Haftar visits Moscow\nKhalifa Haftar visited Moscow on Monday and met Russian Defence "
    "Minister Sergei Shoigu. Russia denied that it supports Haftar.",
    "blinken-2023-04-13.txt": "Blinken in Riyadh\nUS Secretary of State Antony Blinken met Saudi Crown Prince "
    "Mohammed bin Salman in Riyadh. The United States accused Iran of arming the Houthis.",
    "qatar-ar-2023-05-14.txt": "قطر ومصر\nالتقى أمير قطر الشيخ تميم بن حمد آل ثاني الرئيس المصري عبد الفتاح السيسي "
    "في القاهرة يوم الأحد. وقالت مصر إنها تدعم الحوار مع قطر.",
    "iran-ar-2023-06-15.txt": "إيران والسعودية\nاتهمت المملكة العربية السعودية إيران بدعم الحوثيين في اليمن، "
    "وقال وزير الخارجية السعودي فيصل بن فرحان إن الرياض ترحب بالمحادثات.",
}


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    paths.append(folder / SAMPLE.name)
    return sorted(paths)


def _bytes(out: Path) -> dict[str, bytes]:
    return {f: (out / f).read_bytes() for f in FILES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def reference(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("ref")
    report = build(corpus, out)
    assert report.ok and report.articles == len(corpus)
    return _bytes(out)


def test_reverse_order_is_byte_identical(corpus: list[Path], reference: dict[str, bytes], tmp_path: Path) -> None:
    build(corpus[::-1], tmp_path)
    got = _bytes(tmp_path)
    for f in FILES:
        assert got[f] == reference[f], f


def test_incremental_build_is_byte_identical(corpus: list[Path], reference: dict[str, bytes], tmp_path: Path) -> None:
    odd, even = corpus[1::2], corpus[0::2]
    build(odd, tmp_path)
    build(even[::-1], tmp_path)
    got = _bytes(tmp_path)
    for f in FILES:
        assert got[f] == reference[f], f
    # a rebuild of everything changes nothing
    build(corpus, tmp_path)
    assert _bytes(tmp_path) == got


def test_other_process_and_hash_seed(corpus: list[Path], reference: dict[str, bytes], tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    folder = corpus[0].parent
    code = "import sys; from kg.build import build; build([sys.argv[1]], sys.argv[2])"
    subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path)], env=env, check=True, timeout=300)
    got = _bytes(tmp_path)
    for f in FILES:
        assert got[f] == reference[f], f


def test_no_wall_clock_in_facts(reference: dict[str, bytes]) -> None:
    trig = reference["graph.trig"].decode("utf-8")
    assert "generatedAtTime" not in trig and "xsd:dateTime" not in trig and "#dateTime" not in trig
