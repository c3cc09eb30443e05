"""Tests of the sources stage on small hand-written inputs (all content is fictional)."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.records import Failure, Page, StorylineError
from storyline.sources import decode_bytes, iter_pages
from storyline.sources.decode import charset_from_content_type, sniff_html_charset
from storyline.sources.files import format_size, over_limit
from storyline.sources.meta import normalise_authors, normalise_published

HTML = (
    "<!DOCTYPE html><html><head><title>Harbour bridge reopens</title></head>"
    "<body><p>The Ostrava harbour bridge reopened on Monday after repairs.</p></body></html>"
)
CYRILLIC = (
    "Мост через гавань снова открыт. Ремонт длился три месяца, сообщили в мэрии города. "
    "Движение транспорта восстановлено полностью, пешеходы уже вернулись на мост."
)
LATIN = "Le pont du port a rouvert lundi après des réparations. Les piétons étaient ravis."


def run(*inputs: str | Path, **kwargs) -> list[Page | Failure]:
    return list(iter_pages([str(i) for i in inputs], **kwargs))


def pages(items: list[Page | Failure]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def failures(items: list[Page | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def html_doc(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


# --- files and folders ---------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.html").write_text(HTML)
    (tmp_path / "b" / "a.txt").write_text("Plain dump of a page.\nSecond line.")
    (tmp_path / "a.htm").write_text(HTML)
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(HTML.encode()))
    (tmp_path / "d.txt.gz").write_bytes(gzip.compress(b"Gzipped text dump."))
    (tmp_path / ".hidden.html").write_text(HTML)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text(HTML)

    items = run(tmp_path)
    assert not failures(items)
    names = [os.path.relpath(p.ref, tmp_path) for p in pages(items)]
    assert names == ["a.htm", "b/a.txt", "b/z.html", "c.html.gz", "d.txt.gz"]
    kinds = [p.kind for p in pages(items)]
    assert kinds == ["html", "text", "html", "html", "text"]
    assert pages(items)[3].content == HTML
    assert pages(items)[1].group == str(tmp_path / "b")
    assert run(tmp_path) == items  # deterministic


def test_page_fields_for_a_single_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("site").mkdir()
    Path("site/story.html").write_text(HTML, encoding="utf-8")
    [page] = run("site/story.html")
    assert page.ref == "site/story.html"
    assert page.origin == "site/story.html"
    assert page.group == "site"
    assert page.kind == "html"
    assert page.raw == HTML.encode()
    assert page.content == HTML
    [page] = run("site/../site/story.html")
    assert page.ref == "site/../site/story.html"  # as the user wrote it


def test_unsupported_missing_empty_binary_and_oversize_files(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t \n")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b" " * 5_000_000))
    (tmp_path / "broken.txt.gz").write_bytes(gzip.compress(b"some text")[:-6])
    (tmp_path / "fine.txt").write_text("A short page.")

    items = run(tmp_path, tmp_path / "missing.html", tmp_path / "notes.md", max_bytes=1000)
    errors = {os.path.basename(f.input): f.error for f in failures(items)}
    assert [p.ref for p in pages(items)] == [str(tmp_path / "fine.txt")]
    # Named explicitly, an unsupported file is a failure; met in a folder walk, it is skipped.
    assert "unsupported file type" in errors["notes.md"]
    assert sum(1 for f in failures(items) if f.input.endswith("notes.md")) == 1
    assert errors["empty.html"].endswith("empty page")
    assert errors["blank.txt"].endswith("empty page")
    assert "binary content, not a page" in errors["image.html"]
    assert "page over size limit (2 kB > 1 kB)" in errors["big.html"]
    assert "over size limit" in errors["bomb.html.gz"]
    assert "decompressed" in errors["bomb.html.gz"]
    assert "not a valid gzip file" in errors["broken.txt.gz"]
    assert "no such file or directory" in errors["missing.html"]
    for failure in failures(items):
        assert failure.stage == "source"
        assert "\n" not in failure.error
        assert failure.error.startswith(failure.input)


def test_symlink_loops_fifos_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.txt").write_text("A page.")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.mkfifo(tmp_path / "pipe.html")
    items = run(tmp_path, tmp_path / "pipe.html")
    assert [p.content for p in pages(items)] == ["A page."]
    [failure] = failures(items)
    assert failure.error == f"{tmp_path / 'pipe.html'}: not a regular file or folder"
    if os.geteuid() != 0:  # root reads everything
        locked = tmp_path / "locked.txt"
        locked.write_text("secret")
        locked.chmod(0)
        [failure] = run(locked)
        assert failure.error == f"{locked}: cannot read (permission denied)"


def test_one_string_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        list(iter_pages("page.html"))  # type: ignore[arg-type]


def test_size_limit_message_is_readable() -> None:
    assert format_size(12_345_678) == "12.3 MB"
    assert format_size(10_000_000) == "10 MB"
    assert format_size(512) == "512 bytes"
    assert over_limit(1032, 1000) == "page over size limit (1,032 bytes > 1,000 bytes)"


def test_oversize_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>x</p>" * 2_000_000)  # 16 MB
    [failure] = run(big)
    assert "page over size limit (16 MB > 10 MB)" in failure.error


# --- decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "meta"),
    [
        (CYRILLIC, "windows-1251", '<meta charset="windows-1251">'),
        (
            CYRILLIC,
            "windows-1251",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        ),
        (CYRILLIC, "windows-1251", ""),
        (LATIN, "latin-1", '<meta charset="iso-8859-1">'),
        (LATIN, "latin-1", ""),
        (LATIN, "utf-8", '<meta charset="iso-8859-1">'),  # a stale declaration
    ],
)
def test_legacy_encodings_with_and_without_meta(
    tmp_path: Path, text: str, encoding: str, meta: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(html_doc(text, meta).encode(encoding))
    [page] = run(path)
    assert text in page.content
    assert page.raw == path.read_bytes()


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Zürich hält an.".encode())
    [page] = run(path)
    assert page.content == "Zürich hält an."


def test_decode_bytes_rules() -> None:
    assert decode_bytes("čeština".encode("utf-16"), origin="x") == "čeština"
    assert decode_bytes(CYRILLIC.encode("cp1251"), declared="windows-1251", origin="x") == (
        CYRILLIC
    )
    # A wrong declaration that cannot decode the bytes falls back to detection.
    assert decode_bytes(CYRILLIC.encode("cp1251"), declared="utf-8", origin="x") == CYRILLIC
    # Unknown or unusable labels are ignored.
    assert decode_bytes(b"plain", declared="no-such-charset", origin="x") == "plain"
    assert decode_bytes(b"plain", declared="rot13", origin="x") == "plain"
    # Mixed encodings degrade, they do not crash.
    mixed = "Grüße ".encode() + "Grüße".encode("latin-1") + CYRILLIC.encode("cp1251")
    assert "Gr" in decode_bytes(mixed, origin="x")
    # Stray control characters are dropped.
    assert decode_bytes(b"a bell\x07 and an escape\x1b", origin="x") == "a bell and an escape"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%...",
        b"\x89PNG\r\n\x1a\n....",
        b"PK\x03\x04 zip",
        b"\x1f\x8b\x08\x00 gzip",
        bytes(range(1, 9)) * 20 + b"some text",
    ],
)
def test_binary_content_is_refused(data: bytes) -> None:
    with pytest.raises(StorylineError, match=r"^where: binary content, not a page$"):
        decode_bytes(data, origin="where")


def test_charset_sniffing() -> None:
    assert sniff_html_charset(b'<html><meta charset="KOI8-R">') == "KOI8-R"
    assert sniff_html_charset(b"<?xml version='1.0' encoding='iso-8859-2'?><html>") == (
        "iso-8859-2"
    )
    assert sniff_html_charset(b"<html><body>no declaration</body></html>") is None
    assert charset_from_content_type('text/html; charset="Shift_JIS"') == "Shift_JIS"
    assert charset_from_content_type("text/html") is None


# --- manifests ------------------------------------------------------------------------------


def write_manifest(folder: Path, lines: list[object | str]) -> Path:
    path = folder / "manifest.jsonl"
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_manifest_with_every_kind_of_line(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text(HTML)
    (tmp_path / "dump.txt").write_bytes(CYRILLIC.encode("cp1251"))
    manifest = write_manifest(
        tmp_path,
        [
            {
                "path": "pages/one.html",
                "published": "2025-05-29",
                "outlet": " Daily  Post ",
                "url": "https://dailypost.example/one",
            },
            {"path": "dump.txt", "id": "dump-1", "language": "ru-RU"},
            {"html": HTML, "url": "https://www.example.org/news/1", "title": "Bridge"},
            {"text": "Home | News\nThe bridge reopened.", "id": 7, "authors": "A. Smith, B. Jones"},
            {"body": "The bridge reopened.", "authors": ["C. Doe", "C. Doe", " "]},
            "",
            {"body": "Dated loosely.", "published": "29 May 2025 14:30"},
        ],
    )
    items = run(manifest)
    assert not failures(items)
    one, dump, inline_html, text, body, loose = pages(items)
    m = str(manifest)

    assert one.ref == str(tmp_path / "pages" / "one.html")
    assert (one.kind, one.origin, one.group) == ("html", f"{m}:1", "dailypost.example")
    assert one.given.url == "https://dailypost.example/one"
    assert one.given.published == "2025-05-29"
    assert one.given.outlet == "Daily Post"

    assert (dump.ref, dump.kind, dump.content) == ("dump-1", "text", CYRILLIC)
    assert dump.group == m
    assert dump.given.language == "ru"

    assert inline_html.ref == "https://www.example.org/news/1"
    assert inline_html.group == "www.example.org"
    assert inline_html.kind == "html"
    assert inline_html.given.title == "Bridge"
    assert inline_html.raw == HTML.encode()

    assert (text.ref, text.kind, text.origin) == ("7", "text", f"{m}:4")
    assert text.given.authors == ("A. Smith", "B. Jones")

    assert (body.ref, body.kind, body.raw) == (f"{m}:5", "body", b"")
    assert body.given.authors == ("C. Doe",)
    assert loose.origin == f"{m}:7"
    assert loose.given.published == "2025-05-29T14:30:00"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object (found a list)"),
        ('"just a string"', "not a JSON object"),
        ({"body": "x", "colour": "red"}, "unknown field 'colour'"),
        ({"title": "no content"}, "needs one of 'path', 'html', 'text' or 'body'"),
        ({"html": "<p>a</p>", "body": "a"}, "only one of them is allowed"),
        ({"body": 12}, "'body' must be a string, not a number"),
        ({"body": "x", "title": ["a"]}, "'title' must be a string, not a list"),
        ({"body": "x", "authors": [1]}, "'authors' must be a string or a list of strings"),
        ({"body": "x", "id": True}, "'id' must be a string or an integer"),
        ({"path": "missing.html"}, "no such file or directory"),
        ({"path": "notes.pdf"}, "unsupported file type"),
        ({"path": ""}, "'path' is empty"),
        ({"body": "   "}, "empty page"),
        ({"html": "<p>\u0000</p>"}, "binary content"),
    ],
)
def test_manifest_line_errors_name_file_and_line(tmp_path: Path, line: object, reason: str) -> None:
    manifest = write_manifest(tmp_path, [{"body": "First article."}, line, {"body": "Third."}])
    items = run(manifest)
    assert [p.content for p in pages(items)] == ["First article.", "Third."]
    [failure] = failures(items)
    assert failure.input == f"{manifest}:2"
    assert failure.error.startswith(f"{manifest} line 2: ")
    assert reason in failure.error


def test_bad_date_keeps_the_page(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path,
        [
            {"body": "Article.", "published": "the 45th of Smarch"},
            {"body": "Other.", "url": "not a url", "language": "English!"},
        ],
    )
    items = run(manifest)
    page, date_failure, other, url_failure, language_failure = items
    assert isinstance(page, Page) and page.given.published is None
    assert isinstance(date_failure, Failure)
    assert date_failure.error.startswith(f"{manifest} line 1: bad published 'the 45th of Smarch'")
    assert isinstance(other, Page) and other.given.url is None and other.given.language is None
    assert "line 2: bad url 'not a url'" in url_failure.error
    assert "line 2: bad language" in language_failure.error


def test_folder_with_manifest_reads_described_files_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Alpha page.")
    (tmp_path / "b.txt").write_text("Beta page.")
    write_manifest(tmp_path, [{"path": "a.txt", "published": "2025-05-28"}])
    items = run(tmp_path)
    assert not failures(items)
    assert [(p.content, p.given.published) for p in pages(items)] == [
        ("Alpha page.", "2025-05-28"),
        ("Beta page.", None),
    ]


def test_manifest_line_over_size_limit_is_skipped(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path, [{"body": "x" * 100_000}, {"body": "Small."}, {"body": "y" * 2000}]
    )
    items = run(manifest, max_bytes=1000)
    assert [p.content for p in pages(items)] == ["Small."]
    first, last = failures(items)
    assert first.error == f"{manifest} line 1: line over size limit"
    assert last.error.startswith(f"{manifest} line 3: 'body': page over size limit (2 kB > 1 kB)")


def test_normalise_published_and_authors() -> None:
    assert normalise_published("2025-05-29") == "2025-05-29"
    assert normalise_published("2025-05-29T10:00:00Z") == "2025-05-29T10:00:00+00:00"
    assert normalise_published("May 29, 2025") == "2025-05-29"
    for bad in ("yesterday", "2025-13-45", "2025", "1066-10-14", ""):
        with pytest.raises(ValueError):
            normalise_published(bad)
    assert normalise_authors("Ann Lee and Bo Ray; Cy Dunn") == ("Ann Lee", "Bo Ray", "Cy Dunn")


# --- news-please JSON -------------------------------------------------------------------------

NEWSPLEASE = {
    "title": "Bridge reopens",
    "maintext": "The harbour bridge reopened on Monday.",
    "date_publish": "2025-05-29 08:15:00",
    "source_domain": "example.org",
    "url": "https://example.org/bridge",
    "authors": ["Ann Lee"],
    "language": "en",
    "image_url": None,
    "description": None,
}


def test_newsplease_single_object(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps(NEWSPLEASE))
    [page] = run(path)
    assert (page.kind, page.ref, page.origin) == ("body", "https://example.org/bridge", str(path))
    assert page.content == NEWSPLEASE["maintext"]
    assert page.group == "example.org"
    given = page.given
    assert (given.title, given.outlet, given.published) == (
        "Bridge reopens",
        "example.org",
        "2025-05-29T08:15:00",
    )
    assert (given.authors, given.language, given.url) == (("Ann Lee",), "en", NEWSPLEASE["url"])


def test_newsplease_list_with_bad_items(tmp_path: Path) -> None:
    second = {**NEWSPLEASE, "url": None, "date_publish": "not a date", "maintext": "Second."}
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([NEWSPLEASE, 42, {"title": "no text"}, second], indent=1))
    items = run(path)
    first, not_object, no_text, last = items
    assert isinstance(first, Page) and first.origin == f"{path}#item 1"
    assert not_object.error == f"{path}#item 2: not a JSON object"
    assert "item 3: no 'maintext'" in no_text.error
    assert isinstance(last, Page)
    assert (last.ref, last.given.published, last.group) == (f"{path}#item 4", None, str(tmp_path))


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "empty file"), ("[{}", "not valid JSON"), ("{} {}", "extra data"), ("[1 2]", "','")],
)
def test_newsplease_malformed_files(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    assert reason in failures(run(path))[-1].error


# --- standard input ---------------------------------------------------------------------------


def test_stdin_html_text_and_manifest() -> None:
    [page] = run("-", stdin=io.BytesIO(b"  \n" + HTML.encode()))
    assert (page.kind, page.ref, page.origin) == ("html", "<stdin>", "<stdin>")

    [page] = run("-", stdin=io.BytesIO(b"Just a dump.\nWith lines <b>."))
    assert page.kind == "text"

    manifest = b'{"body": "One."}\n\n{"text": "Two.", "id": "t"}\n'
    items = run("-", stdin=io.BytesIO(manifest))
    assert [(p.kind, p.ref) for p in pages(items)] == [("body", "<stdin>:1"), ("text", "t")]

    # One line is not an object: the whole input is a text dump.
    [page] = run("-", stdin=io.BytesIO(b'{"body": "One."}\nnot json\n'))
    assert page.kind == "text"

    [failure] = run("-", stdin=io.BytesIO(b""))
    assert failure.error == "<stdin>: empty page"


def test_stdin_over_limit(tmp_path: Path) -> None:
    [failure] = run("-", stdin=io.BytesIO(b"x" * 3000), max_bytes=1000)
    assert "<stdin>: page over size limit" in failure.error
    lines = b"".join(b'{"body": "Article %d."}\n' % i for i in range(200))
    items = run("-", stdin=io.BytesIO(lines), max_bytes=1000)
    assert len(pages(items)) == 200 and not failures(items)


# --- WARC ------------------------------------------------------------------------------------


def warc_bytes(gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    records = [
        ("https://news.example.com/a", "text/html; charset=utf-8", "200 OK", HTML.encode()),
        ("https://news.example.com/logo.png", "image/png", "200 OK", b"\x89PNG\r\n\x1a\n"),
        ("https://news.example.com/gone", "text/html", "404 Not Found", b"<p>gone</p>"),
        ("https://news.example.ru/b", "text/html; charset=windows-1251", "200 OK",
         html_doc(CYRILLIC).encode("cp1251")),
        ("https://news.example.com/x", "application/xhtml+xml", "200 OK",
         html_doc("An XHTML page about the bridge." * 20).encode()),
    ]  # fmt: skip
    for url, content_type, status, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("gz", [True, False])
def test_warc_yields_html_responses_only(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(warc_bytes(gz))
    items = run(path)
    assert not failures(items)
    a, b, x = pages(items)
    assert (a.ref, a.origin, a.group, a.kind) == (
        "https://news.example.com/a",
        f"{path}#record 2",
        "news.example.com",
        "html",
    )
    assert a.given.url == a.ref and a.given.published is None
    assert a.content == HTML
    assert CYRILLIC in b.content and b.origin == f"{path}#record 5"
    assert x.origin == f"{path}#record 6"


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cut", [40, 300])
def test_truncated_warc_reports_the_record(tmp_path: Path, gz: bool, cut: int) -> None:
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(warc_bytes(gz)[:-cut])
    items = run(path)
    assert [p.ref for p in pages(items)] == [
        "https://news.example.com/a",
        "https://news.example.ru/b",
    ]
    [failure] = failures(items)
    assert failure.error.startswith(f"{path}#record 6: truncated at offset ")


def test_corrupt_record_in_the_middle_is_skipped(tmp_path: Path) -> None:
    data = bytearray(warc_bytes(False))
    at = data.index(b"WARC/1.", data.index(b"logo.png"))  # the 404 record's header line
    data[at : at + 7] = b"XXXX/9."
    path = tmp_path / "mid.warc"
    path.write_bytes(bytes(data))
    items = run(path)
    assert [p.origin for p in pages(items)] == [f"{path}#record {n}" for n in (2, 5, 6)]
    [failure] = failures(items)
    assert failure.error.startswith(f"{path}#record 4: malformed at offset ")
    assert failure.error.endswith("(Invalid WARC record, first line: XXXX/9.0)")


def test_corrupt_gzip_member_in_the_middle_is_skipped(tmp_path: Path) -> None:
    data = bytearray(warc_bytes(True))
    records = ArchiveIterator(io.BytesIO(bytes(data)))
    offsets = [records.offset for _ in records]
    member = offsets[3]  # the 404 page, gzipped on its own
    data[member + 40 : member + 60] = bytes(20)
    path = tmp_path / "mid.warc.gz"
    path.write_bytes(bytes(data))
    items = run(path)
    assert [p.origin for p in pages(items)] == [f"{path}#record {n}" for n in (2, 5, 6)]
    [failure] = failures(items)
    assert failure.error.startswith(f"{path}#record 4: malformed at offset {member} (")


def test_whole_file_gzip_warc_is_read(tmp_path: Path) -> None:
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(warc_bytes(False)))
    items = run(path)
    assert [p.origin for p in pages(items)] == [f"{path}#record {n}" for n in (2, 5, 6)]
    assert not failures(items)
    path.write_bytes(gzip.compress(warc_bytes(False))[:-100])
    items = run(path)
    assert [p.origin for p in pages(items)] == [f"{path}#record {n}" for n in (2, 5)]
    [failure] = failures(items)
    assert failure.error.startswith(f"{path}#record 6: truncated at offset ")


def test_garbage_warc_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a crawl\n" * 10)
    [failure] = run(path)
    assert failure.error == f"{path}: not a WARC file"


def test_warc_record_over_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(True))
    items = run(path, max_bytes=500)
    assert [p.ref for p in pages(items)] == [
        "https://news.example.com/a",
        "https://news.example.ru/b",
    ]
    [failure] = failures(items)
    assert failure.error == f"{path}#record 6: page over size limit (> 500 bytes)"
