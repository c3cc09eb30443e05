"""Fetching in a worker process, so that fetching does not compete with extraction.

A crawl's pages are extracted in the process that asks for them. With the :class:`Fetcher`'s
threads in that process too, both share one GIL: a request costs about half a millisecond of
CPU in httpx, a page two or three in extraction, and the two simply add up however many cores
the machine has. :class:`FetchWorker` runs the same :class:`Fetcher` (robots.txt,
politeness, SSRF guard, retries, validators, redirects, limits: nothing changes) in a child
process, and streams its :class:`FetchResult`\\ s back over a socket pair, so the caller's
process only crawls, extracts and stores. It has the Fetcher's ``fetch_many``, so
`fetch_sources` takes either; the crawl's state (validators, seen URLs) stays with the
caller, which saves it with the pages.

The child is a plain ``python -c`` subprocess rather than a ``multiprocessing`` Process:
``fork`` is unsafe with threads running (the CLI's progress bar, servers in tests), and
``spawn`` / ``forkserver`` import the parent's ``__main__`` again (the whole CLI, or a
script) before the child can start. The child only imports the fetcher.

Flow control is by credits: the child sends a result only against a credit, and the caller
returns one for each result it receives, so at most ``read_ahead`` results wait for the
caller while it extracts; the Fetcher dispatches a host's next URL only when the child takes
a result, so the network rests too.

The child never outlives its caller. It exits as soon as it finds the caller's end of the
socket closed: on :meth:`FetchWorker.close`, at interpreter exit, on garbage collection, or
when the caller dies, however it dies. On close, a child that does not exit at once (it is
waiting on a slow server) is terminated, then reaped. It is in a process group of its own
and ignores SIGINT: Ctrl-C is the caller's to handle, and the caller stops it. A worker that
dies anyway turns the URLs it still owed into failures with a one-line reason.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import select
import socket
import struct
import subprocess
import sys
import traceback
import weakref
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

from storyline.records import StorylineError
from storyline.sources.pages import one_line

from .client import Fetcher, FetchPolicy, FetchResult

READ_AHEAD = 64
"""Results the worker may send before the caller has taken them."""
CREDIT_BATCH = 8
"""Credits are returned this many at a time (or at once when the caller would wait)."""
NICENESS = 10
"""The worker yields the CPU to its caller when both want it: extraction is the bottleneck,
and the read-ahead keeps the caller fed while the worker waits its turn."""
CLOSE_GRACE = 1.0
"""Seconds a closing worker gets to exit before it is terminated."""

_BOOT = (
    "import json, signal, sys\n"
    "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "sys.path[:] = json.loads(sys.argv[2])\n"
    "sys.modules.setdefault('httpx._main', None)\n"
    "from storyline.fetch.worker import serve\n"
    "serve(int(sys.argv[1]))\n"
)
"""The child's program. It takes the caller's ``sys.path``, so it imports the same
storyline, installed or not. httpx's command-line client (which httpx imports if it can,
with rich, click and pygments) is declared missing: it was a third of the child's start."""

Message = tuple[Any, ...]


class Channel:
    """Pickled messages over a stream socket, each after its length (the two processes run
    the same code, so pickle is safe here: nothing else writes to this socket)."""

    _LENGTH = struct.Struct("!Q")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._poller = select.poll()  # not select.select: no limit on the descriptor
        self._poller.register(sock, select.POLLIN)

    def send(self, message: Message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.sock.sendall(self._LENGTH.pack(len(data)) + data)

    def recv(self) -> Message:
        """The next message; EOFError when the other side has closed."""
        (size,) = self._LENGTH.unpack(self._read(self._LENGTH.size))
        message: Message = pickle.loads(self._read(size))
        return message

    def poll(self) -> bool:
        """Whether a message has (at least begun to) come in."""
        return bool(self._poller.poll(0))

    def close(self) -> None:
        self.sock.close()

    def _read(self, size: int) -> bytearray:
        buffer = bytearray(size)
        view, got = memoryview(buffer), 0
        while got < size:
            n = self.sock.recv_into(view[got:])
            if n == 0:
                raise EOFError("the other side closed the connection")
            got += n
        return buffer


class FetchWorker:
    """A :class:`Fetcher` with ``policy`` in a child process; use as a context manager, or
    call :meth:`close`. One consumer at a time: starting a ``fetch_many`` abandons the one
    before it if it was not finished."""

    def __init__(self, policy: FetchPolicy | None = None, *, read_ahead: int = READ_AHEAD) -> None:
        self.policy = policy or FetchPolicy()
        self._conn, self._proc = _start_child()
        self._close = weakref.finalize(self, _stop_child, self._proc, self._conn)
        self._batches = itertools.count(1)
        self._owed = 0
        self._dead: str | None = None
        self._send(("policy", self.policy))
        self._send(("credit", max(1, read_ahead)))

    def __enter__(self) -> FetchWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pid(self) -> int:
        return self._proc.pid

    def close(self) -> None:
        """Stop the child (terminating it if it does not exit promptly) and reap it."""
        self._close()

    def fetch(self, url: str, validators: Mapping[str, Any] | None = None) -> FetchResult:
        """Fetch one URL (see `Fetcher.fetch`)."""
        given = {url: validators} if validators is not None else None
        results = self.fetch_many([url], given)
        try:
            return next(results)
        finally:
            results.close()

    def fetch_many(
        self,
        urls: Iterable[str],
        validators: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Generator[FetchResult, None, None]:
        """Results for ``urls`` as the worker completes them (see `Fetcher.fetch_many`).

        Only the URLs' own validators travel to the worker. Every URL gets exactly one
        result: those the worker could not give (it died, or failed as a whole) come back
        as failures naming the URL.
        """
        owed = dict.fromkeys(urls)
        if not owed:
            return
        batch = next(self._batches)
        self._send(("fetch", batch, list(owed), _validators_of(owed, validators)))
        finished = False
        try:
            while owed and self._dead is None:
                message = self._receive()
                if message is None or message[1] != batch:
                    continue  # the worker died (handled below), or an abandoned batch
                if message[0] == "result":
                    result: FetchResult = message[2]
                    owed.pop(result.url, None)
                    yield result
                elif message[0] == "failed":
                    yield from _failures(owed, message[2])
                elif message[0] == "done":
                    yield from _failures(owed, "the fetch worker gave no result")
            yield from _failures(owed, self._dead or "")
            finished = True
        finally:
            if not finished and owed:
                self._send(("cancel", batch))

    # -- the socket ---------------------------------------------------------------------------

    def _send(self, message: Message) -> None:
        if self._dead is not None:
            return
        try:
            self._conn.send(message)
        except OSError:
            self._died()

    def _receive(self) -> Message | None:
        """The worker's next message, or None once it has died."""
        try:
            if self._owed and (self._owed >= CREDIT_BATCH or not self._conn.poll()):
                self._send(("credit", self._owed))
                self._owed = 0
            message = self._conn.recv()
        except (EOFError, OSError):
            self._died()
            return None
        except BaseException:  # e.g. Ctrl-C mid-message: the stream cannot be trusted
            self._dead = "interrupted"
            raise
        if message[0] == "result":
            self._owed += 1
        return message

    def _died(self) -> None:
        """Record why the worker is gone: its URLs become failures from now on."""
        if self._dead is not None:
            return
        try:
            code = self._proc.wait(timeout=1.0)
            self._dead = f"the fetch worker stopped (exit code {code})"
        except subprocess.TimeoutExpired:
            self._dead = "lost contact with the fetch worker"
        self.close()


def _start_child() -> tuple[Channel, subprocess.Popen[bytes]]:
    """Start the child on one end of a socket pair; the caller keeps the other."""
    if not sys.executable:
        raise StorylineError("cannot start a fetch worker: no Python executable known")
    ours, theirs = socket.socketpair()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(theirs.fileno()), json.dumps(_import_path())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            process_group=0,  # Ctrl-C at a terminal goes to the caller alone
        )
    except OSError as exc:
        ours.close()
        raise StorylineError(f"cannot start a fetch worker: {exc}") from exc
    finally:
        theirs.close()  # the child's copy keeps it open; ours must go, so EOF means gone
    return Channel(ours), proc


def _import_path() -> list[str]:
    return [entry for entry in sys.path if isinstance(entry, str)]


def _stop_child(proc: subprocess.Popen[bytes], channel: Channel) -> None:
    """Close our end of the socket, which tells the child to exit, and make sure it did
    (also run at interpreter exit).

    The child notices at its next read or write, however busy it is (a child blocked
    sending a result gets an error at once). One still waiting on a slow server is
    terminated after ``CLOSE_GRACE``: it holds nothing that would be lost.
    """
    channel.close()
    try:
        proc.wait(timeout=CLOSE_GRACE)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=CLOSE_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _validators_of(
    urls: Iterable[str], validators: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    """The conditional-GET validators of ``urls`` only (a crawl state holds every URL)."""
    if not validators:
        return {}
    chosen = {}
    for url in urls:
        entry = validators.get(url)
        if entry:
            chosen[url] = {"etag": entry.get("etag"), "last_modified": entry.get("last_modified")}
    return chosen


def _failures(owed: dict[str, None], reason: str) -> Iterator[FetchResult]:
    """A failure for each URL still owed a result (and none owed after)."""
    while owed:
        url = next(iter(owed))
        del owed[url]
        error = one_line(f"{url}: {reason}") if reason else f"{url}: no result"
        yield FetchResult(url=url, final_url=url, status=None, content=None, error=error)


# -- the child ---------------------------------------------------------------------------------


def serve(fd: int) -> None:
    """The child's main loop, on socket ``fd``: fetch batches against credits until the
    caller closes its end (or is gone). Exits the process without waiting for fetches still
    in flight: their results would have no reader."""
    code = 0
    channel = Channel(socket.socket(fileno=fd))
    _wake_without_preempting()  # before any thread starts: they inherit it
    try:
        kind, policy = channel.recv()
        assert kind == "policy", kind
        with Fetcher(policy) as fetcher:
            _Loop(channel, fetcher).run()
    except (EOFError, OSError):
        pass  # the caller closed its end, or is gone: the normal way out
    except BaseException:  # noqa: BLE001 - reported on stderr; the caller sees the exit code
        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    os._exit(code)


def _wake_without_preempting() -> None:
    """Run as a batch process (Linux): the same fair share of CPU, but a wake-up (a response
    arrived, a credit came back) waits for the running task's turn instead of preempting it,
    so the caller's extraction is interrupted less often; the read-ahead absorbs the delay.
    Measured on a busy 2-core machine: about a fifth fewer preemptions of the caller. And a
    lower priority (``NICENESS``): where the two compete for a core, the caller goes first
    (bench/fetch.py on 2 cores: fetch + ingest / file ingest from ~0.78 to ~0.87)."""
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (AttributeError, OSError):  # not Linux, or not allowed: a normal process then
        pass
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):
        pass


class _Loop:
    """The child's state: credits to send results against, batches asked for, cancelled."""

    def __init__(self, channel: Channel, fetcher: Fetcher) -> None:
        self.channel = channel
        self.fetcher = fetcher
        self.credits = 0
        self.queued: list[Message] = []
        self.current = 0
        """The batch being fetched (or the last one): batches are fetched in order."""
        self.cancelled: set[int] = set()

    def run(self) -> None:
        """Until the caller closes its end (EOFError or OSError, raised to `serve`)."""
        while True:
            if self.queued:
                self._batch(*self.queued.pop(0)[1:])
            else:
                self._handle(self.channel.recv())

    def _handle(self, message: Message) -> None:
        kind = message[0]
        if kind == "credit":
            self.credits += message[1]
        elif kind == "fetch":
            self.queued.append(message)
        elif kind == "cancel" and message[1] >= self.current:  # not one already done
            self.cancelled.add(message[1])

    def _batch(self, batch: int, urls: list[str], validators: dict[str, dict[str, Any]]) -> None:
        """Fetch one batch, sending each result against a credit; stop early when it is
        cancelled, and end with ``done`` (or ``failed``)."""
        self.current = batch
        if batch not in self.cancelled:
            outcome = self._send_results(batch, self.fetcher.fetch_many(urls, validators))
        else:
            outcome = ("done", batch)
        self.cancelled.discard(batch)
        self.channel.send(outcome)

    def _send_results(self, batch: int, results: Iterator[FetchResult]) -> Message:
        """Send ``results`` as credits allow; ``done``, or ``failed`` if the fetcher broke.
        The socket's errors (the caller is gone) go up at once, leaving the fetches in
        flight rather than waiting for them."""
        while batch not in self.cancelled:
            try:
                result = next(results)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - a fetcher bug fails its batch only
                return ("failed", batch, f"fetch worker error ({type(exc).__name__}: {exc})")
            self._wait_for_credit(batch)
            if batch not in self.cancelled:
                self.channel.send(("result", batch, result))
                self.credits -= 1
        results.close()  # type: ignore[attr-defined]  # waits for the fetches in flight
        return ("done", batch)

    def _wait_for_credit(self, batch: int) -> None:
        """Take in what the caller sent; block for a credit unless the batch is cancelled."""
        while self.channel.poll():
            self._handle(self.channel.recv())
        while self.credits == 0 and batch not in self.cancelled:
            self._handle(self.channel.recv())
