"""The `storyline batch` and `storyline load` commands (registered in `storyline.cli`).

Kept here so that the CLI module only names them: PySpark and pyarrow are imported when the
commands run, never when `storyline --help` does.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from storyline.cli_options import DbOption, console, err


def batch_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC files or globs (.warc, .warc.gz), WARC URLs (https://, s3://), lists "
            "of WARC paths one per line (CC-NEWS's warc.paths), folders, pages and manifests "
            "as for ingest.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Folder for the Parquet tables (re-written).")
    ],
    master: Annotated[
        str, typer.Option(help="Spark master: local[N] on this machine, or a cluster URL.")
    ] = "local[2]",
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="Tasks reading the inputs (default: up to 4 per core)."),
    ] = None,
    facts: Annotated[
        bool, typer.Option("--facts/--no-facts", help="Entities, quotes, dates and figures.")
    ] = True,
    briefs: Annotated[
        bool, typer.Option("--briefs/--no-briefs", help="A brief per story, in parallel.")
    ] = True,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="Base for relative entries of WARC path lists, e.g. "
            "https://data.commoncrawl.org/ for CC-NEWS."
        ),  # fmt: skip
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Pages larger than this many bytes are failures.")
    ] = 10_000_000,
) -> None:
    """Run the pipeline over a crawl on Apache Spark and write Parquet tables.

    Every page goes through the same stages as `storyline ingest` inside Spark tasks (one
    task per WARC file, read where it runs); lineage is joined over the whole crawl, stories
    are formed in publication order and briefed per story. Bad records (truncated or
    corrupted WARC records, undecodable or oversize pages) become rows of the `failures`
    table, never a failed job. Load the result with `storyline load OUT --db …`.
    Needs `pip install 'storyline\\[spark]'` and Java 17+.
    """
    from storyline.batch.job import BatchError, BatchSettings, run_batch

    settings = BatchSettings(
        partitions=partitions, max_bytes=max_bytes, facts=facts, briefs=briefs, base=base_url
    )
    try:
        report = run_batch(list(inputs), out, master=master, settings=settings)
    except BatchError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: the output folder is incomplete; run it again.")
        raise typer.Exit(130) from None
    seconds = sum(report.seconds.values())
    console.print(
        f"[green]{report.articles} articles[/] from {report.pages} pages in {report.units} "
        f"inputs, {report.links} reuse links, {report.stories} stories, {report.briefs} "
        f"briefs, [{'red' if report.failures else 'green'}]{report.failures} failed[/] "
        f"in {seconds:.1f} s → {escape(out)}",
        soft_wrap=True,
    )
    if report.failures and not report.articles:
        raise typer.Exit(1)


def load_command(
    folder: Annotated[str, typer.Argument(help="A `storyline batch` output folder.")],
    db: DbOption = None,
    briefs: Annotated[
        bool,
        typer.Option(
            "--briefs/--no-briefs",
            help="Bring the briefs of the stories it touched up to date now (else on first view).",
        ),  # fmt: skip
    ] = True,
) -> None:
    """Load a `storyline batch` output into a store (SQLite or PostgreSQL).

    Idempotent: loading the same output twice adds nothing. Loading a later day's output
    continues the stories already in the store, and its articles find their lineage among
    the stored ones. Afterwards every command and `serve` work on the result.
    """
    from storyline import cli
    from storyline.records import StorylineError
    from storyline.store.load import load_batch, read_manifest
    from storyline.views import refresh_stories

    try:
        read_manifest(folder)
    except StorylineError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None
    store = cli._open_store(db, create=True)
    try:
        report = load_batch(folder, store)
        if briefs:
            refresh_stories(store, report.stories)
    except StorylineError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: what was committed is kept; run it again to finish.")
        raise typer.Exit(130) from None
    console.print(
        f"[green]{report.new} new[/], {report.known} already known, {report.links} reuse "
        f"links, {len(report.stories)} stories updated, {report.failures} failures recorded "
        f"→ {escape(str(store.engine.url.database or store.engine.url))}",
        soft_wrap=True,
    )
