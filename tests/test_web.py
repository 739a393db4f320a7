"""Saved pages, feeds, WARC files and URL lists become Documents (kg/web.py), offline.

Fixtures: tests/data/web (written by tests/data/web/make_fixtures.py).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("feedparser")
pytest.importorskip("warcio")

from kg.ingest import IngestProblem, iter_documents  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.web import USER_AGENT, Fetcher, decode_html, read_feed, read_html_file, read_url_list, read_warc  # noqa: E402

WEB = Path(__file__).resolve().parent / "data" / "web"
EN_URL = "https://tribune.example/world/2024/03/05/haftar-shoigu-moscow"
AR_URL = "https://almithal.example/news/2024/03/05/haftar-shoigu"
FURNITURE = ["ADVERTISEMENT", "Subscribe", "Great reporting", "Privacy policy", "Most read", "Markets close"]
AR_FURNITURE = ["إعلان", "اشترك", "شكرا على التغطية", "جميع الحقوق", "الأكثر قراءة", "الأسواق تغلق"]


def _check_en(doc: Document) -> None:
    assert doc.lang == "en"
    assert doc.title == "Haftar holds talks with Shoigu in Moscow"
    assert doc.published == "2024-03-05"
    assert doc.url == EN_URL
    assert "Khalifa Haftar met Russian Defence Minister Sergei Shoigu in Moscow" in doc.text
    assert "before the summer." in doc.text
    for junk in FURNITURE:
        assert junk not in doc.text, junk
    meta = dict(doc.meta)
    assert meta["author"] == "Jane Roe" and meta["site"] == "Example Tribune"
    assert meta["canonical_url"] == EN_URL


def _check_ar(doc: Document) -> None:
    assert doc.lang == "ar"
    assert doc.title == "حفتر يبحث مع شويغو التعاون العسكري في موسكو"
    assert doc.published == "2024-03-05"
    assert doc.url == AR_URL
    assert "التقى المشير خليفة حفتر وزير الدفاع الروسي سيرغي شويغو في موسكو" in doc.text
    assert "قبل الصيف." in doc.text
    for junk in AR_FURNITURE:
        assert junk not in doc.text, junk
    meta = dict(doc.meta)
    assert meta["author"] == "سارة علي" and meta["site"] == "صحيفة المثال"


def test_english_page() -> None:
    _check_en(read_html_file(WEB / "en-talks.html"))


@pytest.mark.parametrize(
    "name",
    [
        "ar-talks-utf8.html",
        "encodings/ar-talks-cp1256.html",
        "encodings/ar-talks-cp1256-http-equiv.html",
        "encodings/ar-talks-cp1256-undeclared.html",
        "encodings/ar-talks-iso8859-6.html",
        "encodings/ar-talks-iso8859-6-undeclared.html",
    ],
)
def test_arabic_page_in_every_encoding(name: str) -> None:
    _check_ar(read_html_file(WEB / name))


def test_decode_html_prefers_the_http_header() -> None:
    raw = (WEB / "encodings" / "ar-talks-iso8859-6-undeclared.html").read_bytes()
    assert decode_html(raw, "text/html; charset=ISO-8859-6")[1] == "iso8859-6"
    assert decode_html(raw)[1] == "iso8859-6"
    cp = (WEB / "encodings" / "ar-talks-cp1256-undeclared.html").read_bytes()
    assert decode_html(cp)[1] == "cp1256"


def test_feed_full_text_and_saved_page_items() -> None:
    items = list(read_feed(WEB / "feed.xml"))
    docs = [d for d in items if isinstance(d, Document)]
    problems = [p for p in items if isinstance(p, IngestProblem)]
    assert len(docs) == 2 and len(problems) == 1
    full, saved = docs
    assert full.title == "Safadi and Shoukry meet in Amman"
    assert full.published == "2024-02-11"
    assert full.url == "https://tribune.example/world/2024/02/11/safadi-shoukry-amman"
    assert full.text.startswith("Jordanian Foreign Minister Ayman Safadi met")
    assert dict(full.meta)["author"] == "John Doe"
    _check_en(saved)  # read from en-talks.html, the item's link
    assert "neither full text nor a saved page" in problems[0].message


def test_feed_item_read_from_the_fetch_cache(tmp_path: Path) -> None:
    from kg.web import cache_path

    link = "https://tribune.example/world/not-saved"
    body = cache_path(tmp_path, link)
    body.parent.mkdir(parents=True)
    body.write_bytes((WEB / "en-talks.html").read_bytes())
    docs = [d for d in read_feed(WEB / "feed.xml", cache=tmp_path) if isinstance(d, Document)]
    assert len(docs) == 3
    assert docs[2].title == "Haftar holds talks with Shoigu in Moscow"


def test_warc_html_records() -> None:
    items = list(read_warc(WEB / "crawl.warc.gz"))
    assert all(isinstance(d, Document) for d in items), items
    en, ar = items  # robots.txt and the PNG are not pages
    _check_en(en)
    _check_ar(ar)  # Windows-1256 declared in the HTTP header only
    assert dict(en.meta)["fetched_at"] == "2024-03-06T10:00:01Z"


def test_iter_documents_dispatches_web_files() -> None:
    paths = [WEB / "en-talks.html", WEB / "feed.xml", WEB / "crawl.warc.gz"]
    items = list(iter_documents(paths))
    assert sum(isinstance(d, Document) for d in items) == 5
    assert sum(isinstance(d, IngestProblem) for d in items) == 1


def test_article_node_provenance() -> None:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, PROV

    from kg.pipeline import ArticleResult
    from kg.rdf import article_graph, article_iri

    doc = read_html_file(WEB / "en-talks.html")
    g = article_graph(ArticleResult(doc, (), (), (), (), (), ()))
    art = article_iri(doc.id)
    assert str(g.value(art, DCTERMS.title)) == doc.title
    assert str(g.value(art, DCTERMS.date)) == "2024-03-05"
    assert str(g.value(art, DCTERMS.creator)) == "Jane Roe"
    assert str(g.value(art, DCTERMS.publisher)) == "Example Tribune"
    assert str(g.value(art, DCTERMS.source)) == EN_URL
    assert URIRef(EN_URL) in set(g.objects(art, PROV.hadPrimarySource))


# --------------------------------------------------------------------------- fetching from 127.0.0.1


class _Handler(http.server.SimpleHTTPRequestHandler):
    log: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        _Handler.log.append((self.path, self.headers.get("User-Agent", "")))
        if self.path.endswith("ar-talks.html"):  # declared in the header only, like many servers
            data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=windows-1256")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(WEB / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    _Handler.log = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_list_fetch_politely_with_cache(server: str, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# pages to read\n{server}/news/en-talks.html\n\n{server}/news/ar-talks.html\n"
        f"{server}/private/secret.html\n{server}/news/missing.html\nnot a url\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    fetcher = Fetcher(cache=cache, min_interval=0.05, timeout=5)
    items = list(read_url_list(urls, fetcher=fetcher, record_fetch_time=True))
    docs = [d for d in items if isinstance(d, Document)]
    problems = [str(p) for p in items if isinstance(p, IngestProblem)]
    assert len(docs) == 2
    _check_en(docs[0])
    _check_ar(docs[1])
    assert dict(docs[0].meta)["fetched_url"] == f"{server}/news/en-talks.html"
    assert dict(docs[0].meta)["fetched_at"].endswith("Z")
    assert any("disallowed by robots.txt" in p for p in problems)
    assert any("HTTP 404" in p for p in problems)
    assert any("not an http(s) URL" in p for p in problems)
    paths = [p for p, _ua in _Handler.log]
    assert "/robots.txt" in paths and "/private/secret.html" not in paths
    assert all(ua == USER_AGENT for _p, ua in _Handler.log)
    # a rebuild reads the cache: no page is fetched again
    before = len(_Handler.log)
    again = [d for d in read_url_list(urls, cache=cache) if isinstance(d, Document)]
    assert [d.text for d in again] == [d.text for d in docs]
    assert [p for p, _ in _Handler.log[before:] if p.startswith("/news/")] == ["/news/missing.html"]


def test_kg_build_urls(server: str, tmp_path: Path) -> None:
    from kg.build import build

    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server}/news/en-talks.html\n{server}/news/ar-talks.html\n", encoding="utf-8")
    out = tmp_path / "out"
    report = build([], out, urls=urls, view=False)
    assert report.ok, report.problems
    assert report.articles == 2
    assert len(list((out / "cache").rglob("*.html"))) == 2
    n = len(_Handler.log)
    report = build([], out, urls=urls, view=False)
    assert len(_Handler.log) == n  # nothing refetched
    assert len(report.unchanged) == 2
