"""The story's timeline: merged events in the order they happen, each with its sources.

The event's date and the date it was reported are kept apart: an article of 29 May saying
talks will be held on 2 June gives an event dated 2 June, first reported on 29 May by that
article. Events come from ``merge_facts`` (one entry per event reported by several articles).
"""

from __future__ import annotations

from storyline.annotate import StoryFacts

from .records import TimelineItem

_GRANULARITY = {"year": 0, "month": 1, "week": 2, "day": 3}


def build_timeline(
    facts: StoryFacts,
    published: dict[str, str | None],
    order: dict[str, tuple[str, int]],
    labels: dict[str, str] | None = None,
) -> tuple[TimelineItem, ...]:
    """Timeline items sorted by event date (coarser dates first), then by first report.
    An outlet announcing its own coverage ("Tarnovets Today will update this story") is not
    an event of the story and is left out."""
    labels = labels or {}
    items = []
    for entry in facts.timeline:
        sources = tuple(sorted((s for s in entry.sources if s in order), key=lambda a: order[a]))
        if not sources or _about_itself(entry.text, [labels.get(s, "") for s in sources]):
            continue
        first = sources[0]
        reported = published.get(first)
        items.append(
            TimelineItem(
                date=entry.date,
                granularity=entry.granularity,
                text=entry.text,
                sources=sources,
                first=first,
                reported=reported[:10] if reported else None,
            )
        )
    items.sort(key=lambda t: (t.date, _GRANULARITY.get(t.granularity, 9), t.reported or "", t.text))
    return tuple(items)


def _about_itself(text: str, outlets: list[str]) -> bool:
    head = text.removeprefix("The ").removeprefix("the ")
    return any(o and len(o) > 3 and head.startswith(o.removeprefix("The ")) for o in outlets)
