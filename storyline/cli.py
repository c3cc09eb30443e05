"""The `storyline` command line (Typer + Rich).

Every command that touches the store takes ``--db`` (default ``./storyline.db`` or
``STORYLINE_DB``). Long work shows a progress bar on a terminal and ends with a summary;
bad inputs are reported one line each and never stop the batch.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from storyline.records import Failure

app = typer.Typer(
    name="storyline",
    help="Turn news pages from many outlets into clean articles and sourced stories.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(help="Measure extraction and clustering quality against gold data.")
app.add_typer(eval_app, name="eval")

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="STORYLINE_DB",
        help="SQLite file or database URL (default: ./storyline.db).",
        show_default=False,
    ),
]


def _open_store(db: str | None):
    from storyline.store.db import Store

    return Store.open(db)


def _failure_line(failure: Failure) -> str:
    """A failure's message names its input first (see `Failure`)."""
    return failure.error


# -- ingest ------------------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (read recursively), manifests (.jsonl), WARC files, or - "
            "for standard input.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    max_bytes: Annotated[
        int, typer.Option(help="Skip pages larger than this many bytes.")
    ] = 10_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest pages: extract the clean article of each and store it.

    Ingest is idempotent: a page already in the store (same bytes, same URL or same clean
    text) is counted as known, so running the same command again completes an interrupted
    batch without duplicates. Bad inputs are listed at the end and kept in the store's
    failures table.
    """
    from storyline.ingest import ingest as run_ingest

    store = _open_store(db)
    show = not quiet and err.is_terminal
    counts = {"new": 0, "known": 0, "failed": 0}
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        TextColumn("{task.fields[summary]}"),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None, summary="")

        def on_page(outcome, ref, article_id, failure) -> None:
            counts[outcome] += 1
            if failure is not None:
                progress.console.print(
                    f"[red]failed[/] {escape(_failure_line(failure))}", soft_wrap=True
                )
            progress.update(
                task,
                advance=1,
                summary=f"{counts['new']} new · {counts['known']} known · "
                f"{counts['failed']} failed",
            )

        try:
            report = run_ingest(paths, store, max_bytes=max_bytes, progress=on_page)
        except KeyboardInterrupt:
            err.print(
                f"[yellow]interrupted[/] after {counts['new']} new articles; what was committed "
                "is kept: run the same command again to finish the batch."
            )
            raise typer.Exit(130) from None
    console.print(
        f"[green]{report.new} new[/], {report.known} already known, "
        f"[{'red' if report.failed else 'green'}]{report.failed} failed[/] "
        f"→ {escape(str(store.engine.url.database or store.engine.url))}",
        soft_wrap=True,
    )


# -- extract -----------------------------------------------------------------------------
@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="HTML files (.html, .htm, .gz) or text dumps (.txt).")
    ],
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            "-o",
            help="Write DIR/<file name without extension>.txt for each input instead of printing.",
        ),
    ] = None,
) -> None:
    """Print the clean article body of each file, without a database.

    HTML or text dump is decided by the file's extension. Lines that recur across many of
    the text dumps given in one call are treated as site furniture.
    """
    from storyline.extract.batch import extract_files

    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path, body, problem in extract_files(files):
        if problem is not None:
            failed += 1
            err.print(f"failed {escape(problem)}", highlight=False, soft_wrap=True)
            continue
        if out_dir:
            (out_dir / f"{_stem(path)}.txt").write_text(body + "\n", encoding="utf-8")
        else:
            sys.stdout.write(body + "\n\n")
    if failed:
        raise typer.Exit(1)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".html", ".htm", ".txt"):
        name = name.removesuffix(suffix)
    return name


# -- reading -----------------------------------------------------------------------------
@app.command()
def articles(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List stored articles, newest publication first."""
    store = _open_store(db)
    rows = store.list_articles(limit=limit, offset=offset)
    if as_json:
        from storyline.export import article_record

        for row in rows:
            record = article_record(row)
            record.pop("text")
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{store.count_articles()} articles", show_lines=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", ratio=1, overflow="fold")
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("words", justify="right", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    for row in rows:
        a = row.article
        table.add_row(
            str(row.id),
            _short_date(a.published),
            escape(a.outlet or "—"),
            escape(a.title or a.ref),
            str(a.word_count),
            a.language or "—",
        )
    console.print(table)


@app.command()
def article(
    article_id: Annotated[int, typer.Argument(help="Article id (see `storyline articles`).")],
    db: DbOption = None,
    removed: Annotated[
        bool, typer.Option("--removed/--no-removed", help="Show what was removed as furniture.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the export record.")] = False,
) -> None:
    """Show one article: metadata, clean text, and what was removed and why."""
    store = _open_store(db)
    stored = store.get_article(article_id)
    if stored is None:
        err.print(f"no article with id {article_id}")
        raise typer.Exit(1)
    if as_json:
        from storyline.export import article_record

        record = article_record(stored)
        record["removed"] = [{"reason": r.reason, "text": r.text} for r in stored.article.removed]
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    a = stored.article
    console.rule(escape(a.title or a.ref))
    meta = Table.grid(padding=(0, 2))
    for label, value in (
        ("id", str(stored.id)),
        ("ref", a.ref),
        ("outlet", a.outlet),
        ("published", a.published),
        ("authors", ", ".join(a.authors)),
        ("language", a.language),
        ("url", a.url),
        ("also at", ", ".join(u for u in stored.urls if u != a.url)),
        ("words", str(a.word_count)),
    ):
        if value:
            meta.add_row(f"[dim]{label}[/]", escape(value))
    console.print(meta)
    console.print()
    for paragraph in a.paragraphs:
        console.print(escape(paragraph), highlight=False)
        console.print()
    if removed and a.removed:
        console.rule(f"removed as furniture ({len(a.removed)} blocks)", style="dim")
        for block in a.removed:
            console.print(
                f"[dim][{escape(block.reason)}][/] {escape(_clip(block.text, 160))}",
                highlight=False,
            )


def _highlight(snippet: str) -> Text:
    """Render a search snippet with its matched words (between the store's marks) in bold."""
    from storyline.store.search import MARK_END, MARK_START

    out = Text()
    for i, part in enumerate(snippet.replace(MARK_END, MARK_START).split(MARK_START)):
        out.append(part, style="bold yellow" if i % 2 else "")
    return out


def _short_date(value: str | None) -> str:
    """``2026-03-12T18:30:00+00:00`` → ``2026-03-12 18:30`` for tables."""
    return value[:16].replace("T", " ") if value else "—"


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words or "quoted phrases"; all must match.')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
) -> None:
    """Full-text search over article titles and bodies."""
    store = _open_store(db)
    hits = store.search(query, limit=limit)
    if not hits:
        console.print("no matches")
        return
    table = Table(show_lines=True)
    for col in ("id", "published", "outlet", "title", "match"):
        table.add_column(col, overflow="fold")
    for hit in hits:
        table.add_row(
            str(hit.id),
            hit.published or "—",
            escape(hit.outlet or "—"),
            escape(hit.title or "—"),
            _highlight(hit.snippet),
        )
    console.print(table)


@app.command()
def failures(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
) -> None:
    """List inputs that could not be ingested, and why."""
    store = _open_store(db)
    rows = store.failures(limit=limit)
    if not rows:
        console.print("no failures")
    for failure in rows:
        console.print(
            f"[dim]{failure.stage}[/] {escape(_failure_line(failure))}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (one document), jsonl or csv.")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to FILE instead of stdout.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export articles (and stories) as JSON, JSON Lines or CSV.

    The JSON document follows the schema `storyline/export/1` (docs/export.md).
    """
    from storyline.export import FORMATS
    from storyline.export import export as run_export

    if fmt not in FORMATS:
        err.print(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    store = _open_store(db)
    if out is None:
        run_export(store, fmt, sys.stdout)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = run_export(store, fmt, handle)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    err.print(f"{count} articles → {escape(str(out))}")


# -- eval --------------------------------------------------------------------------------
@eval_app.command("extraction")
def eval_extraction(
    gold: Annotated[Path, typer.Option(help="ground-truth.json: {id: {articleBody, url}}.")],
    pages: Annotated[Path, typer.Option(help="Folder of <id>.html(.gz) or <id>.txt pages.")],
    mode: Annotated[str, typer.Option(help="html or text.")] = "html",
    per_page: Annotated[bool, typer.Option(help="Print each page's scores.")] = False,
) -> None:
    """Score extraction with the Article Extraction Benchmark metric (4-token shingles)."""
    from storyline.evaluate.aeb import run_aeb

    if mode not in ("html", "text"):
        err.print("--mode must be html or text")
        raise typer.Exit(2)
    result = run_aeb(gold, pages, mode)
    if per_page:
        for page in result.per_page:
            p = "—" if page.precision is None else f"{page.precision:.3f}"
            console.print(f"{page.id[:16]}  P {p}  R {page.recall:.3f}")
    console.print(
        f"mode {mode}: pages {result.pages}  precision {result.precision:.4f}  "
        f"recall {result.recall:.4f}  F1 {result.f1:.4f}"
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
