"""`storyline eval dates`: the TimeML reader and scorer on a hand-written document."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.evaluate.dates import read_timeml, report_lines, run_timeml

# ruff: noqa: E501  (a TimeML document keeps its markup on long lines)

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>INVENTED-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-03-13" functionInDocument="CREATION_TIME">20310313</TIMEX3></DCT>
<TEXT>
The Orsk council <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2031-03-12">Wednesday</TIMEX3> that the dam would reopen in <TIMEX3 tid="t2" type="DATE" value="2031-12">December</TIMEX3>. It was built in <TIMEX3 tid="t3" type="DATE" value="1968">1968</TIMEX3> &amp; repaired <TIMEX3 tid="t4" type="DATE" value="PAST_REF">recently</TIMEX3>. Repairs took <TIMEX3 tid="t5" type="DURATION" value="P3M">three months</TIMEX3> and ended <TIMEX3 tid="t6" type="DATE" value="2031-W09">the week of Feb. 24</TIMEX3>.
Inspectors had warned <TIMEX3 tid="t7" type="DATE" value="2030-03-13" anchorTimeID="t0">a year ago</TIMEX3>. The council met <TIMEX3 tid="t8" type="DATE" value="2031-03-04" anchorTimeID="t0">Tuesday</TIMEX3>. A flood in <TIMEX3 tid="t9" type="DATE" value="1975-06">1975</TIMEX3> closed it.
Costs rose over <TIMEX3 tid="t10" type="DATE" value="2030" anchorTimeID="t0">the past year</TIMEX3>, and in <TIMEX3 tid="t11" type="DATE" value="2030-06" anchorTimeID="t0">July last year</TIMEX3> the lock failed; profit fell in <TIMEX3 tid="t12" type="DATE" value="2030-Q4">the fourth quarter</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_reads_expressible_dates_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "invented.tml"
    path.write_text(DOC, encoding="utf-8")
    doc = read_timeml(path)
    assert doc.created == "2031-03-13"
    assert [(d.text, d.value) for d in doc.dates] == [
        ("Wednesday", "2031-03-12"),
        ("December", "2031-12"),
        ("1968", "1968"),
        ("the week of Feb. 24", "2031-W09"),
        ("a year ago", "2030-03-13"),
        ("Tuesday", "2031-03-04"),
        ("1975", "1975-06"),
        ("the past year", "2030"),
        ("July last year", "2030-06"),
    ]  # PAST_REF, the quarter and the duration are not expressible dates
    assert doc.inexpressible == ("PAST_REF", "2030-Q4")
    for d in doc.dates:
        assert doc.text[d.start : d.end] == d.text
    assert "&amp;" not in doc.text


def test_scores_found_and_value_right(tmp_path: Path) -> None:
    path = tmp_path / "invented.tml"
    path.write_text(DOC, encoding="utf-8")
    score = run_timeml([path])
    # "Tuesday" valued nine days before its anchor is left out: a weekday reaches a week
    assert score.inconsistent == 1
    # "July last year" annotated as June contradicts its own words: left out too
    assert score.contradicting == 1
    assert score.inexpressible == {"PRESENT/PAST/FUTURE_REF": 1, "quarter, half or season": 1}
    assert score.gold == 7
    # "over the past year" is a duration to storyline, kept without a value: silent, a miss
    # of recall and not a wrong value
    assert score.silent == 1
    assert score.found == 6  # "Feb. 24" overlaps the week expression
    # exact: "Wednesday", "December", "1968"; lenient also: the day inside the annotated week
    # (the gold's granularity) and "a year ago" resolved to its own unit
    assert score.exact == 3 and score.exact_rate == 0.5
    assert score.right == 5
    assert sorted((m.kind, m.gold) for m in score.misses) == [
        ("granularity", "2030-03-13"),
        ("granularity", "2031-W09"),
        ("left out: contradicts its own words", "2030-06"),
        ("left out: weekday over a week from its anchor", "2031-03-04"),
        ("silent", "2030"),
        ("wrong", "1975-06"),  # an absolute year is compared exactly: words were lost
    ]


def test_report_puts_the_exact_rate_first(tmp_path: Path) -> None:
    path = tmp_path / "invented.tml"
    path.write_text(DOC, encoding="utf-8")
    lines = report_lines(run_timeml([path]), misses=1)
    assert lines[0].startswith("[")  # one miss with its kind
    assert lines[1].startswith("value right (exact) 0.5000 of found (3/6)")
    assert lines[2].startswith("lenient 0.8333")
    assert "silent (found, kept without a value) 1" in lines[3]
    assert "contradicting the year or month they name 1" in lines[3]


TIMEBANK = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timebank"


@pytest.mark.skipif(
    not TIMEBANK.exists() and not os.environ.get("STORYLINE_REQUIRE_ALL"),
    reason="shared TimeBank corpus not present",
)
def test_timebank_sample_reads() -> None:
    files = sorted(TIMEBANK.rglob("*.tml"))[:5]
    score = run_timeml(files)
    assert score.documents == 5 and score.gold > 0
    assert score.found_rate > 0.8
