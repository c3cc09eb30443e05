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
import io
import logging
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
from .files import format_size, os_reason, over_limit
from .meta import normalise_url
from .pages import fail, failed, folder_of, make_page, url_host

# warcio logs a warning per record whose target URI holds spaces (normalised here anyway).
logging.getLogger("warcio.recordloader").setLevel(logging.ERROR)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion",
     "continuation"}  # fmt: skip
)
_HTML_START = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head)\b", re.I)
_CHUNK = 1 << 20
_HEADROOM = 65_536  # a record holds the page and its HTTP headers
_GZIP_MEMBER = re.compile(rb"\x1f\x8b\x08")
_WARC_LINE = re.compile(rb"\nWARC/1\.[01]\r?\n")


class _Records(ArchiveIterator):
    """warcio's iterator, noting whether the file ended inside a gzip member (a cut-off
    file, which warcio otherwise treats as a normal end) and whether a record was not
    followed by the blank lines that end it (its Content-Length is wrong: warcio only
    prints a warning on standard error, which is kept off the user's terminal here)."""

    ended_mid_member = False
    misframed = False

    def close(self) -> None:
        reader = self.reader
        if reader is not None and reader.decompressor is not None:
            self.ended_mid_member = not reader.decompressor.eof
        super().close()

    def _consume_blanklines(self):  # noqa: ANN202 - warcio's own signature
        """warcio's version without the print: the first line after a record must be blank."""
        empty_size = 0
        first = True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            if not line.rstrip() or first:
                empty_size += len(line)
                if line.rstrip():
                    self.misframed = True
                first = False
                continue
            return line, empty_size


def iter_warc(path: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages and Failures from one WARC file (gzip per record, whole-file gzip or plain)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield fail(path, f"cannot read ({os_reason(exc)})")
        return
    with fh:
        first = 0
        if not _starts_like_warc(fh):
            # A damaged first header is one bad record, not a file to give up on.
            found = _next_record_start(fh, 1)
            if found is None:
                yield fail(path, "not a WARC file")
                return
            yield fail(f"{path}#record 1", "malformed at offset 0 (not a WARC record header)")
            first = found
        try:
            yield from _iter_from(fh, path, max_bytes, first=first)
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
    fh: IO[bytes] | _CutTolerantGzip, path: str, max_bytes: int, skip: int = 0, first: int = 0
) -> Iterator[Page | Failure]:
    """Records from the start of ``fh``; after a damaged record, from the next one found.
    The first ``skip`` records are counted but not yielded (already read in a first pass).

    A record's page is yielded only once the next record has been found where the record
    says it ends: a damaged Content-Length (too short, too long, missing) would otherwise
    cut its page short or swallow the records after it without a word."""
    number = 1 if first else 0
    start: int | None = first
    plain = isinstance(fh, io.BufferedReader) and not _is_gzip(fh)
    while start is not None:
        fh.seek(start)
        records = _Records(fh)
        start = None
        pending: tuple[int, str, Page | Failure | None] | None = None
        while True:
            record = error = None
            try:
                record = next(records)
            except StopIteration:
                pass
            except Exception as exc:  # noqa: BLE001 - warcio raises many types on garbage
                error = exc
            if pending is not None:
                offset, where, outcome = pending
                pending = None
                next_offset = None if record is None and error is None else records.offset
                if records.misframed or _swallowed(path, plain, offset, next_offset):
                    start = _next_record_start(fh, offset + 1)
                    yield fail(where, f"malformed at offset {offset} (its Content-Length "
                               "does not match where the record ends)")  # fmt: skip
                    break
                if outcome is not None and number > skip:
                    yield outcome
            if record is None and error is None:  # the end of the file
                cut = plain and _unread_tail(fh, records.offset)
                if cut or records.ended_mid_member or getattr(fh, "cut_off", False):
                    offset = records.offset
                    start = _next_record_start(fh, offset + 1)
                    yield fail(f"{path}#record {number + 1}", f"truncated at offset {offset}")
                break
            if error is not None:
                if isinstance(error, ArchiveLoadFailed) and "non-chunked gzip" in str(error):
                    if skip == 0 and number > 0:
                        raise _WholeFileGzip(number) from error
                offset = records.offset
                start = _next_record_start(fh, offset + 1)
                number += 1
                # With no record after it, a record that cannot be parsed was cut off.
                reason = (
                    f"truncated at offset {offset}"
                    if start is None
                    else f"malformed at offset {offset} ({_describe(error)})"
                )
                yield fail(f"{path}#record {number}", reason)
                break
            number += 1
            offset = records.offset
            where = f"{path}#record {number}"
            assert record is not None  # the end of the file and a read error are handled above
            if not _valid_length(record):
                start = _next_record_start(fh, offset + 1)
                yield fail(where, f"malformed at offset {offset} (no valid Content-Length)")
                break
            length = int(record.rec_headers.get_header("Content-Length").strip())
            if length > max_bytes + _HEADROOM:
                # Not decompressed to its end (a gzip bomb costs nothing): the next record is
                # found by its signature. An HTML page that large is a failure; other big
                # records (video, archives) are skipped like any non-page record.
                start = _next_record_start(fh, offset + 1)
                if _html_response(record):
                    yield fail(where, f"{over_limit(length, max_bytes)} (WARC record)")
                break
            outcome = _page_of(record, where, path, max_bytes)
            if _truncated(record):
                start = _next_record_start(fh, offset + 1)
                yield fail(where, f"truncated at offset {offset}")
                break
            pending = (offset, where, outcome)


def _unread_tail(fh: IO[bytes] | _CutTolerantGzip, offset: int) -> bool:
    """True when an uncompressed WARC holds more than blank lines after ``offset``, where
    warcio stopped: a record header cut off before its end."""
    fh.seek(offset)
    return bool(fh.read(4096).strip())


def _is_gzip(fh: IO[bytes]) -> bool:
    here = fh.tell()
    fh.seek(0)
    magic = fh.read(2)
    fh.seek(here)
    return magic == b"\x1f\x8b"


def _html_response(record: ArcWarcRecord) -> bool:
    headers = record.http_headers
    if (record.rec_type or "").strip().lower() != "response" or headers is None:
        return False
    content_type = (headers.get_header("Content-Type") or "text/html").split(";", 1)[0]
    return content_type.strip().lower() in HTML_TYPES


def _valid_length(record: ArcWarcRecord) -> bool:
    value = (record.rec_headers.get_header("Content-Length") or "").strip()
    return value.isdigit()


def _swallowed(path: str, plain: bool, offset: int, next_offset: int | None) -> bool:
    """True when, in an uncompressed WARC, another record starts inside the record at
    ``offset`` (which ends at ``next_offset``, or at the end of the file): its
    Content-Length ran over the records after it. (Gzip members delimit records
    themselves, and warcio never reads past one.)"""
    if not plain:
        return False
    with open(path, "rb") as other:
        found = _next_record_start(other, offset + 1)
    return found is not None and (next_offset is None or found < next_offset)


def _page_of(record: ArcWarcRecord, where: str, path: str, max_bytes: int) -> Page | Failure | None:
    """The Page of an HTML response record, a Failure if it is one but unusable (or a record
    so damaged that what it is cannot be told), else None."""
    kind = (record.rec_type or "").strip().lower()
    if kind not in WARC_TYPES:
        return fail(where, f"malformed record: unknown WARC-Type {_printable(kind)!r}")
    if kind != "response":
        return None
    headers = record.http_headers
    if headers is None:
        block = (record.rec_headers.get_header("Content-Type") or "").lower()
        if block.startswith("application/http"):
            return fail(where, "malformed record: unreadable HTTP headers")
        return None
    status = (headers.get_statuscode() or "").strip()
    if not (len(status) == 3 and status.isdigit()):
        return fail(where, f"malformed record: HTTP status {_printable(status)!r}")
    if status != "200":
        return None
    content_type = headers.get_header("Content-Type")
    declared_html = (content_type or "").split(";", 1)[0].strip().lower() in HTML_TYPES
    if content_type is not None and not declared_html:
        return None
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception:  # noqa: BLE001 - decoders of chunked/compressed bodies vary
        return fail(where, "unreadable content (bad chunked or compressed body)")
    if content_type is None and not _HTML_START.match(data[:1024]):
        return None  # no Content-Type: only what starts like HTML is taken as a page
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


def _next_record_start(fh: IO[bytes] | _CutTolerantGzip, after: int) -> int | None:
    """The offset of the next record at or after ``after``, found by its signature: the
    start of a gzip member that inflates to ``WARC/``, or a ``WARC/1.x`` line. None if
    there is none, or the rest cannot be read (a whole-file gzip cut short)."""
    try:
        return _scan_for_record(fh, after)
    except (OSError, EOFError, zlib.error):
        return None


def _scan_for_record(fh: IO[bytes] | _CutTolerantGzip, after: int) -> int | None:
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
    other exceptions raised inside warcio (AttributeError, ValueError on a garbled header)
    are its internals, which mean nothing to a user: they read as an unreadable header."""
    lines = str(exc).strip().splitlines()
    if not lines or not isinstance(exc, ArchiveLoadFailed):
        return "unreadable record header"
    return _printable(lines[0])


def _printable(text: str) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 80 else text[:79] + "…"


def _inflates_to_warc(data: bytes) -> bool:
    try:
        return zlib.decompressobj(31).decompress(data, 16).startswith(b"WARC/")
    except zlib.error:
        return False
