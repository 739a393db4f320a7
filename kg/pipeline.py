"""One article through the whole extraction: Document -> ArticleResult."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from .extract.mentions import find_mentions
from .extract.relations import extract_relations
from .extract.resolve import Alias, resolve_mentions
from .extract.tokens import view_from_doc
from .lexicon import Lexicon, load_lexicon
from .model import UNNAMED_SOURCE, Document, Entity, Mention, Relation
from .nlp import get_pipeline

__all__ = ["ArticleResult", "extract_document", "extract_documents"]


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What one article yields: its mentions, entities, aliases and relations."""

    doc: Document
    mentions: tuple[Mention, ...]
    mention_entity: tuple[str, ...]
    entities: tuple[Entity, ...]
    aliases: tuple[Alias, ...]
    mention_counts: tuple[tuple[str, int], ...]
    relations: tuple[Relation, ...]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle mentions, entities and aliases as rows of field values (a build pickles
        every article that waits for cross-article resolution; the dataclasses' own
        ``__getstate__``/``__setstate__`` look their fields up again for every object)."""
        parts = (self.mentions, self.entities, self.aliases)
        if all(type(x) is cls for part, cls in zip(parts, _ROW_TYPES, strict=True) for x in part):
            rows = tuple(tuple(map(get, part)) for part, get in zip(parts, _ROW_GETTERS, strict=True))
            return _result_from_rows, (self.doc, self.mention_entity, self.mention_counts, self.relations, *rows)
        return _result_from_values, tuple(getattr(self, f.name) for f in fields(self))


_ROW_TYPES = (Mention, Entity, Alias)
_ROW_GETTERS = tuple(operator.attrgetter(*(f.name for f in fields(cls))) for cls in _ROW_TYPES)


def _result_from_rows(
    doc: Document,
    mention_entity: tuple[str, ...],
    mention_counts: tuple[tuple[str, int], ...],
    relations: tuple[Relation, ...],
    mentions: tuple[tuple[Any, ...], ...],
    entities: tuple[tuple[Any, ...], ...],
    aliases: tuple[tuple[Any, ...], ...],
) -> ArticleResult:
    return ArticleResult(
        doc,
        tuple(Mention(*row) for row in mentions),
        mention_entity,
        tuple(Entity(*row) for row in entities),
        tuple(Alias(*row) for row in aliases),
        mention_counts,
        relations,
    )


def _result_from_values(*values: Any) -> ArticleResult:
    return ArticleResult(*values)


def _analyse(doc: Document, spacy_doc: object) -> ArticleResult:
    lex = load_lexicon(doc.lang)
    view = view_from_doc(spacy_doc, doc.lang)  # type: ignore[arg-type]
    if doc.lang == "en":
        from .extract.english import extract_relations_en, find_mentions_en

        ms = find_mentions_en(view, lex, spacy_doc)  # type: ignore[arg-type]
        res = resolve_mentions(ms, lex, doc.lang)
        rels = extract_relations_en(doc, view, ms, res, lex, spacy_doc)  # type: ignore[arg-type]
    else:
        ms = find_mentions(view, lex)
        res = resolve_mentions(ms, lex, doc.lang)
        rels = extract_relations(doc, view, ms, res, lex)
    rels = _argument_filter(rels, lex)
    rels = _attribution_filter(rels, lex)
    rels = _story_dates(rels, view, lex)
    entities = _with_referenced(res.entities, rels, lex, doc.lang)
    mentions = tuple(
        Mention(sp.start, sp.end, sp.text, sp.type, res.mention_entity[n], sp.kind) for n, sp in enumerate(ms.spans)
    )
    return ArticleResult(doc, mentions, res.mention_entity, entities, res.aliases, res.mention_counts, tuple(rels))


def _argument_filter(rels: list[Relation], lex: Lexicon) -> list[Relation]:
    """Drop relations with a side the predicate never has (``predicates.tsv``, column 4):
    a news agency quoted on a meeting is not one of its parties."""
    never = lex.arg_never
    if not never:
        return rels
    entries = lex.entries

    def subtype(eid: str | None) -> str | None:
        g = entries.get(eid) if eid else None
        return g.subtype if g is not None else None

    return [
        r
        for r in rels
        if not (
            r.predicate in never
            and (subtype(r.subject) in never[r.predicate] or subtype(r.object) in never[r.predicate])
        )
    ]


def _attribution_filter(rels: list[Relation], lex: Lexicon) -> list[Relation]:
    """Keep an attribution only where a third party claims the relation.

    A party to a relation does not claim it as a third party, and neither does one of
    its own side: a leader or member of a party (in this article's ``leads`` /
    ``memberOf`` relations, or in the gazetteer's roles) announcing what that party
    did is the party's statement (a spokesman on his army's visitor, the Kremlin on
    Putin's plans). "A source" of a party (``UNNAMED_SOURCE``) still claims it.
    """
    from dataclasses import replace

    side: dict[str, set[str]] = {}
    for r in rels:
        if r.predicate in ("leads", "memberOf") and r.object:
            side.setdefault(r.subject, set()).add(r.object)
            side.setdefault(r.object, set()).add(r.subject)
    out = []
    for r in rels:
        who = r.attributed_to
        if who is not None:
            own = side.get(who, set()) | _roles(who, lex) | {who}
            parties = (r.subject, r.object)
            if who in parties or (
                r.extra != UNNAMED_SOURCE and any(p in own or (p and who in _roles(p, lex)) for p in parties)
            ):
                r = replace(r, attributed_to=None)
        out.append(r)
    return out


_STORY_PREDICATES = frozenset({"visited", "met"})


def _story_dates(rels: list[Relation], view: Any, lex: Lexicon) -> list[Relation]:
    """Date the undated meetings and visits of the article's dated visit or meeting.

    The article's first visit or meeting with a full date (the story: "Mattis met
    Pakistan's leaders on Monday") dates the undated visits and meetings of its actors
    ("Mattis also met the army chief", "كما سيلتقي كارتر جنودا"): a visitor, or either
    side of a meeting (a visited place is not an actor). Not when their sentence places
    them elsewhere in time (``wordsets.tsv`` ``time_markers``: "earlier", "last year",
    سبق, الماضي), nor a past event by a planned story's date.
    """
    from dataclasses import replace

    anchor = next(
        (
            r
            for r in sorted(rels, key=lambda r: r.start)
            if r.predicate in _STORY_PREDICATES and r.date and len(r.date) == 10
        ),
        None,
    )
    if anchor is None:
        return rels
    actors = _actors(anchor)
    markers = lex.wordset("time_markers")
    toks = view.toks
    starts = [t.start for t in toks]
    out = []
    for r in rels:
        if (
            r.date is None
            and r.predicate in _STORY_PREDICATES
            and _actors(r) & actors
            and not (anchor.modality == "planned" and r.modality != "planned")
        ):
            lo, hi = bisect.bisect_left(starts, r.start), bisect.bisect_left(starts, r.end)
            if not any(t.norm in markers or t.lemma in markers for t in toks[lo:hi]):
                r = replace(r, date=anchor.date)
        out.append(r)
    return out


def _actors(r: Relation) -> set[str]:
    """Who acts in a visit (the visitor) or a meeting (both sides)."""
    return {r.subject, r.object or ""} - {""} if r.predicate == "met" else {r.subject}


def _roles(eid: str | None, lex: Lexicon) -> set[str]:
    """Whom the gazetteer says *eid* acts for: where it holds a role (a leader's state), a state organ's state."""
    g = lex.entries.get(eid) if eid else None
    if g is None:
        return set()
    out = {of for _role, of in g.roles}
    if g.country and g.subtype in lex.state_organs:
        out.add(g.country)
    return out


def _with_referenced(entities: tuple[Entity, ...], rels: list[Relation], lex: Lexicon, lang: str) -> tuple[Entity, ...]:
    """Add gazetteer entities that relations point to without a mention (an office the gazetteer knows)."""
    have = {e.id for e in entities}
    extra = []
    for r in rels:
        ids = [r.subject, r.object, r.attributed_to]
        if r.claim is not None:
            ids += [r.claim.subject, r.claim.object]
        for eid in ids:
            if eid and eid not in have and eid in lex.entries:
                g = lex.entries[eid]
                extra.append(Entity(eid, g.type, g.label(lang), lang, g.qid, (), g.labels, g.subtype))
                have.add(eid)
    return tuple(sorted(entities + tuple(extra), key=lambda e: e.id)) if extra else entities


def extract_document(doc: Document) -> ArticleResult:
    """Run the pipeline of ``doc.lang`` over one article.

    >>> r = extract_document(Document(id="t", text="زار الرئيس الروسي موسكو.", lang="ar"))
    >>> isinstance(r.relations, tuple)
    True
    """
    nlp = get_pipeline(doc.lang)
    return _analyse(doc, nlp(doc.text))


def extract_documents(docs: Iterable[Document], batch_size: int = 16) -> Iterator[ArticleResult]:
    """Stream results for many articles, batching through each language's pipeline."""
    pending: dict[str, list[Document]] = {}
    for doc in docs:
        batch = pending.setdefault(doc.lang, [])
        batch.append(doc)
        if len(batch) >= batch_size:
            yield from _run_batch(doc.lang, batch)
            pending[doc.lang] = []
    for lang, batch in pending.items():
        if batch:
            yield from _run_batch(lang, batch)


def _run_batch(lang: str, batch: list[Document]) -> Iterator[ArticleResult]:
    nlp = get_pipeline(lang)
    for doc, sdoc in zip(batch, nlp.pipe(d.text for d in batch), strict=True):
        yield _analyse(doc, sdoc)
