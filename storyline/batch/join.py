"""The global lineage join: which articles of the whole crawl share wire copy.

Ingest finds an article's lineage by looking its sentence keys up in the store, one article
at a time; a crawl spread over many machines has no such table, so the same question is asked
of all articles at once, by Spark:

1. every article's sentence band keys (`storyline.reuse.keys`) are exploded into
   ``(key, article)`` rows and grouped by key;
2. keys held by more than ``max_postings`` articles are dropped — boilerplate sentences that
   hundreds of pages carry say nothing about who copied whom (chosen by count, not by a list,
   as the store's lookup does), and keys held by one article cannot pair anything;
3. the articles sharing a key are paired, later (in publication order) with earlier, and the
   shared keys of each pair counted; a pair needs ``min_hits`` of them, and each article keeps
   its ``max_candidates`` best earlier partners — the same rules `ReuseIndex` applies;
4. each candidate pair is verified by `storyline.reuse.compare` (the sentence alignment
   ingest uses), which also orients the link by publication time.

Work grows with the number of pages: a key's group is at most ``max_postings`` articles, so
the pairs it yields are bounded, and the shuffle carries ~4 keys per sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storyline.reuse import compare
from storyline.reuse.keys import text_key
from storyline.reuse.sentences import split_sentences
from storyline.serial import dumps

LINK_COLUMNS = (
    "article_id", "other_id", "shared", "other_shared", "origin_id", "exact", "passages"
)  # fmt: skip


@dataclass(frozen=True)
class JoinSettings:
    max_postings: int = 200
    """Keys held by more articles than this are boilerplate (the store's `MAX_POSTINGS`)."""
    min_hits: int = 2
    max_candidates: int = 5


def candidate_pairs(articles, settings: JoinSettings):
    """``(a, b, hits)`` rows: ``a`` later than ``b`` in publication order, sharing at least
    ``min_hits`` keys, the ``max_candidates`` best ``b`` per ``a``.

    ``articles`` is a DataFrame with ``content_hash``, ``sort_key`` and ``keys``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    postings = articles.select(
        F.col("content_hash").alias("doc"),
        F.col("sort_key").alias("at"),
        F.explode("keys").alias("key"),
    )
    counts = postings.groupBy("key").count()
    useful = counts.where((F.col("count") >= 2) & (F.col("count") <= settings.max_postings))
    kept = postings.join(useful.select("key"), "key")
    later, earlier = kept.alias("x"), kept.alias("y")
    pairs = (
        later.join(earlier, F.col("x.key") == F.col("y.key"))
        .where(F.col("x.at") > F.col("y.at"))
        .groupBy(F.col("x.doc").alias("a"), F.col("y.doc").alias("b"))
        .agg(F.count(F.lit(1)).alias("hits"))
        .where(F.col("hits") >= settings.min_hits)
    )
    best = Window.partitionBy("a").orderBy(F.col("hits").desc(), F.col("b"))
    return (
        pairs.withColumn("rank", F.row_number().over(best))
        .where(F.col("rank") <= settings.max_candidates)
        .drop("rank")
    )


def verify(rows: Iterable) -> Iterator[tuple]:
    """Link rows (``LINK_COLUMNS``) of the candidate pairs that really share copy. Each row
    holds ``a, text_a, published_a, b, text_b, published_b``; rows of one ``a`` come together
    (`lineage_links` sorts them), so ``a`` is split into sentences and hashed once for all its
    candidates, as `ReuseIndex.add` does for the article it adds."""
    current: str | None = None
    sentences_a: list = []
    key_a: int | None = None
    for row in rows:
        if row[0] != current:
            current = row[0]
            sentences_a = split_sentences(row[1])
            key_a = text_key(row[1])
        exact = key_a is not None and key_a == text_key(row[4])
        link = compare(row[0], row[1], row[2], row[3], row[4], row[5], sentences_a, exact=exact)
        if link is None:
            continue
        yield (
            link.a,
            link.b,
            float(link.shared_a),
            float(link.shared_b),
            link.origin,
            bool(link.exact_duplicate),
            dumps(link.passages),
        )


def lineage_links(articles, settings: JoinSettings, schema):
    """The verified links (a DataFrame of ``schema``, the ``LINK_COLUMNS``) among
    ``articles`` (a DataFrame with ``content_hash``, ``sort_key``, ``keys``, ``text``,
    ``published``)."""
    from pyspark.sql import functions as F

    from storyline.batch.arrow import arrow_map

    pairs = candidate_pairs(articles, settings)
    texts = articles.select("content_hash", "text", "published")
    a = texts.select(
        F.col("content_hash").alias("a"), F.col("text").alias("text_a"),
        F.col("published").alias("published_a"),
    )  # fmt: skip
    b = texts.select(
        F.col("content_hash").alias("b"), F.col("text").alias("text_b"),
        F.col("published").alias("published_b"),
    )  # fmt: skip
    joined = pairs.join(a, "a").join(b, "b")
    columns = ["a", "text_a", "published_a", "b", "text_b", "published_b"]
    grouped = joined.select(*columns).repartition("a").sortWithinPartitions("a", "b")
    return grouped.mapInArrow(arrow_map(verify, schema), schema)
