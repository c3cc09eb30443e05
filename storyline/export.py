"""Exports: one versioned JSON document, JSON Lines, or CSV for spreadsheets.

The JSON document's shape is documented in `docs/export.md` and validated by the JSON Schema
shipped in `storyline/schema/export-1.json`. It only ever grows: fields are added, never
renamed or removed, within one ``schema`` version.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from storyline.annotate import ArticleFacts
from storyline.serial import to_plain
from storyline.views import (
    article_record,
    article_reuse,
    article_revisions,
    iter_story_views,
    story_brief,
)

SCHEMA = "storyline/export/1"
FORMATS = ("json", "jsonl", "csv")
CSV_PARTS = ("articles", "quotes", "figures", "timeline")
CSV_FIELDS = ("id", "ref", "url", "outlet", "title", "published", "language", "authors",
              "story", "word_count", "text")  # fmt: skip


def iter_article_records(store, facts: bool = False) -> Iterator[dict[str, Any]]:
    """Article records; with ``facts``, each carries what it says (`facts_record`).
    ``store``: a `Store` or its read API (`storyline.store.reads.Reads`)."""
    from storyline.thread_views import story_threads

    reads = store.reads
    threads = story_threads(reads)
    for stored in reads.iter_articles(with_parts=True):
        record = article_record(
            stored, article_reuse(reads, stored.id), article_revisions(reads, stored.id)
        )
        record["thread"] = threads.get(record.get("story"))  # type: ignore[arg-type]
        if facts:
            record["facts"] = facts_record(reads.facts([stored.id]).get(stored.id))
        yield record


def facts_record(facts: ArticleFacts | None) -> dict[str, Any]:
    """``articles[].facts``: every fact record as plain data, field for field (so fields the
    fact stage adds flow through), with ``start``/``end`` offsets into the article's text.
    Dates are listed as ``dates``; an event's own date expression stays inside it."""
    facts = facts or ArticleFacts()
    return {
        "quotes": to_plain(facts.quotes),
        "dates": to_plain(facts.dates),
        "figures": to_plain(facts.figures),
        "entities": to_plain(facts.entities),
        "events": to_plain(facts.events),
        "skipped": facts.skipped,
    }


def write_json(store, out: TextIO) -> int:
    """Stream the whole export document; memory stays flat however large the store."""
    out.write('{"schema": ' + json.dumps(SCHEMA) + ', "articles": [')
    count = 0
    for record in iter_article_records(store, facts=True):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write('\n], "stories": [')
    from storyline.thread_views import iter_thread_exports, story_threads

    threads = story_threads(store)
    for i, story in enumerate(iter_story_views(store)):
        out.write(",\n" if i else "\n")
        out.write(json.dumps({**story, "thread": threads.get(story["id"])}, ensure_ascii=False))
    out.write('\n], "threads": [')
    for i, thread in enumerate(iter_thread_exports(store)):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(thread, ensure_ascii=False))
    out.write("\n]}\n")
    return count


def write_jsonl(store, out: TextIO) -> int:
    count = 0
    for record in iter_article_records(store, facts=True):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store, out: TextIO, what: str = "articles") -> int:
    """One row per article, or per quote, figure or timeline entry of every story."""
    if what == "articles":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        count = 0
        for record in iter_article_records(store):
            record["authors"] = "; ".join(record["authors"])
            writer.writerow(record)
            count += 1
        return count
    from storyline.brief import rows

    rows_writer: csv.DictWriter[str] | None = None
    count = 0
    for story in iter_story_views(store):
        brief = story_brief(store, story["id"])
        for row in rows(brief, what):  # type: ignore[arg-type]
            row = {"story": story["id"], "story_title": story["title"], **row}
            if rows_writer is None:
                rows_writer = csv.DictWriter(out, fieldnames=list(row))
                rows_writer.writeheader()
            rows_writer.writerow(row)
            count += 1
    return count


def export(store, fmt: str, out: TextIO, what: str = "articles") -> int:
    """Write the store in ``fmt``; returns the number of records written."""
    if fmt == "csv":
        return write_csv(store, out, what)
    writers = {"json": write_json, "jsonl": write_jsonl}
    return writers[fmt](store, out)
