"""Stories over the whole crawl: the online clusterer, fed in publication order.

The notion of a story is ingest's (`storyline.stories.StoryClusterer`): each article joins
the best story or starts one, stories that come together merge, shared wire copy and exact
duplicates are the strongest evidence. Here the articles of the whole crawl arrive in
publication order (then input order), each with the links the global join found to earlier
articles, in one Spark task. Features are computed beforehand in parallel (`partition`);
what runs here costs a few milliseconds per article and keeps only the clusterer's capped
state in memory — about an hour per 10^6 articles, which the sizing in ``docs/batch.md``
accounts for.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from dataclasses import replace

from storyline.stories import MemoryStoryBackend, StoryClusterer

STORY_COLUMNS = (
    "id", "seq", "title", "size", "first_seen", "last_seen", "articles", "related"
)  # fmt: skip


def cluster(rows: Iterable) -> Iterator[tuple]:
    """``("A", article, story)`` per article, ``("M", from, into)`` per merge, ``("X",
    article, error)`` for an article the clusterer failed on (it is then in no story), and
    ``("S", story row)`` per story at the end. ``rows`` come sorted by publication order, each
    ``(content_hash, features pickle, [(earlier article, shared share), ...])`` (a link may
    also be a ``{"other_id", "shared"}`` dict, as Arrow gives a struct)."""
    clusterer = StoryClusterer(MemoryStoryBackend())
    order: list[str] = []
    for doc_id, blob, reuse in rows:
        features = pickle.loads(blob)
        links = sorted((_link(r) for r in (reuse or ())), key=lambda x: (-x[1], x[0]))
        features = replace(features, reuse=tuple(links))
        try:
            assignment = clusterer.add(features)
        except Exception as err:  # noqa: BLE001 - a bug in the stage costs this article's story
            yield "X", doc_id, f"{type(err).__name__}: {' '.join(str(err).split())}"
            continue
        order.append(doc_id)
        for merged_from, into in assignment.merged:
            yield "M", merged_from, into
    backend = clusterer.backend
    for doc_id in order:
        yield "A", doc_id, backend.story_of(doc_id)
    assert isinstance(backend, MemoryStoryBackend)
    for story in sorted(backend.stories.values(), key=lambda s: s.seq):
        yield (
            "S",
            (
                story.story_id,
                story.seq,
                _or_none(clusterer.title, story.story_id),
                len(story.members) or story.size,
                story.first.isoformat() if story.first else None,
                story.last.isoformat() if story.last else None,
                list(story.members),
                list(_or_none(clusterer.related, story.story_id) or ()),
            ),
        )


def _link(reuse) -> tuple[str, float]:
    """``(earlier article, shared share)`` of a link given as a pair or as an Arrow struct."""
    if isinstance(reuse, dict):
        return reuse["other_id"], float(reuse["shared"])
    other, shared = reuse
    return other, float(shared)


def _or_none(part, story_id: str):
    """A story's title or related stories, or None when the stage fails on it: a bug there
    costs that field of one story, never the job (its members are placed either way)."""
    try:
        return part(story_id) or None
    except Exception:  # noqa: BLE001
        return None
