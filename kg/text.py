"""Text normalisation shared by matching, resolution and evaluation.

>>> normalize("أحمد  المسمّاري")
'احمد المسماري'
>>> normalize("Khalifa HAFTAR")
'khalifa haftar'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "ARABIC_RE",
    "arabic_share",
    "display_name",
    "is_arabic",
    "normalize",
    "normalize_token",
    "short_hash",
    "slugify",
    "strip_diacritics",
]

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks; tatweel.
_DIACRITICS = (
    "".join(chr(c) for c in range(0x0610, 0x061B))
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed\u0640"
)
# Zero-width and bidi controls that scraped text carries.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_TABLE = str.maketrans(
    {
        **{ch: None for ch in _DIACRITICS + _INVISIBLE},
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian kaf
        "’": "'",
        "‘": "'",
        "`": "'",
    }
)
# _TABLE as a deletion and single-letter replacements (no replacement gives a letter another
# one replaces or deletes, so their order does not matter)
_DELETE_RE = re.compile("[" + re.escape(_DIACRITICS + _INVISIBLE) + "]")
_REPLACEMENTS = tuple((chr(k), v) for k, v in _TABLE.items() if isinstance(v, str))
_SPACE_RE = re.compile(r"\s+")
ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def strip_diacritics(token: str) -> str:
    """Remove harakat, tatweel and invisible marks only (letters unchanged: على stays على)."""
    return _DELETE_RE.sub("", unicodedata.normalize("NFKC", token))


def normalize_token(token: str) -> str:
    """Normalise one token: NFKC, no diacritics or tatweel, unified alef/ya/ta marbuta, casefold.

    What ``str.translate(_TABLE)`` gives, by one regex deletion and a ``str.replace`` per
    mapped letter present: translate looks every character up in the table, about four times
    as long on whole article texts (the dedup index folds every article's text).
    """
    token = _DELETE_RE.sub("", unicodedata.normalize("NFKC", token))
    for src, dst in _REPLACEMENTS:
        if src in token:
            token = token.replace(src, dst)
    return token.casefold()


def normalize(text: str) -> str:
    """Normalise a name or phrase as the gold matching rules say (whitespace collapsed)."""
    return _SPACE_RE.sub(" ", normalize_token(text)).strip()


def display_name(text: str) -> str:
    """A name as a label shows it: a hashtag's "#" dropped and its "_" a space.

    >>> display_name("دونالد #ترمب"), display_name("#عمر_البشير"), display_name("Khalifa Haftar")
    ('دونالد ترمب', 'عمر البشير', 'Khalifa Haftar')
    """
    if "#" not in text and "_" not in text:
        return text
    return " ".join(text.replace("#", " ").replace("_", " ").split())


def arabic_share(text: str) -> float:
    """Share of letters in *text* that are Arabic script (0..1)."""
    # map() over C methods: this runs on every article's full text
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    return sum(map(str.isalpha, ARABIC_RE.findall(text))) / letters


def is_arabic(text: str) -> bool:
    """True when the text contains any Arabic letter."""
    return ARABIC_RE.search(text) is not None


def short_hash(*parts: str, n: int = 16) -> str:
    """Stable short hex digest of the parts (joined by NUL)."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:n]


_SLUG_RE = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


def slugify(text: str) -> str:
    """An IRI-safe slug; Arabic letters are kept (IRIs allow them), the rest lower-cased ASCII.

    >>> slugify("Yunus-Bek Yevkurov")
    'yunus-bek-yevkurov'
    """
    norm = normalize(unicodedata.normalize("NFKD", text))
    norm = "".join(c for c in norm if not unicodedata.combining(c))
    return _SLUG_RE.sub("-", norm).strip("-") or "x"
