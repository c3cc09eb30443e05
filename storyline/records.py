"""The small typed records passed from one pipeline stage to the next.

Every stage is a plain function from the previous stage's records to its own, so the same
code runs in the CLI, the web app and a Spark task. Records are frozen dataclasses: cheap to
build, hashable, and impossible to mutate behind another stage's back.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

PageKind = Literal["html", "text", "body"]
"""How a page's content must be cleaned: ``html`` through the HTML extractor, ``text`` (a page
dump rendered to plain text, furniture included) through the text boilerplate remover, ``body``
(an already clean article) passed through as it is."""


@dataclass(frozen=True)
class GivenMeta:
    """Metadata supplied by the user (manifest fields, news-please JSON, feed items).

    Given metadata always wins over what extraction infers from the page.
    """

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date or datetime, already validated
    language: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One raw input page, before any cleaning.

    ``ref`` is what the user knows the page by: the ``id`` given in a manifest, else the path
    or URL it came from. ``origin`` is where exactly the bytes were read (a path, a WARC
    record, a manifest line), used in error messages. ``group`` names the batch a page came in
    with others of the same site (a host, or a folder), so that lines recurring across pages of
    one site can be recognised as furniture.
    """

    ref: str
    origin: str
    kind: PageKind
    content: str
    raw: bytes = b""
    given: GivenMeta = field(default_factory=GivenMeta)
    group: str = ""
    fallback: GivenMeta = field(default_factory=GivenMeta)
    """Metadata to use only where both ``given`` and the page itself say nothing — a feed
    item's title, date and author: the page knows its own headline better than its feed."""

    @property
    def raw_hash(self) -> str:
        return sha256_hex(self.raw or self.content.encode("utf-8"))


@dataclass(frozen=True)
class Removed:
    """A block the extractor dropped as page furniture, with the rule that dropped it."""

    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """The clean article extracted from one page, with its metadata and an audit trail."""

    ref: str
    origin: str
    kind: PageKind
    paragraphs: tuple[str, ...]
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    raw: bytes = b""
    raw_hash: str = ""

    @property
    def text(self) -> str:
        """The clean body: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """Hash of the normalised clean text: the same article at two URLs has one hash."""
        return sha256_hex(normalise_for_hash(self.text).encode("utf-8"))

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Failure:
    """An input that could not be turned into an article, and why.

    ``input`` is the machine-readable location (a path, ``manifest.jsonl:3``,
    ``crawl.warc.gz#record 5``); ``error`` is the one-line message for people, which names
    the input first ("manifest.jsonl line 3: not valid JSON").
    """

    input: str
    stage: str
    error: str


class StorylineError(Exception):
    """The one exception type our stages raise for bad input.

    The message is a single line that names the input and the reason, ready to print.
    """


_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@lru_cache(maxsize=256)
def normalise_for_hash(text: str) -> str:
    """Fold case, quotes, punctuation and whitespace so that trivially different renderings
    of the same text (curly vs straight quotes, wrapped lines) hash the same. Cached: an
    article's text is hashed for its identity, then again for its lineage key."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
