"""A plain-value view of an annotated spaCy Doc: tokens, sentences, gazetteer hits.

Extraction works on these values (character offsets, normalised forms),
not on spaCy objects, so each step can be tested alone.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, NORM, ORTH, SENT_START, SPACY
from spacy.strings import StringStore
from spacy.tokens import Doc

from ..text import normalize_token

__all__ = [
    "Sent",
    "TextView",
    "Tok",
    "first_words",
    "key_starts",
    "longest_match",
    "missing",
    "strings_of",
    "view_from_doc",
]


class Tok(NamedTuple):
    """One non-space token. A named tuple, not a dataclass: a view makes hundreds per
    article and a frozen dataclass costs three times as much to build."""

    i: int
    start: int  # char offset of the token (clitics included)
    end: int
    text: str
    norm: str  # normalised, clitics stripped when the rest is known
    clitic: str  # normalised proclitic letters that were stripped ("", "و", "ب", "وب" ...)
    clitic_len: int  # characters of the text the proclitics take (as the normaliser measured them)
    future: bool  # a future prefix س was stripped
    sent: int
    is_punct: bool
    pos: str = ""  # coarse POS where a statistical model gave one
    dep: str = ""
    head: int = -1
    ent: str = ""  # statistical NER label where a model gave one
    lemma: str = ""

    @property
    def core_start(self) -> int:
        """Offset of the token without its proclitics."""
        return self.start + self.clitic_len


@dataclass(frozen=True, slots=True)
class Sent:
    i: int
    tok_start: int
    tok_end: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextView:
    text: str
    lang: str
    toks: tuple[Tok, ...]
    sents: tuple[Sent, ...]
    gazetteer: tuple[tuple[int, int, tuple[tuple[str, str], ...]], ...]

    def sent_text(self, s: Sent) -> str:
        return self.text[s.start : s.end]


_new_tok = tuple.__new__  # skips the generated __new__ (its defaults): a view builds hundreds of Toks
_STR: dict[int, str] = {}  # string-store hash -> its string (hashes are the same in every vocab)


def strings_of(hashes: list[int], strings: StringStore) -> list[str]:
    """The strings of string-store *hashes*, decoded once per process and then looked up.

    Decoding a string from spaCy's store makes a new object every time; a dictionary
    hit over a whole column (``map``) costs a fraction of that.
    """
    out = list(map(_STR.get, hashes))
    if None in out:
        for i in missing(out):
            h = hashes[i]
            out[i] = s = strings[h]
            if len(_STR) < 500_000:
                _STR[h] = s
    return out  # type: ignore[return-value]


def missing(values: Sequence[object]) -> list[int]:
    """Positions of None in *values* (found without a Python-level step per value)."""
    return list(itertools.compress(range(len(values)), map(operator.is_, values, itertools.repeat(None))))


_ORTH_INFO: dict[int, tuple[str, bool, bool]] = {}  # ORTH hash -> (text, blank, no letter or digit)

#: Arabic tokens a name runs through, dropped from the view like whitespace: a hashtag's
#: "#" and the "_" that joins its words ("رجب طيب #أردوغان", "#دونالد_ترمب").
TRANSPARENT: frozenset[str] = frozenset({"#", "_"})


def _orth_info(orth: int, strings: object) -> tuple[str, bool, bool]:
    text: str = strings[orth]  # type: ignore[index]
    info = (text, not text.strip(), not any(c.isalnum() for c in text))
    if len(_ORTH_INFO) < 500_000:
        _ORTH_INFO[orth] = info
    return info


def view_from_doc(doc: Doc, lang: str) -> TextView:
    """Turn an annotated Doc into a :class:`TextView` (whitespace tokens dropped)."""
    clitics: dict[int, int] = doc.user_data.get("kg_clitic", {})
    future = set(doc.user_data.get("kg_future", ()))
    has_parse = doc.has_annotation("DEP")
    has_pos = doc.has_annotation("POS")
    has_ent = doc.has_annotation("ENT_IOB")
    # Arrays, not Token objects: this runs over every token of every article.
    rows = doc.to_array([ORTH, NORM, IDX, IS_SPACE, IS_PUNCT, SENT_START, SPACY]).tolist() if len(doc) else []
    strings = doc.vocab.strings
    orth_info = _ORTH_INFO
    norm_str = _STR
    toks: list[Tok] = []
    sents: list[Sent] = []
    pieces: list[str] = []  # the text, as Doc.text joins it (without a Token object per token)
    new_index: dict[int, int] = {}
    sent_first = 0
    n = 0
    pending = False  # a spaCy sentence started since the last kept token
    transparent = TRANSPARENT if lang == "ar" else frozenset()
    for i, (orth, norm, idx, space, punct, sent_start, spacy) in enumerate(rows):
        if i == 0 or sent_start == 1:
            pending = True
        info = orth_info.get(orth)
        if info is None:
            info = _orth_info(orth, strings)
        text = info[0]
        pieces.append(text)
        if spacy:
            pieces.append(" ")
        if space or info[1] or (info[2] and text in transparent):
            continue
        new_index[i] = n
        if pending:
            if toks:
                sents.append(Sent(len(sents), sent_first, n, toks[sent_first].start, toks[-1].end))
            sent_first = n
            pending = False
        normtext = norm_str.get(norm)
        if normtext is None:
            normtext = strings[norm]
            if len(norm_str) < 500_000:
                norm_str[norm] = normtext
        k = clitics.get(i, 0) if clitics else 0
        toks.append(
            _new_tok(
                Tok,
                (
                    n,
                    idx,
                    idx + len(text),
                    text,
                    normtext,
                    normalize_token(text[:k]) if k else "",
                    k,
                    i in future,
                    len(sents),
                    bool(punct) or info[2],
                    "",
                    "",
                    -1,
                    "",
                    "",
                ),
            )
        )
        n += 1
    if toks:
        sents.append(Sent(len(sents), sent_first, len(toks), toks[sent_first].start, toks[-1].end))
    if has_pos or has_parse or has_ent:
        # what a statistical model added (English): read from the tokens it annotated
        for i, n in new_index.items():
            t = doc[i]
            toks[n] = toks[n]._replace(
                pos=t.pos_ if has_pos else "",
                dep=t.dep_ if has_parse else "",
                head=new_index.get(t.head.i, -1) if has_parse else -1,
                ent=t.ent_type_,
                lemma=t.lemma_ if has_pos else "",
            )
    gaz = []
    for start, end, cands in doc.user_data.get("kg_gazetteer", ()):
        ks = [new_index[i] for i in range(start, end) if i in new_index]
        if ks:
            gaz.append((ks[0], ks[-1] + 1, tuple(cands)))
    return TextView("".join(pieces), lang, tuple(toks), tuple(sents), tuple(gaz))


_PREFIXES: dict[int, tuple[Mapping[tuple[str, ...], object], frozenset[str], frozenset[tuple[str, ...]]]] = {}


def _index(
    table: Mapping[tuple[str, ...], object],
) -> tuple[Mapping[tuple[str, ...], object], frozenset[str], frozenset[tuple[str, ...]]]:
    """(table, first words of its keys, every leading part of every key), computed once per table."""
    hit = _PREFIXES.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (
            table,
            frozenset(k[0] for k in table if k),
            frozenset(k[:n] for k in table for n in range(1, len(k) + 1)),
        )
        _PREFIXES[id(table)] = hit
    return hit


def first_words(table: Mapping[tuple[str, ...], object]) -> frozenset[str]:
    """The first words of the keys of *table* (computed once per table)."""
    return _index(table)[1]


def key_starts(table: Mapping[tuple[str, ...], object], norms: list[str]) -> list[int]:
    """Positions of *norms* where a key of *table* may start (its first word is there).

    :func:`longest_match` is 0 everywhere else, so a scan need only visit these.
    """
    firsts = _index(table)[1]
    return list(itertools.compress(range(len(norms)), map(firsts.__contains__, norms)))


def next_start(starts: list[int], i: int, hi: int | None = None) -> int | None:
    """The first position of the sorted *starts* (:func:`key_starts`) at or after *i*, and
    before *hi* when given; ``None`` when there is none.

    >>> next_start([2, 5, 9], 3), next_start([2, 5, 9], 6, hi=9), next_start([2, 5, 9], 10)
    (5, None, None)
    """
    k = bisect.bisect_left(starts, i)
    if k == len(starts) or (hi is not None and starts[k] >= hi):
        return None
    return starts[k]


def longest_match(
    table: Mapping[tuple[str, ...], object], toks: tuple[Tok, ...], i: int, limit: int, maxlen: int
) -> int:
    """Length of the longest key of *table* starting at token *i* (0 if none)."""
    if i >= limit or maxlen < 1:
        return 0
    _, firsts, prefixes = _index(table)
    first = toks[i].norm
    if first not in firsts:  # most tokens start no key: decided on the string alone
        return 0
    key: tuple[str, ...] = (first,)
    best = 1 if key in table else 0
    for n in range(2, maxlen + 1):
        if i + n > limit:
            break
        key = (*key, toks[i + n - 1].norm)
        if key not in prefixes:
            break
        if key in table:
            best = n
    return best
