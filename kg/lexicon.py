"""Language knowledge loaded from data files: gazetteers, titles, triggers, cues.

Nothing is read at import time; :func:`load_lexicon` reads and caches on
first use. Files live under ``ontologies/lexicons/<lang>/`` and
``data/gazetteers/`` (see the READMEs there); adding an entry needs no code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import DataFileError
from .text import normalize, normalize_token, strip_diacritics

__all__ = [
    "GazEntry",
    "Lexicon",
    "TitleEntry",
    "TriggerEntry",
    "cache_dir",
    "load_lexicon",
    "resource_path",
]


def resource_path(*parts: str) -> Path:
    """Where a bundled data file is: in the wheel (``kg/_resources``) or the source tree."""
    here = Path(__file__).resolve().parent
    for root in (here / "_resources", here.parent):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return here.parent.joinpath(*parts)


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entity."""

    id: str
    type: str
    subtype: str | None
    labels: tuple[tuple[str, str], ...]
    names: tuple[tuple[str, str], ...]  # (lang, name)
    country: str | None = None
    capital: str | None = None
    population: int = 0
    qid: str | None = None
    roles: tuple[tuple[str, str], ...] = ()  # (role, entity id it is held in)

    def label(self, lang: str) -> str:
        """The canonical label in *lang*, else any label."""
        for lg, text in self.labels:
            if lg == lang:
                return text
        return self.labels[0][1] if self.labels else self.id


@dataclass(frozen=True, slots=True)
class TitleEntry:
    form: str
    relation: str  # leads | memberOf | -
    kind: str  # head | minister | member | rank


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    form: str
    predicate: str
    kind: str  # V N A P R
    preps: tuple[str, ...]  # normalised; "0" = direct object


@dataclass
class Lexicon:
    """Everything one language's extractor knows, indexed by normalised token tuples."""

    lang: str
    entries: dict[str, GazEntry] = field(default_factory=dict)
    # normalised token tuple -> list of (entry id, kind) ; kind in name|adjective|seat
    names: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    titles: dict[tuple[str, ...], TitleEntry] = field(default_factory=dict)
    portfolios: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    org_heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    triggers: dict[tuple[str, ...], list[TriggerEntry]] = field(default_factory=dict)
    cues: dict[tuple[str, ...], str] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    months: dict[tuple[str, ...], int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)  # weekdays.tsv: normalised form -> Monday=0 .. 6
    group_nouns: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()  # may stand between a verb and its subject
    wordsets: dict[str, frozenset[str]] = field(default_factory=dict)  # wordsets.tsv: set name -> words
    common_words: frozenset[str] = frozenset()  # frequent non-name words (end a name)
    very_common_words: frozenset[str] = frozenset()  # so frequent they never continue a given name
    stopwords_raw: frozenset[str] = frozenset()  # stopwords as written (على is not علي)
    # predicate -> (subject type letters, object type letters)
    arg_types: dict[str, tuple[str, str]] = field(default_factory=dict)
    state_organs: frozenset[str] = frozenset()  # gazetteer subtypes that act for their country
    news_outlets: frozenset[str] = frozenset()  # gazetteer subtypes that report (and quote) others
    arg_never: dict[str, frozenset[str]] = field(default_factory=dict)  # predicate -> subtypes never its argument
    vocab: frozenset[str] = frozenset()  # every normalised token of a known form
    initial_vocab: frozenset[str] = frozenset()  # tokens that start a known form
    max_name_len: int = 1
    max_phrase_len: int = 1

    def wordset(self, name: str) -> frozenset[str]:
        """A named word list of ``wordsets.tsv`` (empty when the language has none)."""
        return self.wordsets.get(name, frozenset())

    def lookup(self, key: tuple[str, ...]) -> list[tuple[str, str]]:
        return self.names.get(key, [])

    def entry(self, entity_id: str) -> GazEntry | None:
        return self.entries.get(entity_id)

    def by_name(self, name: str, tokenize: Callable[[str], list[str]] | None = None) -> list[GazEntry]:
        """Gazetteer entries one of whose names is *name* (normalised)."""
        toks = tokenize(name) if tokenize else name.split()
        key = tuple(normalize_token(t) for t in toks)
        return [self.entries[i] for i, _ in self.names.get(key, []) if i in self.entries]


def _read_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    if not path.exists():
        return
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 ({exc})") from exc
    for n, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, [c.strip() for c in line.split("\t")]


def _gazetteer_files() -> list[Path]:
    root = Path(os.environ.get("NEWSKG_GAZETTEER_DIR") or resource_path("data", "gazetteers"))
    files = sorted(root.glob("*.jsonl")) if root.exists() else []
    extra = os.environ.get("NEWSKG_EXTRA_GAZETTEER")
    if extra:
        files += [Path(p) for p in extra.split(os.pathsep) if p]
    return files


def _iter_gazetteer(files: Iterable[Path]) -> Iterator[tuple[Path, int, dict]]:
    for path in files:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFileError(f"{path}:{n}: not JSON ({exc.msg})") from exc
                if not isinstance(rec, dict) or "id" not in rec or "type" not in rec:
                    raise DataFileError(f"{path}:{n}: a gazetteer line needs 'id' and 'type'")
                yield path, n, rec


def _lexicon_dir(lang: str) -> Path:
    """The folder of *lang*'s lexicon files (``NEWSKG_LEXICON_DIR`` points at another lexicons folder)."""
    override = os.environ.get("NEWSKG_LEXICON_DIR")
    return Path(override) / lang if override else resource_path("ontologies", "lexicons", lang)


def _default_tokenize(text: str) -> list[str]:
    return text.split()


def build_lexicon(lang: str, tokenize: Callable[[str], list[str]] | None = None) -> Lexicon:
    """Read every data file for *lang* into a :class:`Lexicon` (uncached)."""
    tok = tokenize or _default_tokenize
    lex = Lexicon(lang=lang)
    vocab: set[str] = set()

    def key_of(text: str) -> tuple[str, ...]:
        return tuple(t for t in (normalize_token(x) for x in tok(text)) if t)

    def add_name(text: str, entity_id: str, kind: str) -> None:
        key = key_of(text)
        if not key:
            return
        bucket = lex.names.setdefault(key, [])
        if (entity_id, kind) not in bucket:
            bucket.append((entity_id, kind))
        vocab.update(key)
        lex.max_name_len = max(lex.max_name_len, len(key))

    for _path, _n, rec in _iter_gazetteer(_gazetteer_files()):
        eid = str(rec["id"])
        labels = tuple(sorted((lg, v) for lg, v in (rec.get("label") or {}).items() if v))
        names = tuple((lg, v) for lg, vs in sorted((rec.get("names") or {}).items()) for v in vs if v)
        qid = rec.get("qid") or (eid if eid.startswith("Q") and eid[1:].isdigit() else None)
        entry = GazEntry(
            id=eid,
            type=str(rec["type"]),
            subtype=rec.get("subtype"),
            labels=labels,
            names=names,
            country=rec.get("country"),
            capital=rec.get("capital"),
            population=int(rec.get("population") or 0),
            qid=qid,
            roles=tuple(
                (str(r.get("role")), str(r.get("of")))
                for r in rec.get("roles") or ()
                if isinstance(r, dict) and r.get("role") and r.get("of")
            ),
        )
        prev = lex.entries.get(eid)
        if prev is not None:
            # A later file may add names to an id another file defined.
            entry = GazEntry(
                id=eid,
                type=prev.type,
                subtype=prev.subtype or entry.subtype,
                labels=prev.labels or entry.labels,
                names=prev.names + tuple(n for n in entry.names if n not in prev.names),
                country=prev.country or entry.country,
                capital=prev.capital or entry.capital,
                population=max(prev.population, entry.population),
                qid=prev.qid or entry.qid,
                roles=prev.roles + tuple(r for r in entry.roles if r not in prev.roles),
            )
        lex.entries[eid] = entry
        for lg, text in labels:
            if lg == lang:
                add_name(text, eid, "name")
        for lg, vs in (rec.get("names") or {}).items():
            for v in vs:
                # Latin acronyms (CNN, BBC, NATO) appear inside text of any language
                if lg == lang or (v.isupper() and v.isalpha() and 2 <= len(v) <= 6 and v.isascii()):
                    add_name(v, eid, "name")
        for v in (rec.get("adjectives") or {}).get(lang, []):
            add_name(v, eid, "adjective")
        for v in (rec.get("seats") or {}).get(lang, []):
            add_name(v, eid, "seat")

    base = _lexicon_dir(lang)
    for n, cols in _read_lines(base / "titles.tsv"):
        if len(cols) < 3:
            raise DataFileError(f"{base / 'titles.tsv'}:{n}: expected form, relation, kind")
        lex.titles[key_of(cols[0])] = TitleEntry(cols[0], cols[1], cols[2])
    for n, cols in _read_lines(base / "portfolios.tsv"):
        if len(cols) < 3:
            raise DataFileError(f"{base / 'portfolios.tsv'}:{n}: expected form, English, key")
        lex.portfolios[key_of(cols[0])] = (cols[1], cols[2])
    for n, cols in _read_lines(base / "org_heads.tsv"):
        if len(cols) < 2:
            raise DataFileError(f"{base / 'org_heads.tsv'}:{n}: expected form, English head")
        lex.org_heads[key_of(cols[0])] = cols[1]
    for n, cols in _read_lines(base / "triggers.tsv"):
        if len(cols) < 4:
            raise DataFileError(f"{base / 'triggers.tsv'}:{n}: expected form, predicate, kind, prepositions")
        preps = tuple(normalize(p) for p in cols[3].split("|") if p)
        trig = TriggerEntry(cols[0], cols[1], cols[2], preps)
        lex.triggers.setdefault(key_of(cols[0]), []).append(trig)
    for n, cols in _read_lines(base / "cues.tsv"):
        if len(cols) < 2:
            raise DataFileError(f"{base / 'cues.tsv'}:{n}: expected form, cue")
        lex.cues[key_of(cols[0])] = cols[1]
    for _n, cols in _read_lines(base / "months.tsv"):
        lex.months[key_of(cols[0])] = int(cols[1])
    for n, cols in _read_lines(base / "weekdays.tsv"):
        if len(cols) < 2 or cols[1] not in ("0", "1", "2", "3", "4", "5", "6"):
            raise DataFileError(f"{base / 'weekdays.tsv'}:{n}: expected form, weekday (Monday = 0 ... Sunday = 6)")
        lex.weekdays[normalize_token(cols[0])] = int(cols[1])
    lex.stopwords = frozenset(normalize_token(c[0]) for _, c in _read_lines(base / "stopwords.txt"))

    common: dict[str, float] = {}

    def words(name: str) -> frozenset[str]:
        return frozenset(normalize_token(c[0]) for _, c in _read_lines(base / name))

    lex.group_nouns = words("group_nouns.txt")
    lex.place_nouns = words("place_nouns.txt")
    lex.prepositions = words("prepositions.txt")
    lex.pronouns = words("pronouns.txt")
    lex.relatives = words("relatives.txt")
    lex.adverbs = words("adverbs.txt")
    sets: dict[str, set[str]] = {}
    for n, cols in _read_lines(base / "wordsets.tsv"):
        if len(cols) < 2:
            raise DataFileError(f"{base / 'wordsets.tsv'}:{n}: expected set name, word")
        sets.setdefault(cols[0], set()).add(normalize_token(cols[1]))
    lex.wordsets = {k: frozenset(v) for k, v in sets.items()}
    for _n, cols in _read_lines(base / "common_words.txt"):
        zipf = float(cols[1]) if len(cols) > 1 and cols[1] else 9.0
        common[normalize_token(cols[0])] = zipf
    lex.common_words = frozenset(common)
    lex.very_common_words = frozenset(w for w, z in common.items() if z >= 4.0)
    lex.stopwords_raw = frozenset(strip_diacritics(c[0]) for _, c in _read_lines(base / "stopwords.txt"))
    pred_file = resource_path("ontologies", "lexicons", "predicates.tsv")
    for n, cols in _read_lines(pred_file):
        if len(cols) < 3:
            raise DataFileError(f"{pred_file}:{n}: expected predicate, subject types, object types")
        lex.arg_types[cols[0]] = (cols[1], cols[2])
        if len(cols) > 3 and cols[3]:
            lex.arg_never[cols[0]] = frozenset(x.strip() for x in cols[3].split(",") if x.strip())
    lex.state_organs = frozenset(c[0] for _, c in _read_lines(resource_path("data", "gazetteers", "state_organs.txt")))
    lex.news_outlets = frozenset(c[0] for _, c in _read_lines(resource_path("data", "gazetteers", "news_outlets.txt")))
    names_file = resource_path("data", "gazetteers", "given_names.txt")
    given = {normalize_token(c[0]) for _, c in _read_lines(names_file)}
    extra = os.environ.get("NEWSKG_EXTRA_GIVEN_NAMES")
    if extra:
        given |= {normalize_token(c[0]) for _, c in _read_lines(Path(extra))}
    lex.given_names = frozenset(given)
    for table in (lex.titles, lex.triggers, lex.cues, lex.org_heads, lex.portfolios):
        for key in table:
            vocab.update(key)
            lex.max_phrase_len = max(lex.max_phrase_len, len(key))
    initial = {key[0] for table in (lex.names, lex.titles, lex.triggers, lex.cues, lex.org_heads) for key in table}
    initial.update(lex.given_names)
    lex.initial_vocab = frozenset(initial)
    vocab.update(lex.given_names)
    vocab.update(lex.group_nouns | lex.place_nouns | lex.pronouns)
    lex.vocab = frozenset(vocab)
    return lex


def _source_files(lang: str) -> list[Path]:
    """Every file :func:`build_lexicon` reads for *lang* (for the cache key)."""
    base = _lexicon_dir(lang)
    files = list(_gazetteer_files())
    files += sorted(p for p in base.glob("*") if p.is_file()) if base.exists() else []
    files.append(resource_path("ontologies", "lexicons", "predicates.tsv"))
    files.append(resource_path("data", "gazetteers", "given_names.txt"))
    extra = os.environ.get("NEWSKG_EXTRA_GIVEN_NAMES")
    if extra:
        files.append(Path(extra))
    here = Path(__file__).resolve().parent
    # the code that turns the files into tables is part of the key too
    files += [here / "lexicon.py", here / "text.py"]
    return files


def _cache_key(lang: str) -> str:
    import hashlib

    import spacy

    h = hashlib.sha256(f"{lang}|spacy {spacy.__version__}|".encode())
    for path in _source_files(lang):
        h.update(str(path).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()[:32]


def cache_dir() -> Path | None:
    """Where derived data (compiled lexicons) is cached; ``None`` when caching is off.

    ``NEWSKG_CACHE_DIR`` overrides the place; ``NEWSKG_CACHE_DIR=off`` turns it off.
    """
    env = os.environ.get("NEWSKG_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "no") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newskg"


@lru_cache(maxsize=4)
def load_lexicon(lang: str) -> Lexicon:
    """The cached lexicon of *lang*, its forms tokenised by spaCy's tokenizer for *lang*.

    Building it tokenises tens of thousands of names (seconds), so the result is
    also kept on disk under :func:`cache_dir`, keyed by the content of every file
    it is built from; a changed data file is picked up at the next load.
    """
    import pickle

    where = cache_dir()
    path = where / f"lexicon-{lang}-{_cache_key(lang)}.pickle" if where else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            if isinstance(cached, Lexicon) and cached.lang == lang:
                return cached
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt, never fatal
            pass
    import spacy

    tokenizer = spacy.blank(lang).tokenizer

    def tokenize(text: str) -> list[str]:
        return [t.text for t in tokenizer(text) if not t.is_space]

    lex = build_lexicon(lang, tokenize)
    if path is not None:
        _write_cache(path, lex)
    return lex


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write_cache(path: Path, obj: object) -> None:
    """Write *obj* atomically; any failure (read-only home, full disk) only skips the cache."""
    import pickle

    from .fsutil import atomic_write

    try:
        atomic_write(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        # keep the few newest builds per language (tests and edits make new keys)
        olds = sorted(path.parent.glob(path.name.rsplit("-", 1)[0] + "-*.pickle"), key=_mtime, reverse=True)
        for old in olds[4:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
