"""Building the records this stage emits: a Page from bytes, a Failure from a reason.

Every reader (files, manifests, WARC records, news-please JSON, stdin) funnels through here,
so that decoding, the empty-page rule and the shape of error messages are the same whatever
the input was.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from storyline.records import Failure, GivenMeta, Page, PageKind, StorylineError

from .decode import decode_bytes, sniff_html_charset

STAGE = "source"


def make_page(
    raw: bytes,
    *,
    kind: PageKind,
    ref: str,
    origin: str,
    group: str,
    given: GivenMeta | None = None,
    declared: str | None = None,
) -> Page:
    """A Page from the bytes of one page.

    ``declared`` is a charset from outside the page (an HTTP header); HTML pages are also
    searched for their own ``<meta charset>``. Raises StorylineError for binary or empty
    content. ``body`` pages keep no raw bytes: they were clean text to begin with.
    """
    if not raw.strip():
        raise_empty(origin)
    if kind == "html" and declared is None:
        declared = sniff_html_charset(raw)
    content = decode_bytes(raw, declared=declared, origin=origin)
    if not content.strip():
        raise_empty(origin)
    return Page(
        ref=ref,
        origin=origin,
        kind=kind,
        content=content,
        raw=b"" if kind == "body" else raw,
        given=given or GivenMeta(),
        group=group,
    )


def make_text_page(
    text: str,
    *,
    kind: PageKind,
    ref: str,
    origin: str,
    group: str,
    given: GivenMeta | None = None,
) -> Page:
    """A Page from text that is already decoded (inline manifest or JSON content).

    It goes through the same checks as bytes; lone surrogates, which JSON allows and UTF-8
    does not, become replacement characters instead of crashing the storage layer later.
    """
    raw = text.encode("utf-8", "replace")
    return make_page(raw, kind=kind, ref=ref, origin=origin, group=group, given=given)


def raise_empty(origin: str) -> None:
    raise StorylineError(f"{origin}: empty page")


def fail(where: str, reason: str, *, input: str | None = None) -> Failure:
    """A Failure of this stage whose message names the input first, on one line.

    ``input`` is the machine-readable location when the message names it differently
    (``manifest.jsonl:3`` for "manifest.jsonl line 3").
    """
    return Failure(input=input or where, stage=STAGE, error=one_line(f"{where}: {reason}"))


def failed(where: str, error: StorylineError) -> Failure:
    """A Failure from a StorylineError, whose message already names the input."""
    return Failure(input=where, stage=STAGE, error=one_line(str(error)))


def one_line(text: str, limit: int = 300) -> str:
    """Collapse a message onto one line of bounded length (library errors can be long)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def url_host(url: str | None) -> str | None:
    """The lower-cased host of an absolute URL, or None."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def folder_of(path: str) -> str:
    """The folder a file is in, as the user would write it (``.`` for the current one)."""
    return os.path.dirname(path) or "."
