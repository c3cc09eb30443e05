"""HostPools: one small connection pool per origin, the idle ones closed beyond a bound."""

from __future__ import annotations

import ssl

import httpx
import pytest

from storyline.fetch.client import _tls_context
from storyline.fetch.pools import HostPools


class Recording(httpx.MockTransport):
    """A pool stand-in that answers every request and remembers being closed."""

    def __init__(self, scheme: str) -> None:
        super().__init__(lambda request: httpx.Response(200, content=b"ok " * 100))
        self.scheme = scheme
        self.closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def made() -> list[Recording]:
    return []


def pools(made: list[Recording], max_origins: int) -> HostPools:
    def make(scheme: str) -> Recording:
        made.append(Recording(scheme))
        return made[-1]

    return HostPools(make, max_origins=max_origins)


def test_one_pool_per_origin(made) -> None:
    with httpx.Client(transport=pools(made, 8)) as client:
        for url in ("http://a.test/1", "http://a.test/2", "http://A.test/3", "https://a.test/",
                    "http://a.test:8080/", "http://b.test/"):  # fmt: skip
            assert client.get(url).status_code == 200
    assert [m.scheme for m in made] == ["http", "https", "http", "http"]
    assert all(m.closed for m in made)  # closing the client closes every pool


def test_idle_pools_beyond_the_bound_are_closed_least_recently_used_first(made) -> None:
    transport = pools(made, 2)
    with httpx.Client(transport=transport) as client:
        for host in ("a", "b", "a", "c"):
            client.get(f"http://{host}.test/")
        assert transport.origins == 2
        a, b, c = made
        assert b.closed and not a.closed and not c.closed


def test_a_pool_with_a_response_open_is_not_closed(made) -> None:
    transport = pools(made, 1)
    with httpx.Client(transport=transport) as client:
        with client.stream("GET", "http://a.test/") as slow:
            client.get("http://b.test/")
            client.get("http://c.test/")
            assert not made[0].closed  # still reading its body
            assert slow.read().startswith(b"ok")
        client.get("http://d.test/")
        assert made[0].closed and transport.origins == 1


def test_tls_context_verifies_https_and_plain_http_trusts_nothing() -> None:
    https = _tls_context("https")
    assert https.verify_mode == ssl.CERT_REQUIRED and https.check_hostname
    assert https.cert_store_stats()["x509_ca"] > 0
    assert _tls_context("https") is https  # made once: loading the CA bundle is slow
    plain = _tls_context("http")
    assert plain.verify_mode == ssl.CERT_REQUIRED and plain.cert_store_stats()["x509_ca"] == 0
