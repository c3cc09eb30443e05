"""Feeds, sitemaps and feed discovery, on small hand-written documents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.fetch.feeds import (
    FeedItem,
    discover,
    find_feed_links,
    is_site_home,
    parse_feed,
    parse_sitemap,
)
from storyline.records import GivenMeta, StorylineError

BASE = "https://harbour-news.example/"

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour News</title>
  <link>https://harbour-news.example/</link>
  <item>
    <title>Ferry strike ends after talks</title>
    <link>https://harbour-news.example/2025/06/ferry-strike-ends</link>
    <pubDate>Mon, 02 Jun 2025 09:30:00 +0200</pubDate>
    <dc:creator>Mara Quill and Tomas Reed</dc:creator>
  </item>
  <item>
    <title>Council votes on pier repairs</title>
    <link>/2025/06/pier-repairs</link>
  </item>
  <item><title>No link, skipped</title></item>
</channel>
</rss>"""

RSS1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://valley-courier.example/">
    <title>Valley Courier</title>
    <link>https://valley-courier.example/</link>
  </channel>
  <item rdf:about="https://valley-courier.example/dam-opens">
    <title>Dam opens to visitors</title>
    <link>https://valley-courier.example/dam-opens</link>
    <dc:date>2025-05-29T10:00:00Z</dc:date>
    <dc:creator>Ines Vale</dc:creator>
  </item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Ledger</title>
  <updated>2025-06-01T12:00:00Z</updated>
  <entry>
    <title>Rail line reopens north of the city</title>
    <link rel="alternate" href="https://ledger.example/rail-reopens"/>
    <id>tag:ledger.example,2025:rail</id>
    <published>2025-06-01T08:15:00+01:00</published>
    <updated>2025-06-01T12:00:00Z</updated>
    <author><name>Priya Holt</name></author>
  </entry>
</feed>"""

BROKEN_NO_ENTRIES = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Oops</ti"
BROKEN_WITH_ENTRIES = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Half Feed</title>
<item><title>Kept</title><link>https://half.example/kept</link></item>
<item><title>Broken & unescaped <b>tag</title>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://ledger.example/a</loc><lastmod>2025-06-01</lastmod></url>
  <url><loc> https://ledger.example/b </loc></url>
  <url><loc>https://ledger.example/a</loc></url>
</urlset>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://ledger.example/talks-resume</loc>
    <news:news>
      <news:publication><news:name>Northern Ledger</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2025-06-02T07:00:00+00:00</news:publication_date>
      <news:title>Talks resume in Istanbul</news:title>
    </news:news>
  </url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://ledger.example/sitemap-news.xml</loc></sitemap>
  <sitemap><loc>/sitemap-2025-06.xml</loc><lastmod>2025-06-02</lastmod></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>"""


def test_rss2_items_with_metadata() -> None:
    items = parse_feed(RSS2, url=BASE + "feed.xml")
    assert [i.url for i in items] == [
        "https://harbour-news.example/2025/06/ferry-strike-ends",
        "https://harbour-news.example/2025/06/pier-repairs",  # relative link resolved
    ]
    first = items[0]
    assert first.title == "Ferry strike ends after talks"
    assert first.published == "2025-06-02T07:30:00+00:00"
    assert first.authors == ("Mara Quill", "Tomas Reed")
    assert first.outlet == "Harbour News"
    assert first.given() == GivenMeta(
        url=first.url,
        outlet="Harbour News",
        title=first.title,
        published=first.published,
        authors=first.authors,
    )


def test_rss1_items() -> None:
    (item,) = parse_feed(RSS1, url="https://valley-courier.example/index.rdf")
    assert item == FeedItem(
        url="https://valley-courier.example/dam-opens",
        title="Dam opens to visitors",
        published="2025-05-29T10:00:00+00:00",
        authors=("Ines Vale",),
        outlet="Valley Courier",
    )


def test_atom_entries_prefer_published_over_updated() -> None:
    (item,) = parse_feed(ATOM, url="https://ledger.example/atom")
    assert item.url == "https://ledger.example/rail-reopens"
    assert item.published == "2025-06-01T07:15:00+00:00"
    assert item.authors == ("Priya Holt",) and item.outlet == "Northern Ledger"


def test_broken_feed_without_entries_is_a_clear_failure() -> None:
    with pytest.raises(StorylineError, match=r"^https://x\.example/feed: broken feed \("):
        parse_feed(BROKEN_NO_ENTRIES, url="https://x.example/feed")


def test_broken_feed_with_entries_keeps_what_it_got() -> None:
    items = parse_feed(BROKEN_WITH_ENTRIES, url="https://half.example/feed")
    assert items and items[0].url == "https://half.example/kept"


def test_html_is_not_a_feed() -> None:
    with pytest.raises(StorylineError, match="not an RSS or Atom feed|broken feed"):
        parse_feed(b"<html><body><p>hello</p></body></html>", url="https://x.example/")


def test_sitemap_urls_deduplicated_and_stripped() -> None:
    sitemap = parse_sitemap(SITEMAP, url="https://ledger.example/sitemap.xml")
    assert [i.url for i in sitemap.items] == [
        "https://ledger.example/a",
        "https://ledger.example/b",
    ]
    assert sitemap.items[0].published is None  # lastmod is not a publication date


def test_google_news_sitemap_metadata() -> None:
    (item,) = parse_sitemap(NEWS_SITEMAP, url="https://ledger.example/sitemap-news.xml").items
    assert item == FeedItem(
        url="https://ledger.example/talks-resume",
        title="Talks resume in Istanbul",
        published="2025-06-02T07:00:00+00:00",
        outlet="Northern Ledger",
    )


def test_sitemap_index_lists_sitemaps() -> None:
    index = parse_sitemap(SITEMAP_INDEX, url="https://ledger.example/sitemap.xml")
    assert index.items == ()
    assert index.sitemaps == (
        "https://ledger.example/sitemap-news.xml",
        "https://ledger.example/sitemap-2025-06.xml",
    )


def test_entities_are_refused_not_expanded() -> None:
    with pytest.raises(StorylineError, match="declares a DTD or entities"):
        parse_sitemap(BILLION_LAUGHS, url="https://x.example/sitemap.xml")
    feed = RSS2.replace(b"<rss", b'<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss', 1)
    with pytest.raises(StorylineError, match="declares XML entities"):
        parse_feed(feed, url="https://x.example/feed")


def test_broken_sitemap_is_a_clear_failure() -> None:
    with pytest.raises(StorylineError, match=r"^https://x\.example/s\.xml: broken sitemap"):
        parse_sitemap(b"<urlset><url><loc>", url="https://x.example/s.xml")


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        (RSS2, "feed"),
        (RSS1, "feed"),
        (ATOM, "feed"),
        (SITEMAP, "sitemap"),
        (NEWS_SITEMAP, "sitemap"),
        (SITEMAP_INDEX, "sitemap"),
        (b"<!DOCTYPE html>\n<!-- hi --><html><body>x</body></html>", "page"),
        ("\ufeff<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'/>", "feed"),
        (b"plain text", "page"),
        ("https://ledger.example/sitemap_index.xml", "sitemap"),
        ("https://ledger.example/feed/", "feed"),
        ("https://ledger.example/2025/06/talks", "page"),
    ],
)
def test_discover_tells_feeds_sitemaps_and_pages_apart(document: str | bytes, kind: str) -> None:
    assert discover(document) == kind


HOME = """<html><head>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://ledger.example/atom">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" hreflang="fr" href="/fr/">
</head><body><h1>Ledger</h1></body></html>"""


def test_feed_links_found_on_a_home_page() -> None:
    assert find_feed_links(HOME, base_url="https://ledger.example/") == [
        "https://ledger.example/rss.xml",
        "https://ledger.example/atom",
    ]
    assert find_feed_links("", base_url=BASE) == []


def test_home_page_versus_article() -> None:
    article = '<html><head><meta property="og:type" content="article"></head></html>'
    assert is_site_home("https://ledger.example/", HOME)
    assert is_site_home("https://ledger.example/index.html", HOME)
    assert not is_site_home("https://ledger.example/", article)
    assert not is_site_home("https://ledger.example/2025/06/talks", HOME)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_never_crash_the_parsers(data: bytes) -> None:
    assert discover(data) in ("feed", "sitemap", "page")
    for parse in (parse_feed, parse_sitemap):
        try:
            parse(data, url=BASE)
        except StorylineError as exc:
            assert str(exc).startswith(BASE) and "\n" not in str(exc)
    find_feed_links(data, base_url=BASE)
