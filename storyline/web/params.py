"""Query parameters shared by the pages and their JSON twins, validated in one place."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Path, Query

from storyline.views import StoryFilter

MAX_ID = 2**53
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
StoryId = Annotated[int, Path(ge=0, le=MAX_ID)]
ArticleId = Annotated[int, Path(ge=0, le=MAX_ID)]
DateParam = Annotated[
    str | None,
    Query(
        pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
        description="ISO date: YYYY, YYYY-MM or YYYY-MM-DD; empty = any.",
    ),
]
OutletParam = Annotated[str | None, Query(max_length=300, description="Only this outlet.")]
SearchQuery = Annotated[str, Query(max_length=500, description='Words and "phrases".')]


def iso_date(value: str | None) -> str | None:
    """An empty value (an untouched form field) means no filter (the pattern of
    `DateParam` has already refused malformed dates with a 422)."""
    return value if value and _DATE.match(value) else None


def story_filter(since: str | None, until: str | None, outlet: str | None) -> StoryFilter:
    return StoryFilter(
        outlet=(outlet or "").strip() or None,
        since=iso_date(since),
        until=iso_date(until),
    )
