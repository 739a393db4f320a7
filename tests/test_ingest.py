"""Bad input to ingest: each case is refused (or decoded) with a message naming the file (and line).

These tests need no language model: they stop at ``kg.ingest``. The build-level
behaviour (the rest of the batch still builds, exit code 2) is in
``tests/test_robustness.py``.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import (
    MAX_ARTICLE_BYTES,
    IngestProblem,
    clean_text,
    detect_language,
    iter_documents,
    read_jsonl,
    read_text_file,
)
from kg.model import Document

AR = "زار وزير الخارجية الروسي سيرغي لافروف القاهرة يوم الثلاثاء والتقى نظيره المصري."
EN = "Russian Foreign Minister Sergei Lavrov visited Cairo on Tuesday and met his Egyptian counterpart."


def _one(path: Path) -> Document | IngestProblem:
    items = list(iter_documents([path]))
    assert len(items) == 1, items
    return items[0]


def _problem(path: Path) -> IngestProblem:
    item = _one(path)
    assert isinstance(item, IngestProblem), item
    assert item.source == str(path)
    return item


def test_good_articles(tmp_path: Path) -> None:
    (tmp_path / "a-2023-08-22.txt").write_text("عنوان الخبر\n" + AR, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline\n" + EN, encoding="utf-8")
    docs = list(iter_documents([tmp_path]))
    assert [d.id for d in docs] == ["a-2023-08-22", "b"]  # type: ignore[union-attr]
    a, b = docs
    assert isinstance(a, Document) and a.lang == "ar" and a.title == "عنوان الخبر" and a.published == "2023-08-22"
    assert isinstance(b, Document) and b.lang == "en" and b.title == "Headline"


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "empty" in _problem(p).message
    p.write_bytes(b"\xef\xbb\xbf  \n\n\t ")  # BOM and whitespace only
    assert "empty" in _problem(p).message


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in _problem(p).message


def test_windows_1256_arabic_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "legacy.txt"
    p.write_bytes(("عنوان\n" + AR).encode("cp1256"))
    doc = _one(p)
    assert isinstance(doc, Document), doc
    assert doc.lang == "ar"
    assert doc.text == "عنوان\n" + AR
    assert doc.title == "عنوان"


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "utf16.txt"
    p.write_bytes(("Headline\n" + EN).encode("utf-16"))
    doc = _one(p)
    assert isinstance(doc, Document) and doc.text.endswith(EN)


@pytest.mark.parametrize(
    "raw",
    [
        "Crème brûlée à la française, élégante et très appréciée du café.".encode("latin-1"),
        "Привет, это статья на русском языке в кодировке KOI8-R.".encode("koi8-r"),
        bytes(range(128, 256)) * 20,
    ],
    ids=["latin-1", "koi8-r", "high-bytes"],
)
def test_other_encodings_are_refused(tmp_path: Path, raw: bytes) -> None:
    p = tmp_path / "garbage.txt"
    p.write_bytes(raw)
    msg = _problem(p).message
    assert "not UTF-8" in msg


def test_huge_article_is_refused_quickly(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # a sparse 50 MB file: refusing it must not read it
        fh.truncate(50_000_000)
    t0 = time.perf_counter()
    prob = _problem(p)
    assert time.perf_counter() - t0 < 1.0
    assert "50.0 MB" in prob.message and "split" in prob.message
    with pytest.raises(InputError, match=r"huge\.txt: file of 50\.0 MB"):
        read_text_file(p)


def test_article_just_over_the_limit_in_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ok", "text": EN}) + "\n")
        fh.write(json.dumps({"id": "big", "text": "word " * (MAX_ARTICLE_BYTES // 5 + 10)}) + "\n")
        fh.write(json.dumps({"id": "ok2", "text": EN}) + "\n")
    items = list(read_jsonl(p))
    assert [getattr(i, "id", None) for i in items] == ["ok", None, "ok2"]
    assert items[1].source == f"{p}:2" and "larger than" in items[1].message  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["page.txt", "page.md"])
@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html><html><head><title>x</title></head><body><p>" + EN + "</p></body></html>",
        "<html lang='ar'><body><div>" + AR + "</div></body></html>",
        "Headline\n<div class='a'><p>" + EN + "</p><p>more</p><a href='/x'>link</a><br><span>x</span></div>",
    ],
    ids=["doctype", "html-tag", "tag-soup"],
)
def test_html_given_as_text_is_refused(tmp_path: Path, name: str, page: str) -> None:
    p = tmp_path / name
    p.write_text(page, encoding="utf-8")
    msg = _problem(p).message
    assert "HTML" in msg and ".html" in msg


def test_text_mentioning_a_tag_is_not_html(tmp_path: Path) -> None:
    p = tmp_path / "ok.txt"
    p.write_text("Headline\n" + EN + " The page used a <script> tag.", encoding="utf-8")
    assert isinstance(_one(p), Document)


def test_unknown_language(tmp_path: Path) -> None:
    p = tmp_path / "zh.txt"
    p.write_text("俄罗斯外交部长拉夫罗夫星期二访问开罗，会见了埃及外长。", encoding="utf-8")
    assert "unknown language" in _problem(p).message
    p.write_text("Заголовок\nМинистр иностранных дел России посетил Каир во вторник.", encoding="utf-8")
    assert "unknown language" in _problem(p).message


def test_only_page_furniture(tmp_path: Path) -> None:
    p = tmp_path / "furniture.txt"
    p.write_text("- ℃ 11 تركيا\n- 10 يناير 2025\n- 435\nتم نسخ الرابط\n12:30\nLink copied\n", encoding="utf-8")
    assert "furniture" in _problem(p).message


def test_missing_path(tmp_path: Path) -> None:
    p = tmp_path / "nope" / "missing.txt"
    prob = _problem(p)
    assert "no such file" in prob.message


def test_empty_folder(tmp_path: Path) -> None:
    d = tmp_path / "empty-dir"
    d.mkdir()
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert "no article files" in _problem(d).message


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    p = tmp_path / "secret.txt"
    p.write_text(EN, encoding="utf-8")
    p.chmod(0)
    assert "cannot read" in _problem(p).message


def test_jsonl_bad_lines_are_named_and_the_rest_read(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "good-1", "text": EN, "title": "T"}),
        "{not json",
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps({"id": "text-not-str", "text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "fr", "text": EN, "lang": "fr"}),
        json.dumps({"id": "furniture", "text": "- 435\nLink copied"}),
        "",
        json.dumps({"id": "odd-fields", "text": AR, "title": 5, "lang": 7, "published": ["x"], "url": {}}),
        json.dumps({"id": "good-2", "text": AR}, ensure_ascii=False),
    ]
    raw = ("\n".join(lines) + "\n").encode("utf-8") + b'{"id": "latin", "text": "caf\xe9 cr\xe8me"}\n'
    p.write_bytes(raw)
    items = list(iter_documents([p]))
    docs = [i for i in items if isinstance(i, Document)]
    probs = {i.source: i.message for i in items if isinstance(i, IngestProblem)}
    assert [d.id for d in docs] == ["good-1", "odd-fields", "good-2"]
    odd = docs[1]
    assert odd.lang == "ar" and odd.title and odd.published is None and odd.url is None
    assert "not a JSON object" in probs[f"{p}:2"]
    assert "'text' string" in probs[f"{p}:3"]
    assert "'text' string" in probs[f"{p}:4"]
    assert "'text' string" in probs[f"{p}:5"]
    assert "unknown language" in probs[f"{p}:6"]
    assert "furniture" in probs[f"{p}:7"]
    assert "not UTF-8" in probs[f"{p}:11"]
    assert len(probs) == 7


def test_jsonl_windows_1256_line(tmp_path: Path) -> None:
    p = tmp_path / "legacy.jsonl"
    p.write_bytes(json.dumps({"id": "x", "text": AR}, ensure_ascii=False).encode("cp1256") + b"\n")
    (doc,) = list(read_jsonl(p))
    assert isinstance(doc, Document) and doc.text == AR


def test_corrupt_gzip_keeps_earlier_lines(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl.gz"
    data = gzip.compress(("\n".join(json.dumps({"id": f"a{i}", "text": EN}) for i in range(50)) + "\n").encode())
    p.write_bytes(data[: len(data) - 20])  # truncated
    items = list(iter_documents([p]))
    assert isinstance(items[-1], IngestProblem) and "cannot read further" in items[-1].message
    assert items[-1].source.startswith(str(p) + ":")
    assert all(isinstance(i, Document) for i in items[:-1])
    p.write_bytes(b"\x1f\x8b not really gzip")
    (prob,) = list(iter_documents([p]))
    assert isinstance(prob, IngestProblem) and prob.source == f"{p}:1"


def test_batch_order_is_stable(tmp_path: Path) -> None:
    for n in ("c", "a", "b"):
        (tmp_path / f"{n}.txt").write_text(f"{n}\n{EN}", encoding="utf-8")
    assert [d.id for d in iter_documents([tmp_path])] == ["a", "b", "c"]  # type: ignore[union-attr]


def test_clean_text_and_detect_language() -> None:
    text, dropped = clean_text("Title\r\n- 435\r\nTitle\rBody text here.")
    assert text == "Title\nBody text here." and len(dropped) == 2
    assert detect_language(AR) == "ar" and detect_language(EN) == "en"
    assert detect_language("12345 !!!") is None
