"""Entity resolution across articles (and languages).

Gazetteer entities already share ids (Wikidata QIDs) across articles and
languages. People and organisations that no gazetteer knows get name-slug
ids inside each article; here a person seen only by a short name in one
article joins the one full-name person of the same family name seen in the
batch or the store, when exactly one such person exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .model import Claim, Entity
from .pipeline import ArticleResult

__all__ = ["resolve_across"]


def _family(eid: str) -> str:
    return eid.rsplit("-", 1)[-1]


def resolve_across(results: Iterable[ArticleResult], store: Any = None) -> list[ArticleResult]:
    """Merge short-name people into the unique full-name person of the same family name."""
    results = list(results)
    full: dict[str, set[str]] = {}
    for r in results:
        for e in r.entities:
            if e.type == "Person" and not e.qid and e.id.startswith("person-") and e.id.count("-") >= 2:
                full.setdefault(_family(e.id), set()).add(e.id)
    if store is not None:
        for row in store.select(
            'SELECT DISTINCT ?e WHERE { ?e a nkg:Person . FILTER(STRSTARTS(STR(?e), "https://w3id.org/newskg/entity/person-")) }',
            use_default_graph_as_union=False,
        ):
            eid = str(row["e"]).rsplit("/", 1)[-1]
            from urllib.parse import unquote

            eid = unquote(eid)
            if eid.count("-") >= 2:
                full.setdefault(_family(eid), set()).add(eid)
    mapping: dict[str, str] = {}
    for r in results:
        for e in r.entities:
            if e.type == "Person" and not e.qid and e.id.startswith("person-") and e.id.count("-") == 1:
                cands = full.get(_family(e.id), set())
                if len(cands) == 1:
                    mapping[e.id] = next(iter(cands))
    if not mapping:
        return results
    return [_remap(r, mapping) for r in results]


def _remap(r: ArticleResult, m: dict[str, str]) -> ArticleResult:
    def f(x: str | None) -> str | None:
        return m.get(x, x) if x else x

    merged: dict[str, Entity] = {}
    for e in r.entities:
        new = replace(e, id=m.get(e.id, e.id))
        if new.id in merged:
            old = merged[new.id]
            new = replace(old, names=tuple(sorted(set(old.names) | set(new.names))))
        merged[new.id] = new
    rels = []
    for rel in r.relations:
        claim = rel.claim
        if claim is not None:
            claim = Claim(f(claim.subject), claim.predicate, f(claim.object), claim.text)
        rels.append(
            replace(
                rel,
                subject=f(rel.subject) or rel.subject,
                object=f(rel.object),
                attributed_to=f(rel.attributed_to),
                claim=claim,
            )
        )
    counts: dict[str, int] = {}
    for eid, n in r.mention_counts:
        counts[m.get(eid, eid)] = counts.get(m.get(eid, eid), 0) + n
    aliases = tuple(
        replace(
            a,
            entity=m.get(a.entity, a.entity),
            reason=a.reason if a.entity not in m else "short name of a person named in full in another article",
        )
        for a in r.aliases
    )
    return replace(
        r,
        entities=tuple(sorted(merged.values(), key=lambda e: e.id)),
        mention_entity=tuple(m.get(x, x) for x in r.mention_entity),
        relations=tuple(rels),
        aliases=aliases,
        mention_counts=tuple(sorted(counts.items())),
    )
