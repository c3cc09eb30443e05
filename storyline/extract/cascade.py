"""trafilatura's precision cascade, with the page prepared once for both of its passes.

`storyline.extract.html` runs trafilatura in precision mode without its readability/justext
comparison first, and the full cascade again on pages where that found little (about one page
in four on news sites). Through ``bare_extraction`` the second pass repeats the first one's
preparation of the page: a copy of the tree, the pruning of the raw tree (the costliest step of
a pass: XPath over every node), the cleaning and the backup copy. None of that depends on the
``fast`` option, which only changes the extraction proper (teaser blocks kept) and adds the
comparison. So `Cascade` prepares the page once and runs either pass from the prepared trees,
following the steps of trafilatura 2.3's ``trafilatura_sequence`` and ``bare_extraction`` for
the options used here (precision, no comments, no metadata, plain text out): the same text,
about a third of a pass less for each page that needs the second.

These are trafilatura's internal functions, not a stable API: `Cascade.available` is False when
they have moved, and `storyline.extract.html` then calls ``bare_extraction`` as before. A test
compares both paths on every page of the example corpus and on the development pages.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from lxml.html import HtmlElement

try:  # internal trafilatura steps: fall back to bare_extraction if they move
    from lxml.etree import strip_tags
    from trafilatura.core import _extract_and_compare, _forum_thread_page
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.settings import DEFAULT_CONFIG, Extractor
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import (
        RAW_TREE_PRUNE_XPATH,
        REMOVE_COMMENTS_AND_LISTS_XPATH,
        REMOVE_COMMENTS_XPATH,
    )

    AVAILABLE = True
except ImportError:  # pragma: no cover - depends on the installed trafilatura
    AVAILABLE = False

__all__ = ["AVAILABLE", "Cascade"]


def _options(url: str | None, fast: bool) -> Any:
    """The Extractor ``bare_extraction`` builds for our call (precision, tables, no
    comments, plain text)."""
    return Extractor(
        config=DEFAULT_CONFIG, output_format="python", fast=fast, precision=True,
        recall=False, comments=False, formatting=None, links=False, images=False,
        tables=True, dedup=False, lang=None, url=url, with_metadata=False,
        only_with_metadata=False, author_blacklist=None, url_blacklist=None, date_params=None,
    )  # fmt: skip


class Cascade:
    """One page, prepared once (trafilatura's raw-tree pruning, cleaning and backup copy);
    `fast` and `full` are the two passes, each the text ``bare_extraction`` gives with
    ``fast=True`` / ``fast=False`` (and the same other options), or "" for none."""

    def __init__(self, tree: HtmlElement, url: str | None) -> None:
        self.url = url
        self._fast = _options(url, True)
        tree = copy(tree)  # bare_extraction copies a tree it is given
        self._forum = _forum_thread_page(tree)
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
        tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)  # comments off
        cleaned = tree_cleaning(copy(tree), self._fast)
        self._tree = tree
        self._backup = copy(cleaned)  # the cleaned tree before tag conversion
        self._cleaned: HtmlElement | None = cleaned

    def fast(self) -> str:
        """The precise pass without the readability/justext comparison (run once)."""
        cleaned, self._cleaned = self._cleaned, None
        assert cleaned is not None, "the fast pass runs once, first"
        return self._run(cleaned, self._fast)

    def full(self) -> str:
        """The full precise cascade (after `fast`, from a copy of the prepared backup)."""
        return self._run(copy(self._backup), _options(self.url, False))

    def _run(self, cleaned: HtmlElement, options: Any) -> str:
        cleaned = convert_tags(cleaned, options, self.url)
        if not self._forum:  # precision: prune comments again after conversion
            cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
        # the backup is read only by the comparison, which only the full pass (the last)
        # runs; the raw tree is copied by the comparison itself
        body, text = _extract_and_compare(cleaned, self._backup, self._tree, options)
        if options.max_tree_size:
            if len(body) > options.max_tree_size:
                strip_tags(body, "hi")
            if len(body) > options.max_tree_size:
                return ""
        if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
            return ""
        return xmltotxt(body, options.formatting) or ""
