"""The command line, end to end on the example corpus and on bad inputs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, ROOT, SHARED_CORPUS, require_path

SCHEMA = json.loads((ROOT / "storyline/schema/export-1.json").read_text())


@pytest.fixture
def example_db(cli, db):
    result = cli("ingest", EXAMPLES, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_ingest_examples_then_again_adds_nothing(cli, example_db):
    again = cli("ingest", EXAMPLES, "--db", example_db)
    assert "0 new" in again.output and "0 failed" in again.output


def test_examples_ingest_every_page_once(cli, example_db):
    records = [
        json.loads(line)
        for line in cli("export", "-f", "jsonl", "--db", example_db).output.splitlines()
    ]
    assert len(records) == 15
    assert all(r["title"] and r["text"] for r in records)
    by_ref = {r["ref"]: r for r in records}
    inline = by_ref["eastgate-gazette-parliament"]
    assert inline["outlet"] == "Eastgate Gazette" and inline["published"].startswith("2026-03-16")
    assert all(r["language"] == "en" for r in records)
    # the dump that repeats its own body keeps it once
    day_three = by_ref["valley-courier-day-three"]
    first_paragraph = day_three["text"].split("\n\n")[0]
    assert day_three["text"].count(first_paragraph) == 1


def test_export_json_matches_schema(cli, example_db, tmp_path):
    out = tmp_path / "export.json"
    result = cli("export", "--format", "json", "--out", out, "--db", example_db)
    assert result.exit_code == 0
    document = json.loads(out.read_text())
    jsonschema.validate(document, SCHEMA)
    assert document["schema"] == "storyline/export/1"
    assert len(document["articles"]) == 15


def test_export_csv_has_a_row_per_article(cli, example_db):
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv", "--db", example_db).output)))
    assert len(rows) == 15
    assert {"id", "outlet", "title", "text"} <= set(rows[0])


def test_article_shows_text_metadata_and_removed_furniture(cli, example_db):
    listing = cli("articles", "--json", "--db", example_db).output.splitlines()
    newspulse = next(json.loads(x) for x in listing if "newspulse" in json.loads(x)["ref"])
    shown = cli("article", str(newspulse["id"]), "--db", example_db).output
    assert "NewsPulse" in shown
    assert "removed as furniture" in shown
    record = json.loads(cli("article", str(newspulse["id"]), "--json", "--db", example_db).output)
    reasons = {r["reason"] for r in record["removed"]}
    assert reasons, "the aggregator page has furniture to audit"
    assert "Related Articles" not in record["text"]
    assert "Download the" not in record["text"]


def test_search_finds_the_story(cli, example_db):
    out = cli("search", "Korvel dam", "--db", example_db).output
    assert "Korvel" in out
    assert "no matches" in cli("search", "zzzunlikelyword", "--db", example_db).output


def test_bad_inputs_are_reported_one_line_each_and_the_batch_goes_on(cli, db, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Ferry service resumes\n"
        "The ferry between Port Adrin and Hessel resumed service on Monday after repairs to "
        "the landing stage were finished ahead of schedule, the operator said.\n"
        "Passengers had used a bus link for three weeks while divers replaced the pilings.\n"
    )
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "bad.jsonl").write_text(
        '{"body": "A short clean article about the ferry timetable."}\n'
        'not json\n{"title": "no content"}\n'
    )
    crawl = (EXAMPLES / "crawl.warc.gz").read_bytes()
    (folder / "truncated.warc.gz").write_bytes(crawl[: len(crawl) * 2 // 3])
    result = cli("ingest", folder, "--db", db)
    assert result.exit_code == 0
    assert "3 new" in result.output  # one WARC record precedes the cut
    lines = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert any("empty.html" in line and "empty" in line for line in lines)
    assert any("binary.html" in line and "binary" in line for line in lines)
    assert any("bad.jsonl" in line and "line 2" in line for line in lines)
    assert any("bad.jsonl" in line and "line 3" in line for line in lines)
    assert any("truncated.warc.gz" in line for line in lines)
    assert "empty.html" in cli("failures", "--db", db).output


def test_ingest_from_stdin(cli, db):
    page = (
        "<html><head><title>Harbour crane toppled</title></head><body><article>"
        + "".join(
            f"<p>A harbour crane toppled in high winds on pier {i}, the port authority said, "
            "and nobody was hurt when it fell across the empty quay.</p>"
            for i in range(4)
        )
        + "</article></body></html>"
    )
    result = cli("ingest", "-", "--db", db, input=page)
    assert "1 new" in result.output


def test_extract_prints_or_writes_clean_bodies(cli, tmp_path):
    dump = EXAMPLES / "dumps" / "newspulse-flood-emergency.txt"
    page = EXAMPLES / "pages" / "northern-ledger-korvel-dam.html"
    printed = cli("extract", dump).output
    assert "Related Articles" not in printed and len(printed.split()) > 150
    out_dir = tmp_path / "clean"
    result = cli("extract", dump, page, "--out-dir", out_dir)
    assert result.exit_code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "newspulse-flood-emergency.txt",
        "northern-ledger-korvel-dam.txt",
    ]


def test_extract_reports_a_bad_file_and_continues(cli, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"")
    good = EXAMPLES / "pages" / "harbor-times-korvel-dam.html"
    result = cli("extract", bad, good, "--out-dir", tmp_path / "out")
    assert result.exit_code == 1
    assert (tmp_path / "out" / "harbor-times-korvel-dam.txt").exists()


def test_eval_extraction_prints_the_benchmark_scores(cli):
    aeb = require_path(SHARED_CORPUS / "aeb-dev")
    out = cli(
        "eval",
        "extraction",
        "--gold",
        aeb / "ground-truth.json",
        "--pages",
        aeb / "text",
        "--mode",
        "text",
    ).output
    f1 = float(out.split("F1")[1].split()[0])
    assert f1 >= 0.90, out


def test_help_explains_every_command(cli):
    out = cli("--help").output
    for command in ("ingest", "extract", "articles", "article", "search", "export", "eval"):
        assert command in out
    assert "idempotent" in cli("ingest", "--help").output


def test_db_from_environment(tmp_path, monkeypatch, cli):
    path = tmp_path / "env.db"
    monkeypatch.setenv("STORYLINE_DB", str(path))
    cli("ingest", EXAMPLES / "dumps")
    assert path.exists()
    assert Path(path).stat().st_size > 0
