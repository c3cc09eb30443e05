"""The SSRF guard: never let a user-supplied URL make us talk to our own network.

storyline fetches URLs that users type into the CLI or post to the web app. Without a guard,
``http://169.254.169.254/`` (cloud metadata), ``http://localhost:5432/`` or
``http://2130706433/`` (127.0.0.1 in decimal) would turn the server into a proxy into its own
network. The rule is simple and errs on the safe side: a host is refused when *any* of its
DNS answers is not a public unicast address, unless the caller explicitly allows private
addresses (a newsroom's intranet, the tests on loopback).

Two layers use it:

- :func:`check_url` vets a URL before anything is sent (and after every redirect, which the
  fetcher follows itself), so refusals come with a clear message;
- :class:`GuardedBackend` is the connect-time check inside httpx's transport: it resolves the
  host once, checks every answer and connects to the checked address itself, so that a DNS
  answer cannot change between the check and the connect (DNS rebinding). The Host header and
  TLS SNI still carry the original host name, because httpcore derives them from the URL, not
  from the address we connect to.

Residual risk: proxies would bypass the connect-time check, so the fetcher's client ignores
proxy environment variables (``trust_env=False``).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from storyline.records import StorylineError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = ("http", "https")
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def check_url(url: str, *, allow_private: bool) -> None:
    """Raise StorylineError unless ``url`` is an http(s) URL whose host resolves only to
    public addresses (any address when ``allow_private``).

    The host is resolved with the system resolver, which also reads the legacy IPv4 forms
    (``2130706433``, ``0177.0.0.1``, ``0x7f.1``) that browsers and libc accept.
    """
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise StorylineError(f"{url}: not a valid URL ({exc})") from exc
    if scheme not in _SCHEMES:
        raise StorylineError(f"{url}: only http and https URLs can be fetched, not {scheme!r}")
    if not host:
        raise StorylineError(f"{url}: URL has no host")
    resolve_checked(host, port, allow_private=allow_private, origin=url)


def resolve_checked(
    host: str, port: int, *, allow_private: bool, origin: str | None = None
) -> list[str]:
    """The addresses ``host`` resolves to, every one of them checked; raises StorylineError
    when the name does not resolve or one answer is forbidden."""
    origin = origin or host
    name = host.strip("[]").rstrip(".").lower()
    if not allow_private and (name in _LOCAL_NAMES or name.endswith(".localhost")):
        raise StorylineError(f"{origin}: refusing to fetch from {host} (a local address)")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise StorylineError(f"{origin}: cannot resolve host {host} ({exc})") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise StorylineError(f"{origin}: host {host} has no address")
    if not allow_private:
        for address in addresses:
            reason = forbidden_reason(address)
            if reason:
                raise StorylineError(
                    f"{origin}: refusing to fetch from {host} ({address} is {reason})"
                )
    return addresses


def forbidden_reason(address: str | IPAddress) -> str | None:
    """Why an address must not be contacted without ``allow_private``, or None if it is a
    public unicast address. IPv6 addresses that embed an IPv4 one (mapped, 6to4, Teredo,
    NAT64) are judged by the embedded address too."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    except ValueError:
        return "not an IP address"
    for candidate in _with_embedded(ip):
        reason = _reason(candidate)
        if reason:
            return reason
    return None


def _with_embedded(ip: IPAddress) -> Iterable[IPAddress]:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        yield ip.ipv4_mapped  # ::ffff:a.b.c.d is a.b.c.d, whatever ::ffff:0:0/96's label
        return
    yield ip
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour is not None:
            yield ip.sixtofour
        if ip.teredo is not None:
            yield from ip.teredo
        if ip in _NAT64:
            yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _reason(ip: IPAddress) -> str | None:
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),  # e.g. 100.64.0.0/10, shared
    )
    return next((reason for hit, reason in checks if hit), None)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend with the guard applied at connect time.

    The host is resolved here, once; every answer is checked; the socket connects to a
    checked address. httpcore keeps using the URL's host name for the Host header and SNI.
    """

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = resolve_checked(host, port, allow_private=self.allow_private)
        except StorylineError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"cannot connect to {host}")


def guarded_transport(*, allow_private: bool, **kwargs: object) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through :class:`GuardedBackend`.

    httpx has no public hook for the network backend, so it is set on the transport's
    connection pool; an httpx upgrade that moves it fails loudly here instead of silently
    dropping the guard.
    """
    transport = httpx.HTTPTransport(**kwargs)  # type: ignore[arg-type]
    pool = transport._pool  # noqa: SLF001 - see docstring
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx/httpcore changed: cannot install the SSRF guard backend")
    pool._network_backend = GuardedBackend(allow_private=allow_private)  # noqa: SLF001
    return transport
