"""Value types that flow through the pipeline.

``Document -> Mention -> Entity -> Relation/Claim``. All are small frozen
dataclasses that refer to character offsets in ``Document.text``, never to
spaCy objects, so they pickle, compare and hash cheaply.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

__all__ = [
    "ENTITY_TYPES",
    "MODALITIES",
    "PREDICATES",
    "SYMMETRIC_PREDICATES",
    "UNNAMED_SOURCE",
    "Claim",
    "Document",
    "Entity",
    "EntityType",
    "Mention",
    "Modality",
    "Relation",
]

EntityType = Literal["Person", "Organization", "Location", "Event"]
Modality = Literal["asserted", "negated", "planned", "hypothetical"]

ENTITY_TYPES: tuple[str, ...] = ("Person", "Organization", "Location", "Event")
MODALITIES: tuple[str, ...] = ("asserted", "negated", "planned", "hypothetical")
CORE_PREDICATES: tuple[str, ...] = ("visited", "met", "supports", "denies")
PREDICATES: tuple[str, ...] = CORE_PREDICATES + (
    "accuses",
    "leads",
    "memberOf",
    "opposes",
    "cooperatesWith",
    "locatedIn",
    "stated",
)
SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"met", "cooperatesWith"})
# Relation.extra marking an attribution to "a source" of a party (مصدر حوثي, "a Houthi source"):
# the claim of an unnamed insider, kept even though the party it speaks for takes part
UNNAMED_SOURCE: tuple[tuple[str, str], ...] = (("attribution", "unnamed source"),)

_T = TypeVar("_T")


def pickled_by_values(cls: type[_T]) -> type[_T]:
    """Pickle a frozen slots dataclass as its class and field values, rebuilt by ``cls(*values)``.

    The dataclass default for slots classes calls ``fields()`` for every object pickled and
    unpickled; a build sends every article and plan between its processes that way.
    For classes whose ``__init__`` takes every field and only stores it.

    >>> import pickle
    >>> d = Document(id="a", text="t", lang="ar")
    >>> pickle.loads(pickle.dumps(d)) == d
    True
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values = operator.attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Document:
    """One article.

    >>> Document(id="a1", text="Haftar met Shoigu.", lang="en").title
    ''
    """

    id: str
    text: str
    lang: str
    title: str = ""
    url: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" when known
    source: str | None = None  # file path (and line, for JSONL) it was read from
    meta: tuple[tuple[str, str], ...] = ()


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article text that names an entity.

    ``key`` is the identity proposal from the step that found it: a gazetteer
    id (e.g. ``"Q159"``) when known, else ``None`` and resolution decides.
    """

    start: int
    end: int
    text: str
    type: str
    key: str | None = None
    source: str = "gazetteer"  # gazetteer | title | pattern | given-name | ner
    role: str | None = None  # for metonymy: "capital" / "seat" acting for a state


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity of one build.

    ``id`` is stable: a Wikidata QID when known, else a slug of the
    canonical name. ``names`` maps a language to the surface forms seen.
    """

    id: str
    type: str
    label: str
    lang: str
    qid: str | None = None
    names: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (lang, canonical label) pairs
    subtype: str | None = None  # Country / City / NamedEvent ...


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Claim:
    """What is denied or what somebody is accused of: a relation not asserted."""

    subject: str | None  # entity id
    predicate: str
    object: str | None  # entity id
    text: str = ""


@pickled_by_values
@dataclass(frozen=True, slots=True)
class Relation:
    """One extracted relation instance (an event node in RDF).

    ``subject``/``object`` are entity ids; for ``denies`` (and an accusation
    of something) ``claim`` holds what is denied and ``object`` may be None.
    Offsets point into the article text: ``start``/``end`` for the evidence
    sentence, ``trigger_start``/``trigger_end`` for the trigger.
    """

    doc_id: str
    subject: str
    predicate: str
    object: str | None
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    trigger: str = ""
    evidence: str = ""
    date: str | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    claim: Claim | None = None
    confidence: float = 1.0
    extra: tuple[tuple[str, str], ...] = field(default=())
