"""Fetching news from the web: pages, feeds and sitemaps, politely and safely.

- :mod:`.guard` — the SSRF guard (no private addresses unless allowed), shared with the web app;
- :mod:`.client` — :class:`Fetcher`: robots.txt, per-host politeness, conditional GET,
  retries, redirects, size and content-type limits, charset detection;
- :mod:`.pools` — one small connection pool per origin;
- :mod:`.worker` — :class:`FetchWorker`: a Fetcher in a process of its own;
- :mod:`.feeds` — RSS/Atom, sitemaps, feed discovery;
- :mod:`.crawl` — :func:`fetch_sources`: URLs in, Pages and Failures out.

The names below are imported on first use, so that the fetch worker process, which needs
only the client, does not pay for the feed parsers at its start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import USER_AGENT, Fetcher, FetchPolicy, FetchResult, to_page
    from .crawl import CrawlState, fetch_sources
    from .feeds import FeedItem, Sitemap, discover, find_feed_links, parse_feed, parse_sitemap
    from .guard import check_url
    from .worker import FetchWorker

_HOME = {
    "USER_AGENT": "client",
    "Fetcher": "client",
    "FetchPolicy": "client",
    "FetchResult": "client",
    "to_page": "client",
    "CrawlState": "crawl",
    "fetch_sources": "crawl",
    "FeedItem": "feeds",
    "Sitemap": "feeds",
    "discover": "feeds",
    "find_feed_links": "feeds",
    "parse_feed": "feeds",
    "parse_sitemap": "feeds",
    "check_url": "guard",
    "FetchWorker": "worker",
}

__all__ = [
    "USER_AGENT",
    "CrawlState",
    "FeedItem",
    "FetchPolicy",
    "FetchResult",
    "FetchWorker",
    "Fetcher",
    "Sitemap",
    "check_url",
    "discover",
    "fetch_sources",
    "find_feed_links",
    "parse_feed",
    "parse_sitemap",
    "to_page",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
