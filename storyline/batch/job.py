"""`storyline batch`: the whole pipeline over a crawl, on Apache Spark.

    units ─▶ (tasks) pages → articles, keys, features, facts ─▶ dedup by raw and content hash
          ─▶ global lineage join ─▶ stories (publication order) ─▶ briefs per story ─▶ Parquet

Each step is materialised before the next so that its time can be reported (and a failure
points at one step); the per-page work runs in Spark tasks through `partition`, the join in
Spark SQL (`join`), the clustering in one task (`cluster`), the briefs per story (`briefs`).
The output folder holds one Parquet folder per table (``tables.TABLES``) and a manifest,
every table written sorted by its key into hash-partitioned files, so that a re-run on the
same input writes the same rows in the same files.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from storyline.batch.arrow import arrow_map
from storyline.batch.briefs import story_briefs
from storyline.batch.cluster import cluster
from storyline.batch.cpu import difference, tree_cpu
from storyline.batch.inputs import Unit, expand_inputs
from storyline.batch.join import JoinSettings, lineage_links
from storyline.batch.partition import PartitionSettings, process_units
from storyline.batch.tables import FORMAT, FORMAT_VERSION, MANIFEST, schemas


@dataclass(frozen=True)
class BatchSettings:
    partitions: int | None = None
    """Input partitions (tasks reading units); default: up to 4 per core, one unit at least."""
    max_bytes: int = 10_000_000
    facts: bool = True
    briefs: bool = True
    join: JoinSettings = field(default_factory=JoinSettings)
    base: str | None = None
    """Base URL for relative entries of WARC path lists (CC-NEWS: data.commoncrawl.org)."""
    temp_dir: str | None = None
    output_files: int | None = None
    """Parquet files per table; default: one per core."""


@dataclass
class BatchReport:
    out: str
    units: int = 0
    pages: int = 0
    articles: int = 0
    failures: int = 0
    links: int = 0
    stories: int = 0
    briefs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    worker_peak_rss_mb: float = 0.0
    """The largest resident memory a Python worker reached (the stages' memory per core)."""
    cpu: dict[str, dict[str, float]] = field(default_factory=dict)
    """CPU seconds per step, split into driver, JVM and Python workers (`cpu.tree_cpu`;
    local mode on Linux — on a cluster only the driver's own)."""


class BatchError(Exception):
    """The job cannot run (no Spark, no Java, a bad output folder); one line for people."""


def spark_session(master: str = "local[2]", *, app: str = "storyline batch", **conf: str):
    """A SparkSession whose Python workers run this interpreter (so the stages import)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise BatchError("storyline batch needs PySpark: pip install 'storyline[spark]'") from None
    try:
        import pandas  # noqa: F401 - PySpark's mapInArrow requires it (`arrow`)
        import pyarrow  # noqa: F401
    except ImportError:
        raise BatchError("storyline batch needs pyarrow and pandas: "
                         "pip install 'storyline[spark]'") from None  # fmt: skip
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise BatchError("storyline batch needs Java 17 or later (java not found on PATH)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # One string hash seed for every Python worker: the stages iterate sets of words, and
    # float sums in another order may tip a tie, so a re-run must hash as the first run did.
    os.environ.setdefault("PYTHONHASHSEED", "0")
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", conf.pop("shuffle_partitions", "4"))
        .config("spark.python.worker.reuse", "true")
        # Adaptive execution would coalesce a small job's shuffle partitions into one task
        # (the join's verification, the briefs) and re-plan every query: neither pays here.
        .config("spark.sql.adaptive.enabled", "false")
        # Rows per Arrow batch into a Python step: pairs of article texts in the join.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
        .config("spark.executorEnv.PYTHONHASHSEED", os.environ["PYTHONHASHSEED"])
    )
    if master.startswith("local") and "spark.driver.extraJavaOptions" not in conf:
        # In local mode the one JVM's start-up is a large share of a small job's CPU (JIT
        # compiler and GC threads: 37 CPU-s for a session and a tiny job on this machine);
        # the JVM here only moves rows between the Python workers, shuffles and Parquet, so
        # the quick compiler and one GC thread do (24 CPU-s). Clusters keep Spark's defaults.
        builder = builder.config(
            "spark.driver.extraJavaOptions",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1",
        )
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - py4j/JVM start-up errors vary
        raise BatchError(f"Spark did not start ({type(exc).__name__}: {exc})") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_batch(
    inputs: list[str],
    out: str | os.PathLike[str],
    *,
    spark=None,
    master: str = "local[2]",
    settings: BatchSettings | None = None,
) -> BatchReport:
    """Run the pipeline over ``inputs`` and write the Parquet tables into ``out``."""
    settings = settings or BatchSettings()
    out = str(out)
    _check_out(out)
    own = spark is None
    if own:
        spark = spark_session(master)
    try:
        return _run(spark, inputs, out, settings)
    finally:
        if own:
            spark.stop()


def _check_out(out: str) -> None:
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise BatchError(f"{out}: exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not (path / MANIFEST).exists():
        raise BatchError(f"{out}: not empty and not a storyline batch output (refusing to "
                         "overwrite it)")  # fmt: skip


def _run(spark, inputs: list[str], out: str, settings: BatchSettings) -> BatchReport:
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    from storyline.pipeline import FACTS_VERSION

    report = BatchReport(out=out)
    sc = spark.sparkContext
    types = schemas()
    clock = _Clock(report)
    units, input_failures = expand_inputs(inputs, settings.base)
    report.units = len(units)
    slices = settings.partitions or max(1, min(len(units), 4 * sc.defaultParallelism))
    files = settings.output_files or max(1, sc.defaultParallelism)
    run_units = partial(
        _process_with_rss,
        settings=PartitionSettings(settings.max_bytes, settings.facts, settings.temp_dir),
    )

    # 1. pages → articles, in parallel
    # One conversion of the partitions' rows into Spark rows; pages and failures are then
    # picked out in the JVM, not by passing every page through Python again.
    # Only the units' names go through the JVM as Python objects; the pages' rows come back
    # as Arrow batches (`arrow`), which the JVM takes without unpickling each value.
    unit_rows = spark.createDataFrame(
        sc.parallelize([(u.index, u.kind, u.location) for u in units],
                       max(slices, 1) if units else 1),
        "index long, kind string, location string",
    )  # fmt: skip
    items = unit_rows.mapInArrow(
        arrow_map(partial(_extract_rows, run=run_units), types["item_rows"]), types["item_rows"]
    ).persist(StorageLevel.MEMORY_AND_DISK)
    rss = items.where("tag = 'R'").agg(F.max("rss")).first()[0]
    report.worker_peak_rss_mb = round((rss or 0) / 1024, 1)
    page_rows = items.where("tag = 'P'").select(*types["page_rows"].names)
    failure_rows = items.where("tag = 'F'").select(*types["failure_rows"].names)
    if input_failures:
        extra = [(-len(input_failures) + i, f.input, f.stage, f.error)
                 for i, f in enumerate(input_failures)]  # fmt: skip
        failure_rows = failure_rows.unionByName(spark.createDataFrame(extra, types["failure_rows"]))
    # Duplicates are found on the pages' ids alone (order and two hashes), and the kept
    # pages picked out of the cached rows by order: the wide rows (raw page, text, facts)
    # are not shuffled to find them.
    ids = page_rows.select("order", "raw_hash", "content_hash")
    first_by_raw = Window.partitionBy("raw_hash").orderBy("order")
    first_pages = ids.withColumn("n", F.row_number().over(first_by_raw)).where("n = 1")
    first_by_text = Window.partitionBy("content_hash").orderBy("order")
    first_articles = first_pages.drop("n").withColumn(
        "n", F.row_number().over(first_by_text)
    ).where("n = 1")
    kept_pages = first_pages.select("order").persist(StorageLevel.MEMORY_AND_DISK)
    kept_articles = first_articles.select("order").persist(StorageLevel.MEMORY_AND_DISK)
    report.pages = kept_pages.count()
    report.articles = kept_articles.count()
    small = _small(report.pages, 32)  # a long in a hashed relation
    pages = page_rows.join(small(kept_pages), "order", "left_semi")
    articles = page_rows.join(small(kept_articles), "order", "left_semi").persist(
        StorageLevel.MEMORY_AND_DISK
    )
    clock.lap("extract")

    # 2. the global lineage join
    links = lineage_links(articles, settings.join, types["reuse_links"])
    links = links.persist(StorageLevel.MEMORY_AND_DISK)
    report.links = links.count()
    clock.lap("lineage join")

    # 3. stories over the whole crawl, in publication order
    reuse = links.groupBy(F.col("article_id").alias("content_hash")).agg(
        F.collect_list(F.struct("other_id", "shared")).alias("reuse")
    )
    feed = (
        articles.select("content_hash", "sort_key", "features")
        .join(reuse, "content_hash", "left")
        .repartition(1)
        .sortWithinPartitions("sort_key")
        .select("content_hash", "features", "reuse")
    )
    clustered_schema = StructType([StructField("tag", StringType(), False),
                                   StructField("doc", StringType()),
                                   StructField("value", StringType()),
                                   *(StructField(f.name, f.dataType)  # null in non-S rows
                                     for f in types["stories"].fields)])  # fmt: skip
    clustered = feed.mapInArrow(arrow_map(_cluster_rows, clustered_schema), clustered_schema)
    clustered = clustered.persist(StorageLevel.MEMORY_AND_DISK)
    assignments = clustered.where("tag = 'A'").select(
        F.col("doc").alias("content_hash"), F.col("value").alias("story_id")
    )
    stories = clustered.where("tag = 'S'").select(*types["stories"].names)
    stories = stories.persist(StorageLevel.MEMORY_AND_DISK)
    unclustered = clustered.where("tag = 'X'").select(
        F.col("doc").alias("content_hash"), F.col("value").alias("error")
    )
    failure_rows = failure_rows.unionByName(
        unclustered.join(articles.select("content_hash", "order", "origin"), "content_hash")
        .select("order", F.col("origin").alias("input"), F.lit("stories").alias("stage"),
                F.concat_ws(": ", "origin", "error").alias("error"))
    )  # fmt: skip
    # The clusterer is one task on one core; the tables that do not depend on stories are
    # written meanwhile, on the other.
    writes = ThreadPoolExecutor(1, thread_name_prefix="write")
    counted_stories = writes.submit(stories.count)
    write = partial(_write_table, out=out, files=files)
    write("pages", pages.select(
        "raw_hash", F.col("content_hash").alias("article_id"), "ref", "origin", "kind",
        "url", "raw", "order",
    ))  # fmt: skip
    write("reuse_links", links)
    report.stories = counted_stories.result()
    report.failures = failure_rows.count()
    clock.lap("stories (pages and links written)")

    by_story = _small(report.articles, 200)  # two hex SHA-256 ids
    placed = articles.join(by_story(assignments), "content_hash", "left")
    placed = placed.persist(StorageLevel.MEMORY_AND_DISK)

    # 4. briefs per story, in parallel — one row per story (its articles and links), the
    # largest stories first in each task; the job runs in a thread while the other tables
    # are written, so the core that a large story's brief leaves idle writes Parquet.
    briefs = spark.createDataFrame([], types["briefs"])
    counted = None
    if settings.briefs:
        briefs = _briefs(placed, assignments, links, types, max(1, sc.defaultParallelism * 2))
        briefs = briefs.persist(StorageLevel.MEMORY_AND_DISK)
        counted = writes.submit(briefs.count)

    # 5. Parquet (pages and reuse_links are written above)
    tables = {
        "articles": placed.select(
            F.col("content_hash").alias("id"), "story_id", "ref", "origin", "kind", "url",
            "outlet", "title", "published", "language", "authors", "removed", "text",
            "word_count", "sort_key",
        ),
        "stories": stories,
        "facts": placed.where(F.col("facts").isNotNull()).select(
            F.col("content_hash").alias("article_id"), F.lit(FACTS_VERSION).alias("version"),
            "facts",
        ),
        "failures": failure_rows,
    }  # fmt: skip
    for name, frame in tables.items():
        write(name, frame)
    if counted is not None:
        report.briefs = counted.result()
    writes.shutdown()
    write("briefs", briefs)
    _write_manifest(out, inputs, settings, report)
    clock.lap("briefs and write" if settings.briefs else "write")
    clustered.unpersist()
    for df in (items, kept_pages, kept_articles, articles, links, stories, placed, briefs):
        df.unpersist()
    return report


BROADCAST_BYTES = 100_000_000
"""Small tables of ids (which pages to keep, each article's story) are broadcast to every
task up to about this size, so that the wide rows they select are not shuffled; beyond, they
are joined as any table (each executor would hold a copy)."""


def _small(rows: int, row_bytes: int):
    """``functions.broadcast`` if ``rows`` ids of ``row_bytes`` each are small enough to
    broadcast, else a no-op."""
    from pyspark.sql import functions as F

    return F.broadcast if rows * row_bytes <= BROADCAST_BYTES else (lambda frame: frame)


_KEYS = {"articles": ["id"], "pages": ["raw_hash"], "reuse_links": ["article_id", "other_id"],
         "stories": ["id"], "facts": ["article_id"], "briefs": ["story_id"],
         "failures": ["order"]}  # fmt: skip
"""Each table's key: its rows are hash-partitioned into files and sorted by it, so that a
re-run writes the same rows into the same files."""


def _write_table(name: str, frame, *, out: str, files: int) -> None:
    keys = _KEYS[name]
    frame = frame.repartition(files, *keys).sortWithinPartitions(*keys)
    frame.write.mode("overwrite").parquet(os.path.join(out, name))


_PAGE_WIDTH = 20
_BLANK_PAGE = (None,) * (_PAGE_WIDTH - 1)


def _flatten(row: tuple) -> tuple:
    """A partition's tagged row as an ``item_rows`` row: tag, page columns, failure columns
    (input, stage, error), RSS."""
    tag = row[0]
    if tag == "P":
        return ("P", *row[1], None, None, None, None)
    if tag == "F":
        order, input_, stage, error = row[1]
        return ("F", order, *_BLANK_PAGE, input_, stage, error, None)
    return ("R", 0, *_BLANK_PAGE, None, None, None, row[1])


def _briefs(placed, assignments, links, types, partitions: int):
    """The ``briefs`` rows: stories (their articles with facts, the links between them)
    spread over ``partitions`` tasks, each task's largest story first."""
    from pyspark.sql import functions as F

    article_columns = ("content_hash", "title", "outlet", "published", "url", "text", "facts")
    members = (
        placed.where(F.col("story_id").isNotNull())
        .groupBy("story_id")
        .agg(F.collect_list(F.struct(*article_columns)).alias("articles"))
    )
    story_of = assignments.select("content_hash", "story_id")
    story_links = (
        links.join(story_of.withColumnRenamed("content_hash", "article_id"), "article_id")
        .join(
            story_of.withColumnRenamed("content_hash", "other_id").withColumnRenamed(
                "story_id", "other_story"
            ),
            "other_id",
        )
        .where(F.col("story_id") == F.col("other_story"))
        .groupBy("story_id")
        .agg(F.collect_list(F.struct(*types["reuse_links"].names)).alias("links"))
    )
    per_story = (
        members.join(story_links, "story_id", "left")
        .repartition(partitions, "story_id")
        .sortWithinPartitions(F.size("articles").desc(), "story_id")
        .select("story_id", "articles", "links")
    )
    return per_story.mapInArrow(arrow_map(_story_briefs, types["briefs"], 1), types["briefs"])


def _story_briefs(rows: Iterable[tuple]) -> Iterator[tuple]:
    """`story_briefs` over ``(story id, article structs, link structs)`` rows."""
    return story_briefs(
        (story_id, ([tuple(a.values()) for a in articles],
                    [tuple(link.values()) for link in links or ()]))
        for story_id, articles, links in rows
    )  # fmt: skip


_NO_STORY = (None,) * 8


def _cluster_rows(rows: Iterable[tuple]) -> Iterator[tuple]:
    """`cluster`'s tagged rows in one shape: tag, article, its story (or the error), then a
    story's columns for ``S`` rows."""
    for row in cluster(rows):
        if row[0] == "S":
            yield ("S", None, None, *row[1])
        else:
            yield (row[0], row[1], row[2], *_NO_STORY)


def _extract_rows(rows: Iterable[tuple], run) -> Iterator[tuple]:
    """``item_rows`` rows of the units named by ``rows`` (index, kind, location)."""
    return map(_flatten, run(Unit(index, kind, location) for index, kind, location in rows))


def _process_with_rss(units: Iterable[Unit], settings: PartitionSettings) -> Iterator[tuple]:
    """The partition's rows, then ``("R", peak RSS in kB)`` of the worker that made them."""
    yield from process_units(units, settings)
    yield "R", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _write_manifest(out: str, inputs: list[str], settings: BatchSettings,
                    report: BatchReport) -> None:  # fmt: skip
    from storyline.pipeline import FACTS_VERSION
    from storyline.reuse import KEY_VERSION

    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key_version": KEY_VERSION,
        "facts_version": FACTS_VERSION if settings.facts else None,
        "inputs": list(inputs),
        "settings": {"max_bytes": settings.max_bytes, "facts": settings.facts,
                     "briefs": settings.briefs, "join": asdict(settings.join)},
        "counts": {"pages": report.pages, "articles": report.articles,
                   "failures": report.failures, "reuse_links": report.links,
                   "stories": report.stories, "briefs": report.briefs},
    }  # fmt: skip
    Path(out, MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


class _Clock:
    def __init__(self, report: BatchReport) -> None:
        self.report = report
        self.last = time.perf_counter()
        self.last_cpu = tree_cpu()

    def lap(self, name: str) -> None:
        now, cpu = time.perf_counter(), tree_cpu()
        self.report.seconds[name] = round(now - self.last, 3)
        self.report.cpu[name] = difference(cpu, self.last_cpu)
        self.last, self.last_cpu = now, cpu
