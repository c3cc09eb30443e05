"""The `storyline` command line (Typer + Rich).

Every command that touches the store takes ``--db`` (default ``./storyline.db`` or
``STORYLINE_DB``). Long work shows a progress bar on a terminal and ends with a summary;
bad inputs are reported one line each and never stop the batch.
"""

# No `from __future__ import annotations` here: Typer reads every command's parameters
# on each start, and string annotations would be evaluated again each time.
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from storyline.cli_options import DbOption, console, err
from storyline.lazy import defer_module

if TYPE_CHECKING:
    from storyline.records import Failure

# Typer's help renderer imports these at its top and, with rich markup, never uses them
# (markdown-it and Pygments are a third of `storyline --help`): loaded only if used.
defer_module("rich.markdown", ("Markdown",))
defer_module("rich.traceback", ("Traceback",))

app = typer.Typer(
    name="storyline",
    help="Turn news pages from many outlets into clean articles and sourced stories.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(
    help="Measure quality against gold data: extraction, clustering, threads, quotes and dates."
)
app.add_typer(eval_app, name="eval")

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let URLs reach loopback, private and link-local addresses (refused by default).",
    ),
]
DelayOption = Annotated[
    float, typer.Option(min=0, help="Politeness: seconds between two requests to a host.")
]
ConcurrencyOption = Annotated[
    int, typer.Option(min=1, max=2, help="Requests in flight to one host at a time.")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes extracting pages and computing facts; one writer applies them in "
        "input order, so the result is the same for any number (default: the machine's "
        "cores, at most 8).",
        show_default=False,
    ),
]


def _workers(workers: int | None) -> int:
    from storyline.workers import default_workers

    return workers or default_workers()


def _open_store(db: str | None, *, create: bool = False):
    """Open the store ``db``; every command comes here. Reading commands (``create`` False)
    refuse a store that does not exist; a bad target is one line naming it, exit 1."""
    from storyline.records import StorylineError
    from storyline.store.db import Store
    from storyline.store.locate import check_target

    try:
        check_target(db, create=create)
        return Store.open(db)
    except StorylineError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None


def _open_reads(db: str | None):
    """Read-only access to the store ``db`` for a reading command (`storyline.store.reads`):
    a SQLite file at the newest schema is read with the standard library alone (no
    SQLAlchemy to import); a missing store or a bad target is one line, exit 1."""
    from storyline.records import StorylineError
    from storyline.store.locate import check_target
    from storyline.store.reads import open_reads

    try:
        check_target(db, create=False)
        return open_reads(db)
    except StorylineError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None


def _failure_line(failure: "Failure") -> str:
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
    allow_outside_paths: Annotated[
        bool,
        typer.Option(
            "--allow-outside-paths",
            help="Let a manifest's path entries point outside the manifest's folder "
            "(absolute paths, ../, symlinks out); refused by default.",
        ),
    ] = False,
    facts: Annotated[
        bool,
        typer.Option(
            "--facts/--no-facts",
            help="Extract entities, quotes, dates and figures of new articles (the slowest "
            "stage; `storyline rebuild` can add them later).",
        ),
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    concurrency: ConcurrencyOption = 1,
    workers: WorkersOption = None,
) -> None:
    """Ingest pages: extract the clean article of each, find its wire lineage and its story,
    and store it.

    Arguments starting with http:// or https:// are fetched (an article, a feed, a sitemap
    or a site's home page announcing a feed), politely and conditionally: the fetch state
    is kept in the store, so a second run only asks what changed. A stored URL whose text
    changed keeps its earlier version as a revision (`storyline article ID --revisions`).

    Ingest is idempotent: a page already in the store (same bytes, same URL or same clean
    text) is counted as known, so running the same command again completes an interrupted
    batch without duplicates. Bad inputs are listed at the end and kept in the store's
    failures table.

    Exit status: 0 when at least one page was ingested or already known (some inputs may
    have failed: see `storyline failures`); 1 when nothing could be ingested and inputs
    failed, or the store cannot be opened; 2 on a usage error; 130 when interrupted.
    """
    from storyline.progress import IngestProgress, count_in_background
    from storyline.runner import RunSettings
    from storyline.workers import start_early

    start_early(_workers(workers), facts)  # the workers warm up while the store opens
    store = _open_store(db, create=True)
    with IngestProgress(err, quiet=quiet) as progress:
        counts = progress.counts
        if not quiet:  # the total is only ever shown (and counting imports warcio)
            count_in_background(paths, progress.set_total)

        def on_page(outcome, ref, article_id, failure) -> None:
            if failure is not None:
                progress.print(f"[red]failed[/] {escape(_failure_line(failure))}")
            progress.page(outcome)

        try:
            # the runner brings related stories and the touched briefs up to date at the end
            report = _ingest_paths(
                paths, store, max_bytes=max_bytes, progress=on_page,
                settings=RunSettings(facts=facts, workers=_workers(workers)),
                policy=lambda: _fetch_policy(allow_private, delay, concurrency),
                outside=allow_outside_paths, status=progress.status,
            )  # fmt: skip
        except KeyboardInterrupt:
            err.print(
                f"[yellow]interrupted[/] after {counts['new']} new articles; what was committed "
                "is kept: run the same command again to finish the batch."
            )
            raise typer.Exit(130) from None
    revised = f"{report.revised} revised, " if report.revised else ""
    console.print(
        f"[green]{report.new} new[/], {report.known} already known, {revised}"
        f"[{'red' if report.failed else 'green'}]{report.failed} failed[/], "
        f"{len(report.stories)} stories updated "
        f"→ {escape(str(store.engine.url.database or store.engine.url))}",
        soft_wrap=True,
    )
    if report.failed and not (report.new or report.known or report.revised):
        raise typer.Exit(1)  # nothing could be ingested: scripts and CI must notice


def _fetch_policy(allow_private: bool, delay: float, concurrency: int):
    from storyline.fetch.client import FetchPolicy

    return FetchPolicy(allow_private=allow_private, delay=delay, concurrency=concurrency)


def _ingest_paths(
    paths: list[str], store, *, max_bytes: int, progress, settings, policy,
    outside: bool = False, status=None,
):
    """Files through `storyline.sources`, URLs through `storyline.fetch`, one run of the
    runner (`storyline.runner`) with ``settings``."""
    from itertools import chain

    from storyline.ingest import runner_for
    from storyline.sources import iter_pages

    urls = [p for p in paths if p.startswith(("http://", "https://"))]  # as watch.is_url
    files = [p for p in paths if p not in urls]
    streams = [iter_pages(files, max_bytes=max_bytes, allow_outside_paths=outside)] if files else []
    if not urls:  # files only: the fetcher (httpx and friends) is never imported
        return runner_for(store, settings).run(chain(*streams), progress=progress, status=status)
    from storyline.fetch.worker import FetchWorker
    from storyline.watch import LIVE_CHUNK, live_items

    with FetchWorker(policy()) as fetcher:  # fetches in its own process, beside extraction
        run = live_items(urls, store, fetcher)
        # Files (whose text dumps share line statistics across a chunk) keep big chunks.
        runner = runner_for(store, settings)
        if not files:
            runner = runner.with_settings(chunk_size=LIVE_CHUNK)
        return runner.run(chain(*streams, run.items), progress=progress, status=status,
                          before_commit=run.state.save, after_chunk=run.state.settle)  # fmt: skip


# -- watch -------------------------------------------------------------------------------
@app.command()
def watch(
    sources_file: Annotated[
        Path,
        typer.Argument(
            help="URLs to follow (feeds, sitemaps, sites, pages), one a line; # comments; "
            "optional every=5m after a URL.",
            exists=True,
            dir_okay=False,
        ),
    ],
    every: Annotated[
        str, typer.Option(help="How often to poll a source without its own every= (30s, 10m, 2h).")
    ] = "10m",
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    delay: DelayOption = 1.0,
    concurrency: ConcurrencyOption = 1,
    facts: Annotated[
        bool, typer.Option("--facts/--no-facts", help="Extract facts of new articles.")
    ] = True,
    once: Annotated[bool, typer.Option("--once", help="Run one cycle and exit.")] = False,
    workers: WorkersOption = None,
) -> None:
    """Follow live sources: poll each on its schedule, ingest what is new (stories and
    briefs follow), log one line per cycle.

    Seen URLs, validators and the schedule are kept in the store, so a restarted watcher
    continues where it stopped. SIGINT or SIGTERM stops it after the page in hand.
    """
    from storyline.records import StorylineError
    from storyline.watch import Watcher, parse_duration, read_sources

    try:
        sources = read_sources(sources_file, parse_duration(every))
    except StorylineError as exc:
        err.print(escape(str(exc)), soft_wrap=True)
        raise typer.Exit(2) from None
    if not sources:
        err.print(f"{escape(str(sources_file))}: no sources")
        raise typer.Exit(2)
    store = _open_store(db, create=True)

    def log(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    watcher = Watcher(
        store, sources, _fetch_policy(allow_private, delay, concurrency), facts=facts, log=log,
        workers=_workers(workers),
    )  # fmt: skip
    with watcher.signals_stop():
        watcher.run(once=once)


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
    store = _open_reads(db)
    rows = store.list_articles(limit=limit, offset=offset)
    if as_json:
        from storyline.views import article_record

        for row in rows:
            record = article_record(row)
            record.pop("text")
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from storyline.terminal import short_date

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
            short_date(a.published),
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
    facts: Annotated[
        bool, typer.Option("--facts", help="List its entities, quotes, dated events, figures.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON view.")] = False,
    revisions: Annotated[
        bool,
        typer.Option(
            "--revisions", help="Show how the text changed between fetched versions (a diff)."
        ),
    ] = False,
) -> None:
    """Show one article: metadata, clean text, its wire lineage, what was removed and why."""
    from storyline.terminal import render_article
    from storyline.views import article_view

    store = _open_reads(db)
    if revisions:
        _print_revisions(store, article_id)
        return
    view = article_view(store, article_id)
    if view is None:
        err.print(f"no article with id {article_id}")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
        return
    render_article(console, view, removed=removed, facts=facts)


def _print_revisions(store, article_id: int) -> None:
    from storyline.revisions import diff_lines, versions

    history = versions(store.reads, article_id)
    if not history:
        err.print(f"no article with id {article_id}")
        raise typer.Exit(1)
    if len(history) == 1:
        sys.stdout.write(f"article {article_id} has one version: no revisions\n")
        return
    sys.stdout.write(f"article {article_id}: {len(history)} versions\n")
    for line in diff_lines(history):
        sys.stdout.write(line + "\n")


@app.command()
def stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 30,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    outlet: Annotated[str | None, typer.Option(help="Only stories this outlet covers.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only stories seen on or after this date (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List stories, most recently updated first."""
    from storyline.store.reads import StoryFilter

    store = _open_reads(db)
    rows = store.story_rows(limit=limit, offset=offset,
                            where=StoryFilter(outlet=outlet, since=since))  # fmt: skip
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{store.count_stories()} stories")
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("title", ratio=3, overflow="fold")
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("outlets", ratio=2, overflow="fold")
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    for row in rows:
        table.add_row(
            str(row["id"]), escape(row["title"] or "—"), str(row["size"]),
            escape(", ".join(row["outlets"])), row["first_seen"] or "—", row["last_seen"] or "—",
        )  # fmt: skip
    console.print(table)


@app.command()
def story(
    story_ref: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Story id (see `storyline stories`), or `top` for the largest."
        ),
    ],
    db: DbOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text (terminal), md (a brief to paste) or json.")
    ] = "text",
    since: Annotated[
        str | None,
        typer.Option(
            help="What changed since this date (YYYY-MM-DD, or an ISO date and time): the "
            "articles published since, new summary sentences, new figures and quotes."
        ),
    ] = None,
    all_events: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every dated event in the timeline, not only the short default list "
            "(the events told by the most independent sources).",
        ),
    ] = False,
) -> None:
    """Show a story: summary with sources, wire lineage, articles, timeline, quotes, figures,
    where sources disagree, and coverage by outlet."""
    from storyline.terminal import render_story
    from storyline.views import story_brief, story_view

    store = _open_reads(db)
    story_id = _story_id(store, story_ref)
    view = story_view(store, story_id) if story_id is not None else None
    if view is None or story_id is None:
        err.print(f"no story {story_ref!r}")
        raise typer.Exit(1)
    if since:
        from storyline.views import story_since

        try:
            changed = story_since(store, story_id, since)
        except ValueError as error:
            err.print(f"--since: {error}")
            raise typer.Exit(2) from None
        if changed is None:
            err.print(f"no story {story_ref!r}")
            raise typer.Exit(1)
        view = changed
    if all_events and view.get("timeline_all"):
        view = view | {"timeline": view["timeline_all"]}
    if fmt == "json":
        sys.stdout.write(json.dumps(view, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "md":
        from storyline.brief import to_markdown

        brief = story_brief(store, story_id)
        if brief is None:
            err.print(f"no story {story_ref!r}")
            raise typer.Exit(1)
        if all_events and brief.timeline_all:
            from dataclasses import replace

            brief = replace(brief, timeline=brief.timeline_all)
        title = view.get("title") or f"Story {story_id}"
        sys.stdout.write(f"# {title}\n\n" + to_markdown(brief) + "\n")
    elif fmt == "text":
        render_story(console, view)
    else:
        err.print(f"unknown format {fmt!r}: choose text, md or json")
        raise typer.Exit(2)


def _story_id(store, ref: str) -> int | None:
    if ref.isdigit():
        return int(ref)
    if ref == "top":
        from storyline.views import top_story

        return top_story(store)
    return None


@app.command()
def note(
    story_id: Annotated[int, typer.Argument(help="Story id (see `storyline stories`).")],
    text: Annotated[str, typer.Argument(help="The note (at most 4,000 characters).")],
    on: Annotated[
        tuple[str, str] | None,
        typer.Option(
            help="The item it is about: quote|figure|event KEY (or a unique start of it, "
            "shown by `storyline story ID`), or article ID.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[str | None, typer.Option(help="Who wrote it.")] = None,
    mark: Annotated[
        str | None,
        typer.Option(help="Mark the item: checked or disputed (a badge in every view)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Add an analyst's note to a story, or to one of its quotes, figures, events or
    articles. Notes survive `storyline rebuild` and appear in the story's views and export."""
    from storyline.noting import add
    from storyline.records import StorylineError

    store = _open_store(db)
    try:
        added = add(store, story_id, text, on=on, author=author, mark=mark)
    except StorylineError as exc:
        err.print(f"[red]error[/] {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from None
    badge = escape(f" [{added.mark}]") if added.mark else ""
    console.print(f"note {added.id} on {escape(added.on)}{badge} of story {story_id}",
                  highlight=False)  # fmt: skip


@app.command()
def notes(
    story_id: Annotated[int, typer.Argument(help="Story id (see `storyline stories`).")],
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of text.")] = False,
) -> None:
    """List the notes on a story, oldest first, each with the item it is about."""
    from storyline.noting import notes_of
    from storyline.views import story_view

    store = _open_reads(db)
    if story_view(store, story_id) is None:
        err.print(f"no story {story_id}")
        raise typer.Exit(1)
    found = notes_of(store, story_id)
    if as_json:
        for item in found:
            sys.stdout.write(json.dumps(item.to_export(), ensure_ascii=False) + "\n")
        return
    if not found:
        console.print(f"no notes on story {story_id}")
    for item in found:
        badge = f" [bold]{item.mark}[/]" if item.mark else ""
        by = f" — {escape(item.author)}" if item.author else ""
        console.print(f"[dim]{item.id} {item.created}[/] on {escape(item.on)}{badge}{by}",
                      highlight=False)  # fmt: skip
        console.print(Text("  " + item.text.replace("\n", "\n  ")))


@app.command()
def rebuild(
    db: DbOption = None,
    facts: Annotated[
        bool, typer.Option("--facts/--no-facts", help="Recompute every article's facts too.")
    ] = True,
    workers: WorkersOption = None,
) -> None:
    """Recompute wire lineage, stories (and facts) from the stored articles.

    Articles are replayed in publication order (undated last, then by id), so the result
    does not depend on the order pages were ingested in, and two rebuilds agree.
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from storyline.rebuild import rebuild as run_rebuild

    store = _open_store(db)
    with Progress(
        SpinnerColumn(), TextColumn("[bold]rebuild[/]"), BarColumn(),
        TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task("rebuild", total=store.count_articles())
        result = run_rebuild(store, facts=facts, progress=lambda: progress.advance(task),
                             workers=_workers(workers))  # fmt: skip
    console.print(f"{result.articles} articles → {result.stories} stories, "
                  f"{result.links} lineage links")  # fmt: skip


@app.command()
def refresh(
    db: DbOption = None,
    story: Annotated[
        list[int] | None, typer.Option("--story", help="Only this story (repeatable).")
    ] = None,
) -> None:
    """Bring stored story briefs up to date (all stories, or those given).

    Ingest and watch do this for the stories they change; the web app and the reading
    commands only read what is stored, so after an upgrade that changes briefs, run this
    once (a story without a stored brief is computed for each reader until then).
    """
    from storyline.views import count_stories, refresh_stories, story_rows

    store = _open_store(db)
    if story:
        ids = set(story)
    else:
        ids = {row["id"] for row in story_rows(store, limit=count_stories(store) or 1)}
    with console.status(f"refreshing {len(ids)} story briefs", spinner="dots"):
        refresh_stories(store, ids)
    console.print(f"{len(ids)} story briefs refreshed")


def _highlight(snippet: str) -> Text:
    """Render a search snippet with its matched words (between the store's marks) in bold."""
    from storyline.store.search import MARK_END, MARK_START

    out = Text()
    for i, part in enumerate(snippet.replace(MARK_END, MARK_START).split(MARK_START)):
        out.append(part, style="bold yellow" if i % 2 else "")
    return out


@app.command()
def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words or "quoted phrases", all of which must match; OR between '
            "alternatives matches any (Peskov OR Lavrov)."
        ),
    ],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 20,
) -> None:
    """Full-text search over article titles and bodies. A name is searched in every
    spelling the articles use ("Zelensky" also finds "Zelenskyy", "Kyiv" also "Kiev"), and
    the output says which spellings were added; a "quoted phrase" is searched as written."""
    store = _open_reads(db)
    hits, spellings = store.search_all_spellings(query, limit=limit)
    for word, others in spellings.items():
        console.print(f"also searched: {escape(', '.join(others))} (spellings of {escape(word)})")
    if not hits:
        from storyline.store.query import QUERY_HELP

        console.print(f"no matches for {escape(query)}")
        console.print(f"[dim]{escape(QUERY_HELP)}[/]", soft_wrap=True)
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
    store = _open_reads(db)
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
    what: Annotated[
        str,
        typer.Option(help="For CSV: articles, or the quotes, figures or timeline of every story."),
    ] = "articles",
    db: DbOption = None,
) -> None:
    """Export articles and stories as JSON, JSON Lines or CSV.

    The JSON document follows the schema `storyline/export/1` (docs/export.md).
    """
    from storyline.export import CSV_PARTS, FORMATS
    from storyline.export import export as run_export

    if fmt not in FORMATS:
        err.print(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if what not in CSV_PARTS:
        err.print(f"unknown part {what!r}: choose one of {', '.join(CSV_PARTS)}")
        raise typer.Exit(2)
    store = _open_reads(db)
    if out is None:
        run_export(store, fmt, sys.stdout, what)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = run_export(store, fmt, handle, what)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    err.print(f"{count} {what if fmt == 'csv' else 'articles'} → {escape(str(out))}")


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


@eval_app.command("dates")
def eval_dates(
    timeml: Annotated[
        Path, typer.Option(help="Folder of TimeML files (.tml), e.g. TimeBank or AQUAINT.")
    ],
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
    misses: Annotated[
        int, typer.Option(help="Print up to N misses (not found, silent, granularity, wrong).")
    ] = 0,
) -> None:
    """Score date resolution on TimeML news: of the annotated DATE expressions storyline can
    express (day, month, year, week; the others are counted and left out), how many are found
    (span overlap, with a value) and how many of those get exactly the annotated value, each
    document's creation time taken as its publication date. An expression kept without a
    value is "silent": a miss, not a wrong value. A lenient rate (a value inside a coarser gold
    period counts) is printed second; gold contradicting its own words is left out (rules in
    storyline/evaluate/dates.py)."""
    from storyline.evaluate.dates import report_lines, run_timeml, timeml_files

    if not timeml.is_dir():
        err.print(f"no TimeML folder at {escape(str(timeml))}")
        raise typer.Exit(1)
    files = timeml_files(timeml)[: limit if limit and limit > 0 else None]
    if not files:
        err.print(f"no .tml files under {escape(str(timeml))}")
        raise typer.Exit(1)
    result = run_timeml(files)
    for line in report_lines(result, misses):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


@eval_app.command("clustering")
def eval_clustering(
    docs: Annotated[Path, typer.Option(help="docs.jsonl: id, seq, title, text, date, lang.")],
    gold: Annotated[Path, typer.Option(help="gold.tsv: doc_id, event, topic.")],
    orders: Annotated[int, typer.Option(help="Stream orders: the given one, then shuffles.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the shuffled orders.")] = 0,
) -> None:
    """Score story clustering: pairwise and BCubed precision/recall/F1 per stream order."""
    from storyline.evaluate.clustering import run_clustering_eval

    run_clustering_eval(docs, gold, orders=orders, seed=seed, verbose=True)


@eval_app.command("quotes")
def eval_quotes(
    polnear: Annotated[
        Path, typer.Option(help="A PolNeAR split: text/, attributions/*.ann, metadata.tsv.")
    ],
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N articles (by name).")
    ] = None,
    errors: Annotated[bool, typer.Option(help="Also print each miss and wrong speaker.")] = False,
) -> None:
    """Score quotes and speakers against PolNeAR attributions: direct quotes found, speaker
    right and wrong-name rate (name sources), indirect speech recall and precision."""
    from storyline.evaluate.quotes import report, run_quotes_eval

    if not (polnear / "text").is_dir() or not (polnear / "attributions").is_dir():
        err.print(f"{escape(str(polnear))}: not a PolNeAR split (needs text/ and attributions/)")
        raise typer.Exit(2)
    scores = run_quotes_eval(polnear, limit)
    if errors:
        for line in scores.errors:
            console.print(escape(line), soft_wrap=True)
    for line in report(scores):
        console.print(line)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="STORYLINE_TOKEN",
            help="Bearer token that enables POST /api/ingest (without one the server is "
            "read-only).",
            show_default=False,
        ),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            envvar="STORYLINE_ALLOW_PRIVATE",
            help="Let URL ingest fetch loopback, private and link-local addresses.",
        ),
    ] = False,
    max_body: Annotated[
        int, typer.Option(help="Reject request bodies larger than this many bytes (413).")
    ] = 10_000_000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes answering requests (each with its own connections to the "
            "store); about one per core serves many concurrent readers.",
        ),
    ] = 1,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI docs at /docs)."""
    import uvicorn

    from storyline.web import Settings, create_app

    _open_store(db).close()  # refuse a missing or unusable store before listening
    settings = Settings(db=db, token=token or None, allow_private=allow_private, max_body=max_body)
    mode = "read-write (token set)" if settings.token else "read-only (no token)"
    plural = f", {workers} workers" if workers > 1 else ""
    err.print(f"storyline serving http://{host}:{port}/ — {mode}{plural}", soft_wrap=True)
    if workers == 1:
        uvicorn.run(create_app(settings=settings), host=host, port=port, log_level="info",
                    timeout_keep_alive=KEEP_ALIVE)  # fmt: skip
        return
    # Worker processes build their own app from the environment (an import string is the
    # only way uvicorn can start several).
    os.environ.update(_settings_env(settings))
    uvicorn.run("storyline.web:app_from_env", factory=True, workers=workers, host=host,
                port=port, log_level="info", timeout_keep_alive=KEEP_ALIVE)  # fmt: skip


KEEP_ALIVE = 30
"""Seconds an idle client connection stays open: longer than uvicorn's 5, so that a busy
server does not close a connection a client is about to reuse (a reset request)."""


def _settings_env(settings) -> dict[str, str]:
    """`Settings` as the ``STORYLINE_*`` variables `Settings.from_env` reads."""
    from storyline.store.db import database_url

    env = {
        "STORYLINE_DB": database_url(settings.db),
        "STORYLINE_ALLOW_PRIVATE": "1" if settings.allow_private else "",
        "STORYLINE_MAX_BODY": str(settings.max_body),
    }
    env["STORYLINE_TOKEN"] = settings.token or ""
    return env


# -- batch, load (bodies in storyline/batch/commands.py: Spark and pyarrow load on use) ---
from storyline.batch.commands import batch_command, load_command  # noqa: E402

app.command("batch")(batch_command)
app.command("load")(load_command)

# -- threads (bodies in storyline/thread_commands.py) ---------------------------------------
from storyline.thread_commands import (  # noqa: E402
    eval_threads_command,
    thread_command,
    threads_command,
)

app.command("threads")(threads_command)
app.command("thread")(thread_command)
eval_app.command("threads")(eval_threads_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
