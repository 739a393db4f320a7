"""The shared text folding (kg/text.py) is the table it documents, however it is computed."""

from __future__ import annotations

import random
import unicodedata

from kg.text import _DIACRITICS, _INVISIBLE, _TABLE, normalize, normalize_token, strip_diacritics

_DIAC_ONLY = str.maketrans({ch: None for ch in _DIACRITICS + _INVISIBLE})


def _by_table(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_TABLE).casefold()


def test_normalize_token_is_the_translation_table_on_every_bmp_character() -> None:
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [normalize_token(c) for c in chars] == [_by_table(c) for c in chars]
    assert [strip_diacritics(c) for c in chars] == [
        unicodedata.normalize("NFKC", c).translate(_DIAC_ONLY) for c in chars
    ]


def test_normalize_token_is_the_translation_table_on_mixed_text() -> None:
    pool = "أإآٱىةیک’‘`" + _DIACRITICS + _INVISIBLE + "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "AbcÉß İ ﻻ ﷲ 12٣"
    rng = random.Random(5)
    for _ in range(500):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        assert normalize_token(text) == _by_table(text)
    assert normalize("أحمدُ  المسمّاري") == "احمد المسماري"
