"""Fetching pages over HTTP, politely and defensively.

:class:`Fetcher` wraps one ``httpx.Client`` (thread-safe, with a small connection pool per
origin, see :mod:`.pools`) and adds what a crawler of other people's sites owes them and
itself:

- robots.txt is obeyed and its Crawl-delay honoured (:mod:`.robots`);
- each host sees at most ``concurrency`` requests at a time, ``delay`` seconds apart
  (:mod:`.politeness`), whatever the number of worker threads;
- conditional GET with the ETag / Last-Modified the caller kept from the last visit, so an
  unchanged page costs a 304 and no body;
- retries with exponential backoff on timeouts, connection errors, 5xx and 429, honouring
  Retry-After (seconds or an HTTP date) up to a cap — beyond the cap we give up rather than
  hammer a server that asked us to stay away;
- redirects followed by hand, so every hop is re-checked by the SSRF guard and robots.txt,
  with a hop limit and loop detection;
- the body size limit enforced while streaming (a lying or missing Content-Length cannot
  make us buffer a huge body), the content type checked before the body is read, and the
  charset found from the header, the page's ``<meta>`` or charset-normalizer
  (:func:`storyline.sources.decode.decode_bytes`).

Nothing here raises for a bad URL or a bad server: every outcome is a :class:`FetchResult`,
failures carrying a one-line reason that names the URL.

Threads rather than asyncio: the rest of the pipeline is synchronous generators, the work is
I/O-bound, and one pool of worker threads per :meth:`Fetcher.fetch_many` keeps the API a
plain iterator. A crawl that extracts what it fetches runs the Fetcher in a process of its
own (:mod:`.worker`), so that these threads do not take the extraction's CPU (the GIL).
"""

from __future__ import annotations

import email.utils
import functools
import random
import ssl
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.records import Failure, GivenMeta, Page, PageKind, StorylineError
from storyline.sources.decode import charset_from_content_type, decode_bytes, sniff_html_charset
from storyline.sources.pages import one_line

from .guard import check_url, guarded_transport
from .politeness import Politeness
from .pools import HostPools
from .robots import RobotsCache

USER_AGENT = "storyline/0.1 (+https://github.com/storyline-news/storyline)"
STAGE = "fetch"

TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "text/plain",
    }
)
"""Content types worth fetching: pages, feeds, sitemaps and plain text."""

_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NOT_RETRIED_5XX = frozenset({501, 505})
_ROBOTS_MAX_BYTES = 512_000


@dataclass(frozen=True)
class FetchPolicy:
    """How a :class:`Fetcher` behaves. The defaults suit crawling real news sites."""

    user_agent: str = USER_AGENT
    allow_private: bool = False
    """Allow loopback, private and link-local addresses (intranets, tests)."""
    delay: float = 1.0
    """Seconds between two requests to the same host."""
    concurrency: int = 1
    """Requests in flight to one host at a time."""
    workers: int = 16
    """Threads fetching in parallel across hosts."""
    timeout: float = 10.0
    """Seconds to connect, and between two bytes of a response."""
    deadline: float = 120.0
    """Seconds one fetch may take in all: retries, waits and redirects included."""
    retries: int = 3
    backoff: float = 0.5
    """First retry waits this long, then twice as long each time (with a little jitter)."""
    max_backoff: float = 30.0
    max_retry_after: float = 120.0
    """A longer Retry-After is a failure, not a wait."""
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    respect_robots: bool = True
    max_crawl_delay: float = 30.0
    """robots.txt's Crawl-delay is honoured up to this many seconds."""


@dataclass(frozen=True)
class FetchResult:
    """What fetching one URL gave. ``error`` is None on success (``content`` set) and on
    ``not_modified`` (a 304 answer to a conditional GET: nothing new, no content)."""

    url: str
    final_url: str
    status: int | None
    content: str | None
    raw: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.content is not None

    @property
    def validators(self) -> dict[str, str | None]:
        """What to keep for the next conditional GET of this URL."""
        return {"etag": self.etag, "last_modified": self.last_modified}


class _Failed(Exception):
    """A fetch that must stop, with its reason (and whether trying again may help)."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        retry: bool = False,
        wait: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry = retry
        self.wait = wait


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes = b""
    url: str = ""


class Fetcher:
    """Fetches URLs politely; thread-safe. Use as a context manager, or call :meth:`close`.

    ``transport`` replaces the guarded network transport (tests of the fetch logic with
    ``httpx.MockTransport``); the URL-level guard still applies.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy = policy or FetchPolicy()
        self._client = httpx.Client(
            transport=transport or _network(policy),
            headers={"User-Agent": policy.user_agent, "Accept": _ACCEPT},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would bypass the guard
        )
        self.politeness = Politeness(concurrency=policy.concurrency, delay=policy.delay)
        self.robots = RobotsCache(self._get_robots, user_agent=policy.user_agent)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- public API -----------------------------------------------------------------------

    def fetch(self, url: str, validators: Mapping[str, Any] | None = None) -> FetchResult:
        """Fetch one URL. ``validators`` is what the caller kept from the last visit
        (``{"etag": ..., "last_modified": ...}``, e.g. a crawl-state entry); with them the
        request is conditional and an unchanged page comes back ``not_modified``."""
        deadline = time.monotonic() + self.policy.deadline
        headers = _conditional_headers(validators)
        try:
            answer = self._follow(
                url,
                headers,
                deadline,
                robots=self.policy.respect_robots,
                max_bytes=self.policy.max_bytes,
                check_type=True,
            )
        except _Failed as failed:
            return FetchResult(
                url=url,
                final_url=url,
                status=failed.status,
                content=None,
                error=one_line(f"{url}: {failed.reason}"),
            )
        etag = answer.headers.get("etag")
        last_modified = answer.headers.get("last-modified")
        content_type = answer.headers.get("content-type")
        if answer.status == 304:
            return FetchResult(
                url=url,
                final_url=answer.url,
                status=304,
                content=None,
                content_type=content_type,
                etag=etag or _get(validators, "etag"),
                last_modified=last_modified or _get(validators, "last_modified"),
                not_modified=True,
            )
        result = FetchResult(
            url=url,
            final_url=answer.url,
            status=answer.status,
            content=None,
            raw=answer.body,
            content_type=content_type,
            etag=etag,
            last_modified=last_modified,
        )
        declared = charset_from_content_type(content_type) or sniff_html_charset(answer.body)
        try:
            content = decode_bytes(answer.body, declared=declared, origin=url)
        except StorylineError as exc:
            return replace(result, error=one_line(str(exc)))
        if not content.strip():
            return replace(result, error=f"{url}: empty page")
        return replace(result, content=content)

    def fetch_many(
        self,
        urls: Iterable[str],
        validators: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Iterator[FetchResult]:
        """Fetch many URLs in parallel, yielding results as they complete.

        URLs are dispatched host by host so that no worker sits blocked behind a busy host
        while other hosts' URLs wait: a host gets a new URL only when it has a free slot.
        ``validators`` maps a URL to its conditional-GET validators (a crawl state).
        Duplicate URLs are fetched once.
        """
        queues: dict[str, deque[str]] = {}
        for url in dict.fromkeys(urls):
            queues.setdefault(_host_key(url), deque()).append(url)
        if not queues:
            return
        in_flight: dict[str, int] = dict.fromkeys(queues, 0)
        per_host = max(1, self.policy.concurrency)
        futures: dict[Future[FetchResult], str] = {}
        urls_of: dict[Future[FetchResult], str] = {}
        with ThreadPoolExecutor(
            max_workers=max(1, self.policy.workers), thread_name_prefix="fetch"
        ) as pool:

            def dispatch() -> None:
                for host, queue in queues.items():
                    while queue and in_flight[host] < per_host:
                        url = queue.popleft()
                        given = validators.get(url) if validators is not None else None
                        future = pool.submit(self.fetch, url, given)
                        futures[future], urls_of[future] = host, url
                        in_flight[host] += 1

            dispatch()
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    in_flight[futures.pop(future)] -= 1
                dispatch()
                for future in done:
                    yield _result_of(future, urls_of.pop(future))

    # -- redirects, robots, retries --------------------------------------------------------

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        deadline: float,
        *,
        robots: bool,
        max_bytes: int,
        check_type: bool,
    ) -> _Answer:
        """GET ``url``, following redirects ourselves so each hop is checked again."""
        current = url
        seen = {url}
        for _ in range(self.policy.max_redirects + 1):
            try:
                check_url(current, allow_private=self.policy.allow_private)
            except StorylineError as exc:
                reason = _strip_prefix(str(exc), f"{current.strip()}: ")
                if current != url:
                    reason = f"redirected to {current}: {reason}"
                raise _Failed(reason) from exc
            if robots:
                self._obey_robots(current)
            answer = self._with_retries(
                current, headers, deadline, max_bytes=max_bytes, check_type=check_type
            )
            answer.url = current
            if answer.status not in _REDIRECTS:
                return answer
            location = answer.headers.get("location")
            if not location:
                raise _Failed(
                    f"HTTP {answer.status} redirect without a Location", status=answer.status
                )
            target = urljoin(current, location.strip())
            if target in seen:
                raise _Failed(f"redirect loop ({current} → {target})", status=answer.status)
            seen.add(target)
            current = target
        raise _Failed(f"more than {self.policy.max_redirects} redirects")

    def _obey_robots(self, url: str) -> None:
        refusal = self.robots.refusal(url)
        if refusal:
            raise _Failed(refusal)
        crawl_delay = self.robots.crawl_delay(url)
        if crawl_delay:
            self.politeness.gate(_host_key(url)).slow_down(
                min(crawl_delay, self.policy.max_crawl_delay)
            )

    def _get_robots(self, robots_url: str) -> tuple[int | None, str]:
        deadline = time.monotonic() + self.policy.deadline
        try:
            answer = self._follow(
                robots_url,
                {},
                deadline,
                robots=False,
                max_bytes=_ROBOTS_MAX_BYTES,
                check_type=False,
            )
        except _Failed as failed:
            if failed.status and failed.status < 500:
                return failed.status, ""
            return None, failed.reason
        if not 200 <= answer.status < 300:
            return answer.status, ""
        return answer.status, answer.body.decode("utf-8", "replace")

    def _with_retries(
        self,
        url: str,
        headers: dict[str, str],
        deadline: float,
        *,
        max_bytes: int,
        check_type: bool,
    ) -> _Answer:
        policy = self.policy
        gate = self.politeness.gate(_host_key(url))
        attempts = policy.retries + 1
        for attempt in range(attempts):
            try:
                with gate.slot(deadline):
                    return self._once(
                        url, headers, deadline, max_bytes=max_bytes, check_type=check_type
                    )
            except TimeoutError as exc:  # no politeness slot before the deadline
                raise _Failed(f"gave up after {policy.deadline:g} s ({exc})") from exc
            except _Failed as failed:
                if not failed.retry:
                    raise
                if attempt == attempts - 1:
                    if attempts == 1:
                        raise
                    raise _Failed(
                        f"{failed.reason} after {attempts} attempts", status=failed.status
                    ) from failed
                if failed.wait is not None:  # the server said how long
                    if failed.wait > policy.max_retry_after:
                        raise _Failed(
                            f"{failed.reason}; server asks to retry after {failed.wait:.0f} s",
                            status=failed.status,
                        ) from failed
                    wait_s = failed.wait
                    gate.back_off(wait_s)  # for every thread fetching from this host
                else:
                    wait_s = min(policy.max_backoff, policy.backoff * 2**attempt)
                    wait_s *= random.uniform(0.8, 1.2)
                if time.monotonic() + wait_s > deadline:
                    raise _Failed(
                        f"{failed.reason} (no time left to retry)", status=failed.status
                    ) from failed
                time.sleep(wait_s)
        raise AssertionError("unreachable")

    def _once(
        self,
        url: str,
        headers: dict[str, str],
        deadline: float,
        *,
        max_bytes: int,
        check_type: bool,
    ) -> _Answer:
        """One request; raises _Failed (retry=True when trying again may help)."""
        timeout = max(0.05, min(self.policy.timeout, deadline - time.monotonic()))
        try:
            with self._client.stream("GET", url, headers=headers, timeout=timeout) as response:
                status = response.status_code
                if status == 429 or (status >= 500 and status not in _NOT_RETRIED_5XX):
                    raise _Failed(
                        f"HTTP {status}",
                        status=status,
                        retry=True,
                        wait=retry_after(response.headers.get("retry-after")),
                    )
                if status in _REDIRECTS or status == 304:
                    return _Answer(status, response.headers)
                if status >= 400 or status < 200:
                    raise _Failed(f"HTTP {status}", status=status)
                if check_type:
                    _check_content_type(response.headers.get("content-type"), status)
                body = _read_limited(response, max_bytes, deadline)
                return _Answer(status, response.headers, body)
        except httpx.TimeoutException as exc:
            raise _Failed(f"timed out ({type(exc).__name__})", retry=True) from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            refusal = _guard_refusal(exc)
            if refusal:
                raise _Failed(refusal) from exc
            raise _Failed(f"connection failed ({type(exc).__name__}: {exc})", retry=True) from exc
        except httpx.DecodingError as exc:
            raise _Failed(f"undecodable response body ({exc})") from exc
        except httpx.HTTPError as exc:  # protocol errors on our side, unsupported schemes
            raise _Failed(f"request failed ({type(exc).__name__}: {exc})") from exc
        except (httpx.InvalidURL, UnicodeError) as exc:
            raise _Failed(f"invalid URL ({exc})") from exc


def _network(policy: FetchPolicy) -> httpx.BaseTransport:
    """The guarded network transport: a small pool per origin (see :mod:`.pools`)."""
    per_host = max(1, policy.concurrency) + 1  # slack: politeness already caps requests
    limits = httpx.Limits(max_connections=per_host, max_keepalive_connections=per_host)

    def pool(scheme: str) -> httpx.BaseTransport:
        return guarded_transport(
            allow_private=policy.allow_private, limits=limits, verify=_tls_context(scheme)
        )

    return HostPools(pool, max_origins=max(64, 4 * policy.workers))


@functools.cache
def _verifying_context() -> ssl.SSLContext:
    """httpx's verifying TLS context, made once: loading the CA bundle takes a while."""
    return httpx.create_ssl_context()


def _tls_context(scheme: str) -> ssl.SSLContext:
    """The TLS context of an origin's pool: the verifying one for https; for plain http,
    where TLS is never used, one that trusts nothing (cheap to make, and safe if it were)."""
    if scheme == "https":
        return _verifying_context()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _result_of(future: Future[FetchResult], url: str) -> FetchResult:
    """A future's result; a bug in one fetch becomes that URL's failure, not the crawl's end."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - reported, with its type, as this URL's failure
        reason = one_line(f"{url}: internal error ({type(exc).__name__}: {exc})")
        return FetchResult(url=url, final_url=url, status=None, content=None, error=reason)


def to_page(result: FetchResult, given: GivenMeta | None = None) -> Page | Failure:
    """The Page a successful fetch gives (kind ``html``, or ``text`` for text/plain; ref the
    URL asked for, origin the URL finally read, group the host), or a Failure.

    ``given`` (e.g. a feed item's metadata) is kept; the final URL fills its ``url`` if unset.
    """
    if result.not_modified:
        return Failure(input=result.url, stage=STAGE, error=f"{result.url}: not modified")
    if not result.ok or result.content is None:
        return Failure(
            input=result.url, stage=STAGE, error=result.error or f"{result.url}: no content"
        )
    given = given or GivenMeta()
    if given.url is None:
        given = replace(given, url=result.final_url)
    kind: PageKind = "text" if _media_type(result.content_type) == "text/plain" else "html"
    return Page(
        ref=result.url,
        origin=result.final_url,
        kind=kind,
        content=result.content,
        raw=result.raw,
        given=given,
        group=_host_key(result.final_url),
    )


def retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _read_limited(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _Failed(
            f"too large ({int(declared)} bytes, limit {max_bytes})", status=response.status_code
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # decompressed: a gzip bomb is caught too
        size += len(chunk)
        if size > max_bytes:
            raise _Failed(
                f"too large (over the {max_bytes}-byte limit)", status=response.status_code
            )
        if time.monotonic() > deadline:
            raise _Failed("body took too long to arrive", status=response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_content_type(value: str | None, status: int) -> None:
    media = _media_type(value)
    if media is not None and media not in TEXT_TYPES:
        raise _Failed(f"unsupported content type {media}", status=status)


def _media_type(value: str | None) -> str | None:
    if not value:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _conditional_headers(validators: Mapping[str, Any] | None) -> dict[str, str]:
    headers = {}
    if etag := _get(validators, "etag"):
        headers["If-None-Match"] = etag
    if last_modified := _get(validators, "last_modified"):
        headers["If-Modified-Since"] = last_modified
    return headers


def _get(mapping: Mapping[str, Any] | None, key: str) -> str | None:
    value = mapping.get(key) if mapping else None
    return str(value) if value else None


def _guard_refusal(exc: BaseException) -> str | None:
    """The guard's message if the connect-time check refused the address."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, StorylineError):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return None


def _strip_prefix(message: str, prefix: str) -> str:
    return message[len(prefix) :] if message.startswith(prefix) else message


def _host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
