"""Write the web fixtures of tests/test_web.py, test_dedup.py and test_events.py.

Run from the repository root: ``python tests/data/web/make_fixtures.py``.
Every article below was written for these tests (the events are invented);
the pages wrap them in navigation, ads, a comment section and a footer, as
news sites do. The WARC needs ``warcio`` (extra ``web``).
"""

from __future__ import annotations

import html
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

EN_TITLE = "Haftar holds talks with Shoigu in Moscow"
EN_PARAS = [
    "Libyan commander Khalifa Haftar met Russian Defence Minister Sergei Shoigu in Moscow on "
    "Tuesday, March 5, 2024, to discuss military cooperation, the Libyan National Army said in a statement.",
    "The two men reviewed training programmes and the situation in the east of the country, "
    "according to the statement, which gave no further details about the talks.",
    "Observers in Benghazi said the visit was the third trip of the commander to the Russian capital "
    "in a year, and that a new round of consultations was expected before the summer.",
]
AR_TITLE = "حفتر يبحث مع شويغو التعاون العسكري في موسكو"
AR_PARAS = [
    "التقى المشير خليفة حفتر وزير الدفاع الروسي سيرغي شويغو في موسكو يوم الثلاثاء 5 مارس 2024، "
    "لبحث التعاون العسكري بين الجانبين، وفق بيان صادر عن القيادة العامة.",
    "وقال البيان إن الجانبين استعرضا برامج التدريب والوضع في شرق البلاد، دون أن يقدم تفاصيل أخرى عن المحادثات.",
    "ويرى مراقبون في بنغازي أن الزيارة هي الثالثة من نوعها خلال عام، وأن جولة جديدة من المشاورات متوقعة قبل الصيف.",
]

# Three outlets run one wire story, lightly edited (test_events / test_dedup).
WIRE_TITLE = "Sisi receives Haftar in Cairo"
WIRE_PARAS = [
    "Egyptian President Abdel Fattah al-Sisi met Libyan commander Khalifa Haftar in Cairo on Monday, "
    "January 8, 2024, to discuss the security situation in Libya and the border between the two countries, "
    "the Egyptian presidency said in a statement.",
    "The statement said the two sides stressed the importance of holding elections in Libya and of "
    "ending the presence of foreign fighters, and agreed to continue close coordination on border security.",
    "Officials in Cairo said the meeting lasted about two hours and was attended by the head of Egyptian "
    "intelligence and senior military commanders from both sides, who reviewed joint training plans.",
    "The visit was the first by the Libyan commander to the Egyptian capital this year, and comes weeks "
    "after a round of talks between rival Libyan delegations ended without an agreement on a unified government.",
]
OUTLETS = [
    ("outlet-a", "Daily Planet Wire", "https://dailyplanet.example/world/sisi-haftar-cairo", "Staff reporter", {}),
    (
        "outlet-b",
        "Gazette Online",
        "https://gazette.example/news/2024/01/08/sisi-receives-haftar",
        "Gazette staff",
        {"Monday, January 8, 2024": "Monday, Jan. 8, 2024", "about two hours": "nearly two hours"},
    ),
    (
        "outlet-c",
        "Morning Herald",
        "https://herald.example/libya/sisi-meets-haftar.html",
        "Herald desk",
        {"senior military commanders": "senior army commanders", "this year": "in 2024"},
    ),
]

NAV = {
    "en": ["Home", "World", "Politics", "Business", "Sport", "Weather", "Subscribe"],
    "ar": ["الرئيسية", "العالم", "سياسة", "اقتصاد", "رياضة", "الطقس", "اشترك"],
}
AD = {
    "en": "ADVERTISEMENT — Save 50% on premium travel insurance today! Click here.",
    "ar": "إعلان - خصم 50 بالمائة على تذاكر الطيران اليوم فقط، اضغط هنا.",
}
COMMENTS = {
    "en": ["Great reporting, thanks!", "Who pays for all these trips? Nobody asks."],
    "ar": ["شكرا على التغطية الممتازة", "متى تنتهي هذه الزيارات؟"],
}
FOOTER = {
    "en": "About us | Contact | Privacy policy | Copyright 2024 Example Media Group",
    "ar": "من نحن | اتصل بنا | سياسة الخصوصية | جميع الحقوق محفوظة 2024",
}
MOST_READ = {
    "en": ["Markets close higher on Friday", "Ten recipes for a rainy weekend"],
    "ar": ["الأسواق تغلق على ارتفاع", "عشر وصفات لعطلة نهاية الأسبوع"],
}


def page(
    *,
    lang: str,
    title: str,
    paras: list[str],
    site: str,
    canonical: str,
    author: str,
    date: str,
    charset: str | None = "utf-8",
    http_equiv: bool = False,
) -> str:
    """A full news page around the article."""
    e = html.escape
    d = "rtl" if lang == "ar" else "ltr"
    if charset is None:
        meta_cs = ""
    elif http_equiv:
        meta_cs = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta_cs = f'<meta charset="{charset}">'
    nav = "".join(f'<li><a href="/{i}">{e(x)}</a></li>' for i, x in enumerate(NAV[lang]))
    body = "\n".join(f"<p>{e(p)}</p>" for p in paras)
    comments = "".join(
        f'<div class="comment"><span class="user">user{i}</span><p>{e(c)}</p></div>'
        for i, c in enumerate(COMMENTS[lang])
    )
    most = "".join(f'<li><a href="/m{i}">{e(x)}</a></li>' for i, x in enumerate(MOST_READ[lang]))
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{d}">
<head>
{meta_cs}
<title>{e(title)} | {e(site)}</title>
<link rel="canonical" href="{e(canonical)}">
<meta name="author" content="{e(author)}">
<meta property="og:site_name" content="{e(site)}">
<meta property="og:title" content="{e(title)}">
<meta property="article:published_time" content="{date}T09:30:00+00:00">
<script>window.dataLayer = [];</script>
</head>
<body>
<header><div class="logo">{e(site)}</div><nav><ul>{nav}</ul></nav></header>
<div class="ad-banner" id="ad-top">{e(AD[lang])}</div>
<main>
<article>
<h1>{e(title)}</h1>
<div class="byline">{e(author)} | <time datetime="{date}">{date}</time></div>
{body}
</article>
<aside class="most-read"><h3>{"Most read" if lang == "en" else "الأكثر قراءة"}</h3><ul>{most}</ul></aside>
<div class="ad-sidebar">{e(AD[lang])}</div>
<section id="comments" class="comments"><h3>{"Comments" if lang == "en" else "التعليقات"}</h3>{comments}</section>
</main>
<footer>{e(FOOTER[lang])}</footer>
</body>
</html>
"""


def en_page() -> str:
    return page(
        lang="en",
        title=EN_TITLE,
        paras=EN_PARAS,
        site="Example Tribune",
        canonical="https://tribune.example/world/2024/03/05/haftar-shoigu-moscow",
        author="Jane Roe",
        date="2024-03-05",
    )


def ar_page(charset: str | None, http_equiv: bool = False) -> str:
    return page(
        lang="ar",
        title=AR_TITLE,
        paras=AR_PARAS,
        site="صحيفة المثال",
        canonical="https://almithal.example/news/2024/03/05/haftar-shoigu",
        author="سارة علي",
        date="2024-03-05",
        charset=charset,
        http_equiv=http_equiv,
    )


def wire_pages() -> dict[str, str]:
    out = {}
    for name, site, url, author, edits in OUTLETS:
        paras = []
        for p in WIRE_PARAS:
            for a, b in edits.items():
                p = p.replace(a, b)
            paras.append(p)
        out[name] = page(
            lang="en", title=WIRE_TITLE, paras=paras, site=site, canonical=url, author=author, date="2024-01-08"
        )
    return out


FEED_FULL_TEXT = [
    "Jordanian Foreign Minister Ayman Safadi met Egyptian Foreign Minister Sameh Shoukry in Amman on "
    "Sunday, February 11, 2024, to discuss the humanitarian situation in the region, the Jordanian "
    "foreign ministry said.",
    "The two ministers called for an immediate increase in aid deliveries and agreed to coordinate their "
    "positions ahead of an Arab League meeting later in the month, the ministry said in a statement.",
]


def feed() -> str:
    e = html.escape
    content = "".join(f"<p>{e(p)}</p>" for p in FEED_FULL_TEXT)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Example Tribune: World</title>
<link>https://tribune.example/world</link>
<description>World news from the Example Tribune</description>
<language>en</language>
<item>
  <title>Safadi and Shoukry meet in Amman</title>
  <link>https://tribune.example/world/2024/02/11/safadi-shoukry-amman</link>
  <guid>https://tribune.example/world/2024/02/11/safadi-shoukry-amman</guid>
  <pubDate>Sun, 11 Feb 2024 14:00:00 GMT</pubDate>
  <dc:creator>John Doe</dc:creator>
  <description>The ministers discussed aid.</description>
  <content:encoded><![CDATA[{content}]]></content:encoded>
</item>
<item>
  <title>{e(EN_TITLE)}</title>
  <link>en-talks.html</link>
  <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
  <description>Haftar and Shoigu met in Moscow.</description>
</item>
<item>
  <title>A teaser with nothing behind it</title>
  <link>https://tribune.example/world/not-saved</link>
  <pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
  <description>Read more on our site.</description>
</item>
</channel>
</rss>
"""


def warc(en: bytes, ar: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)

    def response(url: str, body: bytes, ctype: str, date: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = w.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers, warc_headers_dict={"WARC-Date": date}
        )
        w.write_record(rec)

    response("https://tribune.example/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain", "2024-03-06T10:00:00Z")
    response(
        "https://tribune.example/world/2024/03/05/haftar-shoigu-moscow",
        en,
        "text/html; charset=utf-8",
        "2024-03-06T10:00:01Z",
    )
    response(
        "https://tribune.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "image/png", "2024-03-06T10:00:02Z"
    )
    response(
        "https://almithal.example/news/2024/03/05/haftar-shoigu",
        ar,
        "text/html; charset=windows-1256",
        "2024-03-06T10:00:03Z",
    )
    return buf.getvalue()


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    en = en_page().encode("utf-8")
    (HERE / "en-talks.html").write_bytes(en)
    (HERE / "ar-talks-utf8.html").write_bytes(ar_page("utf-8").encode("utf-8"))
    enc = {
        "ar-talks-cp1256.html": (ar_page("windows-1256"), "cp1256"),
        "ar-talks-cp1256-http-equiv.html": (ar_page("windows-1256", http_equiv=True), "cp1256"),
        "ar-talks-cp1256-undeclared.html": (ar_page(None), "cp1256"),
        "ar-talks-iso8859-6.html": (ar_page("iso-8859-6"), "iso8859_6"),
        "ar-talks-iso8859-6-undeclared.html": (ar_page(None), "iso8859_6"),
    }
    for name, (text, codec) in enc.items():
        (HERE / "encodings").mkdir(exist_ok=True)
        (HERE / "encodings" / name).write_bytes(text.encode(codec))
    (HERE / "wire").mkdir(exist_ok=True)
    for name, text in wire_pages().items():
        (HERE / "wire" / f"{name}.html").write_bytes(text.encode("utf-8"))
    (HERE / "feed.xml").write_text(feed(), encoding="utf-8")
    (HERE / "crawl.warc.gz").write_bytes(warc(en, ar_page(None).encode("cp1256")))
    # the tree served on 127.0.0.1 by the --urls test
    site = HERE / "site"
    (site / "news").mkdir(parents=True, exist_ok=True)
    (site / "private").mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    (site / "news" / "en-talks.html").write_bytes(en)
    (site / "news" / "ar-talks.html").write_bytes(ar_page("windows-1256").encode("cp1256"))
    (site / "private" / "secret.html").write_bytes(en)


if __name__ == "__main__":
    main()
