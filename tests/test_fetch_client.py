"""The Fetcher against real HTTP servers on loopback: retries, limits, politeness, robots."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from storyline.fetch.client import Fetcher, FetchPolicy, retry_after, to_page
from storyline.fetch.testing import LoopbackSite, Reply, Request, Route
from storyline.records import Failure, Page

ARTICLE = (
    "<html><head><title>Port reopens</title></head><body><p>The port reopened.</p></body></html>"
)

Serve = Callable[..., LoopbackSite]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start loopback sites (one per 127.0.0.x address); all are stopped after the test."""
    sites: list[LoopbackSite] = []

    def start(routes: dict[str, Route], host: str = "127.0.0.2") -> LoopbackSite:
        site = LoopbackSite(host, routes).start()
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.stop()


def policy(**overrides: object) -> FetchPolicy:
    """Loopback allowed, no politeness delay, short timeouts: fast tests."""
    values: dict[str, object] = dict(
        allow_private=True, delay=0.0, timeout=1.0, retries=2, backoff=0.01, deadline=10.0
    )
    values.update(overrides)
    return FetchPolicy(**values)  # type: ignore[arg-type]


def sequence(*replies: Reply) -> Callable[[Request], Reply]:
    """A route answering with each reply in turn, then the last one for ever."""
    lock = threading.Lock()
    calls = [0]

    def answer(_: Request) -> Reply:
        with lock:
            index = min(calls[0], len(replies) - 1)
            calls[0] += 1
        return replies[index]

    return answer


def test_page_is_fetched_and_becomes_a_page(serve: Serve) -> None:
    site = serve({"/a": Reply(ARTICLE, headers={"ETag": '"v1"'})})
    with Fetcher(policy()) as fetcher:
        result = fetcher.fetch(site.url("/a"))
    assert result.ok and result.status == 200 and "port reopened" in (result.content or "")
    assert result.etag == '"v1"'
    page = to_page(result)
    assert isinstance(page, Page)
    assert (page.ref, page.kind, page.group, page.given.url) == (
        site.url("/a"),
        "html",
        "127.0.0.2",
        site.url("/a"),
    )
    request = site.requests("/a")[0]
    assert request.headers["User-Agent"].startswith("storyline/0.1 (+https://github.com/")


def test_slow_server_times_out_retries_then_fails(serve: Serve) -> None:
    site = serve({"/slow": Reply(ARTICLE, delay=1.0)})
    started = time.monotonic()
    with Fetcher(policy(timeout=0.2, retries=1)) as fetcher:
        result = fetcher.fetch(site.url("/slow"))
    assert result.error is not None
    assert result.error.startswith(site.url("/slow") + ": timed out")
    assert "after 2 attempts" in result.error and "\n" not in result.error
    assert len(site.requests("/slow")) == 2
    assert time.monotonic() - started < 3


def test_500_then_200_is_retried(serve: Serve) -> None:
    site = serve({"/flaky": sequence(Reply("oops", status=500), Reply(ARTICLE))})
    with Fetcher(policy()) as fetcher:
        result = fetcher.fetch(site.url("/flaky"))
    assert result.ok and result.status == 200
    assert len(site.requests("/flaky")) == 2


def test_429_waits_as_long_as_retry_after_says(serve: Serve) -> None:
    busy = Reply("slow down", status=429, headers={"Retry-After": "1"})
    site = serve({"/busy": sequence(busy, Reply(ARTICLE))})
    with Fetcher(policy()) as fetcher:
        result = fetcher.fetch(site.url("/busy"))
    assert result.ok
    first, second = site.requests("/busy")
    assert second.at - first.at >= 0.95


def test_retry_after_beyond_the_cap_is_a_failure_not_a_wait(serve: Serve) -> None:
    site = serve({"/busy": Reply("later", status=503, headers={"Retry-After": "3600"})})
    started = time.monotonic()
    with Fetcher(policy(max_retry_after=5)) as fetcher:
        result = fetcher.fetch(site.url("/busy"))
    assert result.error and "HTTP 503" in result.error and "3600" in result.error
    assert time.monotonic() - started < 1


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
    assert retry_after("120") == 120
    assert retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30
    assert retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0
    assert retry_after("soon") is None and retry_after(None) is None


def test_redirects_are_followed_and_loops_detected(serve: Serve) -> None:
    site = serve({})
    site.routes.update(
        {
            "/old": Reply(status=301, headers={"Location": "/new"}),
            "/new": Reply(ARTICLE),
            "/loop-a": Reply(status=302, headers={"Location": site.url("/loop-b")}),
            "/loop-b": Reply(status=302, headers={"Location": "/loop-a"}),
        }
    )
    with Fetcher(policy()) as fetcher:
        moved = fetcher.fetch(site.url("/old"))
        loop = fetcher.fetch(site.url("/loop-a"))
    assert moved.ok and moved.final_url == site.url("/new") and moved.url == site.url("/old")
    assert loop.error and "redirect loop" in loop.error and loop.error.startswith(site.url("/"))
    assert len(site.requests("/loop-a")) == 1


def test_too_many_redirects(serve: Serve) -> None:
    site = serve(
        {f"/r{i}": Reply(status=302, headers={"Location": f"/r{i + 1}"}) for i in range(9)}
    )
    with Fetcher(policy(max_redirects=3)) as fetcher:
        result = fetcher.fetch(site.url("/r0"))
    assert result.error and "more than 3 redirects" in result.error
    assert len(site.requests()) == 5  # robots.txt + 4 hops


def test_conditional_get_304_is_not_modified(serve: Serve) -> None:
    def page(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, content_type=None, headers={"ETag": '"v1"'})
        return Reply(ARTICLE, headers={"ETag": '"v1"', "Last-Modified": "Mon, 02 Jun 2025"})

    site = serve({"/a": page})
    with Fetcher(policy()) as fetcher:
        first = fetcher.fetch(site.url("/a"))
        again = fetcher.fetch(site.url("/a"), first.validators)
    assert first.ok and not first.not_modified
    assert again.not_modified and again.status == 304 and again.error is None
    assert again.content is None and again.etag == '"v1"'
    assert again.last_modified == "Mon, 02 Jun 2025"  # kept from the caller's validators
    assert site.requests("/a")[1].headers["If-Modified-Since"] == "Mon, 02 Jun 2025"


def test_size_limit_declared_and_while_streaming(serve: Serve) -> None:
    big = "<html><body>" + "x" * 50_000 + "</body></html>"
    site = serve({"/big": Reply(big), "/stream": Reply(big, length=False)})
    with Fetcher(policy(max_bytes=10_000)) as fetcher:
        declared = fetcher.fetch(site.url("/big"))
        streamed = fetcher.fetch(site.url("/stream"))
    assert declared.error and "too large" in declared.error and "limit 10000" in declared.error
    assert streamed.error and "over the 10000-byte limit" in streamed.error
    assert declared.content is None and streamed.content is None


def test_wrong_content_type_is_refused(serve: Serve) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    site = serve({"/logo.png": Reply(png, content_type="image/png")})
    with Fetcher(policy()) as fetcher:
        result = fetcher.fetch(site.url("/logo.png"))
    assert result.error == f"{site.url('/logo.png')}: unsupported content type image/png"
    assert isinstance(to_page(result), Failure)


def test_windows_1251_page_without_charset_header_is_decoded(serve: Serve) -> None:
    text = "Переговоры в Стамбуле продолжатся в понедельник, сообщил Кремль. " * 4
    html = f"<html><head><title>Новости</title></head><body><p>{text}</p></body></html>"
    site = serve({"/ru": Reply(html.encode("cp1251"), content_type="text/html")})
    with Fetcher(policy()) as fetcher:
        result = fetcher.fetch(site.url("/ru"))
    assert result.ok and "Переговоры в Стамбуле" in (result.content or "")


def test_robots_txt_forbids_a_path(serve: Serve) -> None:
    robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: storyline\nDisallow: /drafts/\n"
    site = serve(
        {
            "/robots.txt": Reply(robots, content_type="text/plain"),
            "/drafts/a": Reply(ARTICLE),
            "/news/a": Reply(ARTICLE),
        }
    )
    with Fetcher(policy()) as fetcher:
        refused = fetcher.fetch(site.url("/drafts/a"))
        allowed = fetcher.fetch(site.url("/news/a"))
    assert refused.error == f"{site.url('/drafts/a')}: disallowed by robots.txt"
    assert allowed.ok
    assert [r.path for r in site.requests()] == ["/robots.txt", "/news/a"]  # cached, once


def test_politeness_delay_as_seen_by_the_server(serve: Serve) -> None:
    sites = [
        serve({f"/{i}": Reply(ARTICLE) for i in range(5)}, host=f"127.0.0.{n}") for n in (2, 3)
    ]
    urls = [site.url(f"/{i}") for site in sites for i in range(5)]
    with Fetcher(policy(delay=0.2, concurrency=1, workers=8)) as fetcher:
        results = list(fetcher.fetch_many(urls))
    assert all(r.ok for r in results) and len(results) == 10
    for site in sites:
        assert len(site.requests()) == 6  # robots.txt + 5 pages
        gap = site.min_gap()
        assert gap is not None and gap >= 0.2, f"{site.host} saw requests {gap:.3f} s apart"


def test_robots_crawl_delay_slows_us_down(serve: Serve) -> None:
    robots = "User-agent: *\nCrawl-delay: 1\n"  # urllib.robotparser reads whole seconds
    site = serve(
        {
            "/robots.txt": Reply(robots, content_type="text/plain"),
            "/a": Reply(ARTICLE),
            "/b": Reply(ARTICLE),
        }
    )
    with Fetcher(policy(delay=0.0)) as fetcher:
        assert all(r.ok for r in fetcher.fetch_many([site.url("/a"), site.url("/b")]))
    gap = site.min_gap()
    assert len(site.requests()) == 3 and gap is not None and gap >= 1.0


def test_unreachable_host_is_a_one_line_failure() -> None:
    url = "http://127.0.0.9:9/"  # nothing listens on the discard port
    with Fetcher(policy(retries=1)) as fetcher:
        result = fetcher.fetch(url)
    assert result.error and result.error.startswith(url + ": ")
    assert "robots.txt unreachable" in result.error and "connection failed" in result.error
    assert "\n" not in result.error


def test_http_404_and_non_http_urls(serve: Serve) -> None:
    site = serve({})
    with Fetcher(policy()) as fetcher:
        missing = fetcher.fetch(site.url("/gone"))
        ftp = fetcher.fetch("ftp://127.0.0.2/file")
    assert missing.error == f"{site.url('/gone')}: HTTP 404" and missing.status == 404
    assert ftp.error and ftp.error.startswith("ftp://127.0.0.2/file: only http and https")


def test_compressed_body_is_limited_by_its_decompressed_size(serve: Serve) -> None:
    bomb = gzip.compress(b"<html><body>" + b"a" * 200_000 + b"</body></html>")
    site = serve({"/bomb": Reply(bomb, headers={"Content-Encoding": "gzip"})})
    with Fetcher(policy(max_bytes=10_000)) as fetcher:
        result = fetcher.fetch(site.url("/bomb"))
    assert len(bomb) < 10_000
    assert result.error and "over the 10000-byte limit" in result.error


def test_unreadable_robots_txt_means_do_not_crawl(serve: Serve) -> None:
    site = serve({"/robots.txt": Reply("down", status=503), "/a": Reply(ARTICLE)})
    with Fetcher(policy(retries=0)) as fetcher:
        result = fetcher.fetch(site.url("/a"))
    assert result.error == f"{site.url('/a')}: robots.txt unreachable, so not crawled: HTTP 503"
    assert site.requests("/a") == []


def test_plain_text_becomes_a_text_page_and_duplicates_are_fetched_once(serve: Serve) -> None:
    site = serve({"/t.txt": Reply("Port reopens.\n\nMore text.", content_type="text/plain")})
    with Fetcher(policy()) as fetcher:
        results = list(fetcher.fetch_many([site.url("/t.txt"), site.url("/t.txt")]))
    assert len(results) == 1 and len(site.requests("/t.txt")) == 1
    page = to_page(results[0])
    assert isinstance(page, Page) and page.kind == "text"
