"""The Python API (`storyline.open`): what the README's example does, on both backends."""

from __future__ import annotations

from pathlib import Path

import storyline
from storyline.brief import Brief

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PAGE = """<html><head><title>Harbour ferry strike ends after nine days</title></head><body>
<article><h1>Harbour ferry strike ends after nine days</h1>
<p>The ferry crews of Port Adrin returned to work on Tuesday after nine days on strike, the
crews' union said, once the harbour board agreed to hire twelve more deckhands.</p>
<p>Passengers had queued for hours at the north pier, where a single replacement boat ran.
The board said the first full timetable would run on Wednesday morning.</p>
</article></body></html>"""


def test_open_ingest_iterate_and_brief(store_url: str) -> None:
    with storyline.open(store_url) as s:
        report = s.ingest([EXAMPLES / "pages", EXAMPLES / "dumps"])
        assert report.new == s.count_articles() > 5 and report.failed == 0
        stories = list(s.stories())
        assert len(stories) >= 2 and list(s.stories(limit=1)) == stories[:1]
        biggest = max(stories, key=lambda row: row["size"])
        brief = s.brief(biggest["id"])
        assert isinstance(brief, Brief) and brief.summary and brief.coverage
        view = s.story(biggest["id"])
        assert view is not None and view["id"] == biggest["id"] and view["summary"]
        assert s.search('"Korvel Dam"')


def test_ingest_html_in_memory_then_known(store_url: str) -> None:
    with storyline.open(store_url) as s:
        first = s.ingest_html(PAGE, url="https://ferry.example/strike", outlet="Ferry Times",
                              published="2026-03-04T09:00:00+00:00")  # fmt: skip
        assert first.new == 1
        again = s.ingest_html(PAGE, url="https://ferry.example/strike")
        assert again.new == 0 and again.known == 1
        (story,) = list(s.stories())
        assert story["title"].startswith("Harbour ferry strike") and story["size"] == 1
        assert s.story(story["id"])["articles"]


def test_reads_do_not_write(store_url: str) -> None:
    """Ingest refreshes briefs; reading a story afterwards writes nothing."""
    with storyline.open(store_url) as s:
        s.ingest([EXAMPLES / "dumps"], facts=False)
        before = _briefs(s)
        for row in s.stories():
            s.story(row["id"])
        assert _briefs(s) == before and before


def _briefs(s) -> list[tuple]:
    from sqlalchemy import select

    from storyline.store import schema as t

    with s.store.engine.connect() as conn:
        return sorted(conn.execute(select(t.story_briefs.c.story_id,
                                          t.story_briefs.c.updated_at)).all())  # fmt: skip
