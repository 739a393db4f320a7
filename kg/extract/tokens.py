"""A plain-value view of an annotated spaCy Doc: tokens, sentences, gazetteer hits.

Extraction works on these values (character offsets, normalised forms),
not on spaCy objects, so each step can be tested alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc

from ..text import normalize_token

__all__ = ["Sent", "TextView", "Tok", "longest_match", "view_from_doc"]


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


def view_from_doc(doc: Doc, lang: str) -> TextView:
    """Turn an annotated Doc into a :class:`TextView` (whitespace tokens dropped)."""
    clitics: dict[int, int] = doc.user_data.get("kg_clitic", {})
    future = set(doc.user_data.get("kg_future", ()))
    has_parse = doc.has_annotation("DEP")
    has_pos = doc.has_annotation("POS")
    # Keep only non-space tokens; remap indices. One pass: this runs on every token.
    keep = [t for t in doc if not t.is_space and t.text.strip()]
    new_index = {t.i: n for n, t in enumerate(keep)}
    sents: list[Sent] = []
    toks: list[Tok] = []
    sent_no = -1  # spaCy's sentence of the previous kept token
    sent_first = 0
    spacy_sent = -1
    last_i = -1
    for n, t in enumerate(keep):
        i = t.i
        # count spaCy's sentence starts between the previous kept token and this one
        for j in range(last_i + 1, i + 1):
            if j == 0 or doc[j].is_sent_start:
                spacy_sent += 1
        last_i = i
        if spacy_sent != sent_no:
            if toks:
                prev = toks[-1]
                sents.append(Sent(len(sents), sent_first, n, toks[sent_first].start, prev.end))
            sent_no = spacy_sent
            sent_first = n
        text = t.text
        start = t.idx
        k = clitics.get(i, 0)
        toks.append(
            Tok(
                n,
                start,
                start + len(text),
                text,
                t.norm_,
                normalize_token(text[:k]) if k else "",
                k,
                i in future,
                len(sents),
                t.is_punct or not any(c.isalnum() for c in text),
                t.pos_ if has_pos else "",
                t.dep_ if has_parse else "",
                new_index.get(t.head.i, -1) if has_parse else -1,
                t.ent_type_,
                t.lemma_ if has_pos else "",
            )
        )
    if toks:
        sents.append(Sent(len(sents), sent_first, len(toks), toks[sent_first].start, toks[-1].end))
    gaz = []
    for start, end, cands in doc.user_data.get("kg_gazetteer", ()):
        ks = [new_index[i] for i in range(start, end) if i in new_index]
        if ks:
            gaz.append((ks[0], ks[-1] + 1, tuple(cands)))
    return TextView(doc.text, lang, tuple(toks), tuple(sents), tuple(gaz))


_PREFIXES: dict[int, tuple[Mapping[tuple[str, ...], object], frozenset[tuple[str, ...]]]] = {}


def _prefixes(table: Mapping[tuple[str, ...], object]) -> frozenset[tuple[str, ...]]:
    """Every leading part of every key of *table* (computed once per table)."""
    hit = _PREFIXES.get(id(table))
    if hit is None or hit[0] is not table:
        hit = (table, frozenset(k[:n] for k in table for n in range(1, len(k) + 1)))
        _PREFIXES[id(table)] = hit
    return hit[1]


def longest_match(
    table: Mapping[tuple[str, ...], object], toks: tuple[Tok, ...], i: int, limit: int, maxlen: int
) -> int:
    """Length of the longest key of *table* starting at token *i* (0 if none)."""
    prefixes = _prefixes(table)
    best = 0
    key: tuple[str, ...] = ()
    for n in range(1, maxlen + 1):
        if i + n > limit:
            break
        key = (*key, toks[i + n - 1].norm)
        if key not in prefixes:
            break
        if key in table:
            best = n
    return best
