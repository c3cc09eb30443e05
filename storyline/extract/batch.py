"""Extraction of many files without a store (the `storyline extract` command and evals).

The text dumps of one call are counted into `RecurringLines` first, exactly as ingest does
for a chunk, so that lines a site repeats on many pages are treated as furniture here too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from storyline.extract import RecurringLines, extract_page
from storyline.records import Failure, Page, StorylineError
from storyline.sources import iter_pages


def load_pages(paths: Sequence[Path]) -> list[tuple[Path, Page | Failure]]:
    """Each file's first page (or its failure), in the order given."""
    loaded: list[tuple[Path, Page | Failure]] = []
    for path in paths:
        items = iter_pages([str(path)])
        first = next(items, None)
        if first is None:
            first = Failure(str(path), "source", f"{path}: no page found")
        loaded.append((path, first))
    return loaded


def extract_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str, str | None]]:
    """Yield ``(path, clean body, None)`` or ``(path, "", one-line problem)`` per file."""
    loaded = load_pages(paths)
    recurring = RecurringLines()
    for _, item in loaded:
        if isinstance(item, Page) and item.kind == "text":
            recurring.observe(item.group, item.content)
    for path, item in loaded:
        if isinstance(item, Failure):
            yield path, "", item.error
            continue
        try:
            article = extract_page(item, recurring=recurring)
        except StorylineError as err:
            yield path, "", str(err)
            continue
        yield path, article.text, None
