"""robots.txt: fetched once per origin, cached, and asked before every request.

Follows RFC 9309 where it differs from the older convention in ``urllib.robotparser``: a
robots.txt that does not exist (any 4xx, 401/403 included) allows everything, and one that
cannot be read (5xx, network error) disallows everything for a while, because the site may
be down or overloaded. Answers are cached per origin (scheme, host, port) with an expiry, so
that a long-running ``watch`` picks up changes and recovers from an outage.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

RobotsGetter = Callable[[str], tuple[int | None, str]]
"""Fetches a robots.txt URL: (HTTP status, body text), or (None, why) when unreachable."""

_TTL = 3600.0
_TTL_UNREACHABLE = 300.0


@dataclass
class _Entry:
    rules: RobotFileParser | None  # None: no robots.txt, everything allowed
    refusal: str | None  # why everything is disallowed (robots.txt unreachable)
    expires: float


class RobotsCache:
    """Per-origin robots.txt rules for one user agent."""

    def __init__(self, get: RobotsGetter, *, user_agent: str) -> None:
        self._get = get
        self.user_agent = user_agent
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids fetching ``url``, or None when it may be fetched."""
        entry = self._entry(url)
        if entry.refusal:
            return entry.refusal
        if entry.rules is None or entry.rules.can_fetch(self.user_agent, url):
            return None
        return "disallowed by robots.txt"

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of us, if any."""
        rules = self._entry(url).rules
        if rules is None:
            return None
        delay = rules.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self, url: str) -> list[str]:
        """The sitemaps robots.txt lists (``Sitemap:`` lines)."""
        rules = self._entry(url).rules
        return list((rules.site_maps() if rules else None) or [])

    def _entry(self, url: str) -> _Entry:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin, however many threads ask at once
            entry = self._entries.get(origin)
            if entry is None or entry.expires < time.monotonic():
                entry = self._entries[origin] = self._load(origin + "/robots.txt")
            return entry

    def _load(self, robots_url: str) -> _Entry:
        status, text = self._get(robots_url)
        now = time.monotonic()
        if status is None or status >= 500:
            why = text if status is None else f"HTTP {status}"
            return _Entry(
                None, f"robots.txt unreachable, so not crawled: {why}", now + _TTL_UNREACHABLE
            )
        if not 200 <= status < 300:
            return _Entry(None, None, now + _TTL)
        rules = RobotFileParser(robots_url)
        rules.parse(text.splitlines())
        return _Entry(rules, None, now + _TTL)
