"""The shared-preparation cascade (`storyline.extract.cascade`) gives, pass for pass, the text
trafilatura's own ``bare_extraction`` gives: on every HTML page of the example corpus and of
the development pages, and on pages written to reach the second pass and the size checks."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import require_path

from storyline.extract import cascade
from storyline.extract import html as extract

ROOT = Path(__file__).resolve().parents[1]
AEB = ROOT.parent / "shared" / "corpus" / "aeb-dev" / "html"

SHORT = (
    "<html><head><title>Pier closes</title></head><body><nav><a href='/'>Home</a></nav>"
    "<div class='teaser'><p>Read more: ferry timetable changes.</p></div>"
    "<article><p>The harbour authority of Port Elstree voted on Tuesday to close the old "
    "ferry pier for eighteen months.</p><p>About 2,400 people use the crossing every "
    "weekday.</p></article><div id='comments'><p>Great news!</p></div></body></html>"
)
FORUM = (
    "<html><head><script type='application/ld+json'>{\"@type\": "
    "\"DiscussionForumPosting\"}</script></head><body><div class='comments'><p>First post on "
    "the pier closure, which will last for eighteen months and hit commuters.</p></div>"
    "</body></html>"
)
TINY = "<html><body><p>Closed.</p></body></html>"


def _both(html: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """(fast, full) through bare_extraction, and through one prepared Cascade."""
    tree = extract._parse(html)
    theirs = (
        extract._run_trafilatura(tree, None, extract.TRAFILATURA_OPTIONS),
        extract._run_trafilatura(tree, None, extract.RETRY_OPTIONS),
    )
    prepared = cascade.Cascade(tree, None)
    ours = (prepared.fast(), prepared.full())
    return theirs, ours


def _pages(folder: Path, pattern: str) -> list[str]:
    out = []
    for path in sorted(folder.glob(pattern)):
        raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
        out.append(raw.decode("utf-8", errors="replace"))
    return out


def test_the_installed_trafilatura_has_the_steps_the_cascade_uses() -> None:
    assert cascade.AVAILABLE  # else every page silently takes the slower path


@pytest.mark.parametrize("html", [SHORT, FORUM, TINY], ids=["short", "forum", "tiny"])
def test_written_pages_give_trafilaturas_text(html: str) -> None:
    theirs, ours = _both(html)
    assert ours == theirs


def test_example_pages_give_trafilaturas_text() -> None:
    pages = _pages(ROOT / "examples", "**/*.html")
    assert len(pages) >= 7
    for html in pages:
        theirs, ours = _both(html)
        assert ours == theirs


def test_development_pages_give_trafilaturas_text() -> None:
    pages = _pages(require_path(AEB), "*.html.gz")
    short = 0
    for html in pages:
        theirs, ours = _both(html)
        assert ours == theirs
        short += len(theirs[0]) < extract.RETRY_CHARS
    assert short > 10  # the second pass was exercised on real pages
