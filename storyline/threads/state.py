"""Thread state: the stories' backend protocol over threads, with ``story -> thread``.

Kept apart from the clusterer so that the store can read thread state without loading it.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.stories.state import MemoryStoryBackend, StoryBackend


class SharedStatistics(MemoryStoryBackend):
    """A thread backend: threads, their index and ``story -> thread`` of its own, document
    frequencies read from the stories' backend (which already counted the article): one set
    of word statistics for both levels, nothing counted twice."""

    def __init__(self, words: StoryBackend | None = None) -> None:
        super().__init__()
        self.words = words
        self.story_thread: dict[str, str] = {}

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        if self.words is None:
            return super().document_frequencies(terms)
        return self.words.document_frequencies(terms)

    def count_document(self, terms: Iterable[str]) -> None:
        if self.words is None:
            super().count_document(terms)

    def documents(self) -> int:
        return self.words.documents() if self.words is not None else super().documents()

    def story_of(self, doc_id: str) -> str | None:
        """The article's thread: its story's (the article need not have been seen here)."""
        if self.words is not None:
            story_id = self.words.story_of(doc_id)
            if story_id is not None and story_id in self.story_thread:
                return self.story_thread[story_id]
        return self.doc_story.get(doc_id)

    def thread_of_story(self, story_id: str) -> str | None:
        return self.story_thread.get(story_id)

    def place_story(self, story_id: str, thread_id: str) -> None:
        old = self.story_thread.get(story_id)
        if old is not None and old != thread_id:
            self._members(old).discard(story_id)
        self.story_thread[story_id] = thread_id
        self._members(thread_id).add(story_id)

    def drop_story(self, story_id: str) -> None:
        old = self.story_thread.pop(story_id, None)
        if old is not None:
            self._members(old).discard(story_id)

    def stories_of(self, thread_id: str) -> list[str]:
        return sorted(self._members(thread_id))

    def _members(self, thread_id: str) -> set[str]:
        """``thread -> stories``, built on first use from ``story_thread`` (which a store
        fills when loading), then kept in step with it."""
        if not hasattr(self, "_thread_stories"):
            self._thread_stories: dict[str, set[str]] = {}
            for story, thread in self.story_thread.items():
                self._thread_stories.setdefault(thread, set()).add(story)
        return self._thread_stories.setdefault(thread_id, set())
