"""The SSRF guard: private, local and special addresses are refused unless allowed."""

from __future__ import annotations

import pytest

from storyline.fetch import client, guard
from storyline.fetch.client import Fetcher, FetchPolicy
from storyline.fetch.guard import check_url, forbidden_reason
from storyline.fetch.testing import LoopbackSite, Reply
from storyline.records import StorylineError

REFUSED = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://localhost:8000/admin",
    "http://LOCALHOST./",
    "http://api.localhost/",
    "http://10.0.0.7/",
    "http://172.16.3.4/",
    "http://192.168.1.1/router",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "http://[::ffff:169.254.169.254]/",
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
    "http://2130706433/",  # 127.0.0.1 in decimal
    "http://0x7f000001/",  # ... in hex
    "http://0177.0.0.1/",  # ... in octal
    "http://017700000001/",
    "https://user:pw@127.0.0.1:8443/x",
]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_special_addresses_are_refused(url: str) -> None:
    with pytest.raises(StorylineError, match="refusing to fetch"):
        check_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://2130706433/", "http://[::1]/", "http://localhost/"]
)
def test_private_addresses_are_allowed_when_asked(url: str) -> None:
    check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/",
        "gopher://x/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "//example.com/",
        "http://",
    ],
)
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(StorylineError):
        check_url(url, allow_private=True)


def test_public_addresses_pass() -> None:
    for address in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"):
        assert forbidden_reason(address) is None, address
    check_url("http://93.184.216.34/news", allow_private=False)  # a literal: no DNS needed


def test_reasons_name_the_kind_of_address() -> None:
    assert forbidden_reason("127.0.0.1") == "a loopback address"
    assert forbidden_reason("169.254.169.254") == "a link-local address"
    assert forbidden_reason("::ffff:10.1.2.3") == "a private address"
    with pytest.raises(StorylineError, match=r"http://\[::1\]/: refusing .*loopback"):
        check_url("http://[::1]/", allow_private=False)


def test_every_dns_answer_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name with one public and one private answer is refused."""

    def two_answers(host: str, port: int, **_: object) -> list[tuple]:
        return [(2, 1, 6, "", ("93.184.216.34", port)), (2, 1, 6, "", ("10.0.0.5", port))]

    monkeypatch.setattr(guard.socket, "getaddrinfo", two_answers)
    with pytest.raises(StorylineError, match=r"10\.0\.0\.5 is a private address"):
        check_url("http://news.example/", allow_private=False)


@pytest.fixture
def two_sites():
    """127.0.0.2 plays a public news site, 127.0.0.3 an internal service."""
    public = LoopbackSite("127.0.0.2").start()
    internal = LoopbackSite("127.0.0.3", {"/secret": Reply("<html>secret</html>")}).start()
    yield public, internal
    public.stop()
    internal.stop()


def _only_127_0_0_2_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    real = guard.forbidden_reason
    monkeypatch.setattr(
        guard, "forbidden_reason", lambda a: None if str(a) == "127.0.0.2" else real(a)
    )


def test_redirect_to_a_private_host_is_refused(two_sites, monkeypatch) -> None:
    public, internal = two_sites
    public.routes["/story"] = Reply(status=302, headers={"Location": internal.url("/secret")})
    _only_127_0_0_2_is_public(monkeypatch)
    with Fetcher(FetchPolicy(allow_private=False, delay=0, retries=0)) as fetcher:
        result = fetcher.fetch(public.url("/story"))
    assert result.error is not None and result.content is None
    assert result.error.startswith(
        f"{public.url('/story')}: redirected to {internal.url('/secret')}"
    )
    assert "loopback" in result.error
    assert internal.requests() == []  # never contacted, not even for robots.txt


def test_connect_time_check_stops_dns_rebinding(two_sites, monkeypatch) -> None:
    """Even if the URL check passed (the name resolved to a public address a moment ago),
    the transport re-resolves, re-checks and refuses to connect to a private address."""
    _, internal = two_sites
    monkeypatch.setattr(client, "check_url", lambda url, allow_private: None)
    with Fetcher(FetchPolicy(allow_private=False, delay=0, retries=2, respect_robots=False)) as f:
        result = f.fetch(internal.url("/secret"))
    assert result.error and "refusing to fetch from 127.0.0.3" in result.error
    assert "attempts" not in result.error  # a refusal is not retried
    assert internal.requests() == []
