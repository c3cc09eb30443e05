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
        self.story_thread[story_id] = thread_id

    def drop_story(self, story_id: str) -> None:
        self.story_thread.pop(story_id, None)

    def stories_of(self, thread_id: str) -> list[str]:
        return [s for s, t in self.story_thread.items() if t == thread_id]
