"""The Parquet tables `storyline batch` writes, as Spark schemas (documented, column by column,
in ``docs/batch-parquet.md``; `storyline load` reads them back).

Article and story ids are content hashes (``Article.content_hash``: SHA-256 of the normalised
clean text), so the outputs of two runs, two days or two clusters can be merged and loaded
into one store without clashes; a story's id is its first article's.
"""

from __future__ import annotations

FORMAT = "storyline-batch"
FORMAT_VERSION = 1
MANIFEST = "_storyline.json"
"""The file in an output folder that says what wrote it (format, versions, inputs, counts)."""

TABLES = ("articles", "pages", "reuse_links", "stories", "facts", "briefs", "failures")


def schemas() -> dict:
    """Spark ``StructType`` per table, plus the internal row shapes: ``item_rows`` (what
    partitions emit: a tag, then a page's or a failure's columns) and its two parts."""
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        BooleanType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def s(name: str, kind=None, nullable: bool = True) -> StructField:
        return StructField(name, kind if kind is not None else StringType(), nullable)

    removed = ArrayType(StructType([s("reason"), s("text")]))
    page_rows = StructType([
        s("order", LongType(), False), s("raw_hash"), s("content_hash"), s("ref"), s("origin"),
        s("kind"), s("url"), s("outlet"), s("title"), s("published"), s("language"),
        s("authors", ArrayType(StringType())), s("removed", removed), s("text"),
        s("word_count", IntegerType()), s("raw", BinaryType()), s("sort_key"),
        s("keys", ArrayType(LongType())), s("facts"), s("features", BinaryType()),
    ])
    return {
        "item_rows": StructType([
            s("tag", nullable=False), *page_rows.fields, s("input"), s("stage"), s("error"),
            s("rss", LongType()),
        ]),
        "page_rows": page_rows,
        "failure_rows": StructType([
            s("order", LongType(), False), s("input"), s("stage"), s("error"),
        ]),
        "reuse_links": StructType([
            s("article_id", nullable=False), s("other_id", nullable=False),
            s("shared", DoubleType()), s("other_shared", DoubleType()), s("origin_id"),
            s("exact", BooleanType()), s("passages"),
        ]),
        "stories": StructType([
            s("id", nullable=False), s("seq", LongType()), s("title"),
            s("size", IntegerType()), s("first_seen"), s("last_seen"),
            s("articles", ArrayType(StringType())), s("related", ArrayType(StringType())),
        ]),
        "assignments": StructType([s("content_hash", nullable=False), s("story_id")]),
        "briefs": StructType([s("story_id", nullable=False), s("brief"), s("error")]),
    }  # fmt: skip
