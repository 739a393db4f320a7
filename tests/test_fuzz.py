"""Property tests (hypothesis) over ingest and extraction: no exception escapes, offsets stay honest.

Example counts are kept modest so the file runs in well under a minute; raise
them with ``HYPOTHESIS_PROFILE=deep`` for a longer hunt.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import _decode, clean_text, detect_language
from kg.model import Document
from kg.pipeline import extract_document

settings.register_profile("fast", max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("deep", max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fast")

ARABIC_WORDS = [
    "روسيا",
    "موسكو",
    "حفتر",
    "خليفة",
    "التقى",
    "الرئيس",
    "وزير",
    "الخارجية",
    "تدعم",
    "نفى",
    "ليبيا",
    "القاهرة",
    "يوم",
    "الثلاثاء",
    "قال",
    "إن",
    "مصر",
    "قطر",
    "و",
    "في",
    "مع",
    "أكد",
    "اتهم",
]
ENGLISH_WORDS = [
    "Russia",
    "Moscow",
    "Haftar",
    "Khalifa",
    "met",
    "President",
    "Minister",
    "Foreign",
    "supports",
    "denied",
    "Libya",
    "Cairo",
    "on",
    "Tuesday",
    "said",
    "that",
    "Egypt",
    "Qatar",
    "and",
    "in",
    "with",
    "Lavrov",
    "Putin",
    "accused",
    "the",
    "of",
]
ODD = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\u0640",
    "\u064b",
    "\u0651",
    "\n",
    "\r\n",
    "\t",
    " ",
    ".",
    "،",
    "؟",
    "«",
    "»",
    '"',
    "(",
    ")",
    "\U0001f600",
    "\x00",
    "\u00a0",
    "٣",
    "2023",
    "-",
    ":",
]

word = st.one_of(
    st.sampled_from(ARABIC_WORDS),
    st.sampled_from(ENGLISH_WORDS),
    st.sampled_from(ODD),
    st.text(min_size=1, max_size=12),
    st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"), min_size=60, max_size=400),  # a very long token
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
)
text_st = st.lists(word, min_size=1, max_size=80).map(lambda ws: " ".join(ws))


@settings(settings.get_profile(PROFILE))
@given(st.text())
def test_clean_text_total(text: str) -> None:
    cleaned, dropped = clean_text(text)
    assert isinstance(cleaned, str)
    for line in cleaned.split("\n"):
        assert line == line.rstrip()
    assert len(cleaned) <= len(text)


@settings(settings.get_profile(PROFILE))
@given(text_st)
def test_detect_language_total(text: str) -> None:
    assert detect_language(text) in ("ar", "en", None)


@settings(settings.get_profile(PROFILE))
@given(st.binary(max_size=2000))
def test_decode_returns_text_or_refuses(raw: bytes) -> None:
    try:
        text = _decode(raw, "f.txt")
    except InputError as exc:
        assert str(exc).startswith("f.txt: ")
        return
    assert isinstance(text, str)


@settings(settings.get_profile(PROFILE))
@given(st.text(min_size=1))
def test_decode_utf8_roundtrip(text: str) -> None:
    raw = text.encode("utf-8")
    if b"\x00" in raw[:4096] or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    assert _decode(raw, "f.txt") == text.removeprefix("\ufeff")


def _check_result(text: str, lang: str) -> None:
    doc = Document(id="fuzz", text=text, lang=lang)
    r = extract_document(doc)
    n = len(text)
    for m in r.mentions:
        assert 0 <= m.start <= m.end <= n, m
        assert text[m.start : m.end] == m.text, m
    for rel in r.relations:
        assert 0 <= rel.start <= rel.end <= n, rel
        assert rel.evidence == text[rel.start : rel.end], rel
        assert rel.evidence in text
        if rel.trigger:
            assert rel.start <= rel.trigger_start <= rel.trigger_end <= rel.end, rel


@settings(settings.get_profile(PROFILE), max_examples=40)
@given(text_st)
def test_extract_arabic_any_text(text: str) -> None:
    _check_result(text, "ar")


@settings(settings.get_profile(PROFILE), max_examples=40)
@given(text_st)
def test_extract_english_any_text(text: str) -> None:
    _check_result(text, "en")


def test_extract_known_tricky_inputs() -> None:
    cases = [
        "\u200f\u200eروسيا\u200b تدعم\u200c حفتر\u202e في ليبيا.",
        "Russia\u200b supports\u00a0Haftar \u202eand Putin met Erdogan\u202c in Moscow.",
        "التقى " + "ب" * 5000 + " حفتر في موسكو.",
        "Putin met " + "x" * 5000 + " in Moscow.",
        "روسيا Russia تدعم supports حفتر Haftar.",
        "\ufeffالرئيس الروسي فلاديمير بوتين التقى خليفة حفتر\r\nفي موسكو.",
    ]
    for text in cases:
        _check_result(text, "ar")
        _check_result(text, "en")
