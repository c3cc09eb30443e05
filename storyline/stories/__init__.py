"""Story clustering: group the coverage of one development across outlets, online.

``article_features`` turns an article into ``ArticleFeatures``; ``StoryClusterer.add`` puts it
in a story and reports merges; the state lives in a ``StoryBackend`` (``MemoryStoryBackend``
here, SQL in the store).

Names load on first use (`storyline.lazy`): the story state does not import the clusterer
or spaCy's stop words.
"""

from typing import TYPE_CHECKING

from storyline.lazy import lazy_exports

lazy_exports(__name__, {
    "Assignment": "clusterer", "ClusterSettings": "clusterer", "StoryClusterer": "clusterer",
    "ArticleFeatures": "features", "article_features": "features",
    "MemoryStoryBackend": "state", "StoryBackend": "state", "StoryState": "state",
})  # fmt: skip

if TYPE_CHECKING:
    from storyline.stories.clusterer import Assignment, ClusterSettings, StoryClusterer
    from storyline.stories.features import ArticleFeatures, article_features
    from storyline.stories.state import MemoryStoryBackend, StoryBackend, StoryState

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "ClusterSettings",
    "MemoryStoryBackend",
    "StoryBackend",
    "StoryClusterer",
    "StoryState",
    "article_features",
]
