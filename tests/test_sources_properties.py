"""Property tests: whatever bytes arrive, the sources stage yields Pages and Failures only."""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.records import Failure, Page, StorylineError
from storyline.sources import decode_bytes, iter_pages

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look a little like the real thing reach deeper into the parsers than noise.
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n"
HTTP_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
warcish = st.lists(
    st.one_of(st.binary(max_size=200), st.sampled_from([WARC_HEAD, HTTP_HEAD, b"\r\n\r\n"])),
    max_size=6,
).map(b"".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["path", "html", "text", "body", "id", "published", "authors", "x"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)
manifest_lines = st.lists(
    st.one_of(json_values.map(json.dumps), st.text(max_size=40)), max_size=6
).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


def only_records(path_or_dash: str, stdin: bytes | None = None, max_bytes: int = 5000) -> None:
    stream = io.BytesIO(stdin) if stdin is not None else None
    for item in iter_pages([path_or_dash], max_bytes=max_bytes, stdin=stream):
        assert isinstance(item, Page | Failure)
        if isinstance(item, Failure):
            assert item.stage == "source" and "\n" not in item.error
        else:
            assert item.content.strip()
            item.content.encode("utf-8")  # no lone surrogates


def through_file(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as fh:
            fh.write(data)
        only_records(path)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "windows-1251", "x-bogus"]))
def test_decode_bytes_returns_text_or_refuses(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, declared=declared, origin="fuzz")
    except StorylineError as exc:
        assert str(exc) == "fuzz: binary content, not a page"
    else:
        assert isinstance(text, str)


@SETTINGS
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r"),
        max_size=500,
    )
)
def test_utf8_text_decodes_to_itself(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), origin="fuzz") == text.removeprefix("\ufeff")


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), manifest_lines))
def test_any_bytes_as_a_manifest(data: bytes) -> None:
    through_file("manifest.jsonl", data)


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), warcish, warcish.map(gzip.compress)))
def test_any_bytes_as_a_warc(data: bytes) -> None:
    through_file("crawl.warc", data)
    through_file("crawl.warc.gz", data)


def small_warc(gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for n, content_type in enumerate(["text/html", "image/gif", "text/html", "text/html"]):
        body = f"<html><body><p>Story number {n} about the harbour.</p></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.net/{n}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


WARCS = {
    "per-record gzip": small_warc(True),
    "plain": small_warc(False),
    "whole-file gzip": gzip.compress(small_warc(False)),
}


@SETTINGS
@given(
    st.sampled_from(sorted(WARCS)),
    st.integers(min_value=0, max_value=10_000),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=3),
)
def test_damaged_warc(form: str, cut: int, flips: list[tuple[int, int]]) -> None:
    """A real crawl, cut short and with bytes overwritten: still only Pages and Failures."""
    data = bytearray(WARCS[form][: max(1, len(WARCS[form]) - cut)])
    for where, value in flips:
        data[where % len(data)] = value
    through_file("damaged.warc" if form == "plain" else "damaged.warc.gz", bytes(data))


@SETTINGS
@given(st.binary(max_size=3000))
def test_any_bytes_as_html_text_and_gzip(data: bytes) -> None:
    through_file("page.html", data)
    through_file("page.txt.gz", data)
    through_file("page.htm.gz", gzip.compress(data))


@SETTINGS
@given(st.one_of(st.binary(max_size=1000), json_values.map(json.dumps).map(str.encode)))
def test_any_bytes_as_newsplease_json(data: bytes) -> None:
    through_file("article.json", data)


@SETTINGS
@given(st.one_of(st.binary(max_size=2000), manifest_lines))
def test_any_bytes_on_stdin(data: bytes) -> None:
    only_records("-", stdin=data)
