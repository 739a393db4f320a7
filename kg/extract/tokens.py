"""A plain-value view of an annotated spaCy Doc: tokens, sentences, gazetteer hits.

Extraction works on these values (character offsets, normalised forms),
not on spaCy objects, so each step can be tested alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, NORM, ORTH, SENT_START
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


_NO_ALNUM: dict[str, bool] = {}  # token text -> has no letter or digit (punctuation spaCy does not flag)
_new_tok = tuple.__new__  # skips the generated __new__ (its defaults): a view builds hundreds of Toks


def view_from_doc(doc: Doc, lang: str) -> TextView:
    """Turn an annotated Doc into a :class:`TextView` (whitespace tokens dropped)."""
    clitics: dict[int, int] = doc.user_data.get("kg_clitic", {})
    future = set(doc.user_data.get("kg_future", ()))
    has_parse = doc.has_annotation("DEP")
    has_pos = doc.has_annotation("POS")
    has_ent = doc.has_annotation("ENT_IOB")
    # Arrays, not Token objects: this runs over every token of every article.
    rows = doc.to_array([ORTH, NORM, IDX, IS_SPACE, IS_PUNCT, SENT_START]).tolist() if len(doc) else []
    strings = doc.vocab.strings
    toks: list[Tok] = []
    sents: list[Sent] = []
    new_index: dict[int, int] = {}
    sent_first = 0
    pending = False  # a spaCy sentence started since the last kept token
    for i, (orth, norm, idx, space, punct, sent_start) in enumerate(rows):
        if i == 0 or sent_start == 1:
            pending = True
        text = strings[orth]
        if space or not text.strip():
            continue
        n = len(toks)
        new_index[i] = n
        if pending:
            if toks:
                sents.append(Sent(len(sents), sent_first, n, toks[sent_first].start, toks[-1].end))
            sent_first = n
            pending = False
        if not punct:
            no_alnum = _NO_ALNUM.get(text)
            if no_alnum is None:
                no_alnum = not any(c.isalnum() for c in text)
                if len(_NO_ALNUM) < 500_000:
                    _NO_ALNUM[text] = no_alnum
            punct = no_alnum
        k = clitics.get(i, 0)
        clitic = normalize_token(text[:k]) if k else ""
        toks.append(
            _new_tok(
                Tok,
                (n, idx, idx + len(text), text, strings[norm], clitic, k, i in future, len(sents), bool(punct))
                + _NO_MODEL,
            )
        )
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
    return TextView(doc.text, lang, tuple(toks), tuple(sents), tuple(gaz))


_NO_MODEL = ("", "", -1, "", "")  # pos, dep, head, ent, lemma of a token no model annotated


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
