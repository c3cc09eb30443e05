"""The PolNeAR quote scorer on a hand-written brat corpus (no corpus text copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.evaluate.quotes import report, run_quotes_eval, source_name, speaker_matches

TEXT = (
    "Rescue work in Orsk.\n\n"
    "\u201cWe will rebuild the bridge by June,\u201d Mayor Ilse Brandt said on Monday.\n\n"
    "Brandt said the tram line would reopen in July after repairs.\n\n"
    "He believes the council will approve the money."
)


def _span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _write(root: Path) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "art_one.txt").write_text(TEXT, encoding="utf-8")
    rows = []
    n = 0

    def rel(source: str, cue: str, content: str) -> None:
        nonlocal n
        ids = []
        for label, needle in (("Source", source), ("Cue", cue), ("Content", content)):
            n += 1
            a, b = _span(needle)
            rows.append(f"T{n}\t{label} {a} {b}\t{needle}")
            ids.append(f"T{n}")
        rows.append(f"E{n}\tAttribution:T{n} Source:{ids[0]} Cue:{ids[1]} Content:{ids[2]}")

    rel("Mayor Ilse Brandt", "said", "\u201cWe will rebuild the bridge by June,\u201d")
    rel("Brandt", "said", "the tram line would reopen in July after repairs")
    rel("He", "believes", "the council will approve the money")
    (root / "attributions" / "art_one_ab12.ann").write_text("\n".join(rows) + "\n")
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tannotators\tpublication_date\ntrain\tart_one\tab12\t2031-05-20\n"
    )


def test_source_names_and_matching() -> None:
    assert source_name("White House spokesman Josh Earnest") == "Josh Earnest"
    assert source_name("Secretary of State Ana Ruiz (D)") == "Secretary of State Ana Ruiz"
    assert source_name("the spokesman") is None
    assert source_name("He") is None
    assert source_name("Trump's aides") is None
    assert speaker_matches("Ilse Brandt", "Brandt")
    assert speaker_matches("Ana Ruiz", "Secretary of State Ana Ruiz")
    assert not speaker_matches("Hillary Brandt", "Bill Brandt")
    assert not speaker_matches("Orsk", "Brandt")
    # a person "of" a place is matched by the full name alone; an institution is not
    assert speaker_matches("Dana Orlo", "Dana Orlo of Millbrook")
    assert speaker_matches("Orlo", "Sen. Dana Orlo of Millbrook")
    assert speaker_matches("Ana Ruiz", "Former Secretary of State Ana Ruiz")
    assert not speaker_matches("Department", "Department of Justice")
    assert not speaker_matches("Millbrook", "Dana Orlo of Millbrook")
    # a digest's headline in capitals is not a name
    assert source_name("WHY THE RIVER ROSE SO FAST") is None
    assert source_name("DANA ORLO") == "DANA ORLO"


def test_scores_on_a_small_corpus(tmp_path: Path) -> None:
    _write(tmp_path)
    scores = run_quotes_eval(tmp_path)
    assert (scores.gold_direct, scores.found_direct) == (1, 1)
    assert (scores.named_found, scores.named_right, scores.named_wrong) == (1, 1, 0)
    # "believes" is an attribution but not speech: only the "said" content is in the base
    assert (scores.gold_indirect, scores.recalled_indirect) == (1, 1)
    assert scores.indirect_precision == 1.0
    assert any("direct quotes found: 1/1" in line for line in report(scores))


POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "polnear-train"


def test_polnear_sample_meets_the_issue_targets() -> None:
    if not POLNEAR.exists():
        if os.environ.get("STORYLINE_REQUIRE_ALL"):
            pytest.fail(f"{POLNEAR} is missing")
        pytest.skip("PolNeAR corpus not present")
    scores = run_quotes_eval(POLNEAR, limit=40)
    assert scores.wrong_name <= 0.05
    assert scores.indirect_recall >= 0.5 and scores.indirect_precision >= 0.85
