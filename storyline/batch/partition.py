"""The per-partition driver: units in, one row per page (or failure) out.

Inside a Spark task, each unit is streamed through the same stage functions as `storyline
ingest` (sources → extract → lineage keys → story features → facts), in chunks of
``CHUNK`` pages: before a chunk is extracted, its text dumps are counted into the unit's
`RecurringLines`, exactly as ingest does, so a folder read here gives the articles ingest
gives. Heavy resources (trafilatura, spaCy's model) are loaded by the stages once per Python
worker process; Spark reuses its workers between tasks, so once per executor core.

Nothing a page does stops the task: a page that cannot be read, extracted or annotated is a
failure row naming it, with its stage and reason.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from storyline.annotate import annotate
from storyline.batch.fetch import iter_warc_unit
from storyline.batch.inputs import Unit
from storyline.extract import RecurringLines, extract_page
from storyline.records import Article, Failure, Page, StorylineError
from storyline.reuse.index import utc_moment
from storyline.reuse.keys import all_sentence_keys, content_words
from storyline.reuse.sentences import split_sentences
from storyline.serial import dumps
from storyline.sources import iter_pages
from storyline.store.rawcodec import compress_raw
from storyline.stories import article_features

CHUNK = 200
"""Pages per chunk, as in ingest (the unit of the recurring-line statistics)."""
UNIT_STRIDE = 1_000_000_000
"""``order = unit index * UNIT_STRIDE + position in the unit``: input order, as one number."""
UNDATED = "~"
"""Sorts after every ISO date: undated articles come last in publication order."""

PAGE_COLUMNS = (
    "order", "raw_hash", "content_hash", "ref", "origin", "kind", "url", "outlet", "title",
    "published", "language", "authors", "removed", "text", "word_count", "raw", "sort_key",
    "keys", "facts", "features",
)  # fmt: skip
FAILURE_COLUMNS = ("order", "input", "stage", "error")


@dataclass(frozen=True)
class PartitionSettings:
    max_bytes: int = 10_000_000
    facts: bool = True
    temp_dir: str | None = None


def process_units(units: Iterable[Unit], settings: PartitionSettings) -> Iterator[tuple]:
    """``("P", page row)`` and ``("F", failure row)`` for every item of every unit."""
    for unit in units:
        yield from process_unit(unit, settings)


def process_unit(unit: Unit, settings: PartitionSettings) -> Iterator[tuple]:
    items = _items(unit, settings)
    recurring = RecurringLines()
    position = 0
    while chunk := list(islice(items, CHUNK)):
        for item in chunk:
            if isinstance(item, Page) and item.kind == "text":
                recurring.observe(item.group, item.content)
        for item in chunk:
            order = unit.index * UNIT_STRIDE + position
            position += 1
            if isinstance(item, Failure):
                yield "F", (order, item.input, item.stage, item.error)
                continue
            yield _page_row(item, order, recurring, settings)


def _items(unit: Unit, settings: PartitionSettings) -> Iterator[Page | Failure]:
    if unit.kind == "warc":
        return iter_warc_unit(unit.location, max_bytes=settings.max_bytes,
                              temp_dir=settings.temp_dir)  # fmt: skip
    return iter_pages([unit.location], max_bytes=settings.max_bytes)


def _page_row(
    page: Page, order: int, recurring: RecurringLines, settings: PartitionSettings
) -> tuple:
    try:
        article = extract_page(page, recurring=recurring)
    except StorylineError as err:
        return "F", (order, page.origin, "extract", _one_line(err))
    except Exception as err:  # noqa: BLE001 - a bug in a stage costs this page, not the job
        return "F", (order, page.origin, "extract", f"{page.origin}: {_describe(err)}")
    try:
        return "P", article_row(page, article, order, facts=settings.facts)
    except Exception as err:  # noqa: BLE001
        return "F", (order, page.origin, "derive", f"{page.origin}: {_describe(err)}")


def article_row(page: Page, article: Article, order: int, *, facts: bool) -> tuple:
    """One page's row (``PAGE_COLUMNS``): its article, lineage keys, story features, facts."""
    text = article.text
    content_hash = article.content_hash
    facts_json = (
        dumps(annotate(text, published=article.published, language=article.language,
                       title=article.title))
        if facts
        else None
    )  # fmt: skip
    features = article_features(
        content_hash, text, title=article.title, published=article.published,
        language=article.language,
    )  # fmt: skip
    return (
        order,
        page.raw_hash,
        content_hash,
        article.ref,
        article.origin,
        article.kind,
        article.url,
        article.outlet,
        article.title,
        article.published,
        article.language,
        list(article.authors),
        [(r.reason, r.text) for r in article.removed],
        text,
        article.word_count,
        compress_raw(page.raw or page.content.encode("utf-8")),
        sort_key(article.published, order),
        sentence_keys(text),
        facts_json,
        pickle.dumps(features, protocol=pickle.HIGHEST_PROTOCOL),
    )


def sentence_keys(text: str) -> list[int]:
    """The article's sentence band keys, deduplicated (`storyline.reuse.keys`): what the
    global lineage join groups documents by."""
    word_sets = [content_words(s) for s in split_sentences(text)]
    return list(dict.fromkeys(k for keys in all_sentence_keys(word_sets) for k in keys))


def sort_key(published: str | None, order: int) -> str:
    """Publication order, then input order: ``UTC time|order``; undated articles last."""
    return f"{utc_time(published) or UNDATED}|{order:020d}"


def utc_time(published: str | None) -> str | None:
    """An ISO date or datetime as a sortable UTC ``YYYY-MM-DDTHH:MM:SS``; None if unusable."""
    moment = utc_moment(published)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") if moment else None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _describe(err: Exception) -> str:
    return f"{type(err).__name__}: {_one_line(err)}"
