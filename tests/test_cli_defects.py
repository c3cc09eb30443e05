"""What a new user meets first: bad `--db` targets, missing stores, exit codes, plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD_TEXT = (
    "Ferry service resumes\n"
    "The ferry between Port Adrin and Hessel resumed service on Monday after repairs to "
    "the landing stage were finished ahead of schedule, the operator said.\n"
    "Passengers had used a bus link for three weeks while divers replaced the pilings.\n"
)


@pytest.mark.parametrize("command", ["stories", "articles", "failures", "export"])
def test_db_pointing_at_a_directory_is_one_line(cli, tmp_path, command):
    result = cli(command, "--db", tmp_path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(tmp_path) in lines[0] and "directory" in lines[0]


def test_ingest_into_a_missing_folder_is_one_line(cli, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT)
    target = tmp_path / "no" / "such" / "store.db"
    result = cli("ingest", tmp_path / "a.txt", "--db", target)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "does not exist" in result.output and str(tmp_path / "no" / "such") in result.output
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [("stories",), ("story", "1"), ("article", "1"), ("search", "ferry"), ("export",),
     ("articles",), ("notes", "1"), ("note", "1", "text")],  # fmt: skip
)
def test_read_commands_refuse_a_store_that_does_not_exist(cli, tmp_path, args):
    target = tmp_path / "typo.db"
    result = cli(*args, "--db", target)
    assert result.exit_code == 1
    assert f"no store at {target}; create one with storyline ingest" in result.output
    assert not target.exists()


def test_serve_refuses_a_store_that_does_not_exist(cli, tmp_path):
    target = tmp_path / "typo.db"
    result = cli("serve", "--db", target, "--port", "1")
    assert result.exit_code == 1 and "no store at" in result.output
    assert not target.exists()


def test_ingest_creates_the_store_then_reads_work(cli, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT)
    target = tmp_path / "fresh.db"
    assert cli("ingest", tmp_path / "a.txt", "--db", target).exit_code == 0
    assert "1 stories" in cli("stories", "--db", target).output


def test_ingest_exits_non_zero_when_every_input_failed(cli, tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = cli("ingest", tmp_path / "empty.html", tmp_path / "noise.txt", "--db",
                 tmp_path / "s.db")  # fmt: skip
    assert result.exit_code == 1
    assert "0 new" in result.output and "2 failed" in result.output


def test_ingest_exits_zero_when_some_inputs_were_ingested(cli, tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "good.txt").write_text(GOOD_TEXT)
    result = cli("ingest", tmp_path, "--db", tmp_path / "s.db")
    assert result.exit_code == 0 and "1 new" in result.output and "1 failed" in result.output
    # a second run knows the page: still success although the empty file fails again
    assert cli("ingest", tmp_path, "--db", tmp_path / "s.db").exit_code == 0


def test_exit_codes_are_documented(cli):
    shown = " ".join(cli("ingest", "--help").output.split())
    assert "Exit status" in shown and "nothing could be ingested" in shown
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "exit status" in readme.lower()


def test_article_and_story_text_is_not_highlighted_as_code(tmp_path):
    """Rich's default highlighter coloured numbers and quoted strings inside prose."""
    import os
    import re
    import subprocess
    import sys

    page = tmp_path / "page.txt"
    page.write_text(GOOD_TEXT.replace("three weeks", 'exactly 21 days ("a long wait")'))
    db = tmp_path / "h.db"
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
    subprocess.run([bin_dir / "storyline", "ingest", page, "--db", db, "--no-facts"],
                   env=env, check=True, capture_output=True)  # fmt: skip
    for args in (["article", "1"], ["story", "1"]):
        shown = subprocess.run([bin_dir / "storyline", *args, "--db", db], env=env,
                               check=True, capture_output=True, text=True).stdout  # fmt: skip
        assert "21 days" in re.sub(r"\x1b\[[0-9;]*m", "", shown)
        assert not re.search(r"\x1b\[[0-9;]*m21\b", shown), shown
        assert not re.search(r"\x1b\[[0-9;]*m\"a long wait", shown), shown
