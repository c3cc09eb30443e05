# ruff: noqa: E501  (the pages are prose, one paragraph a line)
"""Facts in the export, origins consistent with lineage in every view, sources named from
the page, and search across spellings: end to end on three pages written for this test.

The Harwick wire story (its dateline names the agency, CPA) is republished in part by an
outlet-less aggregator page that spells the president "Marenkov" where the wire writes
"Marenkoff"; a third page reports on its own.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import ROOT

SCHEMA = json.loads((ROOT / "storyline/schema/export-1.json").read_text())

WIRE = """Harwick floods: thousands leave the Dorn valley

HARWICK, Velmaria, April 14 (CPA) — President Ilya Marenkoff said on Tuesday that 4,200 people had been moved out of the Dorn valley after the river broke its banks at three of the province's five main levees.

"We will rebuild every levee before the autumn rains," Marenkoff told reporters in Harwick.

The regional emergency service said dozens of boats were searching flooded villages and that 12 shelters had opened in schools.

Rescue teams worked for two hours overnight to reach the village of Osk, where the two sides of the river were cut off. Officials said the clean-up would take about two weeks.

The Dorn valley, home to about 60,000 people, was last flooded in 1998. Marenkoff's government has promised 40 million crowns in emergency aid.
"""

AGGREGATOR = """Velmaria floods: what we know

President Ilya Marenkov said on Tuesday that 4,200 people had been moved out of the Dorn valley after the river broke its banks at three of the province's five main levees.

"We will rebuild every levee before the autumn rains," Marenkov told reporters in Harwick.

The regional emergency service said dozens of boats were searching flooded villages and that 12 shelters had opened in schools.

Readers in the valley told us that roads to the north remained closed on Wednesday and that the bus service to Harwick had been cut.
"""

OWN = """Dorn valley residents count the cost

Farmers in the Dorn valley said on Wednesday that the flood had destroyed 300 hectares of barley and drowned 90 sheep near Osk.

The regional emergency service said 4,000 people had been moved out of the valley.

"We lost everything in one night," said Tomas Brell, who farms near Osk.
"""


@pytest.fixture(scope="module")
def store_db(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    from storyline.cli import app

    folder = tmp_path_factory.mktemp("pages")
    manifest = []
    for name, text, published in (
        ("wire.txt", WIRE, "2031-04-14"),
        ("aggregator.txt", AGGREGATOR, "2031-04-15"),
        ("own.txt", OWN, "2031-04-15"),
    ):
        (folder / name).write_text(text)
        manifest.append({"path": name, "published": published})
    (folder / "manifest.jsonl").write_text("\n".join(json.dumps(m) for m in manifest) + "\n")
    db = str(folder / "test.db")
    result = CliRunner().invoke(app, ["ingest", str(folder / "manifest.jsonl"), "--db", db])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def document(store_db, tmp_path_factory) -> dict:
    from typer.testing import CliRunner

    from storyline.cli import app

    out = tmp_path_factory.mktemp("export") / "export.json"
    result = CliRunner().invoke(
        app, ["export", "--format", "json", "--out", str(out), "--db", store_db]
    )
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text())


def test_export_carries_facts_whose_offsets_point_into_the_text(document):
    jsonschema.validate(document, SCHEMA)
    wire = next(a for a in document["articles"] if a["text"].startswith("HARWICK"))
    facts = wire["facts"]
    for kind in ("quotes", "dates", "figures", "entities"):
        assert facts[kind], kind
        for fact in facts[kind]:
            assert wire["text"][fact["start"] : fact["end"]] == fact["text"], (kind, fact)
    quote = next(q for q in facts["quotes"] if "rebuild every levee" in q["text"])
    assert {"speaker", "kind"} <= set(quote)
    assert all({"value", "granularity"} <= set(d) for d in facts["dates"])
    figures = {f["text"]: f for f in facts["figures"]}
    assert figures["4,200 people"]["value"] == 4200
    boats = next(f for t, f in figures.items() if "boats" in t)
    assert boats["value"] is None and boats["low"] and boats["high"]  # vague: a range
    levees = next(f for t, f in figures.items() if "levees" in t)
    assert (levees["value"], levees["whole"]) == (3, 5)
    # durations and fixed phrases are not figures
    assert not [t for t in figures if "hours" in t or "weeks" in t or "sides" in t]


def _story(document) -> dict:
    (story,) = [s for s in document["stories"] if len(s["articles"]) >= 2]
    return story


def test_shared_wire_copy_is_one_origin_in_every_view(document, store_db, cli):
    story = _story(document)
    ids = {a["text"].split(" ")[0]: a["id"] for a in document["articles"]}
    wire, aggregator = ids["HARWICK,"], ids["President"]
    cov = story["coverage"]
    groups = story["lineage"]
    assert cov["origins"] == len(groups) == len(cov["lineage"]) < len(story["articles"])
    (wire_group,) = [g for g in groups if g["origin"] == wire]
    assert aggregator in {c["article"] for c in wire_group["copies"]}
    terminal = cli("story", story["id"], "--db", store_db).output
    assert f"{cov['origins']} independent origins" in " ".join(terminal.split())
    assert "republished by" in terminal
    markdown = cli("story", story["id"], "--format", "md", "--db", store_db).output
    assert f"{cov['origins']} independent origins" in markdown
    assert "republished by" in markdown


def test_sources_are_named_from_the_page_never_by_number(document, store_db, cli):
    story = _story(document)
    outlets = {o["outlet"] for o in story["coverage"]["outlets"]}
    assert "CPA" in outlets  # the agency in the wire copy's dateline
    assert "Velmaria floods: what we know" in outlets  # no outlet, no agency: its headline
    assert not [o for o in outlets if re.fullmatch(r"#?\d+", o)]
    terminal = cli("story", story["id"], "--db", store_db).output
    assert not re.search(r"(?m)^• \d+: ", terminal)


def test_spellings_are_names_used_not_disagreements(document):
    story = _story(document)
    assert not [d for d in story["disagreements"] if d["kind"] == "name"]
    spellings = [{i["text"] for i in d["items"]} for d in story["names_used"]]
    assert any({"Ilya Marenkoff", "Ilya Marenkov"} <= s for s in spellings), spellings


def test_search_finds_every_spelling_and_says_so(store_db, cli):
    out = cli("search", "Marenkoff", "--db", store_db).output
    assert "marenkov" in out.lower() and "also searched" in out
    assert "Velmaria floods" in " ".join(out.split()) or "what we know" in out
    exact = cli("search", '"Marenkoff"', "--db", store_db).output
    assert "also searched" not in exact


def test_generic_institutions_of_different_countries_stay_apart():
    from storyline.annotate import Canonicaliser

    canon = Canonicaliser()
    ours = canon.add("Defence Ministry", "ORG", source="a")
    theirs = canon.add("Defense Ministry", "ORG", source="b")
    assert ours != theirs
    assert canon.add("Defence Ministry", "ORG", source="a") == ours  # same article, same one
    russian = canon.add("Russian Foreign Ministry", "ORG", source="a")
    assert canon.add("Turkish Foreign Ministry", "ORG", source="b") != russian
    assert canon.add("Russian Foreign Ministry", "ORG", source="b") == russian
