"""Small real HTTP sites on loopback, for the fetch tests and benchmarks.

The fetcher is tested against real sockets, not mocks, because what matters (timeouts,
streaming limits, keep-alive, politeness as seen by the server) only shows on the wire.
Each :class:`LoopbackSite` is a ``ThreadingHTTPServer`` on its own 127.0.0.x address (Linux
routes all of 127/8 to the loopback interface), so sites are distinct hosts to the fetcher.
Every request is logged with its arrival time, so tests can check politeness from the
server's side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One canned answer. ``delay`` seconds pass before the status line is sent."""

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    length: bool = True
    """Send Content-Length; when False the body runs until the connection closes."""


@dataclass(frozen=True)
class Request:
    """A request as the site saw it."""

    at: float  # time.monotonic() on arrival
    method: str
    path: str
    headers: dict[str, str]


Route = Reply | Callable[[Request], Reply]


class LoopbackSite:
    """An HTTP server on ``host`` (port chosen by the OS) answering from ``routes``
    (exact path, query included → Reply or function of the Request); anything else is 404."""

    def __init__(self, host: str = "127.0.0.1", routes: dict[str, Route] | None = None) -> None:
        self.host = host
        self.routes: dict[str, Route] = dict(routes or {})
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _handler_for(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> LoopbackSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.log if path is None or r.path == path]

    def min_gap(self) -> float | None:
        """The shortest time between two requests' arrivals (None if fewer than two)."""
        times = sorted(r.at for r in self.requests())
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        return min(gaps) if gaps else None

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.log.append(request)
        route = self.routes.get(request.path)
        if route is None:
            return Reply(b"not found", status=404, content_type="text/plain")
        return route(request) if callable(route) else route


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out and hang up are expected here: stay quiet."""


def _handler_for(site: LoopbackSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real sites do
        wbufsize = 1 << 16  # headers and body leave in one write, flushed per request
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            request = Request(time.monotonic(), "GET", self.path, dict(self.headers.items()))
            reply = site._answer(request)  # noqa: SLF001
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            headers = {k.lower(): v for k, v in reply.headers.items()}
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if not reply.length:
                self.send_header("Connection", "close")
                self.close_connection = True
            elif "content-length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if reply.status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler
