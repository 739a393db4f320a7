"""Read articles: ``.txt`` files (first line the headline), folders of them, JSONL.

Page furniture of scraped pages (weather widgets, view counters, "link
copied" lines, a repeated headline) is dropped before extraction, using the
patterns in ``ontologies/lexicons/furniture.txt``. Every problem with an
input raises :class:`~kg.errors.InputError` naming the file (and line).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .lexicon import resource_path
from .model import Document
from .text import arabic_share, slugify

__all__ = [
    "IngestProblem",
    "MAX_ARTICLE_BYTES",
    "clean_text",
    "detect_language",
    "iter_documents",
    "read_jsonl",
    "read_text_file",
]

MAX_ARTICLE_BYTES = 5_000_000
"""Largest article accepted (UTF-8 bytes). A bigger file is refused before it is read
(a 50 MB "article" is a dump or a mistake, not one news story); split it into JSONL lines."""
_MAX_JSONL_LINE = 2 * MAX_ARTICLE_BYTES  # JSON escaping can double a line's size
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<\?xml)", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(html|head|body|div|p|span|script|style|table|a|meta|link|br)\b[^>]*>", re.IGNORECASE)
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """An input that could not be read; the build goes on without it."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@lru_cache(maxsize=1)
def _furniture() -> tuple[re.Pattern[str], ...]:
    path = resource_path("ontologies", "lexicons", "furniture.txt")
    pats = []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            pats.append(re.compile(line.strip()))
    return tuple(pats)


def _is_furniture(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    return any(p.search(s) for p in _furniture())


def clean_text(text: str) -> tuple[str, list[str]]:
    """Drop page-furniture lines and a repeated headline; return ``(text, dropped lines)``.

    >>> clean_text("Title\\n- 435\\nTitle\\nBody text here.")[0]
    'Title\\nBody text here.'
    """
    out: list[str] = []
    dropped: list[str] = []
    seen: set[str] = set()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        key = line.strip()
        if _is_furniture(line) or (key and key in seen and len(key) < 300):
            dropped.append(line)
            continue
        if key:
            seen.add(key)
        out.append(line.rstrip())
    return "\n".join(out).strip("\n"), dropped


def detect_language(text: str) -> str | None:
    """``"ar"`` when Arabic script dominates the letters, ``"en"`` for Latin script, else None."""
    share = arabic_share(text)
    if share >= 0.3:
        return "ar"
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii()) / len(letters) >= 0.7:
        return "en"
    return None


def _decode(raw: bytes, source: str) -> str:
    """UTF-8 (BOM dropped), UTF-16 with a BOM, or Arabic Windows-1256; anything else raises InputError."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{source}: binary file (NUL bytes), not an article")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1256 is the common legacy encoding of Arabic pages.
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 and not Windows-1256 ({exc.reason})") from exc
    if not _plausible_arabic(text):
        raise InputError(f"{source}: not UTF-8 (and not Arabic Windows-1256 either); save it as UTF-8")
    return text


def _plausible_arabic(text: str) -> bool:
    """Whether a Windows-1256 decoding reads as Arabic rather than as another code page's bytes.

    Windows-1256 maps almost every byte to something, so KOI8-R Russian or
    Latin-1 French "decode" too; real Arabic has few accented Latin letters and
    alef/lam are its commonest letters (together about a quarter of them).
    """
    if arabic_share(text) < 0.3:
        return False
    letters = [c for c in text if c.isalpha()]
    latin_accented = sum(1 for c in letters if "\u00c0" <= c <= "\u024f")
    if latin_accented > 0.05 * len(letters):
        return False
    arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
    alef_lam = sum(1 for c in arabic if c in "اأإآل")
    return alef_lam >= 0.10 * len(arabic)


def _looks_like_html(text: str) -> bool:
    """A whole web page saved under a text name (markup, not an article)."""
    head = text[:2048].lstrip().encode("utf-8", "replace")
    if _HTML_START.match(head):
        return True
    tags = [m.group(1).lower() for m in _HTML_TAG.finditer(text[:20000])]
    # a quoted <script> or two in a story about web security is text; page structure is not
    return len(tags) >= 20 or (len(tags) >= 5 and any(t in ("html", "head", "body", "div", "p") for t in tags))


def _published_from(name: str, text: str) -> str | None:
    m = _DATE_IN_NAME.search(name)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def _make(
    doc_id: str,
    text: str,
    source: str,
    *,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
) -> Document:
    if not text.strip():
        raise InputError(f"{source}: empty article")
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise InputError(f"{source}: article larger than {MAX_ARTICLE_BYTES // 1_000_000} MB; split it")
    if _looks_like_html(text):
        raise InputError(
            f"{source}: HTML markup, not plain text; give the page as a .html file "
            "(HTML extraction needs the 'web' extra: pip install 'newskg[web]')"
        )
    cleaned, _dropped = clean_text(text)
    if not cleaned.strip():
        raise InputError(f"{source}: only page furniture, no article text")
    # detected only when not given: a record's own language (every bench record has one) is taken
    # as it is, and counting the letters of every text was 4 % of a full build's main process
    lang = (lang or detect_language(cleaned) or "").lower()[:2]
    if lang not in ("ar", "en"):
        raise InputError(f"{source}: unknown language (newskg reads Arabic and English)")
    if title is None:
        title = next((ln.strip() for ln in cleaned.split("\n") if ln.strip()), "")
    return Document(
        id=doc_id,
        text=cleaned,
        lang=lang,
        title=title,
        url=url,
        published=_iso_date(published),
        source=source,
    )


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    try:
        # RFC 2822 ("Tue, 14 Mar 2017 10:00:00 GMT"), common in feeds: parsed without dateparser's cost
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(str(value)).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        dt = dateparser.parse(str(value), settings={"PREFER_DAY_OF_MONTH": "first"})
    except Exception:  # dateparser raises many kinds on odd input
        return None
    return dt.date().isoformat() if dt else None


def read_text_file(path: Path) -> Document:
    """One ``.txt`` article; its id is the file name's slug, its date from the name when present."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:  # refuse before reading: a 50 MB file costs nothing
            raise InputError(
                f"{source}: file of {size / 1_000_000:.1f} MB is larger than the "
                f"{MAX_ARTICLE_BYTES // 1_000_000} MB article limit; split it (e.g. one article a JSONL line)"
            )
        if size == 0:
            raise InputError(f"{source}: empty file")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from exc
    text = _decode(raw, source)
    return _make(slugify(path.stem), text, source, published=_published_from(path.name, text))


def read_jsonl(path: Path) -> Iterator[Document | IngestProblem]:
    """Articles of a JSONL file, one per line; a bad line is reported, the rest still read."""
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield IngestProblem(source, f"cannot read ({exc.strerror})")
        return
    with fh:
        opener = fh
        if path.suffix == ".gz":
            import gzip

            opener = gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
        n = 0
        lines = iter(opener)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                break
            except (OSError, EOFError, ValueError) as exc:  # corrupt or truncated gzip
                yield IngestProblem(f"{source}:{n + 1}", f"cannot read further ({exc}); earlier lines kept")
                break
            n += 1
            if not raw.strip():
                continue
            where = f"{source}:{n}"
            if len(raw) > _MAX_JSONL_LINE:
                yield IngestProblem(
                    where, f"line of {len(raw) / 1_000_000:.1f} MB is larger than the article limit; split it"
                )
                continue
            try:
                rec = json.loads(_decode(raw, where))
            except InputError as exc:
                yield IngestProblem(where, str(exc).removeprefix(where + ": "))
                continue
            except json.JSONDecodeError as exc:
                yield IngestProblem(where, f"not a JSON object ({exc})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield IngestProblem(where, "a JSONL article needs a 'text' string")
                continue
            doc_id = str(rec.get("id") or f"{slugify(path.stem)}-{n}")
            if not slugify(doc_id):
                doc_id = f"{slugify(path.stem)}-{n}"
            try:
                yield _make(
                    slugify(doc_id),
                    rec["text"],
                    where,
                    title=_opt_str(rec, "title"),
                    url=_opt_str(rec, "url"),
                    published=_opt_str(rec, "published"),
                    lang=_opt_str(rec, "lang"),
                )
            except InputError as exc:
                yield IngestProblem(where, str(exc).removeprefix(where + ": "))


_WEB_SUFFIXES = {".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".warc"}


def _is_web(path: Path) -> bool:
    return path.suffix.lower() in _WEB_SUFFIXES or path.name.lower().endswith(".warc.gz")


def _opt_str(rec: dict, key: str) -> str | None:
    """A JSONL field as a non-empty string, else None (numbers, lists and nulls are ignored)."""
    value = rec.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | IngestProblem]:
    for p in paths:
        path = Path(p)
        if not path.exists():
            yield IngestProblem(str(path), "no such file or folder")
        elif path.is_dir():
            found = False
            for child in sorted(path.rglob("*")):
                if child.is_file() and (
                    child.suffix in _TEXT_SUFFIXES
                    or child.suffix in _JSONL_SUFFIXES
                    or child.name.endswith(".jsonl.gz")
                    or _is_web(child)
                ):
                    found = True
                    yield child
            if not found:
                yield IngestProblem(str(path), "folder holds no article files (.txt, .jsonl, …)")
        else:
            yield path


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | IngestProblem]:
    """Every article under *paths*, in a stable order; problems are yielded, not raised."""
    for item in _expand(paths):
        if isinstance(item, IngestProblem):
            yield item
            continue
        if item.suffix in _JSONL_SUFFIXES or item.name.endswith(".jsonl.gz"):
            yield from read_jsonl(item)
            continue
        if _is_web(item):  # saved pages, RSS/Atom feeds, WARC files: kg/web.py (extra "web")
            from .web import read_web_file

            yield from read_web_file(item)
            continue
        try:
            yield read_text_file(item)
        except InputError as exc:
            yield IngestProblem(str(item), str(exc).removeprefix(str(item) + ": "))
