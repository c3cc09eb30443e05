"""The story's timeline: merged events in the order they happen, each with its sources.

The event's date and the date it was reported are kept apart: an article of 29 May saying
talks will be held on 2 June gives an event dated 2 June, first reported on 29 May by that
article. Events come from ``merge_facts`` (one entry per event reported by several articles).

Two lists are made from one set of entries:

- :func:`build_timeline` — every event, in date order (coarser dates first), the same
  sentence carried by several articles kept once, under the date its first reporter gives;
- :func:`default_timeline` — the short list a reader sees first: the events told by the most
  *independent* sources (wire copies count once), then the more precisely dated and the
  more recent, at most ``DEFAULT_LIMIT`` of them, back in date order. The full list stays
  one request away (``storyline story ID --all``, the web page's "full timeline", the
  export).
"""

from __future__ import annotations

import re
from datetime import date

from storyline.annotate import StoryFacts
from storyline.records import normalise_for_hash

from .origins import Origins
from .records import TimelineItem

_GRANULARITY = {"year": 0, "month": 1, "week": 2, "day": 3}
DEFAULT_LIMIT = 12
SAME_HAPPENING = 2
JACCARD = 0.15
"""Entries of a story's default timeline."""


def build_timeline(
    facts: StoryFacts,
    published: dict[str, str | None],
    order: dict[str, tuple[str, int]],
    labels: dict[str, str] | None = None,
    origins: Origins | None = None,
) -> tuple[TimelineItem, ...]:
    """Every timeline item, sorted by event date (coarser dates first), then by first
    report. An outlet announcing its own coverage ("Tarnovets Today will update this
    story") is not an event of the story and is left out. ``origins`` (the story's origin
    groups) lets each item count its independent sources; without it every article counts."""
    labels = labels or {}
    merged: dict[str, TimelineItem] = {}
    items: list[TimelineItem] = []
    for entry in facts.timeline:
        sources = tuple(sorted((s for s in entry.sources if s in order), key=lambda a: order[a]))
        if not sources or _about_itself(entry.text, [labels.get(s, "") for s in sources]):
            continue
        first = sources[0]
        reported = published.get(first)
        item = TimelineItem(
            date=entry.date,
            granularity=entry.granularity,
            text=entry.text,
            sources=sources,
            first=first,
            reported=reported[:10] if reported else None,
            actors=tuple(entry.actors),
            independent=_independent(sources, origins),
        )
        key = normalise_for_hash(entry.text)
        same = merged.get(key)
        if same is None:
            merged[key] = item
            items.append(item)
            continue
        # the same sentence under another date (wire copy resolved against another day):
        # one entry, dated as its first reporter dates it
        keep = same if order[same.sources[0]] <= order[first] else item
        union = tuple(sorted(set(same.sources) | set(sources), key=lambda a: order[a]))
        combined = TimelineItem(
            date=keep.date,
            granularity=keep.granularity,
            text=keep.text,
            sources=union,
            first=union[0],
            reported=keep.reported,
            actors=tuple(dict.fromkeys(same.actors + item.actors)),
            independent=_independent(union, origins),
        )
        items[items.index(same)] = combined
        merged[key] = combined
    items = _same_happening(items, order, origins)
    items.sort(key=lambda t: (t.date, _GRANULARITY.get(t.granularity, 9), t.reported or "", t.text))
    return tuple(items)


def _same_happening(
    items: list[TimelineItem], order: dict[str, tuple[str, int]], origins: Origins | None
) -> list[TimelineItem]:
    """Merge the items that tell one happening in different words: same day, and at least
    ``SAME_HAPPENING`` content words in common that are not the story's everyday words
    (those in over a third of its items: "Russia", "talks"). The entry kept is the one
    with most sources, then the first reported; it takes every source."""
    words = [_content_words(t.text) for t in items]
    frequency: dict[str, int] = {}
    for ws in words:
        for w in ws:
            frequency[w] = frequency.get(w, 0) + 1
    common = {w for w, n in frequency.items() if n > max(3, len(items) / 3)}
    rare = [ws - common for ws in words]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_day: dict[str, list[int]] = {}
    for i, t in enumerate(items):
        if t.granularity == "day":
            by_day.setdefault(t.date, []).append(i)
    for group in by_day.values():
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                shared = len(rare[i] & rare[j])
                union = len(rare[i] | rare[j]) or 1
                if shared >= SAME_HAPPENING and shared / union >= JACCARD:
                    parent[find(j)] = find(i)
    clusters: dict[int, list[TimelineItem]] = {}
    for i, t in enumerate(items):
        clusters.setdefault(find(i), []).append(t)
    out = []
    for members in clusters.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        head = min(members, key=lambda t: (-len(t.sources), order[t.sources[0]]))
        sources = tuple(sorted({s for t in members for s in t.sources}, key=lambda a: order[a]))
        out.append(
            TimelineItem(
                date=head.date,
                granularity=head.granularity,
                text=head.text,
                sources=sources,
                first=sources[0],
                reported=min(members, key=lambda t: order[t.sources[0]]).reported,
                actors=tuple(dict.fromkeys(a for t in members for a in t.actors)),
                independent=_independent(sources, origins),
            )
        )
    return out


_STOP = frozenset(
    """the a an of in on at to for from by with and or but as that which who was were is are be
    been has have had will would could should said says told after before during over its their
    his her this these those it they he she we than also into about more most not no yet first
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december week month year today yesterday
    overnight earlier later last next""".split()
)


def _content_words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z][a-z'-]+", text.lower().replace("’", "'"))
        if w not in _STOP and len(w) > 2
    }  # fmt: skip


def default_timeline(
    items: tuple[TimelineItem, ...] | list[TimelineItem], limit: int = DEFAULT_LIMIT
) -> tuple[TimelineItem, ...]:
    """The ``limit`` items a reader sees first, in date order: most independent sources
    first, then day before week before month before year, then the most recent."""
    if len(items) <= limit:
        return tuple(items)
    latest = max((t.reported or "" for t in items), default="")
    ranked = sorted(
        items,
        key=lambda t: (
            -t.independent,
            -len(t.sources),
            -_GRANULARITY.get(t.granularity, 0),
            _distance(t.date, latest),
            t.reported or "",
        ),
    )
    keep = set(map(id, ranked[:limit]))
    return tuple(t for t in items if id(t) in keep)


def _independent(sources: tuple[str, ...], origins: Origins | None) -> int:
    return origins.count(sources) if origins is not None else len(sources)


def _distance(when: str, latest: str) -> int:
    """Days between an event and the story's latest report (background history last)."""
    try:
        year = int(when[:4])
        month = int(when[5:7]) if len(when) >= 7 else 7
        day = int(when[8:10]) if len(when) >= 10 else 15
        ref = date.fromisoformat(latest[:10]) if latest else None
        return abs((date(year, month, day) - ref).days) if ref else 0
    except ValueError:
        return 0


def _about_itself(text: str, outlets: list[str]) -> bool:
    head = text.removeprefix("The ").removeprefix("the ")
    return any(o and len(o) > 3 and head.startswith(o.removeprefix("The ")) for o in outlets)
