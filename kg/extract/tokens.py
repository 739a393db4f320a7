"""A plain-value view of an annotated spaCy Doc: tokens, sentences, gazetteer hits.

Extraction works on these values (character offsets, normalised forms),
not on spaCy objects, so each step can be tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..text import normalize_token

__all__ = ["Sent", "TextView", "Tok", "view_from_doc"]


@dataclass(frozen=True, slots=True)
class Tok:
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
    # Keep only non-space tokens; remap indices.
    keep = [t for t in doc if not t.is_space and t.text.strip()]
    new_index = {t.i: n for n, t in enumerate(keep)}
    sent_of: dict[int, int] = {}
    sents: list[Sent] = []
    for s in doc.sents:
        idx = [new_index[t.i] for t in s if t.i in new_index]
        if not idx:
            continue
        first, last = keep[idx[0]], keep[idx[-1]]
        n = len(sents)
        sents.append(Sent(n, idx[0], idx[-1] + 1, first.idx, last.idx + len(last.text)))
        for j in idx:
            sent_of[j] = n
    toks = []
    for n, t in enumerate(keep):
        k = clitics.get(t.i, 0)
        clitic = normalize_token(t.text[:k]) if k else ""
        toks.append(
            Tok(
                i=n,
                start=t.idx,
                end=t.idx + len(t.text),
                text=t.text,
                norm=t.norm_,
                clitic=clitic,
                clitic_len=k,
                future=t.i in future,
                sent=sent_of.get(n, 0),
                is_punct=t.is_punct or not any(c.isalnum() for c in t.text),
                pos=t.pos_ if has_pos else "",
                dep=t.dep_ if has_parse else "",
                head=new_index.get(t.head.i, -1) if has_parse else -1,
                ent=t.ent_type_,
                lemma=t.lemma_ if has_pos else "",
            )
        )
    gaz = []
    for start, end, cands in doc.user_data.get("kg_gazetteer", ()):
        ks = [new_index[i] for i in range(start, end) if i in new_index]
        if ks:
            gaz.append((ks[0], ks[-1] + 1, tuple(cands)))
    return TextView(doc.text, lang, tuple(toks), tuple(sents), tuple(gaz))
