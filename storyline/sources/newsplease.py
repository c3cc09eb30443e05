"""news-please JSON: articles another crawler has already extracted.

news-please writes one JSON object per article (``title``, ``maintext``, ``date_publish``,
``source_domain``, ``url``, ``authors``, ``language`` among many others); some pipelines
collect them into one JSON list. Either way the main text is already clean, so pages are of
kind ``body``, and the fields news-please extracted become given metadata. A list is read one
object at a time, so a file of many thousand articles never sits in memory at once.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO, Any

from storyline.records import Failure, GivenMeta, Page, StorylineError

from . import meta
from .files import os_reason, over_limit
from .pages import fail, failed, folder_of, make_text_page, url_host

_CHUNK = 1 << 20
_WHITESPACE = " \t\r\n"
_DECODER = json.JSONDecoder()
# JSON escapes can make an object several times longer than the text it carries.
_OBJECT_FACTOR = 6


class _JSONFileError(Exception):
    """The file itself is not readable JSON; the message is the reason."""


def iter_newsplease(path: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Pages and Failures from one news-please JSON file (an object or a list of them)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield fail(path, f"cannot read ({os_reason(exc)})")
        return
    with fh:
        try:
            for index, value, in_list in _json_values(fh, _OBJECT_FACTOR * max_bytes):
                where = f"{path}#item {index}" if in_list else path
                try:
                    yield _article_page(value, where, path, max_bytes)
                except StorylineError as exc:
                    yield failed(where, exc)
        except _JSONFileError as exc:
            yield fail(path, str(exc))
        except OSError as exc:
            yield fail(path, f"cannot read ({os_reason(exc)})")


def _article_page(value: Any, where: str, path: str, max_bytes: int) -> Page:
    if not isinstance(value, dict):
        raise StorylineError(f"{where}: not a JSON object")
    text = value.get("maintext")
    if not isinstance(text, str) or not text.strip():
        raise StorylineError(f"{where}: no 'maintext' string, not a news-please article")
    size = len(text.encode("utf-8", "replace"))
    if size > max_bytes:
        raise StorylineError(f"{where}: {over_limit(size, max_bytes)}")
    given = GivenMeta(
        url=_optional(value, "url", meta.normalise_url, where),
        outlet=_optional(value, "source_domain", meta.clean_text, where),
        title=_optional(value, "title", meta.clean_text, where),
        published=_optional(value, "date_publish", meta.normalise_published, where),
        language=_optional(value, "language", meta.normalise_language, where),
        authors=_authors(value.get("authors"), where),
    )
    return make_text_page(
        text,
        kind="body",
        ref=given.url or where,
        origin=where,
        group=url_host(given.url) or folder_of(path),
        given=given,
    )


def _optional(value: dict[str, Any], field: str, normalise, where: str) -> str | None:
    """A field news-please filled, normalised; None when absent, null or unusable (news-please
    leaves many fields null, and a bad date in a crawl should not cost the article)."""
    raw = value.get(field)
    if not isinstance(raw, str):
        if raw is not None:
            raise StorylineError(f"{where}: {field!r} must be a string")
        return None
    try:
        return normalise(raw)
    except ValueError:
        return None


def _authors(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str) or (isinstance(raw, list) and all(isinstance(a, str) for a in raw)):
        return meta.normalise_authors(raw)
    raise StorylineError(f"{where}: 'authors' must be a list of strings")


def _json_values(stream: IO[bytes], limit: int) -> Iterator[tuple[int, Any, bool]]:
    """(1-based index, value, whether it came from a top-level list) for a JSON document
    that is either one value or a list of values, decoded one list item at a time."""
    reader = _TextBuffer(stream)
    first = reader.next_char()
    if first == "":
        raise _JSONFileError("empty file")
    if first != "[":
        yield 1, reader.decode_value(limit), False
        if reader.next_char() != "":
            raise _JSONFileError("not valid JSON (extra data after the object)")
        return
    reader.advance(1)
    index = 0
    while True:
        char = reader.next_char()
        if char == "]":
            reader.advance(1)
            break
        if index:
            if char != ",":
                raise _JSONFileError(f"not valid JSON (expected ',' after item {index})")
            reader.advance(1)
        index += 1
        yield index, reader.decode_value(limit), True
    if reader.next_char() != "":
        raise _JSONFileError("not valid JSON (extra data after the list)")


class _TextBuffer:
    """UTF-8 text read from a byte stream on demand, enough for one JSON value at a time."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._pos = 0
        self._eof = False

    def _fill(self, size: int = _CHUNK) -> bool:
        if self._eof:
            return False
        chunk = self._stream.read(size)
        try:
            decoded = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise _JSONFileError("not valid UTF-8") from exc
        self._eof = not chunk
        self._text = self._text[self._pos :] + decoded
        self._pos = 0
        return True

    def next_char(self) -> str:
        """The next non-space character, without consuming it ('' at the end)."""
        while True:
            while self._pos < len(self._text) and self._text[self._pos] in _WHITESPACE:
                self._pos += 1
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._fill():
                return ""

    def advance(self, n: int) -> None:
        self._pos += n

    def decode_value(self, limit: int) -> Any:
        """Decode the JSON value starting here, reading more text until it is complete."""
        self.next_char()  # raw_decode does not skip leading whitespace
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._pos)
            except json.JSONDecodeError as exc:
                # The value may just be incomplete: read on (doubling, so that a long value
                # is re-parsed a few times only) until the end of the file or the limit.
                if self._eof:
                    raise _JSONFileError(f"not valid JSON ({exc.msg})") from exc
                pending = len(self._text) - self._pos
                if pending > limit:
                    raise _JSONFileError("JSON item over size limit") from exc
                self._fill(max(_CHUNK, pending))
                continue
            except RecursionError as exc:
                raise _JSONFileError("not valid JSON (nested too deeply)") from exc
            self._pos = end
            return value
