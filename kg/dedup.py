"""Exact and near-duplicate articles.

* **Exact duplicates** — the same URL (normalised: scheme and host lower-cased,
  ``www.``, fragment, tracking parameters and trailing slash dropped) or the
  same normalised text (Arabic letter variants folded, diacritics, case,
  punctuation and spacing ignored) under another article id — are built once;
  :class:`Deduper` says which article each skipped one duplicates.
* **Near duplicates** — a wire story lightly edited by several outlets — are
  found with MinHash over word 5-shingles (128 hash functions from a fixed
  seed, pure Python + NumPy, so the same input always gives the same answer)
  and LSH banding, then checked with the estimated Jaccard similarity
  (``>= threshold``, 0.5 by default). Each group of near duplicates is one
  *story*: ``https://w3id.org/newskg/story/{hash}`` with ``dcterms:hasVersion``
  to each article, kept in the named graph ``https://w3id.org/newskg/graph/stories``.

The MinHash signatures of built articles are kept in ``OUT/dedup.json`` so a
later build finds near duplicates of articles built before.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .text import normalize_token, short_hash

__all__ = [
    "STORIES_GRAPH",
    "STORY_NS",
    "Deduper",
    "MinHasher",
    "Story",
    "canonical_url",
    "near_duplicate_groups",
    "normalise_text",
    "shingles",
    "stories_ntriples",
    "text_fingerprint",
    "write_stories",
]

STORY_NS = "https://w3id.org/newskg/story/"
STORIES_GRAPH = "https://w3id.org/newskg/graph/stories"
ARTICLE_NS = "https://w3id.org/newskg/article/"
_DCT = "http://purl.org/dc/terms/"
_SCHEMA = "https://schema.org/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|ref_src$|cmpid$|ocid$)", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def canonical_url(url: str) -> str:
    """A URL in a form where trivially different spellings compare equal.

    >>> canonical_url("HTTPS://www.Example.org/a/b/?utm_source=x&id=3#top")
    'https://example.org/a/b?id=3'
    """
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urllib.parse.urlencode(
        sorted((k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    path = parts.path.rstrip("/") or ""
    return urllib.parse.urlunsplit((parts.scheme.lower(), host, path, query, ""))


def normalise_text(text: str) -> str:
    """Text folded for comparison: :func:`kg.text.normalize`, punctuation dropped, digits as ASCII.

    >>> normalise_text("Haftar  met Shoigu!") == normalise_text("haftar met shoigu")
    True
    """
    # normalize_token does NFKC; whitespace is collapsed by the split below
    folded = normalize_token(text)
    folded = _PUNCT.sub(" ", folded).replace("_", " ")
    return " ".join(folded.split())


def text_fingerprint(text: str) -> str:
    """SHA-256 (hex) of :func:`normalise_text`: equal for texts that differ only in spelling trivia."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = 5, *, normalised: bool = False) -> set[int]:
    """32-bit hashes of the word ``k``-grams of the normalised text (one shingle for shorter texts).

    ``normalised=True``: *text* is already :func:`normalise_text`'s output.
    """
    words = (text if normalised else normalise_text(text)).split()
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "big") for g in grams}


_PRIME = (1 << 61) - 1


class MinHasher:
    """MinHash signatures with ``num_perm`` universal hash functions drawn from a fixed ``seed``."""

    def __init__(self, num_perm: int = 128, seed: int = 1, k: int = 5) -> None:
        rng = random.Random(seed)
        self.num_perm = num_perm
        self.k = k
        # a < 2**31 and x < 2**32 keep a*x + b below 2**64 (no overflow in uint64)
        self._a = np.array([rng.randrange(1, 1 << 31) for _ in range(num_perm)], dtype=np.uint64)
        self._b = np.array([rng.randrange(0, _PRIME) for _ in range(num_perm)], dtype=np.uint64)

    def signature(self, text: str, *, normalised: bool = False) -> np.ndarray:
        """The MinHash signature (``num_perm`` uint64) of a text's shingles."""
        sh = shingles(text, self.k, normalised=normalised)
        if not sh:
            return np.full(self.num_perm, _PRIME, dtype=np.uint64)
        x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
        h = (self._a[:, None] * x[None, :] + self._b[:, None]) % np.uint64(_PRIME)
        return h.min(axis=1)


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal MinHash values: an estimate of the Jaccard similarity of the shingle sets."""
    return float(np.mean(a == b))


def near_duplicate_groups(
    signatures: Mapping[str, np.ndarray],
    *,
    threshold: float = 0.5,
    bands: int = 32,
) -> list[list[str]]:
    """Groups (of two or more ids) whose signatures are near duplicates, sorted.

    LSH: ids sharing one of ``bands`` signature bands are candidates; a
    candidate pair with estimated Jaccard ``>= threshold`` is linked; groups are
    the connected components (a version linked to any other version joins).
    """
    ids = sorted(signatures)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if not ids:
        return []
    rows = len(next(iter(signatures.values()))) // bands
    buckets: dict[tuple[int, bytes], list[str]] = {}
    for i in ids:
        sig = signatures[i]
        for b in range(bands):
            buckets.setdefault((b, sig[b * rows : (b + 1) * rows].tobytes()), []).append(i)
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 500:  # a huge bucket is boilerplate, not a story
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if (a, b) in checked or find(a) == find(b):
                    continue
                checked.add((a, b))
                if jaccard_estimate(signatures[a], signatures[b]) >= threshold:
                    parent[find(b)] = find(a)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


@dataclass(frozen=True, slots=True)
class Story:
    """Near-duplicate articles (article ids): versions of one story."""

    versions: tuple[str, ...]

    @property
    def iri(self) -> str:
        """``https://w3id.org/newskg/story/{hash}``, from the first version id (stable while it stays)."""
        return STORY_NS + short_hash("story", self.versions[0])


@dataclass
class DedupDecision:
    """Whether an article is built: ``kind`` is ``new``, ``same-url`` or ``same-text``."""

    kind: str
    duplicate_of: str | None = None

    @property
    def skip(self) -> bool:
        return self.kind != "new"


@dataclass
class Deduper:
    """Decide, article by article, whether it is an exact duplicate; collect MinHash signatures.

    ``Deduper.load(path)`` starts from the index of earlier builds (``OUT/dedup.json``).
    """

    threshold: float = 0.5
    hasher: MinHasher = field(default_factory=MinHasher)
    urls: dict[str, str] = field(default_factory=dict)  # canonical URL -> doc id
    texts: dict[str, str] = field(default_factory=dict)  # text fingerprint -> doc id
    signatures: dict[str, np.ndarray] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (doc source, kind, kept id)

    def check(self, doc_id: str, text: str, url: str | None = None, source: str | None = None) -> DedupDecision:
        """Record the article, or say which earlier one it duplicates (then it is not recorded)."""
        cu = canonical_url(url) if url else None
        if cu and self.urls.get(cu, doc_id) != doc_id:
            d = DedupDecision("same-url", self.urls[cu])
        else:
            norm = normalise_text(text)  # once, for the fingerprint and the signature
            fp = hashlib.sha256(norm.encode("utf-8")).hexdigest()
            if self.texts.get(fp, doc_id) != doc_id:
                d = DedupDecision("same-text", self.texts[fp])
            else:
                self.texts[fp] = doc_id
                if cu:
                    self.urls[cu] = doc_id
                self.signatures[doc_id] = self.hasher.signature(norm, normalised=True)
                return DedupDecision("new")
        self.skipped.append((source or doc_id, d.kind, d.duplicate_of or ""))
        return d

    def filter(self, docs: Iterable[object]) -> Iterator[object]:
        """The items that are not exact duplicates (the others land in ``skipped``); non-Documents pass."""
        for doc in docs:
            if not hasattr(doc, "text"):
                yield doc
                continue
            if self.check(doc.id, doc.text, doc.url, doc.source).skip:  # type: ignore[attr-defined]
                continue
            yield doc

    def stories(self, keep: Iterable[str] | None = None) -> list[Story]:
        """Near-duplicate groups among the recorded articles (only ids in ``keep`` when given)."""
        sigs = self.signatures
        if keep is not None:
            wanted = set(keep)
            sigs = {k: v for k, v in sigs.items() if k in wanted}
        return [Story(tuple(g)) for g in near_duplicate_groups(sigs, threshold=self.threshold)]

    # ---------------------------------------------------------------- persistence

    def save(self, path: Path) -> Path:
        import base64

        from .fsutil import atomic_write

        # signatures as base64 of little-endian uint64: a tenth of the time of JSON integer lists
        by_id: dict[str, dict[str, object]] = {
            i: {"sig": base64.b64encode(s.astype("<u8").tobytes()).decode("ascii")} for i, s in self.signatures.items()
        }
        for u, i in self.urls.items():
            by_id.setdefault(i, {})["url"] = u
        for h, i in self.texts.items():
            by_id.setdefault(i, {})["text"] = h
        data = {"version": 2, "num_perm": self.hasher.num_perm, "articles": by_id}
        return atomic_write(path, json.dumps(data, separators=(",", ":")).encode("utf-8"))

    @classmethod
    def load(cls, path: Path, *, threshold: float = 0.5) -> Deduper:
        import base64

        d = cls(threshold=threshold)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return d
        if data.get("num_perm") != d.hasher.num_perm:
            return d
        for i, rec in data.get("articles", {}).items():
            sig = rec.get("sig")
            if isinstance(sig, str):  # version 2: base64 of little-endian uint64
                d.signatures[i] = np.frombuffer(base64.b64decode(sig), dtype="<u8").astype(np.uint64)
            elif sig is not None:  # version 1: a list of integers
                d.signatures[i] = np.array(sig, dtype=np.uint64)
            if rec.get("url"):
                d.urls[rec["url"]] = i
            if rec.get("text"):
                d.texts[rec["text"]] = i
        return d

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Drop articles (removed from the store) from the index."""
        gone = set(doc_ids)
        self.signatures = {k: v for k, v in self.signatures.items() if k not in gone}
        self.urls = {k: v for k, v in self.urls.items() if v not in gone}
        self.texts = {k: v for k, v in self.texts.items() if v not in gone}


def _article_iri(doc_id: str) -> str:
    from .rdf import article_iri

    return str(article_iri(doc_id))


def stories_ntriples(stories: Iterable[Story]) -> str:
    """N-Triples of the stories graph: ``story a schema:CreativeWork ; dcterms:hasVersion art:…``."""
    lines = []
    for s in stories:
        st = f"<{s.iri}>"
        lines.append(f"{st} <{_RDF_TYPE}> <{_SCHEMA}CreativeWork> .")
        for v in s.versions:
            art = _article_iri(v)
            lines.append(f"{st} <{_DCT}hasVersion> <{art}> .")
            lines.append(f"<{art}> <{_DCT}isVersionOf> {st} .")
    return "\n".join(lines) + ("\n" if lines else "")


def write_stories(store: object, stories: Iterable[Story]) -> int:
    """Replace the stories named graph of a :class:`kg.store.Store` (one transaction); return the story count."""
    stories = list(stories)
    body = stories_ntriples(stories)
    update = f"DROP SILENT GRAPH <{STORIES_GRAPH}>"
    if body:
        update += f" ;\nINSERT DATA {{ GRAPH <{STORIES_GRAPH}> {{\n{body}}} }}"
    store._update(update)  # type: ignore[attr-defined]
    return len(stories)


def stored_article_ids(store: object) -> list[str]:
    """Doc ids of the article graphs of a store."""
    out = []
    for iri in store.articles():  # type: ignore[attr-defined]
        if iri.startswith(ARTICLE_NS):
            out.append(urllib.parse.unquote(iri[len(ARTICLE_NS) :]))
    return out
