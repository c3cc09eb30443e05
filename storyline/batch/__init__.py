"""`storyline batch`: the same stages over a web crawl, on Apache Spark.

``run_batch(inputs, out)`` reads WARC files (local or remote, one task per file), folders and
manifests, runs sources → extract → lineage keys → story features → facts in Spark tasks,
joins lineage over the whole crawl, forms stories and their briefs, and writes Parquet tables
that `storyline load` (`storyline.store.load`) puts into a store. PySpark is an optional
extra (``pip install 'storyline[spark]'``); nothing here imports it until a job runs.
"""

from typing import TYPE_CHECKING

from storyline.lazy import lazy_exports

# Loaded on first use (`storyline.lazy`): the CLI names the batch command without paying for
# the stages (spaCy, the clusterer) on every other command.
lazy_exports(__name__, dict.fromkeys(
    ["BatchError", "BatchReport", "BatchSettings", "run_batch", "spark_session"], "job"
))  # fmt: skip

if TYPE_CHECKING:
    from storyline.batch.job import (
        BatchError,
        BatchReport,
        BatchSettings,
        run_batch,
        spark_session,
    )

__all__ = ["BatchError", "BatchReport", "BatchSettings", "run_batch", "spark_session"]
