"""Ingest progress: a total counted up front, done/total, rate and ETA, and log lines when
the output is not a terminal."""

from __future__ import annotations

import io
import shutil

from conftest import EXAMPLES
from rich.console import Console

from storyline.progress import IngestProgress
from storyline.sources.count import count_pages


def test_count_pages_matches_what_ingest_reads(tmp_path):
    # the example corpus: pages, dumps, a WARC (3 HTML pages among other records) and a
    # manifest whose files are not counted twice
    assert count_pages([str(EXAMPLES)]) == 15
    assert count_pages([str(EXAMPLES / "crawl.warc.gz")]) == 3
    assert count_pages(["-"]) is None


def test_log_lines_every_few_seconds_when_not_a_terminal():
    out = io.StringIO()
    now = [0.0]
    progress = IngestProgress(Console(file=out, force_terminal=False), log_every=5.0,
                              clock=lambda: now[0])  # fmt: skip
    with progress:
        progress.set_total(10)
        for outcome in ["new"] * 3 + ["failed"]:
            now[0] += 2.0  # 0.5 pages per second
            progress.page(outcome)
    lines = out.getvalue().splitlines()
    assert lines == [
        "ingest 3/10 pages (30%) · 0.5 pages/s · ETA 0m14s · 3 new · 0 known · 0 failed",
    ], lines  # logged at 6 s; the next line is due at 11 s


def test_quiet_and_terminal_runs_print_no_log_lines():
    out = io.StringIO()
    with IngestProgress(Console(file=out, force_terminal=False), quiet=True,
                        log_every=0) as progress:  # fmt: skip
        progress.page("new")
    assert out.getvalue() == ""


def test_cli_ingest_logs_progress_when_piped(cli, tmp_path, monkeypatch):
    import storyline.progress

    monkeypatch.setattr(storyline.progress, "LOG_EVERY", 0.0)
    folder = tmp_path / "pages"
    shutil.copytree(EXAMPLES / "dumps", folder)
    result = cli("ingest", folder, "--db", tmp_path / "s.db", "--no-facts")
    logged = [line for line in result.output.splitlines() if line.startswith("ingest ")]
    total = len(list(folder.iterdir()))
    assert logged and logged[-1].startswith(f"ingest {total}/{total} pages (100%)")
    assert "pages/s" in logged[-1] and "ETA" in logged[-1]
