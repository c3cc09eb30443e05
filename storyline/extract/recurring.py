"""Lines that recur across many pages of one site are that site's furniture.

A site's menus, newsletter pitches and footers repeat on every page it serves, while its
articles do not. One cheap pre-pass over a batch (`RecurringLines.observe` per page) counts, for
each group (a host or a folder: `Page.group`), on how many distinct pages each short line
appears; `clean_text_dump` then drops the lines that `is_recurring` flags.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from functools import lru_cache

__all__ = ["RecurringLines"]

_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def _key(line: str) -> int | None:
    """A 64-bit hash of the line folded for comparison (case, punctuation, digits), or None
    for a line too long (or too empty) to be furniture by recurrence."""
    if len(line) > RecurringLines.max_chars:
        return None
    folded = _NON_WORD.sub(" ", _DIGITS.sub("0", line.casefold())).strip()
    if not folded or len(folded.split()) > RecurringLines.max_words:
        return None
    return int.from_bytes(hashlib.blake2b(folded.encode(), digest_size=8).digest(), "little")


class RecurringLines:
    """Per-group counts of the distinct pages each short line appears on.

    Only short lines (at most `max_words` words and `max_chars` characters) are counted or
    ever flagged: wire copy shared between pages is made of long sentences and must survive,
    and a one-line sentence repeated in two versions of a story is rare enough at that length.

    A line is recurring in a group of ``n`` observed pages when it appears on at least
    ``max(2, min(3, n - 1), ceil(0.2 * n))`` of them, and the group has at least 3 pages.
    Two pages alone cannot tell furniture from two versions of the same story, so nothing is
    flagged below 3 pages; with 3 pages a line on 2 of them is furniture; from 4 pages up a
    line must be on 3 pages and, in large groups, on a fifth of them — menus and footers are on
    nearly all pages, so this is a low bar for them and a high one for a coincidence.

    Memory: one 8-byte hash and a count per distinct short line per group, no strings.
    """

    max_words = 12
    max_chars = 100
    min_pages = 3

    def __init__(self) -> None:
        self._counts: dict[str, Counter[int]] = {}
        self._pages: Counter[str] = Counter()

    def observe(self, group: str, text: str) -> None:
        """Count each distinct short line of one page (a page counts once per line)."""
        keys = {key for line in text.splitlines() if (key := _key(line.strip())) is not None}
        self._counts.setdefault(group, Counter()).update(keys)
        self._pages[group] += 1

    def pages(self, group: str) -> int:
        """How many pages of the group were observed."""
        return self._pages[group]

    def threshold(self, group: str) -> int | None:
        """The number of pages a line must appear on to be recurring, None if the group is
        too small to tell."""
        n = self._pages[group]
        if n < self.min_pages:
            return None
        return max(2, min(3, n - 1), math.ceil(0.2 * n))

    def is_recurring(self, group: str, line: str) -> bool:
        """True for a short line seen on enough pages of the group to be its furniture."""
        needed = self.threshold(group)
        if needed is None:
            return False
        key = _key(line.strip())
        return key is not None and self._counts[group][key] >= needed
