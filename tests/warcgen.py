"""WARC files written by the project for tests and benchmarks: HTML response records, gzip per
record (as crawlers write them), deterministic record ids and dates."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def write_warc(path: Path, pages: Iterable[tuple[str, bytes]], *, gz: bool = True) -> Path:
    """One ``response`` record per ``(url, html bytes)``, after a ``warcinfo`` record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "storyline tests"}))
    for n, (url, body) in enumerate(pages):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={
                "WARC-Date": "2026-03-16T12:00:00Z",
                "WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=n + 1)}>",
            },
        )
        writer.write_record(record)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path
