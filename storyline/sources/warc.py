"""WARC files: one Page per HTML page a crawler fetched.

Records are read one at a time through warcio, so a crawl of any size costs the memory of one
record (at most ``max_bytes`` of payload). Only ``response`` records of successful (200) HTML
fetches become pages; requests, metadata, images, redirects and errors are skipped without a
word. ``WARC-Date`` is when the page was crawled, not when it was published, so it is not used.

Crawls get damaged: cut off by a full disk or an interrupted download, or corrupted in the
middle. warcio stops silently at a cut-off gzip member and returns short content for a record
cut off in an uncompressed file, so both are checked here. Every damaged record becomes a
Failure naming the file, record number and byte offset, and reading goes on from the next
record that can be found, so one bad record does not cost the rest of the crawl.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from storyline.records import Failure, GivenMeta, Page, StorylineError

from .decode import charset_from_content_type
from .files import format_size, os_reason
from .meta import normalise_url
from .pages import fail, failed, folder_of, make_page, url_host

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 1 << 20
_GZIP_MEMBER = re.compile(rb"\x1f\x8b\x08")
_WARC_LINE = re.compile(rb"\nWARC/1\.[01]\r?\n")


class _Records(ArchiveIterator):
    """warcio's iterator, noting whether the file ended inside a gzip member (a cut-off
    file, which warcio otherwise treats as a normal end)."""

    ended_mid_member = False

    def close(self) -> None:
        reader = self.reader
        if reader is not None and reader.decompressor is not None:
            self.ended_mid_member = not reader.decompressor.eof
        super().close()


def iter_warc(path: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages and Failures from one WARC file (gzip per record, whole-file gzip or plain)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield fail(path, f"cannot read ({os_reason(exc)})")
        return
    with fh:
        if not _starts_like_warc(fh):
            yield fail(path, "not a WARC file")
            return
        try:
            yield from _iter_from(fh, path, max_bytes)
        except _WholeFileGzip as exc:
            fh.seek(0)
            with gzip.GzipFile(fileobj=fh, mode="rb") as unzipped:
                stream = _CutTolerantGzip(unzipped)
                yield from _iter_from(stream, path, max_bytes, skip=exc.records_done)


class _WholeFileGzip(Exception):
    """The file is one gzip stream, not one gzip member per record as WARC tools write."""

    def __init__(self, records_done: int) -> None:
        super().__init__(records_done)
        self.records_done = records_done


class _CutTolerantGzip:
    """A whole-file gzip stream that ends quietly where the file was cut off.

    GzipFile raises at a cut-off end, and a bulk ``read`` loses the data decompressed in
    the same call; reading piecewise keeps every byte that can be had, and the short
    record at the end is then reported as truncated like any other.
    """

    def __init__(self, gz: gzip.GzipFile) -> None:
        self._gz = gz
        self.cut_off = False

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size >= 0 else 1 << 62
        try:
            while wanted > 0:
                part = self._gz.read1(min(wanted, _CHUNK))
                if not part:
                    break
                parts.append(part)
                wanted -= len(part)
        except (EOFError, OSError, zlib.error):
            self.cut_off = True
        return b"".join(parts)

    def tell(self) -> int:
        return self._gz.tell()

    def seek(self, offset: int) -> int:
        try:
            return self._gz.seek(offset)
        except (EOFError, OSError, zlib.error):
            return self._gz.tell()


def _iter_from(
    fh: IO[bytes] | _CutTolerantGzip, path: str, max_bytes: int, skip: int = 0
) -> Iterator[Page | Failure]:
    """Records from the start of ``fh``; after a damaged record, from the next one found.
    The first ``skip`` records are counted but not yielded (already read in a first pass)."""
    number = 0
    start: int | None = 0
    while start is not None:
        fh.seek(start)
        records = _Records(fh)
        start = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                if records.ended_mid_member or getattr(fh, "cut_off", False):
                    offset = records.offset
                    start = _next_record_start(fh, offset + 1)
                    yield fail(f"{path}#record {number + 1}", f"truncated at offset {offset}")
                break
            except Exception as exc:  # noqa: BLE001 - warcio raises many types on garbage
                if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc):
                    if skip == 0 and number > 0:
                        raise _WholeFileGzip(number) from exc
                offset = records.offset
                start = _next_record_start(fh, offset + 1)
                number += 1
                # With no record after it, a record that cannot be parsed was cut off.
                reason = (
                    f"truncated at offset {offset}"
                    if start is None
                    else f"malformed at offset {offset} ({_describe(exc)})"
                )
                yield fail(f"{path}#record {number}", reason)
                break
            number += 1
            offset = records.offset
            where = f"{path}#record {number}"
            outcome = _page_of(record, where, path, max_bytes)
            if _truncated(record):
                start = _next_record_start(fh, offset + 1)
                yield fail(where, f"truncated at offset {offset}")
                break
            if outcome is not None and number > skip:
                yield outcome


def _page_of(record: ArcWarcRecord, where: str, path: str, max_bytes: int) -> Page | Failure | None:
    """The Page of an HTML response record, a Failure if it is one but unusable, else None."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None:
        return None
    if headers.get_statuscode() != "200":
        return None
    content_type = headers.get_header("Content-Type") or ""
    if content_type.split(";", 1)[0].strip().lower() not in HTML_TYPES:
        return None
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - decoders of chunked/compressed bodies vary
        return fail(where, f"unreadable content ({exc})")
    if len(data) > max_bytes:
        return fail(where, f"page over size limit (> {format_size(max_bytes)})")
    target = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    try:
        url: str | None = normalise_url(target)
    except ValueError:
        url = None
    try:
        return make_page(
            data,
            kind="html",
            ref=url or target or where,
            origin=where,
            group=url_host(url) or folder_of(path),
            given=GivenMeta(url=url),
            declared=charset_from_content_type(content_type),
        )
    except StorylineError as exc:
        return failed(where, exc)


def _truncated(record: ArcWarcRecord) -> bool:
    """Read the record to its end; True if the file ended before its Content-Length."""
    stream = record.raw_stream
    try:
        while stream.read(_CHUNK):
            pass
    except Exception:  # noqa: BLE001 - a corrupt member fails inside the decompressor
        return True
    return isinstance(stream, LimitReader) and stream.limit > 0


def _next_record_start(fh: IO[bytes], after: int) -> int | None:
    """The offset of the next record at or after ``after``, found by its signature: the
    start of a gzip member that inflates to ``WARC/``, or a ``WARC/1.x`` line. None if
    there is none, or the rest cannot be read (a whole-file gzip cut short)."""
    try:
        return _scan_for_record(fh, after)
    except (OSError, EOFError, zlib.error):
        return None


def _scan_for_record(fh: IO[bytes], after: int) -> int | None:
    fh.seek(0)
    compressed = fh.read(2) == b"\x1f\x8b" and not isinstance(fh, _CutTolerantGzip)
    # Keep fewer bytes than a match between chunks, so that no match is found twice.
    pattern, keep, lead = (_GZIP_MEMBER, 2, 0) if compressed else (_WARC_LINE, 9, 1)
    pos = after - lead  # a WARC line must follow a newline: read the byte before it too
    tail = b""
    while True:
        fh.seek(pos)  # checking a candidate moves the file position
        chunk = fh.read(_CHUNK)
        if not chunk:
            return None
        data = tail + chunk
        base = pos - len(tail)
        for match in pattern.finditer(data):
            at = base + match.start() + lead
            if not compressed:
                return at
            fh.seek(at)
            if _inflates_to_warc(fh.read(4096)):
                return at
        pos += len(chunk)
        tail = data[-keep:]


def _starts_like_warc(fh: IO[bytes]) -> bool:
    """True if the file starts with a WARC record, compressed or not."""
    head = fh.read(4096)
    fh.seek(0)
    if head.startswith(b"\x1f\x8b"):
        return _inflates_to_warc(head)
    return head.lstrip().startswith(b"WARC/")


def _describe(exc: Exception) -> str:
    """warcio's reason, short and printable (it quotes the bad line, which may be binary);
    for other exceptions raised inside warcio only their type means anything."""
    lines = str(exc).strip().splitlines()
    if not lines or not isinstance(exc, ArchiveLoadFailed):
        return type(exc).__name__
    text = "".join(c if c.isprintable() else "?" for c in lines[0])
    return text if len(text) <= 80 else text[:79] + "…"


def _inflates_to_warc(data: bytes) -> bool:
    try:
        return zlib.decompressobj(31).decompress(data, 16).startswith(b"WARC/")
    except zlib.error:
        return False
