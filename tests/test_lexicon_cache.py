"""The compiled lexicon is cached on disk, keyed by the content of its sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.lexicon import _cache_key, cache_dir, load_lexicon


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSKG_CACHE_DIR", str(tmp_path / "cache"))
    load_lexicon.cache_clear()
    yield tmp_path / "cache"
    load_lexicon.cache_clear()


def test_second_load_comes_from_the_cache_and_equals_a_fresh_build(cache: Path) -> None:
    built = load_lexicon("ar")
    files = list(cache.glob("lexicon-ar-*.pickle"))
    assert len(files) == 1
    load_lexicon.cache_clear()
    cached = load_lexicon("ar")
    assert cached is not built
    assert cached.names == built.names
    assert cached.triggers == built.triggers
    assert cached.vocab == built.vocab


def test_a_changed_data_file_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    extra = tmp_path / "names.txt"
    extra.write_text("زيد\n", encoding="utf-8")
    monkeypatch.setenv("NEWSKG_EXTRA_GIVEN_NAMES", str(extra))
    before = _cache_key("ar")
    extra.write_text("زيد\nعمرو\n", encoding="utf-8")
    after = _cache_key("ar")
    assert before != after
    assert "عمرو" in load_lexicon("ar").given_names


def test_a_damaged_cache_file_is_rebuilt(cache: Path) -> None:
    load_lexicon("ar")
    (path,) = cache.glob("lexicon-ar-*.pickle")
    path.write_bytes(b"not a pickle")
    load_lexicon.cache_clear()
    lex = load_lexicon("ar")
    assert lex.names
    assert path.read_bytes() != b"not a pickle"


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_CACHE_DIR", "off")
    assert cache_dir() is None
