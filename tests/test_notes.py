"""Analyst notes: on a story or one of its items, from the CLI and the web, in every view,
escaped, length-limited, and still in place after `storyline rebuild`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT
from fastapi.testclient import TestClient

from storyline.notes import MAX_TEXT, Note, check_note, decorate, item_key
from storyline.records import StorylineError

SCHEMA = json.loads((ROOT / "storyline/schema/export-1.json").read_text())
TOKEN = "note-token"
XSS = '<script>alert("n")</script><img src=x onerror=alert(1)>'


# -- unit ------------------------------------------------------------------------------------
def test_item_keys_come_from_content_not_position():
    quote = {"speaker": "Vesna Adamik", "text": "Please do not travel", "sources": [3]}
    same = {"speaker": "vesna  adamik", "text": "please do not travel", "sources": [9, 4]}
    assert item_key("quote", quote) == item_key("quote", same)
    assert item_key("quote", quote) != item_key("quote", {**quote, "text": "Do travel"})
    assert item_key("event", {"date": "2026-03-11", "text": "x"}) != item_key(
        "event", {"date": "2026-03-12", "text": "x"}
    )


def test_check_note_limits_and_cleans():
    assert check_note("  fine\x07 text ", " Ana  K ", "story", None) == ("fine text", "Ana K")
    with pytest.raises(StorylineError, match="too long"):
        check_note("x" * (MAX_TEXT + 1), None, "story", None)
    with pytest.raises(StorylineError, match="empty"):
        check_note(" \n ", None, "story", None)
    with pytest.raises(StorylineError, match="checked or disputed"):
        check_note("x", None, "quote", "maybe")
    with pytest.raises(StorylineError, match="needs an item"):
        check_note("x", None, "story", "checked")


def test_decorate_puts_notes_and_the_latest_mark_on_the_item():
    quote = {"speaker": "A", "text": "We will rebuild", "sources": [1]}
    key = item_key("quote", quote)
    view = {"id": 1, "quotes": [quote], "article_list": [{"id": 1}], "figures": []}
    notes = [
        Note("n1", 1, "quote", key, "first look", None, "disputed", "2026-03-01T00:00:00+00:00"),
        Note("n2", 1, "quote", key, "confirmed", "Ana", "checked", "2026-03-02T00:00:00+00:00"),
        Note("n3", 1, "story", None, "overall", None, None, "2026-03-03T00:00:00+00:00"),
    ]
    decorate(view, notes, {1: "abcdef123456"})
    assert view["quotes"][0]["mark"] == "checked" and view["quotes"][0]["notes"] == ["n1", "n2"]
    assert view["article_list"][0]["key"] == "abcdef123456"
    assert [n["on"] for n in view["notes"]] == [f"quote:{key}", f"quote:{key}", "story"]


# -- CLI -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def noted_db(tmp_path_factory) -> Path:
    """The example corpus with facts, ingested once for the module."""
    from typer.testing import CliRunner

    from storyline.cli import app

    path = tmp_path_factory.mktemp("notes") / "examples.db"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(noted_db, tmp_path) -> str:
    copy = tmp_path / "copy.db"
    for suffix in ("", "-wal", "-shm"):  # SQLite in WAL mode: the log holds recent commits
        if Path(f"{noted_db}{suffix}").exists():
            shutil.copy(f"{noted_db}{suffix}", f"{copy}{suffix}")
    return str(copy)


def _story_with_quotes(cli, db) -> dict:
    rows = [json.loads(x) for x in cli("stories", "--json", "--db", db).output.splitlines()]
    for row in sorted(rows, key=lambda r: -r["size"]):
        view = json.loads(cli("story", row["id"], "-f", "json", "--db", db).output)
        if view.get("quotes"):
            return view
    pytest.skip("no story with quotes in the example corpus")


def test_note_on_a_quote_shows_in_every_view_and_survives_rebuild(cli, db):
    view = _story_with_quotes(cli, db)
    quote = view["quotes"][0]
    result = cli("note", view["id"], f"Confirmed by phone {XSS}", "--on", "quote",
                 quote["key"][:5], "--mark", "checked", "--author", "[bold]Ana[/]",
                 "--db", db)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"quote:{quote['key']}" in result.output and "[checked]" in result.output
    cli("note", view["id"], "Wire copy, not an eyewitness", "--on", "article",
        view["article_list"][0]["id"], "--mark", "disputed", "--db", db)  # fmt: skip
    listed = cli("notes", view["id"], "--db", db).output
    assert XSS in listed and "[bold]Ana[/]" in listed  # shown as typed, not as markup
    shown = cli("story", view["id"], "--db", db).output
    assert "✓ checked" in shown and "✗ disputed" in shown and "Analyst notes" in shown

    before = json.loads(cli("story", view["id"], "-f", "json", "--db", db).output)
    noted = next(q for q in before["quotes"] if q["key"] == quote["key"])
    assert noted["mark"] == "checked" and len(before["notes"]) == 2

    assert cli("rebuild", "--db", db).exit_code == 0
    rows = [json.loads(x) for x in cli("stories", "--json", "--db", db).output.splitlines()]
    after = [json.loads(cli("story", r["id"], "-f", "json", "--db", db).output) for r in rows]
    holder = next(s for s in after if s.get("notes"))
    assert {n["text"] for n in holder["notes"]} == {n["text"] for n in before["notes"]}
    assert any(q.get("mark") == "checked" and q["key"] == quote["key"] for q in holder["quotes"])


def test_notes_are_in_the_export_and_follow_its_schema(cli, db, tmp_path):
    view = _story_with_quotes(cli, db)
    cli("note", view["id"], "Figures need a second source", "--author", "Desk", "--db", db)
    out = tmp_path / "export.json"
    assert cli("export", "--out", out, "--db", db).exit_code == 0
    document = json.loads(out.read_text())
    jsonschema.validate(document, SCHEMA)
    story = next(s for s in document["stories"] if s.get("notes"))
    [note] = story["notes"]
    assert set(note) >= {"id", "on", "text", "author", "created"}
    assert note["on"] == "story" and note["author"] == "Desk"


def test_bad_notes_are_one_line_errors(cli, db):
    view = _story_with_quotes(cli, db)
    for args in (
        ("--on", "quote", "ffffffffffff"),
        ("--on", "article", "99999"),
        ("--on", "rumour", "1"),
        ("--mark", "checked"),
    ):
        result = cli("note", view["id"], "text", *args, "--db", db)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, args
    too_long = cli("note", view["id"], "x" * (MAX_TEXT + 1), "--db", db)
    assert too_long.exit_code == 1 and "too long" in too_long.output
    assert "no story" in cli("note", "987654", "text", "--db", db).output


# -- web -------------------------------------------------------------------------------------
def _client(db: str, token: str | None = TOKEN) -> TestClient:
    from storyline.web import create_app

    return TestClient(create_app(db=db, token=token), follow_redirects=False)


def test_web_form_adds_a_note_behind_the_token_and_escapes_it(cli, db):
    view = _story_with_quotes(cli, db)
    quote = view["quotes"][0]
    client = _client(db)
    page = client.get(f"/stories/{view['id']}").text
    assert 'action="/stories/' in page and 'name="token"' in page
    form = {"on": f"quote:{quote['key']}", "text": XSS, "mark": "disputed", "author": "Web"}
    assert client.post(f"/stories/{view['id']}/notes", data=form).status_code == 401
    assert client.post(f"/stories/{view['id']}/notes",
                       data={**form, "token": "wrong"}).status_code == 401  # fmt: skip
    added = client.post(f"/stories/{view['id']}/notes", data={**form, "token": TOKEN})
    assert added.status_code == 303 and added.headers["location"].endswith("#notes")
    page = client.get(f"/stories/{view['id']}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "onerror=alert(1)>" not in page
    assert "✗ disputed" in page
    twin = client.get(f"/stories/{view['id']}.json").json()
    assert twin["notes"][-1]["text"] == XSS
    assert next(q for q in twin["quotes"] if q["key"] == quote["key"])["mark"] == "disputed"
    too_long = client.post(f"/stories/{view['id']}/notes",
                           data={"text": "x" * (MAX_TEXT + 1), "token": TOKEN})  # fmt: skip
    assert too_long.status_code == 422 and "too long" in too_long.text


def test_web_json_endpoint_and_read_only_server(cli, db):
    view = _story_with_quotes(cli, db)
    client = _client(db)
    url = f"/api/stories/{view['id']}/notes"
    assert client.post(url, json={"text": "x"}).status_code == 401
    ok = client.post(url, json={"text": "Checked the date", "on": "story"},
                     headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert ok.status_code == 201 and ok.json()["on"] == "story"
    read_only = _client(db, token=None)
    assert read_only.post(url, json={"text": "x"}).status_code == 403
    assert read_only.post(f"/stories/{view['id']}/notes", data={"text": "x"}).status_code == 403
    page = read_only.get(f"/stories/{view['id']}").text
    assert 'name="token"' not in page and "Checked the date" in page


def test_a_note_on_an_article_shows_on_the_article_too(cli, db):
    view = _story_with_quotes(cli, db)
    article = view["article_list"][0]["id"]
    cli("note", view["id"], f"Syndicated copy {XSS}", "--on", "article", article,
        "--mark", "disputed", "--db", db)  # fmt: skip
    shown = cli("article", article, "--db", db).output
    assert "✗ disputed" in shown and f"Syndicated copy {XSS}" in shown
    record = json.loads(cli("article", article, "--json", "--db", db).output)
    assert record["mark"] == "disputed" and record["notes"][0]["on"] == f"article:{record['key']}"
    page = _client(db, token=None).get(f"/articles/{article}").text
    assert "✗ disputed" in page and "&lt;script&gt;" in page and "<script>alert" not in page
