"""Score extraction against hand-made gold files (format: ``../shared/gold/README.md``).

Entities match on any normalised name; relations on predicate, subject and
object (either order for symmetric predicates; for ``denies`` the claim's
participants must include the gold claim's object). Gold items marked
``"required": false`` are neither missed when absent nor wrong when found.
Dates, attribution and modality are scored separately on matched relations.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .ingest import read_text_file
from .model import SYMMETRIC_PREDICATES, Document, Relation
from .pipeline import ArticleResult, extract_documents
from .text import normalize

__all__ = ["Counts", "GoldArticle", "Report", "evaluate", "load_gold", "score_article"]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class GoldArticle:
    path: Path
    document: Path
    language: str
    published: str | None
    entities: dict[str, dict[str, Any]]
    relations: list[dict[str, Any]]


def load_gold(gold_dir: str | Path) -> list[GoldArticle]:
    """Every gold file under *gold_dir*; ``document`` is relative to the folder's parent."""
    root = Path(gold_dir)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder of gold files")
    out = []
    for path in sorted(root.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: not a readable gold JSON file ({exc})") from exc
        if not isinstance(data, dict) or "document" not in data:
            raise InputError(f"{path}: a gold file needs a 'document' field")
        out.append(
            GoldArticle(
                path=path,
                document=(root.parent / data["document"]).resolve(),
                language=data.get("language", ""),
                published=data.get("published"),
                entities=data.get("entities", {}),
                relations=data.get("relations", []),
            )
        )
    return out


def _ids(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list):
        return {str(v) for v in value}
    if isinstance(value, dict):
        return set()
    return {str(value)}


@dataclass
class ArticleScore:
    name: str
    language: str
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    dates: Counts = field(default_factory=Counts)  # tp = right date, fp = wrong, fn = missing
    attribution: Counts = field(default_factory=Counts)
    modality: Counts = field(default_factory=Counts)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _entity_map(result: ArticleResult, gold: GoldArticle) -> dict[str, set[str]]:
    """Extracted entity id -> gold entity ids it matches by name."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for gid, g in gold.entities.items():
        for name in g.get("names", []):
            by_name[normalize(name)].add(gid)
    out: dict[str, set[str]] = {}
    for e in result.entities:
        names = {e.label, *e.names, *(t for _, t in e.labels)}
        hits: set[str] = set()
        for n in names:
            hits |= by_name.get(normalize(n), set())
        out[e.id] = hits
    return out


def _relation_key(r: Relation) -> tuple[str, str, str, str, str, str]:
    c = r.claim
    subj, obj = r.subject, r.object or ""
    if r.predicate in SYMMETRIC_PREDICATES and obj < subj:
        subj, obj = obj, subj
    return (subj, r.predicate, obj, c.subject or "" if c else "", c.predicate if c else "", c.object or "" if c else "")


def _matches(r: Relation, g: dict[str, Any], emap: dict[str, set[str]]) -> bool:
    if r.predicate != g.get("predicate"):
        return False
    subj = emap.get(r.subject, set())
    gs = _ids(g.get("subject"))
    gobj = g.get("object")
    if r.predicate == "denies" or (isinstance(gobj, dict) and "claim" in gobj):
        if not (subj & gs):
            return False
        claim = gobj.get("claim", {}) if isinstance(gobj, dict) else {}
        target = _ids(claim.get("object")) if r.predicate == "denies" else _ids(claim.get("subject"))
        parts: set[str] = set()
        if r.claim is not None:
            for p in (r.claim.subject, r.claim.object):
                if p:
                    parts |= emap.get(p, set())
        if r.object:
            parts |= emap.get(r.object, set())
        return bool(parts & target)
    obj = emap.get(r.object or "", set())
    go = _ids(gobj)
    if subj & gs and obj & go:
        return True
    return r.predicate in SYMMETRIC_PREDICATES and bool(subj & go and obj & gs)


def score_article(result: ArticleResult, gold: GoldArticle) -> ArticleScore:
    """Compare one article's extraction with its gold file."""
    sc = ArticleScore(gold.path.stem, gold.language or result.doc.lang)
    emap = _entity_map(result, gold)
    # entities
    found_gold: set[str] = set()
    for e in result.entities:
        hits = emap.get(e.id, set())
        if hits:
            found_gold |= hits
            if any(gold.entities[h].get("required", True) for h in hits):
                sc.entities.tp += 1
        else:
            sc.entities.fp += 1
    for gid, g in gold.entities.items():
        if g.get("required", True) and gid not in found_gold:
            sc.entities.fn += 1
    # relations: each distinct extracted relation counts once
    unique: dict[tuple[str, ...], Relation] = {}
    for r in result.relations:
        unique.setdefault(_relation_key(r), r)
    matched_gold: set[int] = set()
    label = {e.id: e.label for e in result.entities}
    for r in unique.values():
        cands = [i for i, g in enumerate(gold.relations) if _matches(r, g, emap)]
        required = [i for i in cands if gold.relations[i].get("required", True)]
        pc = sc.by_predicate[r.predicate]
        if required:
            fresh = [i for i in required if i not in matched_gold] or required
            i = fresh[0]
            matched_gold.add(i)
            sc.relations.tp += 1
            pc.tp += 1
            _score_details(sc, r, gold.relations[i], emap)
        elif cands:
            matched_gold.update(cands[:1])
            _score_details(sc, r, gold.relations[cands[0]], emap)
        else:
            sc.relations.fp += 1
            pc.fp += 1
            obj = (
                label.get(r.object or "", r.object)
                if r.object
                else (
                    f"claim({label.get(r.claim.subject or '', r.claim.subject)} {r.claim.predicate} "
                    f"{label.get(r.claim.object or '', r.claim.object)})"
                    if r.claim
                    else "?"
                )
            )
            sc.wrong.append(f"{label.get(r.subject, r.subject)} {r.predicate} {obj}")
    for i, g in enumerate(gold.relations):
        if g.get("required", True) and i not in matched_gold:
            sc.relations.fn += 1
            sc.by_predicate[g["predicate"]].fn += 1
            sc.missed.append(f"{g['subject']} {g['predicate']} {json.dumps(g['object'], ensure_ascii=False)}")
    return sc


def _score_details(sc: ArticleScore, r: Relation, g: dict[str, Any], emap: dict[str, set[str]]) -> None:
    gdate = g.get("date")
    if gdate:
        if r.date and (r.date.startswith(gdate) or gdate.startswith(r.date)):
            sc.dates.tp += 1
        elif r.date:
            sc.dates.fp += 1
        else:
            sc.dates.fn += 1
    gattr = _ids(g.get("attributed_to"))
    if gattr:
        if r.attributed_to and emap.get(r.attributed_to, set()) & gattr:
            sc.attribution.tp += 1
        elif r.attributed_to:
            sc.attribution.fp += 1
        else:
            sc.attribution.fn += 1
    elif r.attributed_to:
        sc.attribution.fp += 1
    gmod = g.get("modality", "asserted")
    if r.modality == gmod:
        sc.modality.tp += 1
    else:
        sc.modality.fp += 1


@dataclass
class Report:
    articles: list[ArticleScore]

    def total(self, lang: str | None = None) -> tuple[Counts, Counts]:
        ents, rels = Counts(), Counts()
        for a in self.articles:
            if lang is None or a.language == lang:
                ents.add(a.entities)
                rels.add(a.relations)
        return ents, rels

    def by_predicate(self) -> dict[str, Counts]:
        out: dict[str, Counts] = defaultdict(Counts)
        for a in self.articles:
            for p, c in a.by_predicate.items():
                out[p].add(c)
        return dict(sorted(out.items()))

    def details(self) -> dict[str, Counts]:
        out = {"dates": Counts(), "attribution": Counts(), "modality": Counts()}
        for a in self.articles:
            out["dates"].add(a.dates)
            out["attribution"].add(a.attribution)
            out["modality"].add(a.modality)
        return out

    def as_dict(self) -> dict[str, Any]:
        ents, rels = self.total()
        langs = sorted({a.language for a in self.articles})
        return {
            "overall": {"entities": ents.as_dict(), "relations": rels.as_dict()},
            "by_language": {
                lg: {"entities": self.total(lg)[0].as_dict(), "relations": self.total(lg)[1].as_dict()} for lg in langs
            },
            "by_predicate": {p: c.as_dict() for p, c in self.by_predicate().items()},
            "details": {k: c.as_dict() for k, c in self.details().items()},
            "articles": [
                {
                    "article": a.name,
                    "language": a.language,
                    "entities": a.entities.as_dict(),
                    "relations": a.relations.as_dict(),
                    "missed": a.missed,
                    "wrong": a.wrong,
                }
                for a in self.articles
            ],
        }


def evaluate(gold_dir: str | Path, *, names: Iterable[str] | None = None) -> Report:
    """Build every article a gold folder names and score it."""
    golds = load_gold(gold_dir)
    if names:
        wanted = set(names)
        golds = [g for g in golds if g.path.stem in wanted]
    docs: list[Document] = []
    for g in golds:
        if not g.document.exists():
            raise InputError(f"{g.path}: its document {g.document} does not exist")
        doc = read_text_file(g.document)
        docs.append(
            Document(
                id=doc.id,
                text=doc.text,
                lang=g.language or doc.lang,
                title=doc.title,
                url=doc.url,
                published=g.published or doc.published,
                source=doc.source,
            )
        )
    by_id = {r.doc.id: r for r in extract_documents(docs)}
    return Report([score_article(by_id[d.id], g) for d, g in zip(docs, golds, strict=True)])
