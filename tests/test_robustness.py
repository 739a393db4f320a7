"""`kg build` over a batch full of bad inputs: each is named on stderr, the rest builds, exit code 2.

An output folder that cannot be written is exit 1 with the folder named and nothing written.
Runs the CLI in-process (typer's CliRunner) so the language pipelines load once.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "russia-haftar-2023-08-23.txt"
AR = "زار وزير الخارجية الروسي سيرغي لافروف القاهرة يوم الثلاثاء والتقى نظيره المصري سامح شكري."
EN = "Russian Foreign Minister Sergei Lavrov met Egyptian Foreign Minister Sameh Shoukry in Cairo on Tuesday."


def _run(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(app, list(args), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def _oneline(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A folder with two good articles and one of every kind of bad input."""
    d = tmp_path_factory.mktemp("batch")
    f: dict[str, Path] = {}

    def put(name: str, data: bytes | str) -> None:
        p = d / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        f[name] = p

    put("good-en.txt", "Lavrov in Cairo\n" + EN)
    put("good-ar-cp1256.txt", ("لافروف في القاهرة\n" + AR).encode("cp1256"))
    put("empty.txt", b"")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    put("latin1.txt", "Crème brûlée à la française, élégante et très appréciée.".encode("latin-1"))
    put("page.txt", "<!doctype html><html><body><p>" + EN + "</p></body></html>")
    put("chinese.txt", "俄罗斯外交部长拉夫罗夫星期二访问开罗。")
    put("furniture.txt", "- 435\n- 10 يناير 2025\nتم نسخ الرابط\nLink copied\n")
    put("weird [red] [bold]name.txt", "")  # rich markup in a file name must be printed as is
    huge = d / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50_000_000)
    f["huge.txt"] = huge
    put(
        "lines.jsonl",
        "\n".join(
            [
                json.dumps({"id": "jsonl-good", "text": EN.replace("Tuesday", "Monday")}),
                "{oops",
                json.dumps({"id": "no-text"}),
                json.dumps({"id": "klingon", "text": EN, "lang": "tlh"}),
            ]
        )
        + "\n",
    )
    return f


def test_bad_inputs_are_named_and_the_rest_builds(batch: dict[str, Path], tmp_path: Path) -> None:
    folder = batch["good-en.txt"].parent
    missing = tmp_path / "does-not-exist.txt"
    out = tmp_path / "out"
    code, stdout, stderr = _run("build", str(folder), str(missing), "--out", str(out), "--no-view", "-q")
    err = _oneline(stderr)
    assert code == 2, (code, stdout, stderr)
    expected = {
        "empty.txt": "empty",
        "binary.txt": "binary file",
        "latin1.txt": "not UTF-8",
        "page.txt": "HTML",
        "chinese.txt": "unknown language",
        "furniture.txt": "only page furniture",
        "huge.txt": "larger than",
        "weird [red] [bold]name.txt": "empty",
    }
    for name, what in expected.items():
        assert f"skipped {batch[name]}: " in err, (name, err)
        line = err.split(f"skipped {batch[name]}: ", 1)[1]
        assert line.startswith(what) or what in line[:200], (name, line[:200])
    jl = batch["lines.jsonl"]
    assert f"skipped {jl}:2: not a JSON object" in err
    assert f"skipped {jl}:3: a JSONL article needs a 'text' string" in err
    assert f"skipped {jl}:4: unknown language" in err
    assert f"skipped {missing}: no such file or folder" in err
    # the good ones were built: both .txt articles and the good JSONL line
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    for doc_id in ("good-en", "good-ar-cp1256", "jsonl-good"):
        assert f"art:{doc_id} " in trig or f"article/{doc_id}>" in trig, doc_id
    assert "لافروف" in trig  # the Windows-1256 article was decoded, not mangled
    for bad in ("art:empty ", "art:binary ", "art:chinese ", "art:no-text "):
        assert bad not in trig


def test_all_good_exits_0(batch: dict[str, Path], tmp_path: Path) -> None:
    code, _, stderr = _run("build", str(batch["good-en.txt"]), "--out", str(tmp_path / "o"), "--no-view", "-q")
    assert code == 0, stderr


def test_output_folder_not_writable(batch: dict[str, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "sub"):
        code, stdout, stderr = _run("build", str(batch["good-en.txt"]), "--out", str(out), "-q")
        assert code == 1, (stdout, stderr)
        assert str(out) in _oneline(stderr) and "not writable" in stderr
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_read_only_output_folder(batch: dict[str, Path], tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, stderr = _run("build", str(batch["good-en.txt"]), "--out", str(ro), "-q")
        assert code == 1 and str(ro) in _oneline(stderr) and "not writable" in stderr
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_no_inputs_at_all(tmp_path: Path) -> None:
    code, _, stderr = _run("build", str(tmp_path / "missing"), "--out", str(tmp_path / "o"), "-q")
    assert code == 2 and "no such file or folder" in stderr


def test_quiet_build_counts_duplicates_and_verbose_lists_them(tmp_path: Path) -> None:
    """A re-posted article is built once; ``-q`` says how many were seen again, not one line each."""
    import json

    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a1", "lang": "ar", "text": AR},
        {"id": "a2", "lang": "ar", "text": AR + " "},  # the same text again under another id
        {"id": "a3", "lang": "ar", "text": AR + "  "},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    code, out, err = _run("build", str(src), "--out", str(tmp_path / "q"), "--no-view", "-q")
    assert code == 0
    text = _oneline(out + err)
    assert "2 articles seen again, built once" in text
    assert "same-text" not in text
    code, out, err = _run("build", str(src), "--out", str(tmp_path / "v"), "--no-view")
    assert code == 0
    assert _oneline(out + err).count("same-text as a1") == 2


def test_a_store_open_for_writing_elsewhere_is_a_clear_error(batch: dict[str, Path], tmp_path: Path) -> None:
    """A build into a folder whose store is open for writing (another build, a notebook that added
    articles) says so, names the store and exits 1; the store is untouched and builds once released."""
    from kg.store import Store

    out = tmp_path / "o"
    code, _, stderr = _run("build", str(batch["good-en.txt"]), "--out", str(out), "--no-view", "-q")
    assert code == 0, stderr
    holder = Store(out / "store")
    try:
        before = len(holder)
        code, stdout, stderr = _run("build", str(batch["lines.jsonl"]), "--out", str(out), "--no-view", "-q")
        assert code == 1, (stdout, stderr)
        message = _oneline(stderr)
        assert str(out / "store") in message and "another process has it open for writing" in message
        assert "Traceback" not in stderr
        assert len(holder) == before
    finally:
        holder.close()
    code, _, stderr = _run("build", str(batch["lines.jsonl"]), "--out", str(out), "--no-view", "-q")
    assert code in (0, 2), stderr  # 2: the batch's bad lines are named
