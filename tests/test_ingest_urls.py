"""`storyline ingest URL…`: feeds and pages fetched into the store, on loopback sites."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livesite import NewsSite

from storyline.store.db import Store

FAST = ("--allow-private", "--delay", "0", "--no-facts", "-q")


@pytest.fixture
def news() -> Iterator[NewsSite]:
    site = NewsSite("127.0.0.2", count=3)
    site.stories[1].title = None  # a page without its own headline: the feed's is used
    site.start()
    yield site
    site.stop()


def titles(db: str) -> dict[str, str | None]:
    store = Store.open(db)
    try:
        return {s.article.url: s.article.title for s in store.iter_articles()}
    finally:
        store.close()


def test_feed_pages_are_ingested_with_item_metadata_as_fallback(cli, db, news) -> None:
    result = cli("ingest", news.url(), "--db", db, *FAST)
    assert result.exit_code == 0, result.output
    assert "3 new" in result.output
    got = titles(db)
    assert got == {
        news.url("/news/1"): "Page headline 1",  # the page's own headline wins
        news.url("/news/2"): "Feed headline 2",  # the page has none: the feed item's
        news.url("/news/3"): "Page headline 3",
    }
    store = Store.open(db)
    (second,) = [s.article for s in store.iter_articles() if s.article.url.endswith("/news/2")]
    assert second.published == "2025-06-02T08:00:00+00:00" and second.authors == ("Ana Lund",)


def test_a_second_run_adds_nothing_and_asks_only_conditional_gets(cli, db, news) -> None:
    cli("ingest", news.url(), "--db", db, *FAST)
    before = len(news.site.requests())
    result = cli("ingest", news.url(), "--db", db, *FAST)
    assert "0 new" in result.output and "0 failed" in result.output
    assert Store.open(db).count_articles() == 3
    again = news.site.requests()[before:]
    pages = [r for r in again if r.path.startswith(("/news/", "/feed"))]
    assert pages and all("If-None-Match" in r.headers for r in pages)


def test_private_addresses_are_refused_unless_allowed_and_retried_later(cli, db, news) -> None:
    result = cli("ingest", news.url(), "--db", db, "--delay", "0", "--no-facts", "-q")
    assert "0 new" in result.output and "1 failed" in result.output
    store = Store.open(db)
    assert "refusing to fetch" in store.failures()[0].error
    assert not news.site.requests()  # nothing reached the server
    retried = cli("ingest", news.url(), "--db", db, *FAST)
    assert "3 new" in retried.output


def test_files_and_urls_in_one_run(cli, db, news, tmp_path) -> None:
    page = tmp_path / "local.txt"
    page.write_text(
        "Lowmoor bridge reopens\n\nThe Lowmoor bridge reopened on Friday after a year of "
        "repairs, the county said, and buses will return to the route next week.\n",
        encoding="utf-8",
    )
    result = cli("ingest", str(page), news.url("/news/1"), "--db", db, *FAST)
    assert "2 new" in result.output, result.output
