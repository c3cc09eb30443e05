"""Records of wire lineage: which passages two articles share, and who likely wrote them first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PassageKind = Literal["verbatim", "edited"]


@dataclass(frozen=True)
class SharedPassage:
    """A run of consecutive aligned sentences found in both articles.

    Offsets are *character* offsets into each article's text (``Article.text``), half-open,
    so ``a_text == text_a[a_start:a_end]`` and a view can highlight the passage in place.
    ``kind`` is ``verbatim`` when every aligned sentence pair is identical after folding case,
    accents and punctuation, ``edited`` when some pair differs (a changed word, a spelling
    variant, a dropped clause).
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    kind: PassageKind


@dataclass(frozen=True)
class ReuseLink:
    """Shared copy between article ``a`` (the newly added one) and the earlier article ``b``.

    ``shared_a`` is the fraction of ``a``'s sentence characters that lie in passages shared
    with ``b`` (by characters, so long sentences count more than one-liners); ``shared_b`` the
    same for ``b``. ``origin`` is the id of the likely first publisher: the earlier published
    of the two; when dates are equal or either is missing, the fuller text (more sentence
    characters); when that ties too, ``b`` (it reached us first). ``exact_duplicate`` marks the
    same normalised text at two places: one article, not two (shares are then 1.0).
    """

    a: str
    b: str
    shared_a: float
    shared_b: float
    passages: tuple[SharedPassage, ...]
    origin: str | None
    exact_duplicate: bool = False
