"""Finding input files and reading them within the size limit.

Folders are walked lazily in a sorted, repeatable order (the same folder always yields the
same pages in the same order), hidden files and folders are skipped (editor and VCS litter),
and no file is read past the size limit, compressed or not, so that a huge file or a gzip
bomb costs at most ``max_bytes`` of memory.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from typing import Literal

from storyline.records import Failure, StorylineError

from .pages import fail

FileType = Literal["html", "text", "warc", "manifest", "newsplease"]

_SUFFIXES: tuple[tuple[str, FileType], ...] = (
    (".html", "html"),
    (".htm", "html"),
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".txt", "text"),
    (".txt.gz", "text"),
    (".warc", "warc"),
    (".warc.gz", "warc"),
    (".jsonl", "manifest"),
    (".json", "newsplease"),
)


def file_type(path: str) -> FileType | None:
    """What a file holds, judged by its name (case-insensitive), or None if unsupported."""
    name = path.lower()
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix):
            return kind
    return None


def walk(folder: str) -> Iterator[str | Failure]:
    """Every non-hidden file under ``folder``, depth first, by name within each folder.

    Manifests come first in their folder so that the pages they describe (with metadata) are
    known before the same files would be met again as bare pages. Paths are joined onto
    ``folder`` as the user wrote it, so they read the way the user knows them. Folders that
    cannot be listed become Failures; symlink loops are visited once.
    """
    seen: set[str] = set()

    def visit(path: str) -> Iterator[str | Failure]:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        try:
            with os.scandir(path) as listing:
                entries = [e for e in listing if not e.name.startswith(".")]
        except OSError as exc:
            yield fail(path, f"cannot list folder ({os_reason(exc)})")
            return
        entries.sort(key=lambda e: (file_type(e.name) != "manifest", e.name))
        for entry in entries:
            child = os.path.join(path, entry.name)
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                yield fail(child, f"cannot read ({os_reason(exc)})")
                continue
            if is_dir:
                yield from visit(child)
            elif is_file:
                yield child

    yield from visit(folder)


def read_file(path: str, max_bytes: int) -> bytes:
    """The bytes of one page file (decompressed if it ends in ``.gz``).

    Raises StorylineError, never reading more than ``max_bytes + 1`` bytes of page.
    """
    try:
        with open(path, "rb") as fh:
            if path.lower().endswith(".gz"):
                return _read_gzip(fh, path, max_bytes)
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise StorylineError(f"{path}: {over_limit(size, max_bytes)}")
            data = fh.read(max_bytes + 1)  # the file may have grown since fstat
    except OSError as exc:
        raise StorylineError(f"{path}: cannot read ({os_reason(exc)})") from exc
    if len(data) > max_bytes:
        raise StorylineError(f"{path}: page over size limit (> {format_size(max_bytes)})")
    return data


def _read_gzip(fh, path: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            data = gz.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise StorylineError(f"{path}: not a valid gzip file ({os_reason(exc)})") from exc
    if len(data) > max_bytes:
        raise StorylineError(
            f"{path}: page over size limit (> {format_size(max_bytes)} once decompressed)"
        )
    return data


def over_limit(size: int, limit: int) -> str:
    """``page over size limit (12.3 MB > 10 MB)``, exact when rounding would hide the gap."""
    shown, allowed = format_size(size), format_size(limit)
    if shown == allowed:
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    return f"page over size limit ({shown} > {allowed})"


def format_size(n: int) -> str:
    """Sizes the way people read them: ``12.3 MB``, ``10 MB``, ``512 bytes``."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} bytes"


def os_reason(exc: BaseException) -> str:
    """A short lower-case reason for an I/O error (``no such file or directory``)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
