"""Read news where it lives: saved HTML pages, RSS/Atom feeds, WARC crawls and URL lists.

Every reader turns its input into :class:`~kg.model.Document` values (or
:class:`~kg.ingest.IngestProblem` for an input it cannot read), like
:mod:`kg.ingest` does for ``.txt`` and JSONL:

* :func:`read_html_file` / :func:`html_to_document`: main text, title,
  publication date, author, site and canonical URL of a page, extracted by
  ``trafilatura`` (navigation, ads, comments dropped). The page's encoding is
  the declared one (HTTP header, ``<meta charset>``, XML declaration) or, when
  undeclared, sniffed: UTF-8, else the Arabic legacy code pages Windows-1256
  and ISO-8859-6 (whichever decodes to Arabic letters), else Windows-1252.
* :func:`read_feed`: RSS/Atom items (``feedparser``); an item whose link is a
  saved page (a local path, ``file:`` URL, or a URL in the fetch cache) is read
  from that page, else an item carrying its full text becomes a Document.
* :func:`read_warc`: every ``text/html`` response (or resource) record of a
  WARC file (``warcio``).
* :class:`Fetcher` and :func:`read_url_list`: fetch URLs politely — a timeout,
  a User-Agent naming newskg, robots.txt respected (``urllib.robotparser``),
  a minimum interval per host and an on-disk cache, so a rebuild does not
  refetch.

Extracted fields travel in ``Document.meta`` as ``(key, value)`` pairs:
``author``, ``site``, ``canonical_url``, ``fetched_url``, ``fetched_at``
(only when the fetcher is asked to record it) and ``hostname``;
:mod:`kg.rdf` writes them as provenance on the article node.

``trafilatura``, ``feedparser`` and ``warcio`` are the optional extra ``web``
(``pip install "newskg[web]"``); they are imported only when needed.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import datetime as _dt
import hashlib
import importlib
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, NewsKGError
from .ingest import IngestProblem, clean_text, detect_language
from .model import Document
from .text import short_hash, slugify

__all__ = [
    "FEED_SUFFIXES",
    "HTML_SUFFIXES",
    "USER_AGENT",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "decode_html",
    "html_to_document",
    "is_warc",
    "read_feed",
    "read_html_file",
    "read_url_list",
    "read_urls",
    "read_warc",
    "read_web_file",
    "url_doc_id",
    "using_cache",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
USER_AGENT = "newskg/0.1 (+https://w3id.org/newskg; news knowledge-graph builder)"
_EXTRA = 'the optional extra "web" (pip install "newskg[web]")'


def _require(module: str) -> Any:
    """Import ``module`` or raise a :class:`NewsKGError` naming the ``web`` extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise NewsKGError(f"reading web pages, feeds and WARC files needs {module!r}, part of {_EXTRA}") from exc


def is_warc(path: Path) -> bool:
    """``True`` for ``*.warc`` and ``*.warc.gz``."""
    name = path.name.lower()
    return name.endswith(".warc") or name.endswith(".warc.gz")


# --------------------------------------------------------------------------- encodings

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers read these labels as other encodings (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-6-i": "iso8859_6",
    "iso-8859-6-e": "iso8859_6",
    "arabic": "iso8859_6",
    "x-mac-arabic": "mac_arabic",
}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared(raw: bytes, content_type: str | None) -> str | None:
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m and _codec(m.group(1)):
            return _codec(m.group(1))
    head = raw[:4096]
    for pat in (_META_CHARSET, _XML_ENCODING):
        found = pat.search(head)
        if found and _codec(found.group(1).decode("ascii", "ignore")):
            return _codec(found.group(1).decode("ascii", "ignore"))
    return None


def _arabic_score(text: str) -> float:
    """Share of characters that are Arabic letters, ASCII or whitespace (good decodings score high)."""
    if not text:
        return 0.0
    good = sum(1 for c in text if c.isascii() or "\u0621" <= c <= "\u064a" or c in "\u060c\u061b\u061f\u00a0")
    arabic = sum(1 for c in text if "\u0621" <= c <= "\u064a")
    return good / len(text) + (0.5 if arabic else 0.0)


def decode_html(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML page; return ``(text, codec name)``.

    The HTTP ``Content-Type`` charset wins, then a BOM, ``<meta charset>`` or
    ``<meta http-equiv … content="…; charset=…">`` and the XML declaration.
    Undeclared pages: UTF-8 when valid, else Windows-1256 or ISO-8859-6
    (whichever gives Arabic text), else Windows-1252.

    >>> page = "<p>\u0648\u0632\u064a\u0631 \u0627\u0644\u062e\u0627\u0631\u062c\u064a\u0629 \u0641\u064a \u0627\u0644\u0642\u0627\u0647\u0631\u0629</p>"
    >>> decode_html(page.encode("cp1256")) == (page, "cp1256")
    True
    >>> decode_html(page.encode("iso8859_6")) == (page, "iso8859-6")
    True
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, errors="replace"), name
    declared = _declared(raw, content_type)
    if declared:
        try:
            return raw.decode(declared), declared
        except UnicodeDecodeError:
            pass  # a wrong declaration: sniff instead
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for name in ("cp1256", "iso8859-6"):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        score = _arabic_score(text)
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is not None and best[0] > 1.0:  # some Arabic letters and few odd characters
        return best[1], best[2]
    if declared:
        return raw.decode(declared, errors="replace"), declared
    return raw.decode("cp1252", errors="replace"), "cp1252"


# --------------------------------------------------------------------------- documents


def url_doc_id(url: str) -> str:
    """A stable article id for a URL: a slug of host and path plus a short hash.

    >>> url_doc_id("https://www.example.org/news/2024/talks-in-cairo.html?x=1")
    'example-org-talks-in-cairo-54515240'
    """
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.(s?html?|php|aspx?)$", "", last)
    slug = slugify(f"{host} {last}")[:60].strip("-") or "page"
    return f"{slug}-{short_hash(url)[:8]}"


def _msg(exc: Exception, where: str) -> str:
    """An error message without its leading ``where…: `` (the problem names the place already)."""
    text = str(exc)
    if text.startswith(where) and ": " in text:
        return text.split(": ", 1)[1]
    return text


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _document(
    doc_id: str,
    text: str,
    source: str,
    *,
    title: str | None,
    url: str | None,
    published: str | None,
    lang: str | None = None,
    meta: Iterable[tuple[str, str | None]] = (),
) -> Document:
    if not text or not text.strip():
        raise InputError(f"{source}: no article text found")
    cleaned, _dropped = clean_text(text)
    if not cleaned.strip():
        raise InputError(f"{source}: only page furniture, no article text")
    detected = detect_language(cleaned)
    lang = ((lang or "")[:2].lower() if (lang or "")[:2].lower() in ("ar", "en") else None) or detected
    if lang not in ("ar", "en"):
        raise InputError(f"{source}: unknown language (newskg reads Arabic and English)")
    if not title:
        title = next((ln.strip() for ln in cleaned.split("\n") if ln.strip()), "")
    pairs = tuple((k, str(v).strip()) for k, v in meta if v and str(v).strip())
    return Document(
        id=doc_id,
        text=cleaned,
        lang=lang,
        title=(title or "").strip(),
        url=url,
        published=_iso(published),
        source=source,
        meta=pairs,
    )


def html_to_document(
    page: bytes | str,
    *,
    source: str,
    doc_id: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
    fetched_at: str | None = None,
) -> Document:
    """Extract the article of one HTML page with ``trafilatura``.

    ``url`` is where the page came from (its canonical URL, when the page
    declares one, takes precedence as ``Document.url``). ``doc_id`` defaults to
    :func:`url_doc_id` of the canonical URL, else a hash of the text.
    Raises :class:`~kg.errors.InputError` when no article text is found.
    """
    trafilatura = _require("trafilatura")
    html = decode_html(page, content_type)[0] if isinstance(page, bytes) else page
    try:
        res = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"},
        )
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many kinds on broken markup
        raise InputError(f"{source}: cannot parse HTML ({exc})") from exc
    if res is None:
        raise InputError(f"{source}: no article text found in the page")
    info: dict[str, Any] = res.as_dict() if hasattr(res, "as_dict") else dict(res)
    canonical = _canonical_link(html) or info.get("url") or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = urllib.parse.urljoin(url, canonical) if url else None
    text = info.get("text") or ""
    date = info.get("date")
    if date and info.get("filedate") == date and not _has_date_hint(html, date):
        date = None  # htmldate fell back to today's date
    doc_url = canonical or url
    if doc_id is None:
        doc_id = url_doc_id(doc_url) if doc_url else "page-" + short_hash(text)[:12]
    host = urllib.parse.urlsplit(doc_url).hostname if doc_url else None
    return _document(
        doc_id,
        text,
        source,
        title=info.get("title"),
        url=doc_url,
        published=date,
        lang=_html_lang(html),
        meta=(
            ("author", info.get("author")),
            ("site", info.get("sitename")),
            ("canonical_url", canonical),
            ("fetched_url", url if url and url != canonical else None),
            ("fetched_at", fetched_at),
            ("hostname", (host or "").removeprefix("www.") or None),
        ),
    )


_CANONICAL = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*>""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2})""", re.IGNORECASE)


def _canonical_link(html: str) -> str | None:
    m = _CANONICAL.search(html[:200_000])
    if m:
        h = _HREF.search(m.group(0))
        if h:
            return h.group(1)
    return None


def _html_lang(html: str) -> str | None:
    m = _LANG.search(html[:5000])
    return m.group(1).lower() if m else None


def _has_date_hint(html: str, date: str) -> bool:
    return date in html or date.replace("-", "/") in html


def read_html_file(path: Path) -> Document:
    """One saved page; its id is the file name's slug (the canonical URL is kept as provenance)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from exc
    if not raw.strip():
        raise InputError(f"{source}: empty file")
    return html_to_document(raw, source=source, doc_id=slugify(path.stem))


# --------------------------------------------------------------------------- feeds


def _fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content), one line per block."""
    if "<" not in fragment:
        return fragment
    fragment = re.sub(r"(?i)<br\s*/?>|</(p|div|h[1-6]|li|blockquote|tr)>", "\n", fragment)
    try:
        import lxml.html

        text = lxml.html.fromstring(f"<div>{fragment}</div>").text_content()
    except Exception:  # noqa: BLE001 - fall back to a crude tag strip
        text = re.sub(r"<[^>]+>", " ", fragment)
    return "\n".join(re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n"))


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return _iso(entry.get("published") or entry.get("updated"))


def _saved_page(link: str, base: Path, cache: Path | None) -> Path | None:
    """The local file an item link points to: a path (relative to the feed), ``file:`` URL, or cache entry."""
    if not link:
        return None
    if link.startswith("file:"):
        p = Path(urllib.request.url2pathname(urllib.parse.urlsplit(link).path))
        return p if p.is_file() else None
    if link.startswith(("http://", "https://")):
        if cache is not None:
            body = cache_path(cache, link)
            if body.is_file():
                return body
        return None
    p = (base / link) if not Path(link).is_absolute() else Path(link)
    return p if p.is_file() else None


# Items whose content or summary has at least this many characters of text are
# full-text items; shorter ones are teasers and need their saved page.
FULL_TEXT_MIN_CHARS = 400


def read_feed(path: Path, *, cache: Path | None = None) -> Iterator[Document | IngestProblem]:
    """Articles of an RSS/Atom feed file, one per item.

    An item whose ``link`` is a saved page — a path relative to the feed, a
    ``file:`` URL, or an ``http(s)`` URL present in the fetch ``cache`` — is
    read from that page (title, date and link of the item fill what the page
    lacks). Otherwise an item with full text (``content:encoded`` / Atom
    ``content``, or a summary of at least ``FULL_TEXT_MIN_CHARS`` characters)
    becomes a Document. Other items are reported as problems.
    """
    feedparser = _require("feedparser")
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield IngestProblem(source, f"cannot read ({exc.strerror})")
        return
    parsed = feedparser.parse(raw)
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield IngestProblem(source, f"not an RSS/Atom feed or no items{why}")
        return
    site = parsed.feed.get("title")
    for n, entry in enumerate(parsed.entries, 1):
        where = f"{source}#item{n}"
        link = entry.get("link") or ""
        title = entry.get("title")
        date = _entry_date(entry)
        author = entry.get("author")
        lang = entry.get("language") or parsed.feed.get("language")
        page = _saved_page(link, path.parent, cache)
        try:
            if page is not None:
                meta = _cache_meta(page)
                d = html_to_document(
                    page.read_bytes(),
                    source=f"{where} ({page})",
                    url=link if link.startswith(("http://", "https://")) else meta.get("url"),
                    content_type=meta.get("content_type"),
                )
                yield _fill(d, title=title, date=date, author=author, site=site)
                continue
            content = entry.get("content") or []
            body = content[0].get("value", "") if content else ""
            text = _fragment_text(body) if body else ""
            if len(text.strip()) < FULL_TEXT_MIN_CHARS:
                summary = _fragment_text(entry.get("summary") or "")
                text = summary if len(summary.strip()) >= FULL_TEXT_MIN_CHARS else text
            if len(text.strip()) < FULL_TEXT_MIN_CHARS and not body:
                yield IngestProblem(where, "item has neither full text nor a saved page")
                continue
            url = link if link.startswith(("http://", "https://")) else None
            guid = entry.get("id") or url or f"{path.stem}-{n}"
            host = urllib.parse.urlsplit(url).hostname if url else None
            yield _document(
                url_doc_id(url) if url else slugify(f"{path.stem} {short_hash(guid)[:8]}"),
                text,
                where,
                title=title,
                url=url,
                published=date,
                lang=lang,
                meta=(
                    ("author", author),
                    ("site", site),
                    ("canonical_url", url),
                    ("hostname", (host or "").removeprefix("www.") or None),
                ),
            )
        except InputError as exc:
            yield IngestProblem(where, _msg(exc, where))


def _fill(doc: Document, *, title: str | None, date: str | None, author: str | None, site: str | None) -> Document:
    from dataclasses import replace

    meta = dict(doc.meta)
    for k, v in (("author", author), ("site", site)):
        if v and not meta.get(k):
            meta[k] = v
    return replace(
        doc,
        title=doc.title or (title or ""),
        published=doc.published or _iso(date),
        meta=tuple(meta.items()),
    )


# --------------------------------------------------------------------------- WARC


def read_warc(path: Path) -> Iterator[Document | IngestProblem]:
    """Every ``text/html`` response (or resource) record of a WARC (``.warc`` / ``.warc.gz``) file."""
    warcio = _require("warcio.archiveiterator")
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield IngestProblem(source, f"cannot read ({exc.strerror})")
        return
    with fh:
        try:
            for n, record in enumerate(warcio.ArchiveIterator(fh), 1):
                if record.rec_type not in ("response", "resource"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                if record.rec_type == "response":
                    if record.http_headers is None:
                        continue
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                else:
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                if "html" not in ctype.lower():
                    continue
                where = f"{source}#record{n}"
                body = record.content_stream().read()
                try:
                    yield html_to_document(
                        body,
                        source=f"{where} <{uri}>",
                        url=uri or None,
                        content_type=ctype,
                        fetched_at=record.rec_headers.get_header("WARC-Date"),
                    )
                except InputError as exc:
                    yield IngestProblem(where, _msg(exc, where))
        except Exception as exc:  # noqa: BLE001 - warcio raises ArchiveLoadFailed, zlib errors …
            yield IngestProblem(source, f"not a readable WARC file ({exc})")


# --------------------------------------------------------------------------- fetching


class FetchError(NewsKGError):
    """A URL that could not be fetched (or robots.txt forbids)."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched (or cached) page."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str
    from_cache: bool = False


def cache_path(cache: Path, url: str) -> Path:
    """Where the body of ``url`` is cached: ``cache/ab/abcdef….html`` (sha256 of the URL)."""
    h = hashlib.sha256(url.encode("utf-8")).hexdigest()
    return cache / h[:2] / f"{h}.html"


def _cache_meta(body_path: Path) -> dict[str, str]:
    meta = body_path.with_suffix(".json")
    if meta.is_file():
        try:
            return dict(json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}
    return {}


@dataclass
class Fetcher:
    """Polite HTTP fetching with an on-disk cache.

    * ``timeout`` seconds per request; ``user_agent`` names newskg;
    * robots.txt of each host is read once (``urllib.robotparser``) and obeyed,
      its ``Crawl-delay`` too; a robots.txt that answers 4xx allows everything,
      one that cannot be reached (5xx, network error) forbids the host
      (RFC 9309);
    * at least ``min_interval`` seconds between two requests to one host;
    * ``cache``: a folder; a cached URL is never fetched again (delete the
      folder, or pass ``refresh=True`` to :meth:`fetch`, to refetch).
    """

    cache: Path | None = None
    user_agent: str = USER_AGENT
    timeout: float = 20.0
    min_interval: float = 1.0
    max_bytes: int = 10_000_000
    robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0

    def _open(self, url: str) -> tuple[int, str, str, bytes]:
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.5"})
        self._wait(url)
        self.requests += 1
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - http(s) only, checked
                body = resp.read(self.max_bytes + 1)
                return resp.status, resp.geturl(), resp.headers.get("Content-Type", ""), body
        except urllib.error.HTTPError as exc:
            return exc.code, url, exc.headers.get("Content-Type", "") if exc.headers else "", b""

    def _wait(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._lock:
            delay = self.min_interval
            rp = self.robots.get(host)
            if rp is not None:
                cd = rp.crawl_delay(self.user_agent)
                if cd:
                    delay = max(delay, float(cd))
            last = self._last.get(host)
            now = time.monotonic()
            if last is not None and now - last < delay:
                time.sleep(delay - (now - last))
            self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets newskg fetch it."""
        parts = urllib.parse.urlsplit(url)
        host = parts.netloc.lower()
        if host not in self.robots:
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            rp = urllib.robotparser.RobotFileParser(robots_url)
            try:
                status, _final, _ctype, body = self._open(robots_url)
            except (OSError, ValueError):
                status, body = 503, b""
            # RobotFileParser.read()'s own answers to these statuses (attributes its stub omits)
            if status >= 500:
                rp.disallow_all = True  # type: ignore[attr-defined]
            elif status >= 400:
                rp.allow_all = True  # type: ignore[attr-defined]
            else:
                rp.parse(body.decode("utf-8", errors="replace").splitlines())
            rp.modified()  # mark as read, else can_fetch() answers False
            self.robots[host] = rp
        known = self.robots[host]
        return known is None or known.can_fetch(self.user_agent, url)

    def fetch(self, url: str, *, refresh: bool = False) -> FetchResult:
        """Fetch one ``http(s)`` URL (from the cache when there). Raises :class:`FetchError`."""
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url}: not an http(s) URL")
        body_path = cache_path(self.cache, url) if self.cache is not None else None
        if body_path is not None and body_path.is_file() and not refresh:
            meta = _cache_meta(body_path)
            return FetchResult(
                url=url,
                final_url=meta.get("final_url", url),
                status=int(meta.get("status", 200)),
                content_type=meta.get("content_type", ""),
                body=body_path.read_bytes(),
                fetched_at=meta.get("fetched_at", ""),
                from_cache=True,
            )
        if not self.allowed(url):
            raise FetchError(f"{url}: disallowed by robots.txt")
        try:
            status, final, ctype, body = self._open(url)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise FetchError(f"{url}: cannot fetch ({reason})") from exc
        if status != 200:
            raise FetchError(f"{url}: HTTP {status}")
        if len(body) > self.max_bytes:
            raise FetchError(f"{url}: larger than {self.max_bytes // 1_000_000} MB")
        fetched_at = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        if body_path is not None:
            body_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = body_path.with_suffix(".tmp")
            tmp.write_bytes(body)
            tmp.replace(body_path)
            record: dict[str, object] = {
                "url": url,
                "final_url": final,
                "status": status,
                "content_type": ctype,
                "fetched_at": fetched_at,
            }
            body_path.with_suffix(".json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return FetchResult(url, final, status, ctype, body, fetched_at)


def read_urls(
    urls: Iterable[str],
    fetcher: Fetcher,
    *,
    record_fetch_time: bool = False,
    source: str = "urls",
) -> Iterator[Document | IngestProblem]:
    """Fetch each URL (politely, through the cache) and extract its article."""
    for n, url in enumerate(urls, 1):
        where = f"{source}:{n}"
        try:
            res = fetcher.fetch(url)
        except FetchError as exc:
            yield IngestProblem(where, str(exc))
            continue
        if res.content_type and "html" not in res.content_type.lower():
            yield IngestProblem(where, f"{url}: not an HTML page ({res.content_type})")
            continue
        try:
            yield html_to_document(
                res.body,
                source=url,
                url=res.final_url or url,
                content_type=res.content_type,
                fetched_at=res.fetched_at if record_fetch_time else None,
            )
        except InputError as exc:
            yield IngestProblem(where, str(exc).removeprefix(url + ": "))


def read_url_list(
    path: Path,
    *,
    cache: Path | None = None,
    fetcher: Fetcher | None = None,
    record_fetch_time: bool = False,
) -> Iterator[Document | IngestProblem]:
    """Articles of the URLs listed in a text file (one a line; blank lines and ``#`` comments ignored)."""
    source = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield IngestProblem(source, f"cannot read the URL list ({exc})")
        return
    fetcher = fetcher or Fetcher(cache=cache)
    urls: list[str] = []
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not s.startswith(("http://", "https://")):
            yield IngestProblem(f"{source}:{n}", f"not an http(s) URL: {s[:80]!r}")
            continue
        urls.append(s)
    yield from read_urls(urls, fetcher, record_fetch_time=record_fetch_time, source=source)


# --------------------------------------------------------------------------- dispatch

_CACHE: contextvars.ContextVar[Path | None] = contextvars.ContextVar("newskg_web_cache", default=None)


@contextlib.contextmanager
def using_cache(cache: Path | None) -> Iterator[None]:
    """Within the block, feed items may be read from pages in this fetch cache (``kg build`` sets OUT/cache)."""
    token = _CACHE.set(cache)
    try:
        yield
    finally:
        _CACHE.reset(token)


def read_web_file(path: Path) -> Iterator[Document | IngestProblem]:
    """A saved page, a feed or a WARC file, by its name; what :func:`kg.ingest.iter_documents` calls."""
    if is_warc(path):
        yield from read_warc(path)
    elif path.suffix.lower() in FEED_SUFFIXES:
        yield from read_feed(path, cache=_CACHE.get())
    else:
        try:
            yield read_html_file(path)
        except InputError as exc:
            yield IngestProblem(str(path), str(exc).removeprefix(str(path) + ": "))
