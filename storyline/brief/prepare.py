"""The brief's view of one article, computed once per article.

Everything here depends on the article alone (its sentences and word sets, its figures with
what they count, how it frames the conflict, the names it uses), so ``BriefCache`` keeps it
and re-briefing a story after a new article arrives only redoes the cross-article work.
"""

from __future__ import annotations

from dataclasses import dataclass

from .differences import framing_claims
from .figures import FigureReading, read_figures
from .records import BriefArticle
from .sentences import Sentence, article_sentences

_NAME_TYPES = frozenset({"PERSON", "GPE", "LOC", "ORG"})


@dataclass(frozen=True)
class PreparedArticle:
    id: str
    sentences: tuple[Sentence, ...]
    figures: tuple[FigureReading, ...] = ()
    framings: tuple[tuple[str, str], ...] = ()
    """(claim, verbatim text) pairs, e.g. ("3 years", "three-year conflict")."""
    names: tuple[tuple[str, str], ...] = ()
    """Distinct (form, type) of the people, places and organisations it names."""


def prepare(article: BriefArticle) -> PreparedArticle:
    names = dict.fromkeys((m.text, m.type) for m in article.facts.entities if m.type in _NAME_TYPES)
    return PreparedArticle(
        id=article.id,
        sentences=article_sentences(article),
        figures=read_figures(article),
        framings=framing_claims(article.text),
        names=tuple(names),
    )
