"""Fetching news from the web: pages, feeds and sitemaps, politely and safely.

- :mod:`.guard` — the SSRF guard (no private addresses unless allowed), shared with the web app;
- :mod:`.client` — :class:`Fetcher`: robots.txt, per-host politeness, conditional GET,
  retries, redirects, size and content-type limits, charset detection;
- :mod:`.feeds` — RSS/Atom, sitemaps, feed discovery;
- :mod:`.crawl` — :func:`fetch_sources`: URLs in, Pages and Failures out.
"""

from .client import USER_AGENT, Fetcher, FetchPolicy, FetchResult, to_page
from .crawl import CrawlState, fetch_sources
from .feeds import FeedItem, Sitemap, discover, find_feed_links, parse_feed, parse_sitemap
from .guard import check_url

__all__ = [
    "USER_AGENT",
    "CrawlState",
    "FeedItem",
    "FetchPolicy",
    "FetchResult",
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
