"""spaCy pipelines per language."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["get_pipeline", "make_arabic_pipeline", "make_pipeline"]

# A closing quote, bracket, a tanween-carrying letter or a digit before a full stop must split
# (a sentence ending in a year, "عام 2019.", kept "2019." whole: no year, no sentence end).
_AR_SUFFIXES = [
    r'(?<=["»\)\]])\.',
    r"(?<=[\u0600-\u06ff\u064b-\u065f])\.",
    r"(?<=[0-9\u0660-\u0669])\.",
    r"(?<=[\u0600-\u06ff\u064b-\u065f])[\"»«]",
    # a slash spaced on one side only, "يونيو /حزيران 2017", "مايو/ أيار": the second month
    # name (and the year after it) was lost in one token
    r"(?<=[\u0600-\u06ff])/",
]
_AR_PREFIXES = [r"[\"«»]", r"/(?=[\u0600-\u06ff])"]
# a hashtag's words are joined by "_" (#دونالد_ترمب): split them; the "_" and "#" tokens are then
# transparent to name matching (kg.extract.tokens.TRANSPARENT)
_AR_INFIXES = [r"(?<=[\u0600-\u06ff])_(?=[\u0600-\u06ff])"]


def make_arabic_pipeline() -> Language:
    """``spacy.blank("ar")`` with newskg's tokenizer fixes and components.

    Lexemes carry only the lexical attributes newskg reads (``is_punct``,
    ``is_space``, ``norm``, ...): ``like_num``, ``like_url``, ``shape`` and the
    like are left unset (False/empty) because computing them costs time on
    every new word.
    """
    import spacy
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from .components import register_components

    register_components()
    nlp = spacy.blank("ar")
    suffixes = list(nlp.Defaults.suffixes or []) + _AR_SUFFIXES
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
    prefixes = list(nlp.Defaults.prefixes or []) + _AR_PREFIXES
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search  # type: ignore[union-attr]
    infixes = list(nlp.Defaults.infixes or []) + _AR_INFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    # Every word spaCy has not seen yet gets its lexical attributes computed once; shape,
    # URL/e-mail/number likeness, stop-word and affix attributes are never read by the
    # Arabic extractor and took a third of tokenising time on news text.
    from spacy.attrs import IS_STOP, LIKE_EMAIL, LIKE_NUM, LIKE_URL, PREFIX, SHAPE, SUFFIX

    getters = dict(nlp.vocab.lex_attr_getters)  # type: ignore[attr-defined]
    for attr in (SHAPE, LIKE_URL, LIKE_EMAIL, LIKE_NUM, IS_STOP, PREFIX, SUFFIX):
        getters.pop(attr, None)
    nlp.vocab.lex_attr_getters = getters  # type: ignore[attr-defined]
    nlp.add_pipe("kg_line_sentencizer_v1", name="kg_sentences")
    nlp.add_pipe("kg_arabic_normalizer_v1", name="kg_normalizer", config={"lang": "ar"})
    nlp.add_pipe("kg_gazetteer_ruler_v1", name="kg_gazetteer", config={"lang": "ar"})
    return nlp


def make_pipeline(lang: str) -> Language:
    """A fresh pipeline for *lang* ("ar" or "en")."""
    if lang == "ar":
        return make_arabic_pipeline()
    if lang == "en":
        from .english import make_english_pipeline

        return make_english_pipeline()
    raise ValueError(f"unsupported language {lang!r}: newskg reads 'ar' and 'en'")


@lru_cache(maxsize=4)
def get_pipeline(lang: str) -> Language:
    """The process-wide pipeline for *lang*, built on first use."""
    return make_pipeline(lang)
