"""How many pages an ingest will meet, counted before (or while) they are read.

A progress display needs a total to show done/total, a rate and an ETA. Page files count
one each, manifests one per non-blank line, news-please JSON one per file, WARC crawls one
per successful HTML response record (headers only are parsed: the payloads are skipped, so
counting costs a fraction of extracting). Standard input has no known total: `count_pages`
returns None for it. The count runs beside the ingest (see `storyline.progress`), so a big
crawl starts at once and shows its ETA as soon as the count is in.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable

from warcio.archiveiterator import ArchiveIterator

from .files import file_type, walk
from .warc import HTML_TYPES


def count_pages(inputs: Iterable[str]) -> int | None:
    """The number of pages (or failures in their place) ``inputs`` hold; None when unknown."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        try:
            mode = os.stat(item).st_mode
        except (OSError, ValueError):
            total += 1  # one failure
            continue
        if stat.S_ISDIR(mode):
            claimed: set[str] = set()  # files a manifest describes are read once (inputs.py)
            for found in walk(item):
                if isinstance(found, str) and file_type(found):
                    if os.path.realpath(found) not in claimed:
                        total += _count_file(found, claimed)
        else:
            total += _count_file(item, set())
    return total


def _count_file(path: str, claimed: set[str]) -> int:
    kind = file_type(path)
    try:
        if kind == "manifest":
            return _count_manifest(path, claimed)
        if kind == "warc":
            return _count_warc(path)
    except Exception:  # noqa: BLE001 - a file that cannot be counted is read (and fails) later
        return 1
    return 1


def _count_manifest(path: str, claimed: set[str]) -> int:
    count = 0
    folder = os.path.dirname(path)
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            count += 1
            if b'"path"' in line:
                try:
                    entry = json.loads(line)
                    claimed.add(os.path.realpath(os.path.join(folder, entry["path"])))
                except (ValueError, KeyError, TypeError):
                    pass
    return count


COUNT_RECORD_LIMIT = 50_000_000
"""A record larger than this ends the count of its file (counting must not inflate a gzip
bomb; the ingest skips it unread, and a short count only makes the total grow later)."""


def _count_warc(path: str) -> int:
    count = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            length = (record.rec_headers.get_header("Content-Length") or "0").strip()
            if not length.isdigit() or int(length) > COUNT_RECORD_LIMIT:
                break
            headers = record.http_headers
            if record.rec_type != "response" or headers is None:
                continue
            kind = (headers.get_header("Content-Type") or "text/html").split(";", 1)[0]
            if headers.get_statuscode() == "200" and kind.strip().lower() in HTML_TYPES:
                count += 1
    return max(count, 1)
