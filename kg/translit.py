"""Transliteration keys for names across Arabic and Latin script.

``name_key`` turns a person's name in either script into a *consonant
skeleton*: the sounds both scripts write reliably, with vowels, the article
``al-``/``ال`` and doubled letters dropped and letters that the two
scripts confuse folded into one class (v/f, q/k/c, g/j/gh, kh/k, th/t …)::

    >>> name_key("يونس بك يوفقورف"), name_key("Yunus-Bek Yevkurov")
    ('yns bk yfkrf', 'yns bk yfkrf')
    >>> name_key("أحمد الأسعد") == name_key("حميد سعيد")
    False
    >>> name_key("عبد الحميد الدبيبة") == name_key("Abdul Hamid Dbeibah")
    True

Matching uses the key only; it never merges by itself (kg/resolution.py
also asks for the same type and context). ``romanize`` gives a readable
Latin label for an Arabic name (the ``arabic-name-romanizer`` package when
it is installed, checked against the key, else these rules). Both are pure
functions of their input and cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

__all__ = [
    "is_arabic_name",
    "name_key",
    "org_key",
    "org_keys",
    "remember_romanizations",
    "romanize",
    "skeleton",
]

_AR = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "j", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "b", "چ": "S", "ڤ": "f",
    "گ": "j", "ژ": "j", "ک": "k",
}  # fmt: skip
_AR_SILENT = set("اأإآءئؤىعة\u0640")  # vowel carriers, hamza, ʿayn, tāʾ marbūṭa, tatweel
_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
_LATIN_DIGRAPHS = (
    ("tch", "S"), ("sch", "S"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "k"), ("gh", "j"),
    ("sh", "S"), ("ch", "S"), ("th", "t"), ("dh", "d"), ("ph", "f"), ("ck", "k"), ("ou", "u"),
)  # fmt: skip
_LATIN = {"v": "f", "q": "k", "c": "k", "g": "j", "x": "ks", "p": "b", "w": "w", "y": "y"}
_VOWELS = set("aeiou")
_LATIN_PARTICLES = {"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "an", "ed", "es", "et", "ez"}


def is_arabic_name(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _arabic_token(tok: str) -> str:
    tok = _AR_DIACRITICS.sub("", tok)
    if tok.startswith("ال") and len(tok) > 3:
        tok = tok[2:]
    out = []
    for i, ch in enumerate(tok):
        if ch in "وي":
            if i == 0:
                out.append("w" if ch == "و" else "y")
            elif ch == "ي" and i == len(tok) - 1 and len(tok) > 2:
                out.append("y")  # final -i (nisba): Mismari / المسماري, not سعيد / السعيدي
            continue
        if ch in _AR_SILENT:
            if i == 0 and ch in "اأإآع":
                out.append("V")  # a name that starts with a vowel: Ahmad is not Hamid
            continue
        out.append(_AR.get(ch, ""))
    return "".join(out)


def _latin_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’ʿʾ`]", "", text)
    text = re.sub(r"\babd[aeuo]l[- ]?", "abd ", text)  # Abdel Fattah, Abdul-Hamid, Abdulaziz
    text = re.sub(r"\b(?:al|el|ad|as|at|az|ash|an|ar)-", "", text)  # al-Burhan, as-Sisi
    return [t for t in re.split(r"[^a-z]+", text) if t and t not in _LATIN_PARTICLES]


def _latin_token(tok: str) -> str:
    for a, b in _LATIN_DIGRAPHS:
        tok = tok.replace(a, b)
    out = []
    for i, ch in enumerate(tok):
        if ch in _VOWELS or (ch in "wy" and i > 0):
            if i == 0:
                out.append("V")
            elif ch in "iy" and i == len(tok) - 1 and len(tok) > 2:
                out.append("y")
            continue
        out.append(_LATIN.get(ch, ch))
    return "".join(out)


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> tuple[str, ...]:
    """Consonant skeleton per name token (empty tokens dropped)."""
    if is_arabic_name(name):
        toks = [_arabic_token(t) for t in re.split(r"[\s\-ـ]+", name) if t]
    else:
        toks = [_latin_token(t) for t in _latin_tokens(name)]
    # a final h is unreliable in both scripts (ة / -ah, ح / -ah): drop it
    toks = [t[:-1] if len(t) > 2 and t.endswith("h") else t for t in (_collapse(t) for t in toks)]
    return tuple(t for t in toks if t)


def name_key(name: str) -> str | None:
    """Transliteration key of a full personal name (two name parts or more), else None."""
    sk = skeleton(name)
    if len(sk) < 2 or sum(len(t.replace("V", "")) for t in sk) < 5:
        return None
    return " ".join(sk)


_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال")


def org_key(name: str) -> str:
    """Normalised organisation name: case, ``the``, hamza forms, article (ال) insensitive.

    >>> org_key("قوات الدعم السريع") == org_key("قوات دعم السريع")
    True
    """
    if is_arabic_name(name):
        name = _AR_DIACRITICS.sub("", name)
        name = name.translate(str.maketrans("أإآىة", "ااايه"))
        toks = []
        for t in name.split():
            for c in _CLITICS:
                if t.startswith(c) and len(t) - len(c) >= 2:
                    t = t[len(c) :]
                    break
            toks.append(t)
        return " ".join(toks)
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    toks = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    if toks and toks[0] == "the":
        toks = toks[1:]
    return " ".join(toks)


def org_keys(name: str) -> set[str]:
    """``org_key`` and, for Arabic, the same without a leading conjunction clitic (و / ف).

    >>> bool(org_keys("وقوات درع السودان") & org_keys("قوات درع السودان"))
    True
    """
    key = org_key(name)
    out = {key} if key else set()
    if key[:1] in ("و", "ف") and is_arabic_name(key) and len(key.split()[0]) > 3:
        out.add(key[1:])
    return out


# --------------------------------------------------------------------------- readable romanisation

_AR_READ = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ئ": "", "ؤ": "", "ى": "a", "ع": "", "ة": "a",
    "و": "u", "ي": "i", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p",
    "چ": "ch", "ڤ": "v", "گ": "g",
}  # fmt: skip


_READ_WORDS = {"عبد": "Abd", "أبو": "Abu", "ابو": "Abu", "بن": "bin", "محمد": "Mohammed"}


def _rule_token(tok: str) -> str:
    if tok in _READ_WORDS:
        return _READ_WORDS[tok]
    prefix = ""
    if tok.startswith("ال") and len(tok) > 3:
        prefix, tok = "al-", tok[2:]
    out = []
    for i, ch in enumerate(tok):
        if ch == "و" and i == 0:
            out.append("w")
        elif ch == "ي" and i == 0:
            out.append("y")
        else:
            out.append(_AR_READ.get(ch, ""))
    word = "".join(out)
    return prefix + word[:1].upper() + word[1:] if word else ""


def _rules(name: str) -> str:
    return " ".join(t for t in (_rule_token(t) for t in name.split()) if t)


_ROMANIZER: list[object] = []


def _romanizer() -> object | None:
    if not _ROMANIZER:
        try:
            from arabic_name_romanizer import Transliterator

            # dictionary and rules only: the ONNX fallback model costs ~10x the time for no gain on news names
            _ROMANIZER.append(Transliterator(auto_load_model=False))
        except Exception:  # noqa: BLE001 - optional dependency (or its model) missing: rules only
            _ROMANIZER.append(None)
    return _ROMANIZER[0]


def _consistent(arabic: str, latin: str) -> bool:
    """Does a romanisation keep the Arabic name's parts (no dictionary name added or dropped)?"""
    a = tuple(t.replace("V", "") for t in skeleton(arabic))
    b = tuple(t.replace("V", "") for t in skeleton(latin))
    if len(a) != len(b):
        return False
    return all(abs(len(x) - len(y)) <= 1 and x[:1] == y[:1] for x, y in zip(a, b, strict=True))


_KNOWN: dict[str, str] = {}  # romanisations computed elsewhere (a build's worker processes)


def remember_romanizations(pairs: Mapping[str, str]) -> None:
    """Take romanisations another process computed (they are deterministic), so they are not redone."""
    if len(_KNOWN) < 1_000_000:
        _KNOWN.update(pairs)


def romanize(name: str) -> str:
    """A readable Latin form of an Arabic personal name (deterministic).

    >>> romanize("Khalifa Haftar")
    'Khalifa Haftar'
    """
    hit = _KNOWN.get(name)
    return hit if hit is not None else _romanize(name)


@lru_cache(maxsize=65536)
def _romanize(name: str) -> str:
    if not is_arabic_name(name):
        return name
    tr = _romanizer()
    if tr is not None:
        try:
            out = str(tr.transliterate(name))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            out = ""
        if out and not is_arabic_name(out) and _consistent(name, out):
            return out
        # name by name, each checked, else the rules
        parts = [_romanize_part(tok) for tok in name.split()]
        return " ".join(p for p in parts if p)
    return _rules(name)


@lru_cache(maxsize=65536)
def _romanize_part(tok: str) -> str:
    """One part of a name the whole of which did not romanise consistently (parts recur across names)."""
    tr = _romanizer()
    try:
        one = str(tr.transliterate(tok))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        one = ""
    return one if one and not is_arabic_name(one) and _consistent(tok, one) else _rules(tok)
