"""Entity resolution across articles (and languages).

Gazetteer entities already share ids (Wikidata QIDs or ``x:`` slugs) across
articles and languages. People and organisations that no gazetteer knows get
name-slug ids inside each article (kg/extract/resolve.py); here

1. a person seen only by a short name joins the one full-name person of the
   same family name seen in the batch or the store, when exactly one exists;
2. organisations merge on their normalised name (article and clitics
   insensitive, :func:`kg.translit.org_key`) and on an abbreviation seen next
   to the full name in some article ("Rapid Support Forces (RSF)");
3. a person named in full joins an earlier person (or a gazetteer person)
   whose transliteration key (:func:`kg.translit.name_key`, Arabic and Latin
   alike) is the same, when both are people AND they share context: an entity
   co-mentioned in both (for a gazetteer person: its country or an office);
4. an Arabic-only person gets an English label candidate (its romanisation,
   an alias record saying so).

Articles are taken in input order; an entity only ever joins an entity seen
*before* it (in the store or earlier in the batch), whose id is kept. So
building articles one by one into a store gives the same IRIs and triples as
building them together. Ties go to the candidate with most shared context,
then the smallest id. Every merge rewrites the merged names' alias records
with the reason and the former id, so it can be listed and undone.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .extract.resolve import Alias
from .model import Claim, Entity, pickled_by_values
from .pipeline import ArticleResult
from .translit import is_arabic_name, name_key, org_key, org_keys, romanize

__all__ = [
    "ResolutionInput",
    "ResolutionPlan",
    "apply_plan",
    "iter_plans",
    "iter_resolve_across",
    "needs_resolution",
    "resolve_across",
    "romanisation_candidates",
]

_ENT = "https://w3id.org/newskg/entity/"
_ART = "https://w3id.org/newskg/article/"
_NKG = "https://w3id.org/newskg/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _family(eid: str) -> str:
    return eid.rsplit("-", 1)[-1]


def _local(e: Entity) -> bool:
    return not e.qid and e.id.startswith(("person-", "org-")) and e.type in ("Person", "Organization")


def needs_resolution(r: ArticleResult) -> bool:
    """Can :func:`resolve_across` change this article? (a person or organisation no gazetteer knows)"""
    return _needs(r.entities)


def _eid(iri: Any) -> str:
    return _eid_of(str(iri))


@functools.lru_cache(maxsize=1 << 17)
def _eid_of(iri: str) -> str:
    # cached: a build looks up every name of the store (47,000 on 20,000 articles), unquoting is slow
    return unquote(iri.rsplit("/", 1)[-1].rstrip(">"))


def _store_rows(store: Any, sparql: str) -> list[dict[str, Any]]:
    return list(store.select(sparql, use_default_graph_as_union=False))


NameRow = tuple[str, str, str, str]
"""(entity IRI, type IRI, article graph IRI, name): a person or organisation with a local id
(``person-``/``org-``) that an article graph says it mentions, types and names (``skos:prefLabel``)."""
AliasRow = tuple[str, str, str]
"""(entity IRI, article graph IRI, name): an ``skos:altLabel`` of such an organisation."""
NameRows = tuple[list[NameRow], list[AliasRow]]
NameKeys = dict[tuple[str, str], tuple[frozenset[str], bool]]
"""(``Person``/``Organization``, name) -> :func:`name_keys`."""

_NAME_ROWS_QUERY = (
    "SELECT DISTINCT ?e ?t ?g ?name WHERE { GRAPH ?g { ?e nkg:mentionedIn ?g ; a ?t ; skos:prefLabel ?name } "
    "VALUES ?t { nkg:Person nkg:Organization } "
    f'FILTER(STRSTARTS(STR(?e), "{_ENT}person-") || STRSTARTS(STR(?e), "{_ENT}org-")) }}'
)
_ALIAS_ROWS_QUERY = (
    "SELECT DISTINCT ?e ?g ?name WHERE { GRAPH ?g { ?e nkg:mentionedIn ?g ; a nkg:Organization ; "
    f'skos:altLabel ?name }} FILTER(STRSTARTS(STR(?e), "{_ENT}org-")) }}'
)


def store_name_rows(store: Any) -> NameRows:
    """The :data:`NameRows` of every article graph of *store*, read by SPARQL (what resolution reads
    of a store: 47,040 rows and about 14 s on 20,000 articles; a build keeps them, see kg.build)."""
    rows = [(str(r["e"]), str(r["t"]), str(r["g"]), str(r["name"])) for r in _store_rows(store, _NAME_ROWS_QUERY)]
    aliases = [(str(r["e"]), str(r["g"]), str(r["name"])) for r in _store_rows(store, _ALIAS_ROWS_QUERY)]
    return rows, aliases


def article_name_rows(quads: Iterable[Any]) -> tuple[tuple[NameRow, ...], tuple[AliasRow, ...]]:
    """The :data:`NameRows` of ONE article graph (pyoxigraph quads, all in that graph), as
    :func:`store_name_rows` reads them from a store holding it.

    >>> import pyoxigraph as ox
    >>> g, e = ox.NamedNode(_ART + "a"), ox.NamedNode(_ENT + "person-x-y")
    >>> n = lambda iri: ox.NamedNode(iri)
    >>> q = [ox.Quad(e, n(_NKG + "mentionedIn"), g, g), ox.Quad(e, n(_RDF_TYPE), n(_NKG + "Person"), g),
    ...      ox.Quad(e, n(_SKOS + "prefLabel"), ox.Literal("X Y", language="en"), g)]
    >>> article_name_rows(q)[0]
    (('https://w3id.org/newskg/entity/person-x-y', 'https://w3id.org/newskg/ontology#Person', 'https://w3id.org/newskg/article/a', 'X Y'),)
    """
    import pyoxigraph as ox

    from .store import term_to_python

    quads = list(quads)
    if not quads:
        return (), ()
    graph = quads[0].graph_name
    mentioned: set[Any] = set()
    types: dict[Any, set[str]] = {}
    names: dict[Any, list[Any]] = {}
    alt: dict[Any, list[Any]] = {}
    for q in quads:
        s = q.subject
        if not isinstance(s, ox.NamedNode) or not s.value.startswith((_ENT + "person-", _ENT + "org-")):
            continue
        p = q.predicate.value
        if p == _NKG + "mentionedIn":
            if q.object == graph:
                mentioned.add(s)
        elif p == _RDF_TYPE:
            if isinstance(q.object, ox.NamedNode) and q.object.value in (_NKG + "Person", _NKG + "Organization"):
                types.setdefault(s, set()).add(q.object.value)
        elif p == _SKOS + "prefLabel":
            names.setdefault(s, []).append(q.object)
        elif p == _SKOS + "altLabel":
            alt.setdefault(s, []).append(q.object)
    g = graph.value
    rows = {
        (e.value, t, g, str(term_to_python(name)))
        for e in mentioned
        for t in types.get(e, ())
        for name in names.get(e, ())
    }
    aliases = {
        (e.value, g, str(term_to_python(name)))
        for e in mentioned
        if e.value.startswith(_ENT + "org-") and _NKG + "Organization" in types.get(e, ())
        for name in alt.get(e, ())
    }
    return tuple(sorted(rows)), tuple(sorted(aliases))


def resolve_across(results: Iterable[ArticleResult], store: Any = None) -> list[ArticleResult]:
    """Cross-article resolution of a batch of results (in input order) against *store* (may be None)."""
    return list(iter_resolve_across(results, store))


def iter_resolve_across(results: Iterable[ArticleResult], store: Any = None) -> Iterator[ArticleResult]:
    """:func:`resolve_across`, yielding each result as it is resolved and dropping the input's
    reference to it: a build resolving tens of thousands of articles holds one copy, not two."""
    pending = list(results)
    plans = iter_plans([ResolutionInput.of(r) for r in pending], store)
    for i, plan in enumerate(plans):
        r = pending[i]
        pending[i] = None  # type: ignore[call-overload]
        yield apply_plan(r, plan)


@pickled_by_values
@dataclass(frozen=True, slots=True)
class ResolutionInput:
    """What cross-article resolution reads of an article: its id, language and entities.

    ``refs``: every entity id the article refers to (mentions, relations,
    aliases), so that a plan carries only the part of a merge that concerns it.
    """

    doc_id: str
    lang: str
    entities: tuple[Entity, ...]
    refs: frozenset[str]

    @classmethod
    def of(cls, r: ArticleResult) -> ResolutionInput:
        refs = {e.id for e in r.entities} | set(r.mention_entity) | {a.entity for a in r.aliases}
        refs.update(eid for eid, _ in r.mention_counts)
        for rel in r.relations:
            refs.update((rel.subject, rel.object or "", rel.attributed_to or ""))
            if rel.claim is not None:
                refs.update((rel.claim.subject or "", rel.claim.object or ""))
        refs.discard("")
        return cls(r.doc.id, r.doc.lang, r.entities, frozenset(refs))


@pickled_by_values
@dataclass(frozen=True, slots=True)
class ResolutionPlan:
    r"""What cross-article resolution does to one article (:func:`apply_plan`).

    ``remaps``: (mapping, reasons) pairs applied in order, each restricted to
    the article's ids; ``entities``: its entities afterwards; ``aliases``:
    alias records added (romanised labels). Plans are computed from
    :class:`ResolutionInput` values alone (:func:`iter_plans`), so a build
    resolves in its main process and rewrites the articles in its workers.
    """

    remaps: tuple[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...]
    entities: tuple[Entity, ...]
    aliases: tuple[Alias, ...] = ()


def apply_plan(r: ArticleResult, plan: ResolutionPlan) -> ArticleResult:
    """*r* as cross-article resolution leaves it: what :func:`iter_resolve_across` yields for it."""
    out = r
    for mapping, reasons in plan.remaps:
        out = _remap(out, dict(mapping), dict(reasons))
    if out.entities != plan.entities or plan.aliases:
        out = replace(out, entities=plan.entities, aliases=out.aliases + plan.aliases)
    return out


def iter_plans(
    inputs: Iterable[ResolutionInput],
    store: Any = None,
    names: _NamesContent | None = None,
) -> Iterator[ResolutionPlan]:
    """The :class:`ResolutionPlan` of each input, in input order (see :func:`resolve_across`).

    *names*: the store's names as its build folder keeps them (:func:`load_names_content`):
    then they are not read from the store.
    """
    pending = list(inputs)
    short = _short_name_mapping([x.entities for x in pending], store, names)

    def restrict(m: dict[str, str], reasons: dict[str, str], x: ResolutionInput) -> Any:
        keys = sorted(k for k in x.refs if k in m)
        return (tuple((k, m[k]) for k in keys), tuple((k, reasons[k]) for k in keys))

    first: dict[int, Any] = {}
    if short:
        # as _remap over every article of the batch (it also sorts and merges entities)
        short_reasons = {k: "short name of a person named in full in another article" for k in short}
        for i, x in enumerate(pending):
            first[i] = restrict(short, short_reasons, x)
            # the ids after this remap: the next one is restricted to them
            refs = frozenset(short.get(r, r) for r in x.refs)
            pending[i] = replace(x, entities=_remap_entities(x.entities, short), refs=refs)
    needed = any(_needs(x.entities) for x in pending)
    index = _Index(store, {_ART + x.doc_id for x in pending}, names) if needed else None
    for i in range(len(pending)):
        x = pending[i]
        pending[i] = None  # type: ignore[call-overload]
        remaps = [first[i]] if short else []
        if index is None:
            yield ResolutionPlan(tuple(remaps), x.entities)
            continue
        mapping, reasons, entities, aliases = index.plan(x)
        if mapping:
            remaps.append(restrict(mapping, reasons, x))
        yield ResolutionPlan(tuple(remaps), entities, aliases)


def _needs(entities: Iterable[Entity]) -> bool:
    return any(_local(e) for e in entities)


def _short_name_mapping(
    entity_lists: list[tuple[Entity, ...]], store: Any, names: _NamesContent | None = None
) -> dict[str, str]:
    """Short-name people -> the unique full-name person of the same family name (batch and store)."""
    full: dict[str, set[str]] = {}
    for entities in entity_lists:
        for e in entities:
            if e.type == "Person" and not e.qid and e.id.startswith("person-") and e.id.count("-") >= 2:
                full.setdefault(_family(e.id), set()).add(e.id)
    stored: dict[str, set[str]] = {}
    if store is not None:
        if names is not None:
            stored = names.base().families
        else:
            stored = _families(
                (str(row["e"]), _NKG + "Person")
                for row in store.select(
                    f'SELECT DISTINCT ?e WHERE {{ ?e a nkg:Person . FILTER(STRSTARTS(STR(?e), "{_ENT}person-")) }}',
                    use_default_graph_as_union=False,
                )
            )
    mapping: dict[str, str] = {}
    for entities in entity_lists:
        for e in entities:
            if e.type == "Person" and not e.qid and e.id.startswith("person-") and e.id.count("-") == 1:
                cands = full.get(_family(e.id), set()) | stored.get(_family(e.id), set())
                if len(cands) == 1:
                    mapping[e.id] = next(iter(cands))
    return mapping


def _families(rows: Iterable[tuple[str, str] | NameRow]) -> dict[str, set[str]]:
    """Family name -> stored people named in full (the default graph's people are those the
    article graphs type so): from (entity IRI, type IRI, ...) rows."""
    out: dict[str, set[str]] = {}
    for r in rows:
        if r[1] == _NKG + "Person" and r[0].startswith(_ENT + "person-"):
            eid = _eid(r[0])
            if eid.count("-") >= 2:
                out.setdefault(_family(eid), set()).add(eid)
    return out


@dataclass
class _Cluster:
    id: str
    type: str
    keys: set[str] = field(default_factory=set)  # name_key (people) or org_key (organisations)
    abbrevs: set[str] = field(default_factory=set)
    latin: bool = False  # has a Latin-script canonical name
    context: set[str] | None = None  # co-mentioned entity ids (loaded lazily from the store)
    stored: bool = False


def _abbrev(name: str) -> bool:
    return 2 <= len(name) <= 6 and name.isascii() and name.isalpha() and name.isupper()


class _Keyed:
    """Clusters filed by name key and abbreviation."""

    def __init__(self, keys: NameKeys) -> None:
        self.clusters: dict[str, _Cluster] = {}
        self.by_key: dict[tuple[str, str], set[str]] = {}
        self.by_abbrev: dict[str, set[str]] = {}
        self._keys = keys

    def _name_keys(self, type_: str, name: str) -> tuple[frozenset[str], bool]:
        """:func:`name_keys`, computed once per name (the store's 47,000 names of 20,000 articles hold
        about half as many distinct ones; the names file keeps them too)."""
        got = self._keys.get((type_, name))
        if got is None:
            got = self._keys[(type_, name)] = name_keys(type_, name)
        return got

    def _add_names(self, c: _Cluster, names: Iterable[tuple[str, str]], abbrevs: Iterable[str]) -> None:
        for _lang, name in names:
            keys, latin = self._name_keys(c.type, name)
            for key in keys:
                c.keys.add(key)
                self.by_key.setdefault((c.type, key), set()).add(c.id)
            if latin:
                c.latin = True
        if c.type == "Organization":
            for a in abbrevs:
                c.abbrevs.add(a)
                self.by_abbrev.setdefault(a, set()).add(c.id)


class _Base(_Keyed):
    """The stored people and organisations a batch is resolved against: the clusters of the
    store's names (:data:`NameRows`), less those of the *skip* article graphs.

    A process keeps the one of its names file (:meth:`_NamesContent.base`) and adds the rows a
    build appends (:meth:`add`), so that adding article after article does not index the names
    of 20,000 articles again (a second) each time.
    """

    def __init__(self, keys: NameKeys) -> None:
        super().__init__(keys)
        self.families: dict[str, set[str]] = {}  # see _families
        self.orphans: dict[str, list[str]] = {}  # entity id -> its alias names, while it has no cluster

    @classmethod
    def of(cls, names: NameRows, keys: NameKeys, skip: Container[str] = frozenset()) -> _Base:
        base = cls(keys)
        rows, alias_rows = names
        for e, t, g, name in sorted(rows, key=lambda r: (r[0], r[3], r[1], r[2])):
            if g not in skip:
                base._add_row(_eid(e), t, name)
        for e, g, name in sorted(alias_rows, key=lambda r: (r[0], r[2], r[1])):
            if g not in skip:
                base._add_alias(_eid(e), name)
        base.families = _families(rows)
        return base

    def _add_row(self, eid: str, type_iri: str, name: str) -> None:
        c = self.clusters.get(eid)
        if c is None:
            c = self.clusters[eid] = _Cluster(eid, type_iri.rsplit("#", 1)[-1], stored=True)
        self._add_names(c, [("", name)], ())

    def _add_alias(self, eid: str, name: str) -> None:
        c = self.clusters.get(eid)
        if c is None:
            self.orphans.setdefault(eid, []).append(name)
        elif _abbrev(name) and org_key(name) not in c.keys:
            self._add_names(c, (), [name])

    def add(self, rows: Iterable[NameRow], aliases: Iterable[AliasRow]) -> bool:
        """Take in the rows of newly stored articles as :meth:`of` would have; False when it cannot
        tell (then the caller builds it anew)."""
        new: list[str] = []
        for e, t, _g, name in sorted(rows, key=lambda r: (r[0], r[3], r[1], r[2])):
            eid = _eid(e)
            c = self.clusters.get(eid)
            if c is None:
                new.append(eid)
            else:
                if c.type != t.rsplit("#", 1)[-1]:
                    return False  # of() takes the type of the entity's first row in its order
                if c.abbrevs and any(org_key(a) in self._name_keys(c.type, name)[0] for a in c.abbrevs):
                    return False  # of() would not have taken that abbreviation
            self._add_row(eid, t, name)
        for eid in new:  # aliases come after every row in of(): those of a new cluster count now
            for name in self.orphans.pop(eid, ()):
                self._add_alias(eid, name)
        for e, _g, name in sorted(aliases, key=lambda r: (r[0], r[2], r[1])):
            self._add_alias(_eid(e), name)
        for fam, ids in _families(rows).items():
            self.families.setdefault(fam, set()).update(ids)
        return True


class _Index(_Keyed):
    """People and organisations seen so far (the store's first, then the batch's in order), by key.

    The store's are a :class:`_Base` this index never changes: a cluster the batch changes is
    copied first.
    """

    def __init__(
        self,
        store: Any,
        skip_articles: set[str],
        names: _NamesContent | None = None,
    ) -> None:
        self.store = store
        self.skip = skip_articles
        # the clusters of entities the skipped articles (replaced ones) name, without those articles'
        # names: they stand for the base's (every cluster is built from its own entity's rows alone)
        self.hidden: set[str] = set()
        if names is not None:
            self.base = names.base()
            iris = {r[0] for g in skip_articles for r in names.rows.get(g, ())}
            iris |= {a[0] for g in skip_articles for a in names.aliases.get(g, ())}
            if iris:
                rows = [r for rs in names.rows.values() for r in rs if r[0] in iris]
                aliases = [a for als in names.aliases.values() for a in als if a[0] in iris]
                self.hidden = {_eid(i) for i in iris}
                self.sub = _Base.of((rows, aliases), self.base._keys, skip_articles)
        elif store is not None:
            self.base = _Base.of(store_name_rows(store), {}, skip_articles)
        else:
            self.base = _Base({})
        if not self.hidden:
            self.sub = _Base(self.base._keys)
        super().__init__(self.base._keys)
        self.gaz: dict[str, list[tuple[str, set[str]]]] | None = None
        self.gaz_entries: dict[str, Any] = {}

    # ------------------------------------------------------------------ index
    def _stored(self, eid: str) -> _Cluster | None:
        return self.sub.clusters.get(eid) if eid in self.hidden else self.base.clusters.get(eid)

    def _get(self, eid: str) -> _Cluster | None:
        return self.clusters.get(eid) or self._stored(eid)

    def _ids(self, key: tuple[str, str]) -> set[str]:
        stored = self.base.by_key.get(key, set())
        if self.hidden:
            stored = (stored - self.hidden) | self.sub.by_key.get(key, set())
        return stored | self.by_key.get(key, set())

    def _abbrev_ids(self, abbrev: str) -> set[str]:
        stored = self.base.by_abbrev.get(abbrev, set())
        if self.hidden:
            stored = (stored - self.hidden) | self.sub.by_abbrev.get(abbrev, set())
        return stored | self.by_abbrev.get(abbrev, set())

    def _own(self, eid: str) -> _Cluster:
        """The batch's cluster *eid*: a copy of the store's, if it is one, to change."""
        c = self.clusters.get(eid)
        if c is None:
            b = self._stored(eid)
            assert b is not None
            context = None if b.context is None else set(b.context)
            c = self.clusters[eid] = _Cluster(b.id, b.type, set(b.keys), set(b.abbrevs), b.latin, context, b.stored)
        return c

    def _cluster(self, eid: str, type_: str) -> _Cluster:
        if eid in self.clusters or self._stored(eid) is not None:
            return self._own(eid)
        c = self.clusters[eid] = _Cluster(eid, type_, context=set())
        return c

    def _context(self, c: _Cluster) -> set[str]:
        if c.context is None:
            c.context = set()
        if c.stored:
            c.stored = False  # loaded once; the batch adds to it afterwards
            for row in _store_rows(
                self.store,
                f"SELECT DISTINCT ?g ?o WHERE {{ GRAPH ?g {{ <{_ENT}{_quote(c.id)}> nkg:mentionedIn ?g . "
                "?o nkg:mentionedIn ?g } }",
            ):
                if str(row["g"]) not in self.skip:
                    c.context.add(_eid(row["o"]))
            c.context.discard(c.id)
        return c.context

    def _gazetteer_people(self) -> dict[str, list[tuple[str, set[str]]]]:
        """name_key -> [(gazetteer person id, its context ids: country and offices)]."""
        if self.gaz is None:
            from .lexicon import load_lexicon

            self.gaz = {}
            seen: set[tuple[str, str]] = set()
            for lang in ("ar", "en"):
                for g in load_lexicon(lang).entries.values():
                    if g.type != "Person":
                        continue
                    self.gaz_entries.setdefault(g.id, g)
                    ctx = {x for x in [g.country, *(of for _, of in g.roles)] if x}
                    for _lg, name in (*g.names, *g.labels):
                        key = name_key(name)
                        if key and (key, g.id) not in seen:
                            seen.add((key, g.id))
                            self.gaz.setdefault(key, []).append((g.id, ctx))
        return self.gaz

    # ------------------------------------------------------------------ one article
    def plan(self, x: ResolutionInput) -> tuple[dict[str, str], dict[str, str], tuple[Entity, ...], tuple[Alias, ...]]:
        """(mapping, reasons, entities afterwards, aliases added) for one article; learns from it."""
        mapping: dict[str, str] = {}
        reasons: dict[str, str] = {}
        ents = {e.id: e for e in x.entities}
        # organisations first: their ids are context for people
        for e in x.entities:
            if not (_local(e) and e.type == "Organization") or self._get(e.id) is not None:
                continue
            target, why = self._match_org(e)
            if target:
                mapping[e.id], reasons[e.id] = target, f"{why}; was {e.id}"
        present = {mapping.get(i, i) for i in ents}
        for e in x.entities:
            if not (_local(e) and e.type == "Person") or self._get(e.id) is not None:
                continue
            target, why = self._match_person(e, present - {e.id})
            if target:
                mapping[e.id], reasons[e.id] = target, f"{why}; was {e.id}"
        entities = _remap_entities(x.entities, mapping) if mapping else x.entities
        if any(t in self.gaz_entries for t in mapping.values()):
            entities = tuple(self._as_gazetteer(e, x.lang) for e in entities)
        aliases = self._romanised_aliases(entities)
        self._learn(entities)
        return mapping, reasons, entities, aliases

    def _match_org(self, e: Entity) -> tuple[str | None, str]:
        keys = {k for n in (e.label, *e.names) if not _abbrev(n) for k in org_keys(n)}
        cands = set()
        for k in keys:
            cands |= self._ids(("Organization", k))
        if cands:
            t = min(cands)
            found = self._get(t)
            assert found is not None
            return t, f"same organisation name as {t} (normalised: {min(keys & found.keys)})"
        if _abbrev(e.label):
            cands = self._abbrev_ids(e.label)
            if len(cands) == 1:
                t = next(iter(cands))
                return t, f"abbreviation {e.label} seen beside the full name of {t}"
        return None, ""

    def _match_person(self, e: Entity, present: set[str]) -> tuple[str | None, str]:
        key = _person_key(e.label)
        if not key:
            return None, ""
        best: tuple[int, str, set[str]] | None = None
        for cid in self._ids(("Person", key)):
            shared = self._context(self._own(cid)) & present
            if shared and (best is None or (-len(shared), cid) < (-best[0], best[1])):
                best = (len(shared), cid, shared)
        if best is not None:
            ctx = ", ".join(sorted(best[2])[:5])
            return best[
                1
            ], f"transliteration match with {best[1]} (key '{key}'), type Person, context: {ctx} co-mentioned"
        if len(key.replace("V", "").replace(" ", "")) < 6:  # too short a name to take a gazetteer id by sound
            return None, ""
        gaz = [(gid, ctx & present) for gid, ctx in self._gazetteer_people().get(key, [])]
        gaz = [(gid, shared) for gid, shared in gaz if shared]
        if len({gid for gid, _ in gaz}) == 1:
            gid, shared = gaz[0]
            return gid, (
                f"transliteration match with gazetteer person {gid} (key '{key}'), "
                f"context: its country/office {', '.join(sorted(shared))} named in the article"
            )
        return None, ""

    def _as_gazetteer(self, e: Entity, lang: str) -> Entity:
        g = self.gaz_entries.get(e.id)
        if g is None or e.qid:
            return e
        return Entity(e.id, g.type, g.label(lang), lang, g.qid, e.names, g.labels, g.subtype)

    def _romanised_aliases(self, entities: tuple[Entity, ...]) -> tuple[Alias, ...]:
        """An English label candidate (alias) for Arabic-only people: their romanisation."""
        extra = []
        for e in entities:
            if not _arabic_only_person(e):
                continue
            c = self._get(e.id)
            if c is not None and c.latin:
                continue
            latin = romanize(e.label)
            if latin and not is_arabic_name(latin):
                extra.append(Alias(e.id, latin, "en", f"romanisation of the Arabic name {e.label} (not in the text)"))
        return tuple(extra)

    def _learn(self, entities: tuple[Entity, ...]) -> None:
        ids = {e.id for e in entities}
        for e in entities:
            if not _local(e):
                continue
            c = self._cluster(e.id, e.type)
            abbrevs = [n for n in e.names if _abbrev(n) and n != e.label] if e.type == "Organization" else []
            self._add_names(c, [*e.labels, (e.lang, e.label)], abbrevs)
            if c.context is None:
                c.context = set()
            c.context |= ids - {e.id}


def name_keys(type_: str, name: str) -> tuple[frozenset[str], bool]:
    """(the keys resolution files a name of a ``Person`` or ``Organization`` under, whether it is not Arabic)."""
    if type_ == "Person":
        keys = frozenset(k for k in [_person_key(name)] if k)
    else:
        keys = frozenset(k for k in org_keys(name) if not _abbrev(name))
    return keys, not is_arabic_name(name)


_TITLE_WORDS: set[str] = set()


def _person_key(name: str) -> str | None:
    """``name_key`` of a personal name; None for a title standing for a person ("الرئيس الفلسطيني")."""
    if not _TITLE_WORDS:
        from .lexicon import load_lexicon
        from .text import normalize

        for lang in ("ar", "en"):
            _TITLE_WORDS.update(k[0] for k in load_lexicon(lang).titles if k)
        _TITLE_WORDS.add(normalize("ال"))
    from .text import normalize

    first = normalize(name.split()[0]) if name.split() else ""
    if first in _TITLE_WORDS or (first.startswith("ال") and first[2:] in _TITLE_WORDS):
        return None
    return name_key(name)


def romanisation_candidates(r: ArticleResult) -> list[str]:
    """Labels of *r*'s Arabic-only people, the ones cross-article resolution may romanise.

    Romanising is per name and deterministic, so a build's worker processes do it
    (:func:`kg.translit.romanize`) and hand the results over with
    :func:`kg.translit.remember_romanizations` instead of the single main process.
    """
    return [e.label for e in r.entities if _arabic_only_person(e)]


def _arabic_only_person(e: Entity) -> bool:
    """A person no gazetteer knows, named in Arabic only: a candidate for a romanised label."""
    return (
        _local(e)
        and e.type == "Person"
        and is_arabic_name(e.label)
        and bool(name_key(e.label))
        and not any(not is_arabic_name(lbl) for _, lbl in e.labels)
    )


def _quote(eid: str) -> str:
    from urllib.parse import quote

    return quote(eid, safe="-_.~:")


def _remap(r: ArticleResult, m: dict[str, str], reasons: dict[str, str]) -> ArticleResult:
    def f(x: str | None) -> str | None:
        return m.get(x, x) if x else x

    # replace() only what changes: this runs over every entity and relation of every article
    rels = []
    for rel in r.relations:
        claim = rel.claim
        if not (
            rel.subject in m
            or rel.object in m
            or rel.attributed_to in m
            or (claim is not None and (claim.subject in m or claim.object in m))
        ):
            rels.append(rel)
            continue
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
        replace(a, entity=m[a.entity], reason=f"{reasons[a.entity]} (in the article: {a.reason})")
        if a.entity in m
        else a
        for a in r.aliases
    )
    return replace(
        r,
        entities=_remap_entities(r.entities, m),
        mention_entity=tuple(m.get(x, x) for x in r.mention_entity),
        relations=tuple(rels),
        aliases=aliases,
        mention_counts=tuple(sorted(counts.items())),
    )


def _remap_entities(entities: tuple[Entity, ...], m: dict[str, str]) -> tuple[Entity, ...]:
    """The entities after merging ids by *m* (names of merged entities joined), sorted by id."""
    merged: dict[str, Entity] = {}
    for e in entities:
        new = replace(e, id=m[e.id]) if e.id in m else e
        if new.id in merged:
            old = merged[new.id]
            new = replace(old, names=tuple(sorted(set(old.names) | set(new.names))))
        merged[new.id] = new
    return tuple(sorted(merged.values(), key=lambda e: e.id))


# ---------------------------------------------------------------------- the names file
#
# OUT/names.jsonl keeps a build folder's NameRows, so that resolving a few new articles does not
# read every name of the store again (14 s on 20,000 articles). Line 1: {"version": 1, "token": T};
# each later line: {"drop": [graph IRIs], "add": [NameRow...], "aliases": [AliasRow...]}, applied
# in order (drops first). Its state is "T-SIZE": a build records it in the store with the dedup
# index's (kg.store.Store.clear_derived_stale) and trusts the file only while the store records
# that very state; a line cut short by a crash changes the size, so the state is not recorded.

NAMES_FILE = "names.jsonl"


def names_state(path: Path) -> str | None:
    """The state of the names file at *path* ("TOKEN-SIZE"), or None if there is none or it is unreadable."""
    try:
        with path.open("rb") as fh:
            head = json.loads(fh.readline())
            size = fh.seek(0, 2)
    except (OSError, ValueError):
        return None
    if not isinstance(head, dict) or head.get("version") != 1 or not isinstance(head.get("token"), str):
        return None
    return f"{head['token']}-{size}"


def load_names(path: Path) -> NameRows | None:
    """The :data:`NameRows` the names file at *path* holds (None: unreadable)."""
    got = load_names_and_keys(path)
    return None if got is None else got[0]


def load_names_and_keys(path: Path) -> tuple[NameRows, NameKeys] | None:
    """The :data:`NameRows` the names file at *path* holds and the name keys it keeps (only if they
    were computed by this very code and lexicons, see :func:`keys_stamp`); None: unreadable.

    The caller may keep what it gets but must not change it: a process keeps the file's content
    while the file's state is the same (a warm process adding article after article reads the
    20 MB of a 20,000-article folder once, not on every add).
    """
    got = _read_names(path)
    return None if got is None else (got.names(), got.keys)


def load_names_content(path: Path) -> _NamesContent | None:
    """What the names file at *path* holds, as cross-article resolution takes it (:func:`iter_plans`);
    kept by the process like :func:`load_names_and_keys`'s result. None: unreadable.

    A read that parses much of the file keeps a copy of it, with the clusters resolution builds,
    for the next process (:data:`NAMES_COPY_MIN`)."""
    return _read_names(path, keep_copy=True)


class _NamesContent:
    """A names file's content: rows by article graph, so that a line dropping articles costs what it drops."""

    def __init__(self, with_keys: bool) -> None:
        self.rows: dict[str, dict[NameRow, None]] = {}
        self.aliases: dict[str, dict[AliasRow, None]] = {}
        self.keys: NameKeys = {}
        self.with_keys = with_keys  # the keys are this code's (keys_stamp)
        self.dropped = 0  # rows dropped by later lines
        self._flat: NameRows | None = None
        self._base: _Base | None = None

    def base(self) -> _Base:
        """The clusters of these names (built once, then kept up to date by :meth:`apply`)."""
        if self._base is None:
            self._base = _Base.of(self.names(), self.keys)
        return self._base

    def apply(self, entry: dict[str, Any]) -> None:
        """One line of the file (drops first)."""
        self._flat = None
        for g in entry.get("drop", ()):
            n = len(self.rows.pop(g, ())) + len(self.aliases.pop(g, ()))
            if n:
                self.dropped += n
                self._base = None
        for r in entry.get("add", ()):
            self.rows.setdefault(r[2], {})[tuple(r)] = None  # type: ignore[index]
        for al in entry.get("aliases", ()):
            self.aliases.setdefault(al[1], {})[tuple(al)] = None  # type: ignore[index]
        if self.with_keys:
            for t, name, ks, latin in entry.get("keys", ()):
                self.keys[(t, name)] = (frozenset(ks), bool(latin))
        if self._base is not None:
            add = [tuple(r) for r in entry.get("add", ())]
            aliases = [tuple(a) for a in entry.get("aliases", ())]
            if not self._base.add(add, aliases):  # type: ignore[arg-type]
                self._base = None

    def names(self) -> NameRows:
        if self._flat is None:
            self._flat = (
                [r for rs in self.rows.values() for r in rs],
                [al for als in self.aliases.values() for al in als],
            )
        return self._flat


# path -> ((state, keys_stamp), content) of the names file this process read or wrote last
_NAMES_CACHE: dict[str, tuple[tuple[str, str], _NamesContent]] = {}


def _read_names(path: Path, keep_copy: bool = False) -> _NamesContent | None:
    state = names_state(path)
    if state is None:
        return None
    cached = _NAMES_CACHE.get(str(path.resolve()))
    if cached is not None and cached[0] == (state, keys_stamp()):
        return cached[1]
    try:
        data = path.read_bytes()
        token = state.rsplit("-", 1)[0]
        content, start = _load_copy(token, data)
        if content is None:
            lines = data.splitlines()
            content = _NamesContent(json.loads(lines[0]).get("keys") == keys_stamp())
            lines, start = lines[1:], 0
        else:
            lines = data[start:].splitlines()
        for line in lines:
            content.apply(json.loads(line))
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return None
    if keep_copy and len(data) - start >= NAMES_COPY_MIN:
        _save_copy(token, data, content)
    _remember_names(path, f"{token}-{len(data)}", content)
    return content


NAMES_COPY_MIN = 1 << 20
"""A read of a names file that parses this many bytes of JSON lines keeps a pickled copy of what it
read (the names and their clusters) in the user's cache (:func:`kg.lexicon.cache_dir`): the next
process reads the copy and parses only the lines appended since. The copy is named after the
file's token and checked against the bytes it covers, not the folder's path: a copied or moved
folder reads it too (its first add parsed 20,000 articles' names again, 5-6 s)."""


def _copy_path(token: str) -> Path | None:
    from .lexicon import cache_dir

    where = cache_dir()
    if where is None or not token.isalnum():
        return None
    return where / "names" / f"names-{token}.pickle"


def _copy_header(token: str, data: bytes, size: int) -> dict[str, Any]:
    import hashlib

    # the bytes the copy holds (a names file is only appended to under one token; 40 ms for 20 MB)
    digest = hashlib.sha256(memoryview(data)[:size]).hexdigest()
    return {"v": 2, "token": token, "size": size, "sha256": digest, "stamp": keys_stamp()}


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """The garbage collector paused: (un)pickling a names copy makes millions of small objects, which
    it would walk again and again (half the time of pickling 20,000 articles' names)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_copy(token: str, data: bytes) -> tuple[_NamesContent | None, int]:
    """The kept copy of the first bytes of the names file *data* and how many it covers, or (None, 0)."""
    import pickle

    where = _copy_path(token)
    if where is None or not where.exists():
        return None, 0
    try:
        with where.open("rb") as fh:
            header = pickle.load(fh)
            size = header.get("size") if isinstance(header, dict) else None
            if not isinstance(size, int) or not 0 < size <= len(data) or data[size - 1 : size] != b"\n":
                return None, 0
            if header != _copy_header(token, data, size):
                return None, 0
            with _collector_off():
                content = pickle.load(fh)
    except Exception:  # noqa: BLE001 - a damaged or foreign copy is ignored, never fatal
        return None, 0
    return (content, size) if isinstance(content, _NamesContent) else (None, 0)


def _save_copy(token: str, data: bytes, content: _NamesContent) -> None:
    """Keep a copy of *content*, what the names file *data* holds, with its clusters (best effort)."""
    import pickle

    from .fsutil import atomic_write

    where = _copy_path(token)
    if where is None:
        return
    content.base()  # the clusters too: building them is half of a cold read
    content._flat = None
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        header = pickle.dumps(_copy_header(token, data, len(data)), protocol=pickle.HIGHEST_PROTOCOL)
        with _collector_off():
            body = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(where, header + body)
        # all but the newest few copies (one per names file; a rewritten file has a new token), and
        # those of earlier versions, which were named after the folder
        olds = sorted(where.parent.glob("names-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[4:] + [p for p in where.parent.glob("*.pickle") if not p.name.startswith("names-")]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _remember_names(path: Path, state: str, content: _NamesContent) -> None:
    _NAMES_CACHE.clear()  # one folder at a time: the names of 20,000 articles take about 100 MB
    _NAMES_CACHE[str(path.resolve())] = ((state, keys_stamp()), content)


_CODE_DIGEST: list[str] = []
# the modules name_keys() runs: this one (name_keys, _person_key, _abbrev), the romanisation
# and the text folding; a change anywhere else leaves the kept keys valid
_KEY_MODULES = ("resolution.py", "translit.py", "text.py")


def keys_stamp() -> str:
    """What the name keys depend on: the code that computes them and the lexicons' title words.

    A names file keeps the keys under this stamp; another stamp (that code changed, edited
    lexicons) makes a build compute them again. The code is ``_KEY_MODULES``: an update that
    leaves them alone (extraction, the store) keeps a folder's keys, where hashing the whole
    package made the first add after every update rewrite the names file (3.5 s on 20,000
    articles).
    """
    import hashlib

    if not _CODE_DIGEST:
        _CODE_DIGEST.append(_code_digest(Path(__file__).resolve().parent))
    _person_key("x y")  # loads the title words
    h = hashlib.sha256(_CODE_DIGEST[0].encode())
    h.update("\n".join(sorted(_TITLE_WORDS)).encode())
    return h.hexdigest()[:16]


def _code_digest(root: Path) -> str:
    """SHA-256 of the ``_KEY_MODULES`` in the package folder *root*."""
    import hashlib

    h = hashlib.sha256()
    for name in _KEY_MODULES:
        h.update(name.encode() + b"\0" + (root / name).read_bytes())
    return h.hexdigest()


def _keys_lines(rows: Iterable[NameRow], known: NameKeys | None = None) -> list[list[Any]]:
    out = []
    for t, name in sorted({(r[1].rsplit("#", 1)[-1], r[3]) for r in rows}):
        got = known.get((t, name)) if known else None
        ks, latin = got if got is not None else name_keys(t, name)
        out.append([t, name, sorted(ks), latin])
    return out


def write_names(path: Path, names: NameRows, keys: NameKeys | None = None) -> str:
    """Write a new names file holding *names* and their keys (atomically, a new token); returns its state.

    *keys*: the :func:`name_keys` of some of the names, if known (computed by this code).
    """
    import secrets

    from .fsutil import atomic_write

    head = json.dumps({"version": 1, "token": secrets.token_hex(8), "keys": keys_stamp()}).encode() + b"\n"
    entry = {"add": sorted(names[0]), "aliases": sorted(names[1]), "keys": _keys_lines(names[0], keys)}
    atomic_write(path, head + json.dumps(entry, ensure_ascii=False).encode() + b"\n")
    state = names_state(path)
    assert state is not None
    content = _NamesContent(with_keys=True)
    content.apply(entry)
    _remember_names(path, state, content)
    return state


def names_keys_current(path: Path) -> bool:
    """Whether the names file at *path* keeps keys computed by this code (:func:`keys_stamp`)."""
    try:
        with path.open("rb") as fh:
            return bool(json.loads(fh.readline()).get("keys") == keys_stamp())
    except (OSError, ValueError, AttributeError):
        return False


def compact_names(path: Path) -> str | None:
    """Write the names file at *path* anew if its keys are not this code's (:func:`keys_stamp`), or
    if its lines drop more rows than it holds (each changed or removed article appends a line);
    returns its new state, None if it was left alone (or is unreadable).

    Either way a build would pay again and again: computing the keys of every name (seconds on
    20,000 articles), or reading rows long dropped.
    """
    got = _read_names(path)
    if got is None:
        return None
    names = got.names()
    if got.with_keys and got.dropped <= len(names[0]) + len(names[1]):
        return None
    return write_names(path, names, got.keys if got.with_keys else None)


def append_names(path: Path, add: Iterable[NameRow], aliases: Iterable[AliasRow], drop: Iterable[str]) -> str:
    """Append one line to the names file at *path* (fsynced), with the new names' keys if the file
    keeps keys of this code (:func:`keys_stamp`); returns its new state."""
    import os

    add = sorted(set(add))
    entry: dict[str, Any] = {"drop": sorted(set(drop)), "add": add, "aliases": sorted(set(aliases))}
    cached = _NAMES_CACHE.get(str(path.resolve()))
    # the content this process keeps of the file, if it is the file as it is
    kept = cached[1] if cached is not None and cached[0] == (names_state(path), keys_stamp()) else None
    if names_keys_current(path):
        entry["keys"] = _keys_lines(add, kept.keys if kept is not None else None)
    with path.open("ab") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False).encode() + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    state = names_state(path)
    assert state is not None
    if kept is not None:  # the file this process knows, with this line
        kept.apply(entry)
        _remember_names(path, state, kept)
    return state
