"""Hostile and damaged inputs: every unreadable part is a failure with a reason, and what is
readable around it is still read; nothing is stored that is not text."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.extract.html import extract_html
from storyline.records import Failure, Page, StorylineError
from storyline.sources import decode_bytes, iter_pages

PARAGRAPHS = "".join(
    f"<p>The harbour council approved the new budget on Monday after a long debate, item {i}, "
    "officials said, and repairs to the northern pier start next month.</p>"
    for i in range(5)
)
PAGE = f"<!DOCTYPE html><html><head><title>Budget approved</title></head><body>{PARAGRAPHS}"
PAGE += "</body></html>"
URLS = [f"https://news.example.com/story-{i}" for i in range(4)]


def run(*inputs: str | Path) -> list[Page | Failure]:
    return list(iter_pages([str(i) for i in inputs]))


def split(items: list[Page | Failure]) -> tuple[list[Page], list[Failure]]:
    return (
        [i for i in items if isinstance(i, Page)],
        [i for i in items if isinstance(i, Failure)],
    )


def plain_warc() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url in URLS:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(PAGE.encode()), http_headers=headers
            )
        )
    return buffer.getvalue()


def header_of(data: bytes, record: int) -> int:
    """Offset of the n-th (0-based) record's header."""
    at = -1
    for _ in range(record + 1):
        at = data.index(b"WARC/1.", at + 1)
    return at


@pytest.mark.parametrize(
    "damage",
    ["longer length", "shorter length", "no length", "bad type", "bad first line"],
)
def test_a_damaged_warc_header_is_a_failure_and_the_other_records_are_read(tmp_path, damage):
    data = bytearray(plain_warc())
    at = header_of(bytes(data), 1)
    length = data.index(b"Content-Length: ", at) + len(b"Content-Length: ")
    if damage == "longer length":  # runs over the records after it
        end = data.index(b"\r", length)
        data[length:end] = str(int(data[length:end]) + 700).encode()
    elif damage == "shorter length":
        data[length : length + 1] = b""  # one digit less
    elif damage == "no length":
        data[length - 16 : length - 15] = b"X"  # "Xontent-Length"
    elif damage == "bad type":
        kind = data.index(b"WARC-Type: response", at) + len(b"WARC-Type: ")
        data[kind + 4] = ord("9")
    else:
        data[at + 4] = ord("9")
    path = tmp_path / "crawl.warc"
    path.write_bytes(bytes(data))
    found, failed = split(run(path))
    assert [p.ref for p in found] == [URLS[0], URLS[2], URLS[3]], failed
    assert [f.input for f in failed] == [f"{path}#record 2"]
    assert "Error" not in failed[0].error and "malformed" in failed[0].error


def test_a_damaged_first_header_does_not_lose_the_file(tmp_path):
    data = bytearray(plain_warc())
    data[4] = ord("9")  # WARC9.0
    path = tmp_path / "crawl.warc"
    path.write_bytes(bytes(data))
    found, failed = split(run(path))
    assert [p.ref for p in found] == URLS[1:]
    assert [f.input for f in failed] == [f"{path}#record 1"]


@pytest.mark.parametrize("cut", [30, 200, 600])
def test_a_warc_cut_inside_its_first_record_is_a_failure(tmp_path, cut):
    path = tmp_path / "cut.warc"
    path.write_bytes(plain_warc()[:cut])
    found, failed = split(run(path))
    assert not found and len(failed) == 1
    assert "truncated" in failed[0].error or "malformed" in failed[0].error


def test_warc_fuzz_never_loses_a_record_silently(tmp_path):
    """Each of many one-byte corruptions of record headers: every record is a page or a
    failure, and no failure shows warcio's internal error names."""
    clean = plain_warc()
    offsets = [o for r in range(4) for o in range(header_of(clean, r), header_of(clean, r) + 300)]
    rng = random.Random(7)
    for n, offset in enumerate(rng.sample(offsets, 120)):
        data = bytearray(clean)
        data[offset] = rng.choice(b"0123456789xX: \r\n")
        path = tmp_path / f"f{n}.warc"
        path.write_bytes(bytes(data))
        found, failed = split(run(path))
        assert len(found) + len(failed) >= 4 or failed[-1].input == str(path), (offset, failed)
        assert not any("Error" in f.error for f in failed), failed


def test_a_page_with_one_nul_byte_is_text():
    text = decode_bytes(PAGE.replace("Monday", "Mon\x00day").encode(), origin="x")
    assert "Monday" in text


def test_random_bytes_are_not_pages():
    rng = random.Random(3)
    for size in (400, 3000, 20000):
        for _ in range(25):
            data = bytes(rng.getrandbits(8) for _ in range(size))
            with pytest.raises(StorylineError, match="binary content"):
                decode_bytes(data, origin="x")


def test_mixed_encodings_degrade_to_letters_not_noise():
    text = decode_bytes("Grüße ".encode() + "Grüße, Straße".encode("latin-1"), origin="x")
    assert text.startswith("Gr") and "Stra" in text and "\ufffd" not in text


@pytest.mark.parametrize("depth", [300, 3000, 30000])
def test_deeply_nested_html_is_still_an_article(depth):
    html = (
        "<html><head><title>Budget approved</title></head><body>"
        + "<div>" * depth
        + PARAGRAPHS
        + "</div>" * depth
        + "</body></html>"
    )
    result = extract_html(html)
    assert len(result.paragraphs) == 5 and "northern pier" in result.paragraphs[0]


class _Zeros(io.RawIOBase):
    """A payload of ``n`` zero bytes, produced as it is read (never held in memory)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        k = min(len(buffer), self.n)
        buffer[:k] = bytes(k)
        self.n -= k
        return k


def test_a_gzip_bomb_in_a_warc_is_a_failure_and_costs_nothing(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, payload, length in (
            (URLS[0], io.BytesIO(PAGE.encode()), None),
            (URLS[1], _Zeros(40_000_000), 40_000_000),
            (URLS[2], io.BytesIO(PAGE.replace("Monday", "Friday").encode()), None),
        ):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")  # fmt: skip
            writer.write_record(writer.create_warc_record(
                url, "response", payload=payload, length=length, http_headers=headers))  # fmt: skip
    assert path.stat().st_size < 1_000_000
    found, failed = split(list(iter_pages([str(path)], max_bytes=1_000_000)))
    assert [p.ref for p in found] == [URLS[0], URLS[2]]
    [failure] = failed
    assert failure.input == f"{path}#record 2" and "over size limit" in failure.error


def _manifest(tmp_path: Path, entry: str) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir(exist_ok=True)
    manifest = folder / "manifest.jsonl"
    manifest.write_text('{"path": ' + entry + ', "title": "Budget approved"}\n')
    return manifest


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "secret"
    outside.mkdir()
    leak = outside / "leak.html"
    leak.write_text(PAGE)
    return leak


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_manifest_paths_stay_inside_its_folder(tmp_path, secret, how):
    if how == "symlink":
        (tmp_path / "batch").mkdir()
        (tmp_path / "batch" / "link.html").symlink_to(secret)
        entry = '"link.html"'
    else:
        entry = '"../secret/leak.html"' if how == "relative" else f'"{secret}"'
    manifest = _manifest(tmp_path, entry)
    found, failed = split(run(manifest))
    assert not found
    assert "outside the manifest's folder" in failed[0].error
    assert "--allow-outside-paths" in failed[0].error
    allowed = list(iter_pages([str(manifest)], allow_outside_paths=True))
    assert [type(x) for x in allowed] == [Page]


def test_cli_refuses_outside_paths_unless_allowed(cli, tmp_path, secret):
    manifest = _manifest(tmp_path, '"../secret/leak.html"')
    refused = cli("ingest", manifest, "--db", tmp_path / "s.db", "--no-facts")
    assert refused.exit_code == 1 and "outside the manifest's folder" in refused.output
    allowed = cli("ingest", manifest, "--db", tmp_path / "s.db", "--no-facts",
                  "--allow-outside-paths")  # fmt: skip
    assert allowed.exit_code == 0 and "1 new" in allowed.output
