"""Entity resolution inside one article: mentions -> entities.

Gazetteer mentions take the gazetteer id. Other people merge when they share
a family name and their given names agree (or one is a short form of the
other); organisations found by head noun merge on their normalised name.
Every merge is recorded as an alias with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import Lexicon
from ..model import Entity, pickled_by_values
from ..text import display_name, normalize, slugify
from .mentions import MentionSet, MentionSpan

__all__ = ["Alias", "Resolution", "resolve_mentions", "local_entity_id"]

_TYPE_PREFIX = {"Person": "person", "Organization": "org", "Location": "place", "Event": "event"}


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Alias:
    entity: str
    name: str
    lang: str
    reason: str


@dataclass(frozen=True, slots=True)
class Resolution:
    entities: tuple[Entity, ...]
    mention_entity: tuple[str, ...]  # mention index -> entity id
    aliases: tuple[Alias, ...]
    mention_counts: tuple[tuple[str, int], ...]

    def entity(self, eid: str) -> Entity | None:
        for e in self.entities:
            if e.id == eid:
                return e
        return None


def local_entity_id(type_: str, name: str) -> str:
    """A stable id for an entity that no gazetteer knows: type prefix + name slug.

    >>> local_entity_id("Person", "يونس بك يوفقورف")
    'person-يونس-بك-يوفقورف'
    """
    return f"{_TYPE_PREFIX.get(type_, 'x')}-{slugify(name)}"


def _strip_al(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and len(tok) > 4 else tok


def _similar_token(a: str, b: str) -> bool:
    """Spelling variants of one transliterated token (بك / بيك): equal after dropping long vowels."""
    if a == b:
        return True
    strip = str.maketrans("", "", "اويى")
    return len(a) > 1 and a.translate(strip) == b.translate(strip) and abs(len(a) - len(b)) <= 1


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two normalised person names denote one person (within one article)?"""
    if not a or not b:
        return False
    if not _similar_token(_strip_al(a[-1]), _strip_al(b[-1])):
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    if not _similar_token(a[0], b[0]):
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_similar_token(t, u) for u in longer) for t in shorter)


def _other_given_name(word: str, eid: str, lex: Lexicon) -> bool:
    """Is *word* a given name that none of the gazetteer person *eid*'s names has?"""
    if word not in lex.given_names or word in lex.wordset("noun_given_names"):
        return False
    ent = lex.entries.get(eid)
    if ent is None:
        return False
    return all(word not in (_strip_al(w) for w in normalize(name).split()) for _lg, name in ent.names)


def resolve_mentions(ms: MentionSet, lex: Lexicon, lang: str) -> Resolution:
    """Group the mentions of one article into entities."""
    spans = ms.spans
    ent_of: list[str] = [""] * len(spans)
    # person clusters: id -> list of name token tuples
    persons: dict[str, list[tuple[str, ...]]] = {}
    person_order: list[str] = []
    canonical: dict[str, MentionSpan] = {}
    kinds: dict[str, str] = {}
    aliases: list[Alias] = []
    types: dict[str, str] = {}

    # family names of gazetteer people named in this article: "البشير" after "عمر البشير"
    known_people: dict[tuple[str, ...], str] = {}
    for sp in spans:
        if sp.cands and sp.type == "Person":
            toks = tuple(_strip_al(t) for t in sp.key.split())
            for k in range(1, len(toks)):
                known_people.setdefault(toks[k:], sp.cands[0])
    for idx, sp in enumerate(spans):
        if not sp.cands and sp.type == "Person":
            tail = tuple(_strip_al(t) for t in sp.key.split())
            for k in range(len(tail)):
                hit = known_people.get(tail[k:])
                if hit is not None and k == 1 and sp.kind == "given-name" and _other_given_name(tail[0], hit, lex):
                    break  # إيفانكا ترمب is not Donald Trump
                if hit is not None and (k == 0 or len(tail) - k >= 1 and k <= 1):
                    ent_of[idx] = hit
                    types[hit] = "Person"
                    aliases.append(Alias(hit, sp.text, lang, "short form of a gazetteer name seen in the article"))
                    break
            if ent_of[idx]:
                continue
        if sp.cands:
            eid = sp.cands[0]
            ent_of[idx] = eid
            types[eid] = lex.entries[eid].type if eid in lex.entries else sp.type
            reason = {
                "name": "gazetteer name",
                "adjective": "nationality adjective of the state",
                "seat": "metonymy: seat of power acting for its state",
            }.get(sp.kind, "gazetteer")
            aliases.append(Alias(eid, sp.text, lang, reason))
            continue
        key = tuple(sp.key.split()) or (normalize(sp.text),)
        if sp.type == "Person" and sp.kind == "role":
            # the office holder's identity (key of the person span it refers to)
            for j in range(idx):
                if ent_of[j] and spans[j].type == "Person" and spans[j].key == sp.key and not spans[j].cands:
                    ent_of[idx] = ent_of[j]
                    aliases.append(Alias(ent_of[j], sp.text, lang, "title standing for the office holder"))
                    break
            if ent_of[idx]:
                continue
        if sp.type == "Person":
            match = None
            # the latest compatible person wins (a short name refers back)
            for pid in reversed(person_order):
                if any(_same_person(key, other) for other in persons[pid]):
                    match = pid
                    break
            if match is None:
                match = local_entity_id("Person", " ".join(key))
                persons[match] = []
                person_order.append(match)
                canonical[match] = sp
                reason = f"new person ({sp.kind})"
            else:
                reason = "short or variant form of a name seen earlier in the article"
                if len(key) > len(canonical[match].key.split()):
                    canonical[match] = sp
            persons[match].append(key)
            ent_of[idx] = match
            types[match] = "Person"
            aliases.append(Alias(match, sp.text, lang, reason))
        else:
            eid = local_entity_id(sp.type, " ".join(_strip_al(t) for t in key))
            ent_of[idx] = eid
            types[eid] = sp.type
            if eid not in canonical or len(sp.text) > len(canonical[eid].text):
                canonical[eid] = sp
            kinds[eid] = sp.kind
            aliases.append(Alias(eid, sp.text, lang, f"name found by {sp.kind}"))

    # names as labels show them: "دونالد #ترمب" read from a hashtag is "دونالد ترمب"
    aliases = [a if a.name == (d := display_name(a.name)) else Alias(a.entity, d, a.lang, a.reason) for a in aliases]
    counts: dict[str, int] = {}
    for eid in ent_of:
        counts[eid] = counts.get(eid, 0) + 1
    entities = []
    for eid in sorted(counts):
        names = tuple(sorted({a.name for a in aliases if a.entity == eid}))
        gaz = lex.entries.get(eid)
        if gaz is not None:
            entities.append(
                Entity(
                    id=eid,
                    type=gaz.type,
                    label=gaz.label(lang),
                    lang=lang,
                    qid=gaz.qid,
                    names=names,
                    labels=gaz.labels,
                    subtype=gaz.subtype,
                )
            )
        else:
            label = display_name(canonical[eid].text) if eid in canonical else names[0]
            entities.append(
                Entity(id=eid, type=types[eid], label=label, lang=lang, names=names, labels=((lang, label),))
            )
    return Resolution(tuple(entities), tuple(ent_of), tuple(aliases), tuple(sorted(counts.items())))
