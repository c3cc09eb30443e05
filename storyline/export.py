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

from storyline.store.db import Store, StoredArticle

SCHEMA = "storyline/export/1"
FORMATS = ("json", "jsonl", "csv")
CSV_FIELDS = (
    "id",
    "ref",
    "url",
    "outlet",
    "title",
    "published",
    "language",
    "authors",
    "story",
    "word_count",
    "text",
)


def article_record(stored: StoredArticle) -> dict[str, Any]:
    """The export shape of one article (also the JSON API's)."""
    a = stored.article
    return {
        "id": stored.id,
        "ref": a.ref,
        "url": a.url,
        "urls": list(stored.urls),
        "outlet": a.outlet,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "authors": list(a.authors),
        "word_count": a.word_count,
        "text": a.text,
        "story": stored.story_id,
        "reuse": [],
    }


def iter_article_records(store: Store) -> Iterator[dict[str, Any]]:
    for stored in store.iter_articles(with_parts=True):
        yield article_record(stored)


def write_json(store: Store, out: TextIO) -> int:
    """Stream the whole export document; memory stays flat however large the store."""
    out.write('{"schema": ' + json.dumps(SCHEMA) + ', "articles": [')
    count = 0
    for record in iter_article_records(store):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write('\n], "stories": []}\n')
    return count


def write_jsonl(store: Store, out: TextIO) -> int:
    count = 0
    for record in iter_article_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in iter_article_records(store):
        record["authors"] = "; ".join(record["authors"])
        writer.writerow(record)
        count += 1
    return count


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the store in ``fmt``; returns the number of articles written."""
    writers = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
    return writers[fmt](store, out)
