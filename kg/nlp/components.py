"""spaCy components newskg registers, language-agnostic where they can be.

Each component is a small class: ``__call__(doc)`` = ``match(doc)`` then
``set_annotations(doc, matches)``, in the manner of spaCy's ``SpanRuler``.
Factories are registered by :func:`register_components`, which pipeline
construction calls explicitly (never as an import side effect).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable

import numpy
from spacy.attrs import NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span

from ..extract.tokens import TRANSPARENT, missing, strings_of
from ..lexicon import Lexicon, load_lexicon
from ..text import normalize_token

__all__ = [
    "ArabicNormalizer",
    "GazetteerRuler",
    "LineSentencizer",
    "register_components",
]

# Proclitic sequences, longest first; "لل" stands for ل + ال.
_PROCLITICS: tuple[tuple[str, str], ...] = (
    ("وال", "ال"),
    ("فال", "ال"),
    ("بال", "ال"),
    ("كال", "ال"),
    ("ولل", "ال"),
    ("فلل", "ال"),
    ("وبال", "ال"),
    ("لل", "ال"),
    ("وب", ""),
    ("ول", ""),
    ("وك", ""),
    ("فب", ""),
    ("فل", ""),
    ("و", ""),
    ("ف", ""),
    ("ب", ""),
    ("ل", ""),
    ("ك", ""),
)
_SENT_END = frozenset({".", "!", "?", "؟", "…", "!!", "..", "...", "؛"})
_CLOSERS = frozenset({'"', "»", ")"})
_CLOSER_ORTHS = frozenset(hash_string(c) for c in _CLOSERS)


class LineSentencizer:
    """Sentence starts at line breaks and after sentence punctuation."""

    def __init__(self, nlp: Language, name: str = "kg_sentences") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        starts = self.match(doc)
        self.set_annotations(doc, starts)
        return doc

    def match(self, doc: Doc) -> list[bool]:
        n = len(doc)
        starts = [False] * n
        if not n:
            return starts
        starts[0] = True
        orths = doc.to_array(ORTH).tolist()
        # what each word may do (cached per word): 1 a line break in it, 2 sentence punctuation
        kinds = _BREAKS
        marks = list(map(kinds.get, orths))
        if None in marks:
            strings = doc.vocab.strings
            for i in missing(marks):
                text = strings[orths[i]]
                marks[i] = m = 1 if "\n" in text else (2 if text in _SENT_END else 0)
                if len(kinds) < 500_000:
                    kinds[orths[i]] = m
        for i in itertools.compress(range(n - 1), marks):
            if marks[i] == 1:
                starts[i + 1] = True
            else:
                if orths[i + 1] in _CLOSER_ORTHS:
                    # a closing quote after the full stop belongs to this sentence
                    continue
                if not doc[i + 1].is_punct:
                    starts[i + 1] = True
        return starts

    def set_annotations(self, doc: Doc, starts: list[bool]) -> None:
        # one array write instead of a per-token property setter (a tenth of the pipeline's time)
        if starts:
            values = numpy.where(numpy.array(starts, dtype=bool), 1, -1).astype("int32")
            doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]


_BREAKS: dict[int, int] = {}  # ORTH hash -> 0, 1 (holds a line break) or 2 (sentence punctuation)


class ArabicNormalizer:
    """Write ``token.norm_``: normalised, with proclitics stripped when the rest is known.

    Stripping only when the remainder is a known form (a name, title, trigger
    or cue in the lexicon) keeps ordinary words such as ``وزير`` intact while
    ``لحفتر`` becomes ``حفتر``. A future prefix ``س`` on a known present-tense
    verb is stripped too and recorded, so ``سيلتقي`` matches ``يلتقي`` as planned.
    ``doc.user_data["kg_clitic"]`` maps token index -> number of leading
    characters that are clitics; ``doc.user_data["kg_future"]`` lists token indices.
    """

    def __init__(self, nlp: Language, name: str = "kg_normalizer", lang: str = "ar") -> None:
        self.name = name
        self.lang = lang
        self._vocab: frozenset[str] | None = None
        self._initial: frozenset[str] | None = None
        self._protected: frozenset[str] | None = None
        self._cache: dict[str, tuple[str, int, bool]] = {}
        self._by_orth: dict[int, tuple[str, int, bool, int]] = {}

    @property
    def known(self) -> frozenset[str]:
        if self._vocab is None:
            lex = load_lexicon(self.lang)
            self._vocab = lex.vocab
            self._initial = lex.initial_vocab
        return self._vocab

    @property
    def protected(self) -> frozenset[str]:
        if self._protected is None:
            lex = load_lexicon(self.lang)
            self._protected = lex.stopwords | lex.prepositions | lex.relatives | lex.pronouns
        return self._protected

    @property
    def initial(self) -> frozenset[str]:
        if self._initial is None:
            _ = self.known
        return self._initial or frozenset()

    def analyse(self, text: str) -> tuple[str, int, bool]:
        """``(norm, clitic_chars, future)`` for one token text."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        norm = normalize_token(text)
        result = (norm, 0, False)
        known = self.known
        if norm in self.protected:
            # function words that start with a proclitic-like letter (بين، لدى، فيما) stay whole
            if len(self._cache) < 200_000:
                self._cache[text] = result
            return result
        # strip when the token is unknown, or known only inside longer names while the
        # rest starts a name (للأمم in "الأمين العام للأمم المتحدة" vs الأمم المتحدة)
        if len(norm) > 2 and (norm not in known or norm not in self.initial):
            for prefix, restore in _PROCLITICS:
                if norm.startswith(prefix) and len(norm) - len(prefix) >= (4 if "ك" in prefix else 2):
                    rest = restore + norm[len(prefix) :]
                    if rest in known and (norm not in known or rest in self.initial):
                        # "لل" keeps one ل in the text: count only what is dropped
                        dropped = len(prefix) - len(restore) if restore else len(prefix)
                        if prefix in ("لل", "ولل", "فلل"):
                            dropped = len(prefix) - 1
                        result = (rest, _raw_prefix_len(text, dropped), False)
                        break
                    future = self._future(rest)
                    if future:
                        result = (future, _raw_prefix_len(text, len(prefix) + 1), True)
                        break
            else:
                future = self._future(norm)
                if future:
                    result = (future, _raw_prefix_len(text, 1), True)
        if len(self._cache) < 200_000:
            self._cache[text] = result
        return result

    def _future(self, norm: str) -> str | None:
        if len(norm) > 3 and norm[0] == "س" and norm[1] in "يتن" and norm[1:] in self.known:
            return norm[1:]
        return None

    def match(self, doc: Doc) -> list[tuple[str, int, bool]]:
        return [a[:3] for a in self._analyses(doc)]

    def _analyses(self, doc: Doc) -> list[tuple[str, int, bool, int]]:
        """Per token ``(norm, clitic_chars, future, norm hash)``, memoised on the token's ORTH id.

        Reading ORTH ids from an array instead of Token objects, and remembering the
        norm's string-store hash, keeps the per-token work to two dict lookups.
        """
        by_orth = self._by_orth
        if not len(doc):
            return []
        orths = doc.to_array(ORTH).tolist()
        out = list(map(by_orth.get, orths))
        if None in out:
            strings = doc.vocab.strings
            for i in missing(out):
                orth = orths[i]
                hit = by_orth.get(orth)  # the same word earlier in this text
                if hit is None:
                    norm, n, fut = self.analyse(strings[orth])
                    hit = (norm, n, fut, strings.add(norm))
                    if len(by_orth) < 500_000:
                        by_orth[orth] = hit
                out[i] = hit
        return out  # type: ignore[return-value]

    def __call__(self, doc: Doc) -> Doc:
        self._write(doc, self._analyses(doc))
        return doc

    def set_annotations(self, doc: Doc, analyses: list[tuple[str, int, bool]]) -> None:
        strings = doc.vocab.strings
        self._write(doc, [(norm, n, fut, strings.add(norm)) for norm, n, fut in analyses])

    @staticmethod
    def _write(doc: Doc, analyses: list[tuple[str, int, bool, int]]) -> None:
        # column at a time (map/compress): only the few clitic and future tokens are visited
        n = len(analyses)
        lens = list(map(_SECOND, analyses))
        clitic = {i: lens[i] for i in itertools.compress(range(n), lens)}
        future = list(itertools.compress(range(n), map(_THIRD, analyses)))
        if analyses:
            # one array write instead of a per-token ``norm_`` setter
            norms = numpy.fromiter(map(_FOURTH, analyses), dtype="uint64", count=n).reshape(-1, 1)
            doc.from_array([NORM], norms)  # type: ignore[arg-type]
        doc.user_data["kg_clitic"] = clitic
        doc.user_data["kg_future"] = future


_SECOND, _THIRD, _FOURTH = operator.itemgetter(1), operator.itemgetter(2), operator.itemgetter(3)


def _raw_prefix_len(text: str, letters: int) -> int:
    """How many characters of *text* cover its first *letters* base letters."""
    seen = 0
    for idx, ch in enumerate(text):
        if normalize_token(ch):
            seen += 1
            if seen == letters:
                # swallow diacritics attached to the last clitic letter
                j = idx + 1
                while j < len(text) and not normalize_token(text[j]):
                    j += 1
                return j
    return len(text)


class GazetteerRuler:
    """Match gazetteer names on ``NORM`` into ``doc.spans[spans_key]``.

    Longest match wins; overlapping shorter matches are dropped. Each span's
    ``kb_id_`` is the first candidate id and ``label_`` its type; all
    candidates (one name may denote several places) are kept in
    ``doc.user_data["kg_gazetteer"]`` as ``(start, end, ((id, kind), ...))``.
    """

    def __init__(
        self, nlp: Language, name: str = "kg_gazetteer", lang: str = "ar", spans_key: str = "kg_gazetteer"
    ) -> None:
        self.name = name
        self.lang = lang
        self.spans_key = spans_key
        self.nlp = nlp
        self._index: tuple[dict[tuple[str, ...], list[tuple[str, str]]], frozenset[tuple[str, ...]]] | None = None
        self._lexicon: Lexicon | None = None
        self._firsts: tuple[object, frozenset[str]] | None = None  # (index, first words of its keys)

    def _analyser(self) -> Callable[[str], str]:
        """The norm the pipeline's normaliser gives a token (identity if there is none)."""
        if "kg_normalizer" in self.nlp.pipe_names:
            norm = self.nlp.get_pipe("kg_normalizer")
            return lambda tok: norm.analyse(tok)[0]  # type: ignore[attr-defined,no-any-return]
        return lambda tok: tok

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon(self.lang)
        return self._lexicon

    def _build(self) -> tuple[dict[tuple[str, ...], list[tuple[str, str]]], frozenset[tuple[str, ...]]]:
        """The names keyed by the norms their tokens get, and every leading part of those keys.

        A dictionary walk over norms replaces spaCy's ``PhraseMatcher``: the same
        matches, without building a Doc per name (about a second per process).
        """
        analyse = self._analyser()
        akeys: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for key, cands in self.lexicon.names.items():
            # the names' tokens get the norms the text's tokens get (clitics stripped alike)
            akey = tuple(analyse(tok) for tok in key)
            bucket = akeys.setdefault(akey, [])
            bucket.extend(c for c in cands if c not in bucket)
        prefixes = frozenset(k[:n] for k in akeys for n in range(1, len(k) + 1))
        return akeys, prefixes

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
        if self._index is None:
            self._index = self._build()
        akeys, prefixes = self._index
        if self._firsts is None or self._firsts[0] is not self._index:
            self._firsts = (self._index, frozenset(k[0] for k in prefixes if len(k) == 1))
        firsts = self._firsts[1]
        norms = strings_of(doc.to_array(NORM).tolist(), doc.vocab.strings) if len(doc) else []
        # a name runs through a hashtag's "#" and "_" (رجب طيب #أردوغان): match on the other tokens
        kept_at: list[int] | None = None
        if self.lang == "ar" and not TRANSPARENT.isdisjoint(norms):
            kept_at = [i for i, w in enumerate(norms) if w not in TRANSPARENT]
            norms = [norms[i] for i in kept_at]
        n = len(norms)
        found: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        # only tokens that start some name can start a match
        for start in itertools.compress(range(n), map(firsts.__contains__, norms)):
            key: tuple[str, ...] = ()
            for end in range(start + 1, n + 1):
                key = (*key, norms[end - 1])
                if key not in prefixes:
                    break
                cands = akeys.get(key)
                if cands:
                    found.append((start, end, tuple(cands)))
        # longest first, then leftmost; drop overlaps
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken = [False] * n
        kept: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        for start, end, names in found:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            kept.append((start, end, names))
        kept.sort()
        if kept_at is not None:
            kept = [(kept_at[s], kept_at[e - 1] + 1, names) for s, e, names in kept]
        return kept

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, tuple[tuple[str, str], ...]]]) -> None:
        spans = []
        lex = self.lexicon
        for start, end, cands in matches:
            first = lex.entries[cands[0][0]]
            spans.append(Span(doc, start, end, label=first.type, kb_id=first.id))
        doc.spans[self.spans_key] = spans
        doc.user_data["kg_gazetteer"] = [(s, e, c) for s, e, c in matches]


_REGISTERED = False


def register_components() -> None:
    """Register newskg's spaCy factories (idempotent)."""
    global _REGISTERED
    if _REGISTERED:
        return

    @Language.factory("kg_line_sentencizer_v1")
    def _make_sentencizer(nlp: Language, name: str) -> LineSentencizer:
        return LineSentencizer(nlp, name)

    @Language.factory("kg_arabic_normalizer_v1", default_config={"lang": "ar"})
    def _make_normalizer(nlp: Language, name: str, lang: str) -> ArabicNormalizer:
        return ArabicNormalizer(nlp, name, lang)

    @Language.factory("kg_gazetteer_ruler_v1", default_config={"lang": "ar", "spans_key": "kg_gazetteer"})
    def _make_gazetteer(nlp: Language, name: str, lang: str, spans_key: str) -> GazetteerRuler:
        return GazetteerRuler(nlp, name, lang, spans_key)

    _REGISTERED = True
