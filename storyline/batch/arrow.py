"""Python steps of the job as Arrow maps (``DataFrame.mapInArrow``), not RDD round trips.

A DataFrame turned into an RDD for Python, and the RDD's tuples turned back into a DataFrame,
costs the JVM a pickle and an unpickle of every row (Pyrolite) — for the per-page rows
(text, raw page, facts, features) that was about half the job's CPU on two cores. Arrow
batches cross into the JVM as columns, which it reads without per-object work. The stage
functions keep their plain shape (rows in as tuples in column order, rows out as tuples in
the output schema's order); `arrow_map` wraps one of them for ``mapInArrow``.

Nested values arrive as Arrow gives them: a struct as a dict (fields in schema order), a list
as a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

ROWS_PER_BATCH = 64
"""Rows per output batch: small enough that a worker holds few pages (and their raw bytes) at
once, large enough that the per-batch cost is nothing."""


def arrow_map(
    func: Callable[[Iterable[tuple]], Iterable[tuple]], schema, rows_per_batch: int = ROWS_PER_BATCH
) -> Callable[[Iterator], Iterator]:
    """A ``mapInArrow`` function that feeds ``func`` the partition's rows as tuples and
    emits its tuples as Arrow batches of ``schema`` (a Spark ``StructType``)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    arrow_schema = to_arrow_schema(schema)

    def run(batches: Iterator) -> Iterator:
        buffer: list[tuple] = []
        for row in func(_rows(batches)):
            buffer.append(row)
            if len(buffer) >= rows_per_batch:
                yield to_batch(buffer, arrow_schema)
                buffer = []
        if buffer:
            yield to_batch(buffer, arrow_schema)

    return run


def _rows(batches: Iterable) -> Iterator[tuple]:
    for batch in batches:
        columns = [column.to_pylist() for column in batch.columns]
        yield from zip(*columns, strict=True)


def to_batch(rows: list[tuple], arrow_schema):
    """One Arrow record batch of ``rows`` (tuples in the schema's column order)."""
    import pyarrow as pa

    columns = list(zip(*rows, strict=True))
    return pa.RecordBatch.from_arrays(
        [pa.array(column, type=f.type) for column, f in zip(columns, arrow_schema, strict=True)],
        schema=arrow_schema,
    )
