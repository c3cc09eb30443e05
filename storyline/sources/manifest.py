"""JSONL manifests: one page per line, with the metadata the user knows about it.

Each line is a JSON object with exactly one content field: ``path`` (a file, relative to the
manifest's folder), ``html``, ``text`` (a page dump still to be cleaned) or ``body`` (an
already clean article); plus optional ``id``, ``url``, ``outlet``, ``title``, ``published``,
``language`` and ``authors``. A line that is malformed costs that line only. A metadata value
that is well-typed but wrong (a date that is not a date) costs only that value: the page is
still yielded without it, next to a Failure saying what was dropped, so no article is lost to
a typo in its metadata.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import IO, Any

from storyline.records import Failure, GivenMeta, Page, PageKind, StorylineError

from . import meta
from .files import file_type, over_limit, read_file
from .pages import fail, make_page, make_text_page, url_host

CONTENT_FIELDS: tuple[str, ...] = ("path", "html", "text", "body")
META_FIELDS: tuple[str, ...] = (
    "id", "url", "outlet", "title", "published", "language", "authors"
)  # fmt: skip
_INLINE_KINDS: dict[str, PageKind] = {"html": "html", "text": "text", "body": "body"}
_SOFT_FIELDS: dict[str, Callable[[str], str]] = {
    "url": meta.normalise_url,
    "published": meta.normalise_published,
    "language": meta.normalise_language,
}
# JSON escapes can make a line several times longer than the page it carries.
_LINE_FACTOR = 6


class _LineError(Exception):
    """A manifest line that cannot become a page; the message is the reason."""


def iter_manifest(
    stream: IO[bytes],
    *,
    name: str,
    base_dir: str,
    max_bytes: int,
    claimed: set[str] | None = None,
    allow_outside: bool = False,
) -> Iterator[Page | Failure]:
    """Pages and Failures from a manifest read line by line from ``stream``.

    ``name`` is the manifest as the user knows it (used in refs, origins and messages);
    ``path`` entries are resolved against ``base_dir`` and must stay inside it (symlinks
    resolved) unless ``allow_outside``: a manifest from elsewhere must not make storyline
    read ``../../secret`` or ``/etc/passwd`` into the store. The real paths of the files the
    manifest describes are added to ``claimed``, so a folder walk can skip them.
    """
    line_limit = _LINE_FACTOR * max_bytes + 65_536
    for number, line in _numbered_lines(stream, line_limit):
        where = f"{name}:{number}"
        label = f"{name} line {number}"
        if line is None:
            yield _line_failure(where, label, "line over size limit")
            continue
        if not line.strip():
            continue
        try:
            page, problems = _entry(
                line, where, name, base_dir, max_bytes, claimed, allow_outside
            )
        except _LineError as exc:
            yield _line_failure(where, label, str(exc))
        except StorylineError as exc:
            yield _line_failure(where, label, _without_prefix(str(exc), where))
        else:
            yield page
            for problem in problems:
                yield _line_failure(where, label, problem)


def _entry(
    line: bytes,
    where: str,
    name: str,
    base_dir: str,
    max_bytes: int,
    claimed: set[str] | None,
    allow_outside: bool = False,
) -> tuple[Page, list[str]]:
    """The page one line describes, and the metadata problems to report beside it."""
    obj = _parse_object(line)
    content_field, value = _content_of(obj)
    given, problems = _given_meta(obj)
    given_id = _string_id(obj.get("id"))
    group = url_host(given.url) or name

    if content_field == "path":
        path = os.path.normpath(os.path.join(base_dir, value))
        kind = file_type(path)
        if kind not in ("html", "text"):
            raise _LineError(f"path {value!r}: unsupported file type (expected .html or .txt)")
        if not allow_outside and not _inside(path, base_dir):
            raise _LineError(
                f"path {value!r} is outside the manifest's folder (pass "
                "--allow-outside-paths to read it)"
            )
        if claimed is not None:  # even if it fails here: one Failure for it is enough
            claimed.add(os.path.realpath(path))
        raw = read_file(path, max_bytes)
        page = make_page(
            raw, kind=kind, ref=given_id or path, origin=where, group=group, given=given
        )
    else:
        size = len(value.encode("utf-8", "replace"))
        if size > max_bytes:
            raise _LineError(f"{content_field!r}: {over_limit(size, max_bytes)}")
        page = make_text_page(
            value,
            kind=_INLINE_KINDS[content_field],
            ref=given_id or given.url or where,
            origin=where,
            group=group,
            given=given,
        )
    return page, problems


def _inside(path: str, folder: str) -> bool:
    """True when ``path``, symlinks resolved, is ``folder`` or below it."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([real, root]) == root


def _parse_object(line: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as exc:
        raise _LineError("not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise _LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:
        raise _LineError("not valid JSON (nested too deeply)") from exc
    if not isinstance(obj, dict):
        raise _LineError(f"not a JSON object (found {_type_name(obj)})")
    unknown = sorted(set(obj) - set(CONTENT_FIELDS) - set(META_FIELDS))
    if unknown:
        listed = ", ".join(repr(field) for field in unknown)
        raise _LineError(f"unknown field{'s' if len(unknown) > 1 else ''} {listed}")
    return obj


def _content_of(obj: dict[str, Any]) -> tuple[str, str]:
    present = [field for field in CONTENT_FIELDS if field in obj]
    if not present:
        raise _LineError("needs one of 'path', 'html', 'text' or 'body'")
    if len(present) > 1:
        listed = ", ".join(repr(field) for field in present)
        raise _LineError(f"has {listed}: only one of them is allowed")
    field = present[0]
    value = obj[field]
    if not isinstance(value, str):
        raise _LineError(f"{field!r} must be a string, not {_type_name(value)}")
    if field == "path" and not value.strip():
        raise _LineError("'path' is empty")
    return field, value


def _given_meta(obj: dict[str, Any]) -> tuple[GivenMeta, list[str]]:
    """The metadata of one line, and the reasons for any value dropped as invalid.

    Wrong types raise (the line is malformed); wrong values are dropped and reported.
    """
    problems: list[str] = []
    values: dict[str, Any] = {}
    for field in ("url", "outlet", "title", "published", "language"):
        value = obj.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise _LineError(f"{field!r} must be a string, not {_type_name(value)}")
        normalise = _SOFT_FIELDS.get(field, meta.clean_text)
        try:
            values[field] = normalise(value)
        except ValueError as exc:
            problems.append(f"bad {field} {value[:80]!r} ({exc}); kept the page without it")
    authors = obj.get("authors")
    if authors is not None:
        if not (
            isinstance(authors, str)
            or (isinstance(authors, list) and all(isinstance(a, str) for a in authors))
        ):
            raise _LineError("'authors' must be a string or a list of strings")
        values["authors"] = meta.normalise_authors(authors)
    return GivenMeta(**values), problems


def _string_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _LineError(f"'id' must be a string or an integer, not {_type_name(value)}")
    text = str(value).strip()
    if not text:
        raise _LineError("'id' is empty")
    return text


def _numbered_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs, 1-based; None for a line longer than ``limit``, which is
    skipped without being held in memory."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def _line_failure(where: str, label: str, reason: str) -> Failure:
    return fail(label, reason, input=where)


def _without_prefix(message: str, where: str) -> str:
    """A page error's reason, without the origin prefix the line label replaces."""
    prefix = f"{where}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), "null" if value is None else type(value).__name__)
