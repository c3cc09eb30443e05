"""Related stories are a function of the stored state: an ingest interrupted after half of
its pages and run again ends with the same related lists as one uninterrupted run (the
lists used to depend on where the commits fell)."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED_CORPUS, require_path

from storyline.ingest import ingest
from storyline.store.db import Store

DOCS = 300


def _manifest(path, docs) -> str:
    with open(path, "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"body": doc["text"], "title": doc["title"] or None,
                                  "id": doc["id"]}) + "\n")  # fmt: skip
    return str(path)


def _related(cli, db) -> dict[int, list[int]]:
    out = cli("stories", "--json", "--limit", "100000", "--db", db).output
    return {row["id"]: row["related"] for row in map(json.loads, out.splitlines())}


@pytest.mark.slow
def test_interrupted_and_resumed_ingest_has_the_same_related_stories(cli, tmp_path):
    source = require_path(SHARED_CORPUS / "ecbplus-dev" / "docs.jsonl")
    docs = [json.loads(line) for line in source.read_text().splitlines()[:DOCS]]
    everything = _manifest(tmp_path / "all.jsonl", docs)
    first_half = _manifest(tmp_path / "half.jsonl", docs[: DOCS // 2])

    whole = str(tmp_path / "whole.db")
    assert cli("ingest", everything, "--db", whole, "--no-facts").exit_code == 0

    resumed = str(tmp_path / "resumed.db")
    store = Store.open(resumed)  # the first half committed, then the process died
    ingest([first_half], store, facts=False)
    store.close()
    assert cli("ingest", everything, "--db", resumed, "--no-facts").exit_code == 0

    expected, found = _related(cli, whole), _related(cli, resumed)
    assert set(found) == set(expected)
    assert sum(1 for r in expected.values() if r) > 10  # the corpus has related stories
    assert {s: r for s, r in found.items() if r != expected[s]} == {}
