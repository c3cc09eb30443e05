"""Build ``crawl.warc.gz``, the example corpus's web crawl, from the sources in ``warc_src/``.

Run with ``python examples/build_warc.py`` (warcio must be installed). The output is
deterministic: every record has a fixed WARC-Date and WARC-Record-ID, HTTP dates are fixed
and warcio's gzip members carry no timestamp, so rebuilding gives the same bytes.

The sources use the ``.in`` suffix so that a folder scan of ``examples/`` does not ingest
them a second time as loose HTML files: they reach storyline only through the WARC.

Records written (in this order):

1. ``warcinfo``
2. ``response`` robots.txt (text/plain)            -- not a page, must be skipped
3. ``response`` CPA wire story, 12 March 2026       -- HTML
4. ``response`` a press photo (image/png)           -- not a page, must be skipped
5. ``response`` CPA follow-up story, 13 March 2026  -- HTML
6. ``response`` Sportsline Daily transfer story     -- HTML (unrelated story)
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "crawl.warc.gz"


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built byte by byte so that it is identical on every run."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# (url, source file or bytes, content type, WARC-Date, record id, HTTP Date header)
RESPONSES = [
    (
        "https://www.cpa-wire.example/robots.txt",
        "robots.txt.in",
        "text/plain; charset=utf-8",
        "2026-03-13T12:00:01Z",
        "urn:uuid:7c1e0a52-0001-4c1a-9d7e-000000000001",
        "Fri, 13 Mar 2026 12:00:01 GMT",
    ),
    (
        "https://www.cpa-wire.example/world/europe/korvel-dam-death-toll-14",
        "cpa-korvel-dam-2026-03-12.html.in",
        "text/html; charset=utf-8",
        "2026-03-13T12:00:05Z",
        "urn:uuid:7c1e0a52-0002-4c1a-9d7e-000000000002",
        "Fri, 13 Mar 2026 12:00:05 GMT",
    ),
    (
        "https://www.cpa-wire.example/img/korvel-breach.png",
        None,
        "image/png",
        "2026-03-13T12:00:07Z",
        "urn:uuid:7c1e0a52-0003-4c1a-9d7e-000000000003",
        "Fri, 13 Mar 2026 12:00:07 GMT",
    ),
    (
        "https://www.cpa-wire.example/world/europe/marvenia-flood-emergency-extended",
        "cpa-flood-emergency-2026-03-13.html.in",
        "text/html; charset=utf-8",
        "2026-03-13T12:00:10Z",
        "urn:uuid:7c1e0a52-0004-4c1a-9d7e-000000000004",
        "Fri, 13 Mar 2026 12:00:10 GMT",
    ),
    (
        "https://www.sportsline-daily.example/football/transfers/kessling-port-allard",
        "sportsline-kessling-2026-03-10.html.in",
        "text/html; charset=utf-8",
        "2026-03-13T12:01:00Z",
        "urn:uuid:7c1e0a52-0005-4c1a-9d7e-000000000005",
        "Fri, 13 Mar 2026 12:01:00 GMT",
    ),
]


def build(out: Path = OUT) -> Path:
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.0")
        info = writer.create_warcinfo_record(
            "crawl.warc.gz",
            {"software": "storyline examples/build_warc.py", "format": "WARC File Format 1.0",
             "description": "Example crawl for the storyline demo corpus (fictional)"},
        )
        info.rec_headers.replace_header("WARC-Date", "2026-03-13T12:00:00Z")
        info.rec_headers.replace_header(
            "WARC-Record-ID", "<urn:uuid:7c1e0a52-0000-4c1a-9d7e-000000000000>"
        )
        writer.write_record(info)
        for url, source, ctype, warc_date, rec_id, http_date in RESPONSES:
            payload = tiny_png() if source is None else (SRC / source).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", ctype),
                    ("Content-Length", str(len(payload))),
                    ("Date", http_date),
                    ("Server", "nginx"),
                ],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(payload),
                length=len(payload),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": f"<{rec_id}>"},
            )
            writer.write_record(record)
    return out


if __name__ == "__main__":
    print(build())
