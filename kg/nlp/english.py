"""English pipeline (interim: tokenizer, sentences and gazetteer; statistical model in issue 4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["make_english_pipeline"]


def make_english_pipeline() -> Language:
    """``spacy.blank("en")`` with newskg's sentence splitter, normaliser and gazetteer ruler."""
    import spacy

    from .components import register_components

    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_line_sentencizer_v1", name="kg_sentences")
    nlp.add_pipe("kg_arabic_normalizer_v1", name="kg_normalizer", config={"lang": "en"})
    nlp.add_pipe("kg_gazetteer_ruler_v1", name="kg_gazetteer", config={"lang": "en"})
    return nlp
