"""The story brief: a sourced summary, timeline, quote and figure ledgers, disagreements and
coverage for one story, as pure functions over the story's articles, facts and reuse links.

``build_brief(BriefInput) -> Brief``; ``Brief.to_export()`` for JSON, ``to_markdown`` and
``rows`` for people. Every text in a brief is a verbatim span of an article it cites.
"""

from typing import TYPE_CHECKING

from storyline.lazy import lazy_exports

# Names load on first use (`storyline.lazy`): rendering a stored brief does not import the
# builder (sentence graphs, lineage keys).
_RECORDS = (
    "Brief BriefArticle BriefInput Coverage Difference DifferenceItem FigureItem OutletCoverage "
    "QuoteItem SummarySentence TimelineItem Variant"
).split()
lazy_exports(__name__, {
    "Briefing": "build", "build_brief": "build", "summary_since": "build",
    "BriefCache": "cache", "BriefState": "cache", "start_brief": "cache", "update_brief": "cache",
    "rows": "render", "to_markdown": "render", **dict.fromkeys(_RECORDS, "records"),
})  # fmt: skip

if TYPE_CHECKING:
    from .build import Briefing, build_brief, summary_since
    from .cache import BriefCache, BriefState, start_brief, update_brief
    from .records import (
        Brief,
        BriefArticle,
        BriefInput,
        Coverage,
        Difference,
        DifferenceItem,
        FigureItem,
        OutletCoverage,
        QuoteItem,
        SummarySentence,
        TimelineItem,
        Variant,
    )
    from .render import rows, to_markdown

__all__ = [
    "Brief", "BriefArticle", "BriefCache", "BriefInput", "BriefState", "Briefing", "Coverage",
    "Difference", "DifferenceItem", "FigureItem", "OutletCoverage", "QuoteItem",
    "SummarySentence", "TimelineItem", "Variant", "build_brief", "rows", "start_brief",
    "summary_since", "to_markdown", "update_brief",
]  # fmt: skip
