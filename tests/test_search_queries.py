"""Search queries as users type them: OR between alternatives, phrases, a hint on nothing."""

from __future__ import annotations

import re

import pytest

from storyline.store.query import merge_hits, or_alternatives

PAGES = {
    "peskov.txt": "Kremlin reply\nDmitry Peskov told reporters on Monday that the talks in "
    "Geneva would continue next week, and that no date had been set for a summit.\n",
    "lavrov.txt": "Minister abroad\nSergey Lavrov arrived in Ankara on Tuesday for talks on "
    "grain shipments across the Black Sea, the foreign ministry said in a statement.\n",
    "weather.txt": "Storm warning\nForecasters warned of heavy rain across the northern "
    "coast on Wednesday, with winds strong enough to close the harbour for a day.\n",
}


@pytest.fixture(scope="module")
def search_db(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    from storyline.cli import app

    folder = tmp_path_factory.mktemp("search")
    for name, text in PAGES.items():
        (folder / name).write_text(text)
    db = str(folder / "s.db")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--no-facts"])
    assert result.exit_code == 0 and "3 new" in result.output, result.output
    return db


def test_or_alternatives_split_outside_quotes_only():
    assert or_alternatives("Peskov OR Lavrov") == ["Peskov", "Lavrov"]
    assert or_alternatives('"grain OR deal" OR Odesa') == ['"grain OR deal"', "Odesa"]
    assert or_alternatives("OREGON or ORE") == ["OREGON or ORE"]  # OR is upper case, alone
    assert or_alternatives("OR") == []


def test_merge_interleaves_and_keeps_each_article_once():
    class Hit:
        def __init__(self, id):
            self.id = id

    merged = merge_hits([[Hit(1), Hit(2), Hit(3)], [Hit(2), Hit(9)]], 4)
    assert [h.id for h in merged] == [1, 2, 9, 3]


def _found(cli, db: str, query: str) -> set[str]:
    """The pages (by file name) the CLI's result table lists."""
    out = cli("search", query, "--db", db).output
    ids = {int(m) for m in re.findall(r"^│ (\d+) +│", out, re.M)}
    names = {}
    for line in cli("articles", "--json", "--db", db).output.splitlines():
        record = __import__("json").loads(line)
        names[record["id"]] = record["ref"].rsplit("/", 1)[-1]
    return {names[i] for i in ids}


def test_or_finds_either(cli, search_db):
    assert _found(cli, search_db, "Peskov OR Lavrov") == {"peskov.txt", "lavrov.txt"}
    assert _found(cli, search_db, "Geneva Peskov OR Lavrov Ankara") == {
        "peskov.txt", "lavrov.txt"}  # fmt: skip
    assert _found(cli, search_db, "Peskov Ankara OR rain") == {"weather.txt"}


def test_phrases_match_words_in_order(cli, search_db):
    assert _found(cli, search_db, '"grain shipments"') == {"lavrov.txt"}
    assert "no matches" in cli("search", '"shipments grain"', "--db", search_db).output


def test_no_matches_says_how_queries_work(cli, search_db):
    out = " ".join(cli("search", "Shoigu", "--db", search_db).output.split())
    assert "no matches" in out and "OR between alternatives" in out and "quoted phrase" in out


def test_web_search_or_and_hint(search_db):
    from fastapi.testclient import TestClient

    from storyline.web import create_app

    client = TestClient(create_app(db=search_db))
    page = client.get("/search", params={"q": "Peskov OR Lavrov"}).text
    assert "Dmitry" in page and "Sergey" in page and "Forecasters" not in page
    assert "How queries work" in client.get("/search", params={"q": "Shoigu"}).text
