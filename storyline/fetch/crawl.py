"""From URLs the user gives to Pages: follow feeds and sitemaps, skip what has not changed.

A URL may be an article, a feed, a sitemap (or sitemap index), or a site's home page. The
crawl fetches the given URLs, then what the lists among them name, level by level (a bounded
number of levels and items), each level fetched in parallel by the :class:`Fetcher`.

A feed or sitemap item's own metadata (title, date, authors, outlet) becomes the page's
``fallback``: it fills only what the page itself does not say (see `extract_page`).

``state`` is the caller's memory between runs (persisted in the store): for every URL
fetched successfully, ``{"etag", "last_modified", "seen"}``. Its validators make the next
fetch conditional, so an unchanged article or feed costs one 304 and yields nothing. A list
keeps its validators only when every item it named was fetched: otherwise a 304 on the list
next time would hide the items that failed this time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from storyline.records import Failure, GivenMeta, Page, StorylineError
from storyline.sources.pages import one_line

from .client import STAGE, Fetcher, FetchResult, to_page
from .feeds import FeedItem, discover, find_feed_links, is_site_home, parse_feed, parse_sitemap

CrawlState = MutableMapping[str, dict[str, Any]]


@dataclass(frozen=True)
class _Job:
    url: str
    given: GivenMeta | None = None
    fallback: GivenMeta | None = None  # the feed item's metadata, used where the page has none
    parent: str | None = None  # the feed or sitemap that named it
    seed: bool = False
    listing: bool = False  # known to be a feed or sitemap (always asked again)


def fetch_sources(
    urls: Iterable[str],
    fetcher: Fetcher,
    state: CrawlState,
    *,
    discover_feeds: bool = True,
    revisit: bool = True,
    max_depth: int = 3,
    max_items: int = 10_000,
) -> Iterator[Page | Failure]:
    """Pages (and Failures) for ``urls``, expanding feeds, sitemaps and — with
    ``discover_feeds`` — home pages that announce a feed.

    ``revisit=False`` does not even ask again for items already in ``state`` (articles
    rarely change; a watch loop saves the requests). ``max_depth`` bounds how many lists
    deep the crawl goes (index → sitemap → article is 2), ``max_items`` how many URLs it
    fetches in all.
    """
    jobs = [_Job(url.strip(), seed=True) for url in dict.fromkeys(urls) if url.strip()]
    queued = {job.url for job in jobs}
    pending_lists: dict[str, dict[str, Any]] = {}  # list URL → validators to commit
    failed_lists: set[str] = set()
    parents: dict[str, str | None] = {}
    budget = max_items
    for depth in range(max_depth + 1):
        jobs = jobs[:budget]
        budget -= len(jobs)
        if not jobs:
            break
        by_url = {job.url: job for job in jobs}
        found: list[_Job] = []
        for result in fetcher.fetch_many(by_url, state):
            job = by_url[result.url]
            outcome = _handle(
                result, job, state, pending_lists, discover_feeds, can_expand=depth < max_depth
            )
            if isinstance(outcome, list):
                found.extend(outcome)
                continue
            if isinstance(outcome, Failure):
                failed_lists.update(_ancestors(job.parent, parents))
            if outcome is not None:
                yield outcome
            if isinstance(outcome, Page):
                # Only once the caller has taken the page (and asked for the next): a crash
                # before it was stored must not leave a validator that hides it next time.
                _remember(state, result.url, result.validators)
        jobs = []
        for job in found:
            if job.url in queued:
                continue
            queued.add(job.url)
            parents[job.url] = job.parent
            if not revisit and not job.listing and job.url in state:
                continue
            jobs.append(job)
    for url, validators in pending_lists.items():
        entry = state.get(url) or {}
        if url not in failed_lists:
            entry.update(validators)
        state[url] = entry


def _handle(
    result: FetchResult,
    job: _Job,
    state: CrawlState,
    pending_lists: dict[str, dict[str, Any]],
    discover_feeds: bool,
    *,
    can_expand: bool,
) -> Page | Failure | list[_Job] | None:
    """What one fetch gives: a page, a failure, more URLs to fetch, or nothing (unchanged)."""
    if result.error:
        return Failure(input=result.url, stage=STAGE, error=result.error)
    if result.not_modified:
        _remember(state, result.url, result.validators)
        return None
    kind = discover(result.raw, content_type=result.content_type)
    if kind == "page":
        if job.seed and discover_feeds and can_expand and result.content:
            feeds = _announced_feeds(result)
            if feeds:  # the first is the main feed; others are comments, categories...
                # No validators: an unchanged home page says nothing about its feed.
                _remember(state, result.url, {"etag": None, "last_modified": None})
                return [_Job(feeds[0], listing=True)]
        page = to_page(result, job.given)
        if isinstance(page, Page) and job.fallback is not None:
            page = replace(page, fallback=job.fallback)
        return page
    if not can_expand:
        return Failure(
            input=result.url,
            stage=STAGE,
            error=f"{result.url}: a {kind} nested too deep, not followed",
        )
    try:
        if kind == "feed":
            items = parse_feed(result.raw, url=result.final_url)
            found = [_item_job(item, result.url) for item in items]
        else:
            sitemap = parse_sitemap(result.raw, url=result.final_url)
            found = [_item_job(item, result.url) for item in sitemap.items]
            found += [_Job(url, parent=result.url, listing=True) for url in sitemap.sitemaps]
    except StorylineError as exc:
        return Failure(input=result.url, stage=STAGE, error=one_line(str(exc)))
    # A list's validators are committed at the end, once we know its items all made it.
    _remember(state, result.url, {"etag": None, "last_modified": None})
    pending_lists[result.url] = result.validators
    return found


def _item_job(item: FeedItem, parent: str) -> _Job:
    """A list item to fetch: its URL is given, its title, date and authors are only a
    fallback, because the page's own metadata is better (a feed may shorten a headline)."""
    return _Job(item.url, GivenMeta(url=item.url), fallback=item.given(), parent=parent)


def _announced_feeds(result: FetchResult) -> list[str]:
    assert result.content is not None
    if not is_site_home(result.final_url, result.content):
        return []
    return find_feed_links(result.content, base_url=result.final_url)


def _remember(state: CrawlState, url: str, validators: dict[str, Any]) -> None:
    entry = dict(state.get(url) or {})
    entry.update(validators)
    entry["seen"] = datetime.now(UTC).isoformat(timespec="seconds")
    state[url] = entry


def _ancestors(url: str | None, parents: dict[str, str | None]) -> Iterator[str]:
    """The lists above a URL: its feed or sitemap, the sitemap index above that..."""
    seen: set[str] = set()
    while url is not None and url not in seen:
        seen.add(url)
        yield url
        url = parents.get(url)
