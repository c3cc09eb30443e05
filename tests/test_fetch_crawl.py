"""fetch_sources end to end on loopback sites: feeds, sitemaps, discovery, crawl state."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from storyline.fetch.client import Fetcher, FetchPolicy
from storyline.fetch.crawl import fetch_sources
from storyline.fetch.testing import LoopbackSite, Reply, Request
from storyline.records import Failure, Page

RSS = "application/rss+xml"
XML = "application/xml"


def article(title: str) -> str:
    return (
        f"<html><head><title>{title}</title><meta property='og:type' content='article'>"
        f"</head><body><h1>{title}</h1><p>{title} — the full story.</p></body></html>"
    )


def etagged(body: str, tag: str, content_type: str = "text/html; charset=utf-8"):
    """A route that answers a matching If-None-Match with 304, as real servers do."""

    def answer(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == tag:
            return Reply(status=304, content_type=None, headers={"ETag": tag})
        return Reply(body, content_type=content_type, headers={"ETag": tag})

    return answer


def rss(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {p}</title><link>{base}{p}</link>"
        f"<pubDate>Mon, 02 Jun 2025 0{i}:00:00 GMT</pubDate><author>desk@x.example (Ana Lund)"
        f"</author></item>"
        for i, p in enumerate(paths)
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour News</title>"
        f"{items}</channel></rss>"
    )


@pytest.fixture
def harbour() -> Iterator[LoopbackSite]:
    """A news site with a home page announcing its RSS feed of three articles."""
    site = LoopbackSite("127.0.0.4").start()
    paths = ["/news/1", "/news/2", "/news/3"]
    site.routes["/"] = Reply(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        "</head><body><h1>Harbour News</h1><a href='/news/1'>One</a></body></html>"
    )
    site.routes["/rss.xml"] = etagged(rss(site.url(""), paths), '"feed-1"', RSS)
    for n, path in enumerate(paths, 1):
        site.routes[path] = etagged(article(f"Harbour story {n}"), f'"a{n}"')
    yield site
    site.stop()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    policy = FetchPolicy(allow_private=True, delay=0, timeout=1, retries=0, deadline=10)
    with Fetcher(policy) as fetcher:
        yield fetcher


def pages(records: list[Page | Failure]) -> dict[str, Page]:
    return {r.ref: r for r in records if isinstance(r, Page)}


def test_feed_items_become_pages_with_the_feeds_metadata(harbour, fetcher) -> None:
    records = list(fetch_sources([harbour.url("/rss.xml")], fetcher, {}))
    got = pages(records)
    assert sorted(got) == [harbour.url(f"/news/{n}") for n in (1, 2, 3)]
    page = got[harbour.url("/news/1")]
    assert page.kind == "html" and page.group == "127.0.0.4"
    assert "Harbour story 1" in page.content
    given = page.fallback  # the item's metadata only fills what the page lacks
    assert page.given.url == page.ref and page.given.title is None
    assert (given.url, given.title, given.outlet) == (page.ref, "Story /news/1", "Harbour News")
    assert given.published == "2025-06-02T00:00:00+00:00" and given.authors == ("Ana Lund",)


def test_home_page_leads_to_its_feed(harbour, fetcher) -> None:
    records = list(fetch_sources([harbour.url("/")], fetcher, {}))
    assert sorted(pages(records)) == [harbour.url(f"/news/{n}") for n in (1, 2, 3)]
    undiscovered = list(fetch_sources([harbour.url("/")], fetcher, {}, discover_feeds=False))
    assert [r.ref for r in undiscovered] == [harbour.url("/")]


def test_unchanged_pages_and_feeds_are_skipped_next_time(harbour, fetcher) -> None:
    state: dict[str, dict] = {}
    first = list(fetch_sources([harbour.url("/rss.xml"), harbour.url("/news/1")], fetcher, state))
    assert len(pages(first)) == 3
    assert state[harbour.url("/rss.xml")]["etag"] == '"feed-1"'
    assert state[harbour.url("/news/2")]["etag"] == '"a2"' and state[harbour.url("/news/2")]["seen"]
    before = len(harbour.requests())

    again = list(fetch_sources([harbour.url("/rss.xml"), harbour.url("/news/1")], fetcher, state))
    assert again == []
    later = harbour.requests()[before:]
    assert sorted(r.path for r in later) == ["/news/1", "/rss.xml"]  # feed 304: items not asked
    assert all("If-None-Match" in r.headers for r in later)


def test_new_feed_item_is_fetched_and_old_ones_answer_304(harbour, fetcher) -> None:
    state: dict[str, dict] = {}
    list(fetch_sources([harbour.url("/rss.xml")], fetcher, state))
    paths = ["/news/1", "/news/2", "/news/3", "/news/4"]
    harbour.routes["/news/4"] = Reply(article("Harbour story 4"))
    harbour.routes["/rss.xml"] = etagged(rss(harbour.url(""), paths), '"feed-2"', RSS)
    again = list(fetch_sources([harbour.url("/rss.xml")], fetcher, state))
    assert [r.ref for r in again] == [harbour.url("/news/4")]


def test_a_failed_item_is_tried_again_next_time(harbour, fetcher) -> None:
    harbour.routes["/news/2"] = Reply("down", status=503, content_type="text/plain")
    state: dict[str, dict] = {}
    first = list(fetch_sources([harbour.url("/rss.xml")], fetcher, state))
    failures = [r for r in first if isinstance(r, Failure)]
    assert len(failures) == 1 and failures[0].error.startswith(
        harbour.url("/news/2") + ": HTTP 503"
    )
    assert failures[0].stage == "fetch"
    assert state[harbour.url("/rss.xml")]["etag"] is None  # the feed must not answer 304

    harbour.routes["/news/2"] = Reply(article("Harbour story 2"))
    again = list(fetch_sources([harbour.url("/rss.xml")], fetcher, state))
    assert [r.ref for r in again] == [harbour.url("/news/2")]  # 1 and 3: 304, skipped


def test_revisit_false_does_not_ask_for_seen_items(harbour, fetcher) -> None:
    state: dict[str, dict] = {}
    list(fetch_sources([harbour.url("/rss.xml")], fetcher, state))
    harbour.routes["/rss.xml"] = etagged(rss(harbour.url(""), ["/news/1"]), '"feed-3"', RSS)
    before = len(harbour.requests())
    assert list(fetch_sources([harbour.url("/rss.xml")], fetcher, state, revisit=False)) == []
    assert [r.path for r in harbour.requests()[before:]] == ["/rss.xml"]


@pytest.fixture
def ledger() -> Iterator[LoopbackSite]:
    """A site publishing a sitemap index: a Google News sitemap and a plain one."""
    site = LoopbackSite("127.0.0.5").start()
    site.routes["/sitemap.xml"] = Reply(
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        "<sitemap><loc>/sitemap-news.xml</loc></sitemap>"
        "<sitemap><loc>/sitemap-old.xml</loc></sitemap></sitemapindex>",
        content_type=XML,
    )
    site.routes["/sitemap-news.xml"] = Reply(
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url>"
        f"<loc>{site.url('/talks')}</loc><news:news><news:publication><news:name>Ledger"
        "</news:name></news:publication><news:publication_date>2025-06-02</news:publication_date>"
        "<news:title>Talks resume</news:title></news:news></url></urlset>",
        content_type=XML,
    )
    site.routes["/sitemap-old.xml"] = Reply(
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{site.url('/archive')}</loc></url><url><loc>{site.url('/logo.png')}</loc>"
        "</url></urlset>",
        content_type="text/xml",
    )
    site.routes["/talks"] = Reply(article("Talks resume"))
    site.routes["/archive"] = Reply(article("Archive piece"))
    site.routes["/logo.png"] = Reply(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    site.routes["/broken.xml"] = Reply(
        "<?xml version='1.0'?><rss version='2.0'><channel><ti", content_type=RSS
    )
    yield site
    site.stop()


def test_sitemap_index_to_articles(ledger, fetcher) -> None:
    records = list(fetch_sources([ledger.url("/sitemap.xml")], fetcher, {}))
    got = pages(records)
    assert sorted(got) == [ledger.url("/archive"), ledger.url("/talks")]
    talks = got[ledger.url("/talks")].fallback
    assert (talks.title, talks.published, talks.outlet) == ("Talks resume", "2025-06-02", "Ledger")
    (failure,) = [r for r in records if isinstance(r, Failure)]
    assert failure.error == f"{ledger.url('/logo.png')}: unsupported content type image/png"


def test_depth_and_item_limits_bound_the_crawl(ledger, fetcher) -> None:
    shallow = list(fetch_sources([ledger.url("/sitemap.xml")], fetcher, {}, max_depth=1))
    assert not pages(shallow)
    assert all("nested too deep" in r.error for r in shallow if isinstance(r, Failure))
    capped = list(fetch_sources([ledger.url("/sitemap.xml")], fetcher, {}, max_items=3))
    assert len(ledger.requests("/talks")) + len(ledger.requests("/archive")) <= 2
    assert len(pages(capped)) <= 1


def test_broken_feed_and_mixed_inputs(ledger, harbour, fetcher) -> None:
    urls = [ledger.url("/broken.xml"), harbour.url("/news/3"), "ftp://127.0.0.5/x"]
    records = list(fetch_sources(urls, fetcher, {}))
    failures = {r.input: r.error for r in records if isinstance(r, Failure)}
    assert failures[ledger.url("/broken.xml")].startswith(
        ledger.url("/broken.xml") + ": broken feed"
    )
    assert "only http and https" in failures["ftp://127.0.0.5/x"]
    assert list(pages(records)) == [harbour.url("/news/3")]


def test_a_generator_that_is_not_consumed_fetches_nothing(harbour, fetcher) -> None:
    records: Callable[[], object] = lambda: fetch_sources([harbour.url("/")], fetcher, {})  # noqa: E731
    records()
    assert harbour.requests() == []


def test_revisit_false_still_reads_the_sitemaps_of_an_index(ledger, fetcher) -> None:
    state: dict[str, dict] = {}
    list(fetch_sources([ledger.url("/sitemap.xml")], fetcher, state))
    before = len(ledger.requests())
    again = list(fetch_sources([ledger.url("/sitemap.xml")], fetcher, state, revisit=False))
    asked = sorted(r.path for r in ledger.requests()[before:])
    assert asked == ["/logo.png", "/sitemap-news.xml", "/sitemap-old.xml", "/sitemap.xml"]
    assert not pages(again)  # the failed logo is asked again; the articles are not


def test_a_page_is_remembered_only_once_the_caller_took_it(harbour, fetcher) -> None:
    state: dict[str, dict] = {}
    records = fetch_sources([harbour.url("/news/1")], fetcher, state)
    page = next(records)
    assert isinstance(page, Page) and harbour.url("/news/1") not in state
    assert list(records) == []
    assert state[harbour.url("/news/1")]["etag"] == '"a1"'
