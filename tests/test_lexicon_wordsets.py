"""Word lists the extractors consult live in the lexicon files (wordsets.tsv, weekdays.tsv), not in code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import DataFileError
from kg.lexicon import build_lexicon, load_lexicon
from kg.model import Document
from kg.nlp import get_pipeline
from kg.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def lexicons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of ontologies/lexicons; :func:`_use` makes the loaders read it (no disk cache)."""
    lex_dir = tmp_path / "lexicons"
    shutil.copytree(ROOT / "ontologies" / "lexicons", lex_dir)
    yield lex_dir
    monkeypatch.undo()
    load_lexicon.cache_clear()
    get_pipeline.cache_clear()


def _use(lex_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_LEXICON_DIR", str(lex_dir))
    monkeypatch.setenv("NEWSKG_CACHE_DIR", "off")


def _drop_line(path: Path, line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert line in lines
    path.write_text("\n".join(x for x in lines if x != line) + "\n", encoding="utf-8")


def _visit_dates(text: str, lang: str) -> list[str | None]:
    load_lexicon.cache_clear()
    get_pipeline.cache_clear()
    r = extract_document(Document(id="t", text=text, lang=lang, published="2024-03-13"))
    return [rel.date for rel in r.relations if rel.predicate == "visited"]


@pytest.mark.parametrize(
    ("lang", "text", "file", "line", "expected"),
    [
        ("en", "Antony Blinken visited Egypt yesterday.", "wordsets.tsv", "yesterday\tyesterday", "2024-03-12"),
        ("en", "Antony Blinken visited Egypt on Monday.", "weekdays.tsv", "monday\t0", "2024-03-11"),
        ("ar", "زار الرئيس الروسي فلاديمير بوتين أنقرة أمس.", "wordsets.tsv", "yesterday\tامس", "2024-03-12"),
        ("ar", "زار الرئيس الروسي فلاديمير بوتين أنقرة الاثنين.", "weekdays.tsv", "الاثنين\t0", "2024-03-11"),
    ],
)
def test_date_words_are_read_from_the_lexicon(
    lexicons: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, file: str, line: str, expected: str
) -> None:
    assert _visit_dates(text, lang) == [expected]  # the shipped files
    _drop_line(lexicons / lang / file, line)
    _use(lexicons, monkeypatch)
    assert _visit_dates(text, lang) == [None]  # the same files without that line


def test_english_fast_mode_and_extractor_word_sets_are_in_the_file() -> None:
    lex = load_lexicon("en")
    for name in ("baseless", "accusation_nouns", "light_verbs", "plan_heads", "org_name_heads", "pronoun_args"):
        assert lex.wordset(name), name
    assert "think tank" in lex.wordset("org_name_heads")


def test_a_broken_weekdays_line_names_the_file_and_line(lexicons: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(lexicons, monkeypatch)
    path = lexicons / "en" / "weekdays.tsv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("funday\t9\n")
    n = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DataFileError, match=rf"weekdays\.tsv:{n}: expected form, weekday"):
        build_lexicon("en")
