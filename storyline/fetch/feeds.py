"""Feeds, sitemaps and feed discovery: the lists of articles that sites publish.

- RSS 0.9x/1.0/2.0 and Atom go through feedparser, which copes with the many dialects and
  mistakes found in the wild; a feed broken enough that feedparser flags it ("bozo") is still
  used when it yielded entries, and is a clear failure when it did not.
- XML sitemaps, sitemap indexes and Google News sitemaps (``news:title``,
  ``news:publication_date``, ``news:publication/news:name``) are read with lxml, defused: a
  document that declares a DTD or entities is refused before parsing (no billion laughs, no
  external entities), and the parser is told never to resolve entities or touch the network.
- Home pages announce their feeds with ``<link rel="alternate" type="application/rss+xml">``.

Every article a list names becomes a :class:`FeedItem`; its metadata becomes the
:class:`~storyline.records.GivenMeta` of the page fetched for it.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from storyline.records import GivenMeta, StorylineError
from storyline.sources.meta import clean_text, normalise_authors, normalise_published

DocumentKind = Literal["feed", "sitemap", "page"]

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_SNIFF = 65_536
_ROOT = re.compile(
    rb"""^(?:\s|\xef\xbb\xbf|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([\w:.-]+)""",
    re.DOTALL | re.IGNORECASE,
)
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_HOME_PATHS = re.compile(r"^/?(?:index\.(?:html?|php|aspx?|jsp))?$", re.IGNORECASE)
_ARTICLE_MARKERS = re.compile(
    r"""<meta[^>]+property=["']og:type["'][^>]+content=["']article|"@type"\s*:\s*"(?:News)?Article\"""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FeedItem:
    """One article listed by a feed or sitemap."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601
    authors: tuple[str, ...] = ()
    outlet: str | None = None

    def given(self) -> GivenMeta:
        """The metadata the page fetched for this item is given."""
        return GivenMeta(
            url=self.url,
            outlet=self.outlet,
            title=self.title,
            published=self.published,
            authors=self.authors,
        )


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: the articles of a ``urlset``, the sitemaps of a ``sitemapindex``."""

    items: tuple[FeedItem, ...] = ()
    sitemaps: tuple[str, ...] = ()


def discover(document: str | bytes, *, content_type: str | None = None) -> DocumentKind:
    """Whether a fetched document is a feed, a sitemap or a page.

    Given document content, the root element decides (``rss``, RSS 1.0's ``rdf:RDF``,
    Atom's ``feed``; ``urlset``, ``sitemapindex``); given a URL (no markup), only its path
    can hint, and anything unrecognised is a page.
    """
    if isinstance(document, str):
        stripped = document.strip()
        if "<" not in stripped and urlsplit(stripped).scheme in ("http", "https"):
            return _kind_from_url(stripped)
        document = document.encode("utf-8", "replace")
    match = _ROOT.match(document[:_SNIFF])
    if match is None:
        return "page"
    root = match.group(1).decode("ascii", "replace").lower()
    local = root.rsplit(":", 1)[-1]
    if local in ("rss", "feed") or (local == "rdf" and b"purl.org/rss/1.0" in document[:_SNIFF]):
        return "feed"
    if local in ("urlset", "sitemapindex"):
        return "sitemap"
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in FEED_TYPES and local != "html":
        return "feed"
    return "page"


def parse_feed(raw: bytes, *, url: str) -> list[FeedItem]:
    """The items of an RSS or Atom feed; raises StorylineError when nothing usable is in it."""
    if _ENTITY.search(raw[:_SNIFF]):
        raise StorylineError(f"{url}: feed declares XML entities (refused)")
    # A file object, never bytes: feedparser treats a bytes/str argument as a possible path
    # or URL to open.
    try:
        parsed: Any = feedparser.parse(
            io.BytesIO(raw),
            response_headers={"content-location": url},
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # noqa: BLE001 - third-party parser on hostile input
        raise StorylineError(f"{url}: unreadable feed ({type(exc).__name__})") from exc
    if not parsed.get("entries"):
        if parsed.bozo:
            reason = " ".join(str(parsed.get("bozo_exception", "unreadable")).split())
            raise StorylineError(f"{url}: broken feed ({reason})")
        if not parsed.get("version"):
            raise StorylineError(f"{url}: not an RSS or Atom feed")
        return []
    outlet = clean_text(parsed.get("feed", {}).get("title") or "")
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = _absolute(url, _entry_link(entry))
        if link is None or link in items:
            continue
        items[link] = FeedItem(
            url=link,
            title=clean_text(entry.get("title") or ""),
            published=_struct_to_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            authors=_entry_authors(entry),
            outlet=outlet,
        )
    return list(items.values())


def parse_sitemap(raw: bytes, *, url: str) -> Sitemap:
    """The URLs of a sitemap or sitemap index, with Google News metadata where given.

    A sitemap with errors is read as far as it goes; one that yields nothing is a failure.
    """
    if _DECLARATIONS.search(raw[:_SNIFF]):
        raise StorylineError(f"{url}: sitemap declares a DTD or entities (refused)")
    try:
        root = _parse_xml(raw, recover=False)
        error = None
    except lxml.etree.XMLSyntaxError as exc:
        error = exc
        try:
            root = _parse_xml(raw, recover=True)
        except lxml.etree.XMLSyntaxError:
            root = None
    if root is None:
        raise StorylineError(f"{url}: broken sitemap ({error})")
    kind = _local(root.tag)
    sitemap = Sitemap()
    if kind == "sitemapindex":
        locs = (_child_text(child, "loc") for child in root if _local(child.tag) == "sitemap")
        sitemap = Sitemap(
            sitemaps=tuple(dict.fromkeys(link for loc in locs if (link := _absolute(url, loc))))
        )
    elif kind == "urlset":
        items: dict[str, FeedItem] = {}
        for child in root:
            if _local(child.tag) == "url":
                item = _sitemap_item(child, url)
                if item is not None:
                    items.setdefault(item.url, item)
        sitemap = Sitemap(items=tuple(items.values()))
    else:
        raise StorylineError(f"{url}: not a sitemap (root element {kind!r})")
    if error is not None and not (sitemap.items or sitemap.sitemaps):
        raise StorylineError(f"{url}: broken sitemap ({error})")
    return sitemap


def find_feed_links(html: str | bytes, *, base_url: str) -> list[str]:
    """The feeds a page announces (``<link rel="alternate" type="application/rss+xml"
    href=...>`` and the Atom and RDF equivalents), as absolute URLs, in page order."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    links: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        media = (link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" in rel and media in FEED_TYPES:
            href = _absolute(base_url, link.get("href"))
            if href and href not in links:
                links.append(href)
    return links


def is_site_home(url: str, html: str) -> bool:
    """Whether a page is a site's home page rather than an article: at the root of the
    site, and not marked as an article (Open Graph ``og:type`` or schema.org JSON-LD)."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return bool(_HOME_PATHS.match(path)) and not _ARTICLE_MARKERS.search(html[: _SNIFF * 4])


# -- helpers --------------------------------------------------------------------------------


def _kind_from_url(url: str) -> DocumentKind:
    path = urlsplit(url).path.lower()
    if "sitemap" in path:
        return "sitemap"
    if re.search(r"(?:^|/|\.)(?:rss|atom|feed|feeds)(?:/|\.|$)", path):
        return "feed"
    return "page"


def _parse_xml(raw: bytes, *, recover: bool) -> Any:
    parser = lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )
    return lxml.etree.fromstring(raw, parser=parser)


def _sitemap_item(element: Any, base: str) -> FeedItem | None:
    link = _absolute(base, _child_text(element, "loc"))
    if link is None:
        return None
    news = _child(element, "news")
    if news is None:
        return FeedItem(url=link)
    publication = _child(news, "publication")
    outlet = _child_text(publication, "name") if publication is not None else None
    return FeedItem(
        url=link,
        title=clean_text(_child_text(news, "title") or ""),
        published=_iso(_child_text(news, "publication_date")),
        outlet=clean_text(outlet or ""),
    )


def _child(element: Any, name: str) -> Any:
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            return child
    return None


def _child_text(element: Any, name: str) -> str | None:
    child = _child(element, name)
    if child is None:
        return None
    return "".join(child.itertext()).strip() or None


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _entry_link(entry: Any) -> str | None:
    if entry.get("link"):
        return str(entry["link"])
    for link in entry.get("links") or ():
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return entry.get("id") if str(entry.get("id", "")).startswith("http") else None


def _entry_authors(entry: Any) -> tuple[str, ...]:
    """Author names; RSS 2.0's ``email (Name)`` form is read here because feedparser's
    e-mail pattern cuts long top-level domains (``desk@x.example`` → ``desk@x.exam``)."""
    raw = str(entry.get("author") or "")
    match = _EMAIL_NAME.match(raw)
    if match:
        names = [match.group(1)]
    else:
        names = [a.get("name") for a in entry.get("authors") or () if a.get("name")]
        names = names or [raw]
    authors: list[str] = []
    for name in names:
        authors.extend(n for n in normalise_authors(str(name)) if "@" not in n)
    return tuple(dict.fromkeys(authors))


def _absolute(base: str, link: str | None) -> str | None:
    if not link:
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    return absolute if parts.scheme in ("http", "https") and parts.hostname else None


def _struct_to_iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment.isoformat()


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalise_published(value)
    except ValueError:
        return None
