"""A brief must not depend on Python's hash seed: the same story gives the same brief in
every process (Spark workers, ``--workers``, a re-run tomorrow).

Sets of words and facts iterate in an order that follows ``PYTHONHASHSEED``; a float sum
over one is rounded differently from one order to the next, and a score a rounding error
either side of a threshold or of another score changed which sentences a brief showed (an
outlet's exclusives came and went). Each case builds one small hand-written story's brief in
fresh interpreters under several hash seeds and compares what they print: the brief as
exported, and the scores it was chosen by (to the last bit, so that a difference too small
to change this story's brief still shows).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HASH_SEEDS = ("0", "1", "2", "5", "11")

# Fictional: four outlets on a bridge closure, one wire copy, figures, dates and speakers.
_SCRIPT = r"""
import json
from storyline.annotate import annotate
from storyline.brief import BriefArticle, BriefInput, Briefing
from storyline.reuse import ReuseLink

TEXTS = [
    ("w1", "Wire Desk", "2031-05-04",
     "Engineers closed the Korsvik river bridge on Monday after inspectors found 14 cracked "
     "girders beneath the eastern span, city officials said.\n\n"
     "About 38,000 vehicles cross the bridge every day, according to the transport office.\n\n"
     "\"We will not reopen it until every girder has been replaced,\" said Mayor Ilse Bruun."),
    ("w2", "Harbour Post", "2031-05-04",
     "Engineers closed the Korsvik river bridge on Monday after inspectors found 14 cracked "
     "girders beneath the eastern span, city officials said.\n\n"
     "About 38,000 vehicles cross the bridge every day, according to the transport office.\n\n"
     "\"We will not reopen it until every girder has been replaced,\" said Mayor Ilse Bruun."),
    ("h1", "Harbour Post", "2031-05-05",
     "Ferry operators added 6 extra crossings on Tuesday to carry commuters stranded by the "
     "closed Korsvik bridge, the harbour authority said.\n\n"
     "Inspectors had flagged corrosion on the eastern span in a report filed in March, the "
     "authority's chief engineer Tomas Lind told reporters.\n\n"
     "Repairs will cost an estimated 22 million crowns and take at least 9 weeks, Lind said."),
    ("v1", "Valley Courier", "2031-05-05",
     "The closure of the Korsvik bridge on Monday sent 38,000 daily drivers onto a detour "
     "through the old town, where traffic stood still for 3 hours on Tuesday.\n\n"
     "Shop owners on Mill Street said trade fell by half as delivery vans were turned away.\n\n"
     "Mayor Ilse Bruun said repairs would take at least 9 weeks and cost 22 million crowns."),
    ("n1", "North Ledger", "2031-05-06",
     "Inspectors found 14 cracked girders under the eastern span of the Korsvik bridge, which "
     "engineers closed on Monday, city officials said.\n\n"
     "A council committee will meet on Thursday to approve 22 million crowns for the repairs, "
     "councillor Aino Vesk said.\n\n"
     "School buses were rerouted through the northern ring road, adding 40 minutes to trips."),
    ("n2", "North Ledger", "2031-05-07",
     "The council approved 22 million crowns for the Korsvik bridge repairs on Thursday, "
     "councillor Aino Vesk said, after a debate of 4 hours.\n\n"
     "Steel for the 14 new girders will come from a mill in the south, Vesk said.\n\n"
     "Ferry operators will keep 6 extra crossings until the bridge reopens in July."),
]
articles = [
    BriefArticle(aid, None, outlet, day, None, text,
                 annotate(text, published=day, language="en"))
    for aid, outlet, day, text in TEXTS
]
links = [ReuseLink("w2", "w1", 1.0, 1.0, (), "w1", exact_duplicate=True)]
briefing = Briefing(BriefInput("bridge", articles, links))
s = briefing.summariser
print(json.dumps({
    "brief": briefing.brief().to_export(),
    "since": [x.to_export() for x in briefing.since("2031-05-05")],
    "neighbours": [sorted((v, sim.hex()) for v, sim in n.items())
                   for n in briefing.graph.neighbours],
    "relevance": sorted((u, float(r).hex()) for u, r in s.relevance.items()),
    "centrality": sorted((u, float(c).hex()) for u, c in s.centrality.items()),
    "gain": sorted((u.id, float(s._gain(u.id, set())).hex()) for u in briefing.graph.units),
}, sort_keys=True, ensure_ascii=False))
"""


def _run(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_brief_is_the_same_under_every_hash_seed() -> None:
    outputs = {seed: _run(seed) for seed in HASH_SEEDS}
    first = outputs[HASH_SEEDS[0]]
    assert '"summary": [{' in first  # the story has a brief to compare
    differing = [seed for seed, out in outputs.items() if out != first]
    assert not differing, f"brief or its scores differ under PYTHONHASHSEED={differing}"
