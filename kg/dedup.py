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
import itertools
import json
import random
import re
import struct
import urllib.parse
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

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
_T = TypeVar("_T")


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

    >>> shingles("a b c", k=2) == shingles("A  b, c", k=2) and len(shingles("a b c", k=2))
    2
    """
    # normalise_text's output has its words one space apart, no space around them
    data = (text if normalised else normalise_text(text)).encode("utf-8")
    if not data:
        return set()
    # the k-gram from word i is the bytes from word i's start to word i+k-1's end: slices of the
    # encoded text, not a join and an encoding per gram (the blake2b digests are the rest)
    ends = list(itertools.accumulate(len(w) + 1 for w in data.split(b" ")))
    if len(ends) < k:
        return {int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "big")}
    blake2b = hashlib.blake2b
    digests = b"".join(
        [blake2b(data[s : e - 1], digest_size=4).digest() for s, e in zip([0, *ends], ends[k - 1 :], strict=False)]
    )
    return set(struct.unpack(f">{len(digests) // 4}I", digests))


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
        h = self._a[:, None] * x
        h += self._b[:, None]
        # h mod (2**61 - 1) without a division: 2**61 is 1 modulo the prime, so the high bits add
        # to the low 61 (a sum below the prime plus 8, one subtraction at most)
        prime = np.uint64(_PRIME)
        low = h & prime
        h >>= np.uint64(61)
        low += h
        if low.max() >= prime:  # about once in 2**58 values: subtract where needed (wrapped is larger)
            np.minimum(low, low - prime, out=low)
        return low.min(axis=1)


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
                first, second = members[x], members[y]
                if (first, second) in checked or find(first) == find(second):
                    continue
                checked.add((first, second))
                if jaccard_estimate(signatures[first], signatures[second]) >= threshold:
                    parent[find(second)] = find(first)
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
    # doc id -> the signature a check() of a new text of it replaced (the first one, since load)
    previous: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _base: _Saved | None = field(default=None, init=False, repr=False, compare=False)  # see save()
    # (ids, matrix, its rows) as loaded: see signature_matrix()
    _loaded: tuple[list[str], np.ndarray, list[np.ndarray]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # doc id -> its text fingerprint and its URL: made the first time a recorded article comes back
    # (a new version), then kept up to date, so that its old text and URL stop naming it
    _keys_of: tuple[dict[str, str], dict[str, str]] | None = field(default=None, init=False, repr=False, compare=False)

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
                if doc_id in self.signatures or self._keys_of is not None:
                    self._rekey(doc_id, fp, cu)
                self.texts[fp] = doc_id
                if cu:
                    self.urls[cu] = doc_id
                if doc_id in self.signatures and doc_id not in self.previous:
                    self.previous[doc_id] = self.signatures[doc_id]
                self.signatures[doc_id] = self.hasher.signature(norm, normalised=True)
                return DedupDecision("new")
        self.skipped.append((source or doc_id, d.kind, d.duplicate_of or ""))
        return d

    def _rekey(self, doc_id: str, fp: str, cu: str | None) -> None:
        """Record *doc_id*'s text fingerprint and URL; drop the ones its previous version had.

        A save keeps one text and one URL per article; without this the old text went on
        naming the article until the index was read again, and a later article with that
        text was skipped as its duplicate, in that process only.
        """
        if self._keys_of is None:
            self._keys_of = ({i: h for h, i in self.texts.items()}, {i: u for u, i in self.urls.items()})
        text_of, url_of = self._keys_of
        for new, of, index in ((fp, text_of, self.texts), (cu, url_of, self.urls)):
            if new is None:
                continue  # no URL this time: the one it had stays its URL, as a save keeps it
            old = of.get(doc_id)
            if old is not None and old != new and index.get(old) == doc_id:
                del index[old]
            of[doc_id] = new

    def filter(self, docs: Iterable[_T]) -> Iterator[_T]:
        """The items that are not exact duplicates (the others land in ``skipped``); non-Documents pass."""
        for doc in docs:
            if not hasattr(doc, "text"):
                yield doc
                continue
            if self.check(doc.id, doc.text, doc.url, doc.source).skip:  # type: ignore[attr-defined]
                continue
            yield doc

    def signature_matrix(self, keep: Container[str]) -> tuple[list[str], np.ndarray]:
        """The ids in *keep* that have a signature, and their signatures as the rows of one matrix.

        The rows come in no particular order. Those the index was loaded with are
        taken from the loaded matrix (stacking 20,000 rows one by one took 40 ms).

        >>> d = Deduper()
        >>> _ = d.check("a", "one two three four five six"), d.check("b", "seven eight nine ten eleven")
        >>> ids, m = d.signature_matrix({"b", "c"})
        >>> ids, m.shape
        (['b'], (1, 128))
        """
        sigs = self.signatures
        if self._loaded is None:
            ids = [i for i in sigs if i in keep]
            matrix = np.stack([sigs[i] for i in ids]) if ids else np.zeros((0, self.hasher.num_perm), dtype=np.uint64)
            return ids, matrix
        loaded_ids, loaded, rows = self._loaded
        # a loaded row still counts while the index holds that very array for its id (a later
        # check() or journal line sets a new one, forget() drops it)
        current = [sigs.get(i) is row and i in keep for i, row in zip(loaded_ids, rows, strict=True)]
        mask = np.fromiter(current, dtype=bool, count=len(current))
        ids = [i for i, ok in zip(loaded_ids, current, strict=True) if ok]
        extra = [i for i in sorted(sigs.keys() - set(ids)) if i in keep]
        if len(ids) == len(loaded_ids):  # every loaded row still counts (the usual case): not copied
            whole = loaded.view()
            whole.flags.writeable = False  # the index's own rows
            parts = [whole]
        else:
            parts = [loaded[mask]]
        parts += [np.stack([sigs[i] for i in extra])] if extra else []
        return ids + extra, np.concatenate(parts) if len(parts) > 1 else parts[0]

    def stories(self, keep: Iterable[str] | None = None) -> list[Story]:
        """Near-duplicate groups among the recorded articles (only ids in ``keep`` when given)."""
        sigs = self.signatures
        if keep is not None:
            wanted = set(keep)
            sigs = {k: v for k, v in sigs.items() if k in wanted}
        return [Story(tuple(g)) for g in near_duplicate_groups(sigs, threshold=self.threshold)]

    # ---------------------------------------------------------------- persistence
    #
    # OUT/dedup.json (version 3) holds the article ids, URLs and text fingerprints; their signatures
    # are one binary matrix (little-endian uint64, rows in "ids" order) in OUT/dedup.json.TOKEN.sigs,
    # written before the JSON that names it (version 2 held them in base64 per article: 33 MB of JSON
    # for 20,000 articles, 0.5 s to read and as much to write). A build that adds a few articles to a
    # big index appends their records to OUT/dedup.json.journal instead of rewriting the files. Each
    # journal line names the TOKEN of the dedup.json it applies to: a full save writes a new token, so
    # lines of an older file are ignored even if the journal outlives it, and a line cut short by a
    # crash does not parse and is skipped. Versions 1 and 2 still load (and are rewritten by a save).

    def save(self, path: Path) -> Path:
        """Write the index to *path* (see above): appended to its journal when loaded from *path* and little changed."""
        import os

        path = Path(path)
        cur = _Saved.of(self)
        base = self._base
        if base is not None and base.path == path.absolute() and path.exists():
            changed, dropped = base.diff(cur)
            if not changed and not dropped:
                return path
            line = {"journal": base.token, "set": {i: cur.record_json(i) for i in changed}, "drop": dropped}
            data = (json.dumps(line, separators=(",", ":")) + "\n").encode("utf-8")
            if base.journal_bytes + len(data) <= max(_JOURNAL_MIN, base.file_bytes // _JOURNAL_SHARE):
                journal = _journal_path(path)
                with journal.open("ab") as fh:
                    if fh.tell() and not _ends_with_newline(journal):
                        fh.write(b"\n")  # after a line cut short by a crash
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                    size = fh.tell()
                self._base = cur.saved_as(path, base.token, base.file_bytes, size)
                return path
        return self._save_full(path, cur)

    def _save_full(self, path: Path, cur: _Saved) -> Path:
        import contextlib
        import glob
        import secrets

        from .fsutil import atomic_write

        ids = list(cur.sigs)
        if ids:
            matrix = np.stack([cur.sigs[i] for i in ids]).astype("<u8")
        else:
            matrix = np.zeros((0, self.hasher.num_perm), dtype="<u8")
        token = secrets.token_hex(8)
        sigs = path.with_name(f"{path.name}.{token}.sigs")
        atomic_write(sigs, matrix.tobytes())  # first: the JSON below names it
        data = {
            "version": 3,
            "num_perm": self.hasher.num_perm,
            "journal": token,
            "ids": ids,
            "sigs": sigs.name,
            "urls": cur.urls,
            "texts": cur.texts,
        }
        body = json.dumps(data, separators=(",", ":")).encode("utf-8")
        atomic_write(path, body)
        # what the new files replace (a crash before this leaves files no dedup.json names: removed next time)
        with contextlib.suppress(FileNotFoundError):
            _journal_path(path).unlink()  # its lines name the old token: ignored if this is not reached
        for old in path.parent.glob(f"{glob.escape(path.name)}.*.sigs"):
            if old != sigs:
                with contextlib.suppress(FileNotFoundError):
                    old.unlink()
        self._base = cur.saved_as(path, token, len(body) + matrix.nbytes, 0)
        return path

    @classmethod
    def load(cls, path: Path, *, threshold: float = 0.5) -> Deduper:
        """The index saved at *path* (an empty one when there is none or it is unreadable)."""
        d = cls(threshold=threshold)
        path = Path(path)
        try:
            body = path.read_bytes()
            data = json.loads(body)
        except (OSError, ValueError):
            return d
        if not isinstance(data, dict) or data.get("num_perm") != d.hasher.num_perm:
            return d
        size = len(body)
        try:
            if data.get("version") == 3:
                ids, name = data["ids"], data["sigs"]
                if Path(name).name != name or not name.startswith(path.name):
                    return d
                matrix = np.fromfile(path.with_name(name), dtype="<u8")
                matrix = matrix.astype(np.uint64, copy=False).reshape(len(ids), d.hasher.num_perm)
                size += matrix.nbytes
                rows = list(matrix)  # views: the signatures below are these very objects
                saved = _Saved(dict(zip(ids, rows, strict=True)), dict(data["urls"]), dict(data["texts"]))
                loaded = (ids, matrix, rows)
            else:
                saved = _Saved({}, {}, {})
                for i, rec in data.get("articles", {}).items():
                    saved.set(i, rec)
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return d  # unreadable: as if there were no index
        token = data.get("journal")
        journal_bytes = saved.replay(_journal_path(path), token) if isinstance(token, str) else 0
        d.signatures = dict(saved.sigs)
        if data.get("version") == 3:
            d._loaded = loaded
        d.urls = {u: i for i, u in saved.urls.items() if u}
        d.texts = {h: i for i, h in saved.texts.items() if h}
        if isinstance(token, str):  # what a save compares with: what a load of the files gives
            d._base = saved.saved_as(path, token, size, journal_bytes)
        return d

    @property
    def saved_state(self) -> str | None:
        """Which saved state of its file the index was loaded from or last saved to (None: neither).

        Every save that changes the file changes it (a new token, or a longer
        journal). A build records it in the store once each article of the index
        is stored (:meth:`kg.store.Store.dedup_index_matches`).

        >>> import tempfile, pathlib
        >>> d = Deduper()
        >>> d.saved_state is None
        True
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "dedup.json"
        >>> _ = d.save(path)
        >>> Deduper.load(path).saved_state == d.saved_state != None
        True
        """
        base = self._base
        return None if base is None else f"{base.token}-{base.journal_bytes}"

    def forget(self, doc_ids: Iterable[str]) -> None:
        """Drop articles (removed from the store) from the index."""
        gone = set(doc_ids)
        if not gone:
            return
        self.signatures = {k: v for k, v in self.signatures.items() if k not in gone}
        self.urls = {k: v for k, v in self.urls.items() if v not in gone}
        self.texts = {k: v for k, v in self.texts.items() if v not in gone}
        self._keys_of = None  # made again when needed


_JOURNAL_MIN = 1 << 20
_JOURNAL_SHARE = 8  # a journal past an eighth of the index (and 1 MiB) is folded into a full save


@dataclass
class _Saved:
    """An index as a save keeps it: per article id its signature, ONE URL and ONE text fingerprint.

    After a load or a save, also where and under which journal token it is on disk (``path`` is then set).
    """

    sigs: dict[str, np.ndarray]
    urls: dict[str, str]  # id -> URL
    texts: dict[str, str]  # id -> text fingerprint
    path: Path | None = None
    token: str = ""
    file_bytes: int = 0
    journal_bytes: int = 0

    @classmethod
    def of(cls, d: Deduper) -> _Saved:
        # the last URL and text of each id win, as in version 2's per-article records
        return cls(dict(d.signatures), {i: u for u, i in d.urls.items()}, {i: h for h, i in d.texts.items()})

    def saved_as(self, path: Path, token: str, file_bytes: int, journal_bytes: int) -> _Saved:
        return _Saved(self.sigs, self.urls, self.texts, Path(path).absolute(), token, file_bytes, journal_bytes)

    def ids(self) -> set[str]:
        return self.sigs.keys() | self.urls.keys() | self.texts.keys()

    def diff(self, new: _Saved) -> tuple[list[str], list[str]]:
        """(ids whose record differs in *new*, ids *new* no longer has)."""
        new_ids = new.ids()
        changed = {
            i
            for i, s in new.sigs.items()
            if self.sigs.get(i) is not s and (i not in self.sigs or not np.array_equal(self.sigs[i], s))
        }
        changed.update(self.sigs.keys() - new.sigs.keys())
        for mine, theirs in ((self.urls, new.urls), (self.texts, new.texts)):
            changed.update(i for i, v in theirs.items() if mine.get(i) != v)
            changed.update(mine.keys() - theirs.keys())
        dropped = sorted(self.ids() - new_ids)
        return sorted(changed & new_ids), dropped

    def record_json(self, i: str) -> dict[str, object]:
        import base64

        out: dict[str, object] = {}
        if i in self.sigs:
            out["sig"] = base64.b64encode(np.asarray(self.sigs[i]).astype("<u8").tobytes()).decode("ascii")
        if i in self.urls:
            out["url"] = self.urls[i]
        if i in self.texts:
            out["text"] = self.texts[i]
        return out

    def set(self, i: str, rec: dict[str, object]) -> None:
        """Set the record of *i* from its saved form (version 1 and 2 articles, journal lines)."""
        for part in (self.sigs, self.urls, self.texts):
            part.pop(i, None)
        sig = _signature(rec.get("sig"))
        if sig is not None:
            self.sigs[i] = sig
        for key, part in (("url", self.urls), ("text", self.texts)):
            if key in rec and rec[key] is not None:
                part[i] = rec[key]  # type: ignore[assignment]

    def replay(self, journal: Path, token: str) -> int:
        """Apply the lines of *journal* written for *token*; returns the journal's size in bytes."""
        try:
            lines = journal.read_bytes()
        except OSError:
            return 0
        for line in lines.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # cut short by a crash
            if not isinstance(entry, dict) or entry.get("journal") != token:
                continue
            for i in entry.get("drop", []):
                for part in (self.sigs, self.urls, self.texts):
                    part.pop(i, None)
            for i, rec in entry.get("set", {}).items():
                self.set(i, rec)
        return len(lines)


# path -> (the files' identity, the index) a process kept after its last build (see load_kept)
_KEPT: dict[str, tuple[tuple[Any, ...], Deduper]] = {}


def _files_key(path: Path) -> tuple[Any, ...] | None:
    """Which files *path* and its journal are (inode, size, modification time): a save replaces
    the file (a new inode) or appends to the journal."""
    try:
        st = path.stat()
    except OSError:
        return None
    try:
        j = _journal_path(path).stat()
        journal: tuple[int, int, int] | None = (j.st_ino, j.st_size, j.st_mtime_ns)
    except OSError:
        journal = None
    return (st.st_ino, st.st_size, st.st_mtime_ns, journal)


def load_kept(path: Path) -> Deduper:
    """:meth:`Deduper.load`, or the index this process kept with :func:`keep` if the files are
    still the ones it saved (reading 28 MB took 0.1 s of every add on 20,000 articles).

    The caller owns what it gets: nothing is kept until it calls :func:`keep` again.
    """
    path = Path(path)
    got = _KEPT.pop(str(path.resolve()), None)
    key = _files_key(path)
    if got is not None and key is not None and got[0] == key:
        d = got[1]
        d.skipped, d.previous = [], {}
        return d
    return Deduper.load(path)


def keep(path: Path, d: Deduper) -> None:
    """Keep *d*, just saved to *path*, for this process's next :func:`load_kept` of *path*."""
    path = Path(path)
    key = _files_key(path)
    _KEPT.clear()  # one folder at a time
    # after a new version of an article too: check() drops its old text and URL, as a load of the
    # saved files would not know them
    if key is not None and d.saved_state is not None:
        _KEPT[str(path.resolve())] = (key, d)


def _journal_path(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(-1, 2)
        return fh.read(1) == b"\n"


def _signature(sig: object) -> np.ndarray | None:
    """A saved signature: base64 of little-endian uint64 (version 2 and journals) or a list of integers (version 1)."""
    import base64

    if isinstance(sig, str):
        return np.frombuffer(base64.b64decode(sig), dtype="<u8").astype(np.uint64)
    if sig is not None:
        return np.array(sig, dtype=np.uint64)
    return None


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
