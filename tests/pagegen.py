"""Synthetic but readable fictional page dumps for tests that need many distinct pages."""

from __future__ import annotations

import random
from pathlib import Path

PLACES = ["Corvane", "Ostrava Lake", "Melnik Valley", "Port Adrin", "Hessel", "Dravik"]
PEOPLE = ["Mara Velk", "Tomas Ardel", "Ines Korvath", "Piet Lannoy", "Rhea Sandor"]
VERBS = ["inspected", "reopened", "closed", "surveyed", "funded", "rebuilt", "evacuated"]
THINGS = [
    "the spillway",
    "the river crossing",
    "the old mill road",
    "the north levee",
    "the rail bridge",
    "the water treatment plant",
    "three schools",
]
FURNITURE = [
    "Related Articles",
    "Storm season: what to expect",
    "Council budget explained",
    "Comments",
    "No comments yet...",
    "Download the app",
]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(PEOPLE)} said crews {rng.choice(VERBS)} {rng.choice(THINGS)} near "
        f"{rng.choice(PLACES)} on day {rng.randint(1, 28)}, and that {rng.randint(2, 900)} "
        f"residents were affected by the work."
    )


def page_dump(i: int) -> str:
    rng = random.Random(i)
    title = f"Update {i}: {rng.choice(PLACES)} works continue"
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(5)]
    return "\n".join(["Home", "News", "Weather", title, *paragraphs, *FURNITURE]) + "\n"


def write_dumps(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"page-{i:05d}.txt").write_text(page_dump(i), encoding="utf-8")
    return folder
