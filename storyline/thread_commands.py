"""`storyline threads`, `storyline thread ID` and `storyline eval threads`: the bodies of the
commands, registered in `storyline.cli` (kept here so that the CLI module stays small and the
timeline code loads only when a thread is shown)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from storyline.cli_options import DbOption, console, err


def _store(db: str | None):
    from storyline.cli import _open_store

    return _open_store(db)


def threads_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List threads (long-running stories made of several developments), most recently
    active first: id, title, stories, articles, first and last seen."""
    from storyline.thread_views import thread_rows

    rows = thread_rows(_store(db), limit=limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} threads")
    for name in ("id", "title", "stories", "articles", "first seen", "last seen"):
        table.add_column(name, overflow="fold", justify="right" if name in
                         ("id", "stories", "articles") else "left")  # fmt: skip
    for r in rows:
        first, last = r["first_seen"] or "—", r["last_seen"] or "—"
        table.add_row(str(r["id"]), escape(r["title"] or "—"), str(r["stories"]),
                      str(r["articles"]), first, last)  # fmt: skip
    console.print(table)


def thread_command(
    thread_id: Annotated[
        int, typer.Argument(metavar="ID", help="Thread id (see `storyline threads`).")
    ],
    db: DbOption = None,
    dates: Annotated[int, typer.Option(help="Dates in the timeline.")] = 15,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show a thread: its developments (stories) in order, its timeline across months (the
    dates most independent sources report, one sentence each, with its sources), its people."""
    from storyline.thread_views import thread_view

    if fmt not in ("text", "json"):
        err.print(f"[red]error[/] --format {escape(fmt)}: use text or json")
        raise typer.Exit(2)
    view = thread_view(_store(db), thread_id, dates=dates)
    if view is None:
        err.print(f"[red]error[/] thread {thread_id}: no such thread (see `storyline threads`)")
        raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(f"[bold]Thread {view['id']}: {escape(view['title'] or '—')}[/]")
    span = f"{view['first_seen'] or '?'} – {view['last_seen'] or '?'}"
    console.print(f"{len(view['stories'])} developments, {view['articles']} articles, {span}")
    console.print("\n[bold]Developments[/]")
    for s in view["stories"]:
        console.print(f"  {s['first_seen'] or '—':<10}  story {s['id']}: "
                      f"{escape(s['title'] or '—')} ({s['size']} articles)")  # fmt: skip
    console.print("\n[bold]Timeline[/]")
    if not view["timeline"]:
        console.print("  no dated reports")
    for item in view["timeline"]:
        sources = ", ".join(item["sources"])
        console.print(f"  {item['date']}  {escape(item['text'])}  [dim]({escape(sources)})[/]")
    if view["people"]:
        console.print("\n[bold]People[/]")
        console.print("  " + ", ".join(f"{escape(p['name'])} ({p['articles']})"
                                       for p in view["people"]))  # fmt: skip


def eval_threads_command(
    timeline17: Annotated[
        Path,
        typer.Option(
            "--timeline17",
            help="A Timeline17 folder (news-tls format): one "
            "sub-folder per story with articles.jsonl and timelines.jsonl.",
        ),  # fmt: skip
    ],
    limit: Annotated[
        int | None, typer.Option(help="At most this many articles per folder (for iteration).")
    ] = None,
) -> None:
    """Ingest Timeline17 folders as one stream (facts off) and print, per folder and overall,
    how articles spread over threads and stories, and the thread timeline's Date F1."""
    from storyline.evaluate.threads import run_threads_eval

    if not timeline17.is_dir():
        err.print(f"[red]error[/] {escape(str(timeline17))}: not a folder")
        raise typer.Exit(1)
    try:
        run_threads_eval(timeline17, limit=limit, verbose=True)
    except (ValueError, OSError) as exc:
        err.print(f"[red]error[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
