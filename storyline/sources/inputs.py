"""The entry point of the sources stage: user inputs in, Pages and Failures out.

One bad input never stops the others: everything wrong with an input (missing, unreadable,
binary, oversize, malformed) becomes a Failure naming it, and the stream goes on. Only
programming errors raise.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from storyline.records import Failure, Page, StorylineError

from .files import file_type, os_reason, read_file, walk
from .manifest import iter_manifest
from .newsplease import iter_newsplease
from .pages import fail, failed, folder_of, make_page
from .stdin import iter_stdin

DEFAULT_MAX_BYTES = 10_000_000


def iter_pages(
    inputs: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    allow_outside_paths: bool = False,
) -> Iterator[Page | Failure]:
    """Stream one Page per page found in ``inputs``, and one Failure per bad input.

    Each input is a file, a folder (walked recursively in sorted order, hidden entries
    skipped) or ``-`` for standard input (``stdin``, by default ``sys.stdin.buffer``). Files
    are read by extension: ``.html``/``.htm`` (optionally ``.gz``) as HTML, ``.txt``
    (optionally ``.gz``) as text dumps, ``.warc``/``.warc.gz`` as crawls, ``.jsonl`` as
    manifests, ``.json`` as news-please output. No page larger than ``max_bytes`` (after
    decompression) is read into memory; folders and crawls are never read whole. Inside a
    folder, files of other types are skipped quietly; named explicitly, they are a Failure.
    A manifest's ``path`` entries must stay inside its folder unless ``allow_outside_paths``.
    """
    if isinstance(inputs, str | bytes):
        raise TypeError("iter_pages takes a sequence of inputs, not one string")
    for item in inputs:
        if item == "-":
            yield from iter_stdin(stdin or sys.stdin.buffer, max_bytes=max_bytes)
        else:
            yield from _iter_path(item, max_bytes, allow_outside_paths)


def _iter_path(path: str, max_bytes: int, outside: bool = False) -> Iterator[Page | Failure]:
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        yield fail(path, os_reason(exc) if isinstance(exc, OSError) else "invalid path")
        return
    if stat.S_ISDIR(mode):
        # Files a manifest in the folder already described are not read again as bare pages.
        claimed: set[str] = set()
        for found in walk(path):
            if isinstance(found, Failure):
                yield found
            elif file_type(found) is None:
                continue  # a folder's other files (README, images, scripts) are not pages
            elif os.path.realpath(found) not in claimed:
                yield from _iter_file(found, max_bytes, claimed, outside)
    elif stat.S_ISREG(mode):
        yield from _iter_file(path, max_bytes, None, outside)
    else:
        yield fail(path, "not a regular file or folder")


def _iter_file(
    path: str, max_bytes: int, claimed: set[str] | None, outside: bool = False
) -> Iterator[Page | Failure]:
    kind = file_type(path)
    if kind is None:
        yield fail(path, "unsupported file type")
    elif kind == "warc":
        from .warc import iter_warc  # warcio: only for crawls (30 ms of every start)

        yield from iter_warc(path, max_bytes=max_bytes)
    elif kind == "newsplease":
        yield from iter_newsplease(path, max_bytes=max_bytes)
    elif kind == "manifest":
        yield from _iter_manifest_file(path, max_bytes, claimed, outside)
    else:
        try:
            raw = read_file(path, max_bytes)
            yield make_page(raw, kind=kind, ref=path, origin=path, group=folder_of(path))
        except StorylineError as exc:
            yield failed(path, exc)


def _iter_manifest_file(
    path: str, max_bytes: int, claimed: set[str] | None, outside: bool = False
) -> Iterator[Page | Failure]:
    try:
        with open(path, "rb") as fh:
            yield from iter_manifest(
                fh,
                name=path,
                base_dir=folder_of(path),
                max_bytes=max_bytes,
                claimed=claimed,
                allow_outside=outside,
            )
    except OSError as exc:
        yield fail(path, f"cannot read ({os_reason(exc)})")
