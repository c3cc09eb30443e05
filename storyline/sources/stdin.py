"""Standard input (``-``): a manifest, an HTML page or a text dump, told apart by content.

There is no file name to go by, so the content decides: a JSONL manifest if every non-empty
line is a JSON object, HTML if it starts like markup, else a text dump. A page larger than
the size limit cannot be sniffed whole; if it starts like a manifest it is streamed as one
(manifests have no overall limit), otherwise it is refused like any oversize page.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import IO

from storyline.records import Failure, Page, PageKind, StorylineError

from .files import format_size
from .manifest import iter_manifest
from .pages import fail, failed, make_page

NAME = "<stdin>"
_MARKUP = re.compile(
    rb"^\s*<(?:!doctype\s+html|html|head|body|meta|title|!--|\?xml|div|p|article|section|main)"
    rb"[\s>/]",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(rb"<(?:html|body)[\s>]", re.IGNORECASE)


def iter_stdin(stream: IO[bytes], *, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages and Failures from what is piped in."""
    head = stream.read(max_bytes + 1)
    if len(head) > max_bytes:
        if _first_line_is_object(head):
            chained = io.BufferedReader(_Prepended(head, stream))
            yield from iter_manifest(chained, name=NAME, base_dir=".", max_bytes=max_bytes)
        else:
            yield fail(NAME, f"page over size limit (> {format_size(max_bytes)})")
        return
    if is_manifest(head):
        yield from iter_manifest(io.BytesIO(head), name=NAME, base_dir=".", max_bytes=max_bytes)
        return
    kind: PageKind = "html" if looks_like_html(head) else "text"
    try:
        yield make_page(head, kind=kind, ref=NAME, origin=NAME, group=NAME)
    except StorylineError as exc:
        yield failed(NAME, exc)


def is_manifest(data: bytes) -> bool:
    """True if every non-empty line is a JSON object (and there is at least one)."""
    seen = False
    for line in data.removeprefix(b"\xef\xbb\xbf").splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith(b"{") or not _is_object(line):
            return False
        seen = True
    return seen


def looks_like_html(data: bytes) -> bool:
    """True if the text starts like an HTML document, or has an ``<html>``/``<body>`` tag
    near the top."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    return bool(_MARKUP.match(head) or _HTML_TAG.search(head))


def _first_line_is_object(data: bytes) -> bool:
    first = data.removeprefix(b"\xef\xbb\xbf").lstrip().split(b"\n", 1)[0]
    return first.startswith(b"{") and _is_object(first)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


class _Prepended(io.RawIOBase):
    """A stream that replays bytes already read, then continues with the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
