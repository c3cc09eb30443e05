"""HTML pages to clean articles: trafilatura for the body and metadata, then our post-filter.

The page is parsed once. trafilatura extracts the body from a copy of that tree, and the
metadata we need (title, date, outlet, authors, language) is read from the same tree with
trafilatura's and htmldate's own readers. We call those readers directly rather than
``with_metadata=True`` because the full metadata pass also computes categories, tags, a licence
and a byline search through a deep copy of the page, which we do not use and which cost about a
fifth of the extraction time; ingest speed matters more here than those fields.

The body comes from trafilatura in precision mode, first without its readability/justext
comparison, which can only change the result of a pass that found little; such pages get the
full cascade. Then `html_filter` drops the furniture trafilatura leaves inside the article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from storyline.extract.cascade import AVAILABLE as cascade_available
from storyline.extract.cascade import Cascade
from storyline.extract.html_filter import filter_lines
from storyline.extract.nesting import flatten_deep_nesting
from storyline.extract.result import Extraction
from storyline.records import StorylineError

try:  # internal trafilatura readers: fast, but not a stable API, so fall back if they move
    from htmldate import find_date
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
    )
except ImportError:  # pragma: no cover - depends on the installed trafilatura
    find_date = None  # type: ignore[assignment]

__all__ = ["extract_html", "TRAFILATURA_OPTIONS"]

LOGGER = logging.getLogger(__name__)

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "fast": True,
}
"""Options of the main pass. favor_precision wins about one point of F1 on the benchmark;
fast skips the comparison with readability/justext, which in precision mode only changes
the result when trafilatura's own pass finds little (see `RETRY_CHARS`)."""

RETRY_OPTIONS: dict[str, Any] = {**TRAFILATURA_OPTIONS, "fast": False}
"""The full precision cascade, for pages where the fast pass found little."""

RETRY_CHARS = 2000
"""Below this, run the full precision cascade: its readability/justext comparison can only
win over a short own extraction (readability must be twice as long, or ours empty)."""

FALLBACK_OPTIONS: dict[str, Any] = {"include_comments": False, "include_tables": True}
"""Balanced mode, used only when the precise pass finds little: it adds trafilatura's
baseline rescue and recall escalation, which precision mode skips."""

MIN_BODY_CHARS = 250
"""Below this, the precise pass probably missed the article; try the balanced pass."""

MIN_ARTICLE_WORDS = 10
"""Fewer words than this is a menu or a stub that trafilatura's fallbacks scraped, not an
article."""

_LANG = re.compile(r"^[a-zA-Z]{2,3}(?=$|[-_])")
_AUTHOR_XPATH = './/body//*[@rel="author" or @itemprop="author"]'
_NAME_XPATH = './/*[@itemprop="name"]'
_BY = re.compile(r"^by\s+", re.I)


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Extract the clean article body and its metadata from one HTML page.

    Raises `StorylineError` (and nothing else) when the page holds no article text.
    """
    try:
        return _extract_html(html, url)
    except StorylineError:
        flat = flatten_deep_nesting(html) if isinstance(html, str) else html
        if flat is html:
            raise
        return _extract_html(flat, url)  # the article sat below the parser's depth limit


def _extract_html(html: str, url: str | None) -> Extraction:
    tree = _parse(html)
    body = _extract_body(tree, url)
    meta = _read_meta(tree)
    paragraphs, removed = filter_lines(
        body.splitlines(), title=_clean(getattr(meta, "title", None))
    )
    if sum(len(p.split()) for p in paragraphs) < MIN_ARTICLE_WORDS:
        raise StorylineError("no article text found")
    return Extraction(paragraphs=paragraphs, removed=removed, **_metadata(tree, url, meta))


def _parse(html: str) -> HtmlElement:
    """Parse the page once; every later step reads this tree."""
    if not isinstance(html, str) or not html.strip():
        raise StorylineError("empty page")
    try:
        tree = load_html(html)
    except Exception as err:  # lxml and trafilatura raise many kinds on junk input
        raise StorylineError(f"unreadable HTML ({type(err).__name__})") from None
    if tree is None:
        raise StorylineError("not an HTML page")
    return tree


def _run_trafilatura(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> str:
    """One trafilatura pass on a copy of the tree (bare_extraction copies it itself)."""
    try:
        doc = trafilatura.bare_extraction(tree, url=url, **options)
    except Exception as err:  # a third-party bug must not take the ingest down
        LOGGER.debug("trafilatura failed: %s", err)
        return ""
    if doc is None:
        return ""
    text = doc.get("text") if isinstance(doc, dict) else doc.text
    return text or ""


def _extract_body(tree: HtmlElement, url: str | None) -> str:
    """The body text: the fast precise pass, the full precise cascade when that finds little,
    and the balanced cascade when even that finds almost nothing. The two precise passes
    share trafilatura's preparation of the page (`storyline.extract.cascade`)."""
    text, cascade = _fast_pass(tree, url)
    if len(text) < RETRY_CHARS:
        text = _full_pass(cascade, tree, url) or text
    if len(text) < MIN_BODY_CHARS:
        fallback = _run_trafilatura(tree, url, FALLBACK_OPTIONS)
        if len(fallback) > len(text):
            text = fallback
    if not text.strip():
        raise StorylineError("no article text found")
    return text


def _fast_pass(tree: HtmlElement, url: str | None) -> tuple[str, Cascade | None]:
    """The fast precise pass, and the prepared page for the full one (None: prepare again)."""
    if cascade_available:
        try:
            cascade = Cascade(tree, url)
            return cascade.fast(), cascade
        except Exception as err:  # a third-party bug must not take the ingest down
            LOGGER.debug("trafilatura failed: %s", err)
            return "", None
    return _run_trafilatura(tree, url, TRAFILATURA_OPTIONS), None


def _full_pass(cascade: Cascade | None, tree: HtmlElement, url: str | None) -> str:
    if cascade is None:
        return _run_trafilatura(tree, url, RETRY_OPTIONS)
    try:
        return cascade.full()
    except Exception as err:  # a third-party bug must not take the ingest down
        LOGGER.debug("trafilatura failed: %s", err)
        return ""


def _safe(reader: Callable[[], Any]) -> Any:
    """Metadata is optional: a reader failing on odd markup leaves the field empty."""
    try:
        return reader()
    except Exception as err:  # third-party readers on arbitrary markup
        LOGGER.debug("metadata reader failed: %s", err)
        return None


def _read_meta(tree: HtmlElement) -> Any:
    """trafilatura's reading of meta tags and JSON-LD (a trafilatura Document, or None)."""
    if find_date is None:  # pragma: no cover
        return _safe(lambda: trafilatura.extract_metadata(tree))
    meta = _safe(lambda: extract_meta_json(tree, examine_meta(tree)))
    if meta is not None and not meta.title:
        meta.title = _safe(lambda: extract_title(tree))
    return meta


def _metadata(tree: HtmlElement, url: str | None, meta: Any) -> dict[str, Any]:
    """Title, date, outlet, authors and language, as the Extraction fields."""
    sitename = _clean(getattr(meta, "sitename", None))
    if not sitename and find_date is not None:
        sitename = _clean(_safe(lambda: extract_sitename(tree)))
    return {
        "title": _clean(getattr(meta, "title", None)),
        "published": _date(tree, url, getattr(meta, "date", None)),
        "outlet": sitename or _host(url),
        "authors": _authors(tree, getattr(meta, "author", None)),
        "language": _language(tree),
    }


def _date(tree: HtmlElement, url: str | None, known: str | None) -> str | None:
    """Publication date through htmldate's quick (non-extensive) search: meta tags, JSON-LD,
    time elements and the URL, which is where news pages put it; with its time of day when
    the page states one for that date (which of two same-day reports came first matters for
    wire lineage)."""
    if known or find_date is None:
        return known
    day = _safe(
        lambda: find_date(
            tree,
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=date.today().isoformat(),
        )
    )
    return (_precise_time(tree, day) or day) if day else None


_TIME_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time' or "
    "@itemprop='datePublished' or @name='pubdate' or @name='publish-date']/@content"
    " | //time[@datetime]/@datetime"
)


def _precise_time(tree: HtmlElement, day: str) -> str | None:
    """The first stated date-time on ``day`` (ISO, with its offset), if any."""
    for value in (_safe(lambda: tree.xpath(_TIME_XPATH)) or [])[:10]:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            continue
        if (moment.hour or moment.minute) and moment.date().isoformat() == day:
            return moment.isoformat()
    return None


def _authors(tree: HtmlElement, known: str | None) -> tuple[str, ...]:
    """Authors from meta tags / JSON-LD, else from rel=author or itemprop=author markup."""
    names = (known or "").split(";")
    if not any(n.strip() for n in names):
        nodes = _safe(lambda: tree.xpath(_AUTHOR_XPATH)) or []
        names = [_BY.sub("", _author_name(node)) for node in nodes[:5]]
    out: list[str] = []
    for raw_name in names:
        name = _clean(raw_name)
        if name and len(name.split()) <= 6 and name not in out:
            out.append(name)
    return tuple(out)


def _author_name(node: HtmlElement) -> str:
    """The text of a byline element, or of its schema.org ``name`` part when it has one."""
    named = node.xpath(_NAME_XPATH)
    return (named[0] if named else node).text_content()


def _language(tree: HtmlElement) -> str | None:
    """The page's declared language (<html lang>), as a lower-case ISO 639 code."""
    declared = tree.get("lang") or tree.get("xml:lang") or ""
    if not declared:
        nodes = _safe(lambda: tree.xpath('.//meta[@http-equiv="content-language"]/@content'))
        declared = str(nodes[0]) if nodes else ""
    match = _LANG.match(declared.strip())
    return match.group(0).lower() if match else None


def _host(url: str | None) -> str | None:
    """The site's host name, the outlet of last resort."""
    if not url:
        return None
    host = _safe(lambda: urlsplit(url).hostname) or ""
    return host.removeprefix("www.") or None


def _clean(value: Any) -> str | None:
    """Collapse whitespace; empty becomes None."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
