"""Read commands import only what they use: listing stories or showing a stored article
must not load spaCy, trafilatura, MinHash, the clusterer or the brief builder, nor (on a
SQLite store) SQLAlchemy and Alembic: the read API runs on the standard library's sqlite3
(`storyline.store.sqlite_reads`). Each costs a noticeable fraction of a second before the
first line is printed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLES

HEAVY = (
    "spacy", "trafilatura", "datasketch", "scipy",
    "storyline.stories.clusterer", "storyline.stories.features", "storyline.reuse.keys",
    "storyline.reuse.index", "storyline.brief.build", "storyline.extract",
    "sqlalchemy", "alembic",
    "pydantic",  # Typer 0.29 coerces options through it (pinned below, pyproject.toml)
)  # fmt: skip
HELP_HEAVY = (*HEAVY, "markdown_it", "pygments")
"""`--help` draws Rich panels; Typer's renderer imports rich.markdown (markdown-it, Pygments)
for a markup mode storyline does not use (`storyline.lazy.defer_module`)."""

_RUN = """
import json, sys
from storyline.cli import main
sys.argv = ["storyline", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
loaded = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))
sys.stderr.write("\\nLOADED " + json.dumps(loaded) + "\\n")
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    from storyline.cli import app

    path = str(tmp_path_factory.mktemp("startup") / "read.db")
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", path, "--no-facts", "-q"])
    assert result.exit_code == 0, result.output
    return path


def _loaded(*args: str, heavy: tuple[str, ...] = HEAVY) -> tuple[list[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(heavy=heavy), *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    marker = done.stderr.rindex("LOADED ")
    return json.loads(done.stderr[marker + 7 :].splitlines()[0]), done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["stories"], ["stories", "--json"], ["story", "top"], ["story", "1", "--format", "json"],
        ["articles"], ["article", "1"], ["article", "1", "--json"], ["search", "the"],
        ["failures"], ["export", "--format", "jsonl"], ["notes", "1"],
        ["article", "1", "--revisions"],
    ],
    ids=" ".join,
)  # fmt: skip
def test_read_commands_load_no_extraction_nlp_or_clustering(store_path, command):
    loaded, out = _loaded(*command, "--db", store_path)
    assert out.strip(), f"{command} printed nothing"
    assert loaded == []


def test_help_loads_nothing_heavy():
    loaded, out = _loaded("--help", heavy=HELP_HEAVY)
    assert "ingest" in out and "Commands" in out  # still Rich's panels
    assert loaded == []


def test_a_command_help_loads_nothing_heavy():
    loaded, out = _loaded("story", "--help", heavy=HELP_HEAVY)
    assert "--format" in out
    assert loaded == []


def test_deferred_modules_still_work_when_used():
    """What `--help` leaves unimported is there for whoever uses it."""
    code = (
        "import sys, storyline.cli\n"
        "assert 'markdown_it' not in sys.modules\n"
        "from rich.markdown import Markdown\n"
        "from rich.console import Console\n"
        "c = Console(record=True, width=40)\n"
        "c.print(Markdown('# Heading\\n\\n*some* text'))\n"
        "import rich.markdown\n"
        "assert isinstance(Markdown('x'), rich.markdown.Markdown)\n"
        "print(c.export_text())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Heading" in done.stdout and "some text" in done.stdout


def test_story_stop_words_are_spacys_without_importing_spacy():
    from spacy.lang.en.stop_words import STOP_WORDS

    from storyline.stories.features import STOP, _spacy_stop_words

    assert _spacy_stop_words() == frozenset(STOP_WORDS)
    assert STOP >= frozenset(STOP_WORDS)


def test_ingest_of_html_files_loads_no_wordfreq_or_warc_reader(tmp_path, monkeypatch):
    """Background shares come from the cached copy of wordfreq's table and our copy of its
    tokenizer (wordfreq, langcodes and ftfy cost a quarter of a second a start); warcio is
    loaded only for WARC inputs."""
    from storyline.stories import background

    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache"))
    background._table.cache_clear()
    try:
        assert background._table() is not None  # written once, as a first ingest would
    finally:
        background._table.cache_clear()
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "pier.html").write_text(
        "<html lang='en'><head><title>Pier to close for eighteen months</title></head><body>"
        "<article><p>The harbour authority of Port Elstree voted on Tuesday to close the "
        "old ferry pier for eighteen months, ending a service that has run since 1952.</p>"
        "<p>About 2,400 people use the crossing every weekday; the council's leader said "
        "the pier's far-flung repairs would cost £31m, and traders didn't agree.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    heavy = ("wordfreq", "langcodes", "ftfy", "warcio")
    db = str(tmp_path / "ingest.db")
    loaded, _ = _loaded("ingest", str(pages), "--db", db, "--no-facts", "-q", heavy=heavy)
    assert loaded == []
    assert "pier" in _loaded("stories", "--db", db, heavy=heavy)[1].lower()
