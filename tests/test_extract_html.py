"""Tests of the HTML extractor: a hand-written news page, junk input, and the AEB score."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.html import extract_html
from storyline.extract.html_filter import filter_lines, is_dateline, line_reason
from storyline.records import StorylineError

AEB = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "aeb-dev"

# A fictional story, written for these tests.
BODY = [
    "The harbour authority of Port Elstree voted on Tuesday to close the old ferry pier for "
    "eighteen months, ending a service that has carried commuters across the estuary since 1952.",
    "Council leader Mara Quint said the structure had failed two safety inspections this year "
    "and that engineers could no longer guarantee it would bear a fully loaded ferry in a storm.",
    "About 2,400 people use the crossing every weekday, according to figures published by the "
    "authority, and a replacement bus link will add roughly forty minutes to the journey.",
    "Local traders warned that the closure would empty the waterfront market, which depends on "
    "foot traffic from the morning boats, and asked the council for a rates holiday.",
    "Repairs are expected to cost 31 million pounds, two thirds of it from a regional fund that "
    "the authority applied to last spring; the rest will come from higher mooring fees.",
    "A public meeting on the timetable for the works will be held at the town hall next Monday, "
    "and residents can send written comments to the authority until the end of the month.",
]
SUBHEADING = "What happens to the ferry crew"
LATE_BODY = (
    "The twelve crew members will be offered work on the authority's river patrol boats while "
    "the pier is rebuilt, a spokesperson said, and none of them is expected to lose their job."
)
FURNITURE = [
    "We use cookies to improve your experience. Accept all cookies",
    "Sign up for our Morning Tide newsletter",
    "Get the day's top stories delivered to your inbox every morning.",
    "Related: Estuary bridge plan shelved after cost review",
    "Share on Facebook Twitter Email",
    "Copyright 2025 The Elstree Gazette. All rights reserved.",
    "Leave a comment",
    "Photo: Harbour authority",
    "Nice article, totally agree with the council on this one!",
    "Most popular: Lifeboat crew rescue stranded walkers",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Old ferry pier to close for 18 months | The Elstree Gazette</title>
<meta property="og:title" content="Old ferry pier to close for 18 months">
<meta property="og:site_name" content="The Elstree Gazette">
<meta name="author" content="Jonas Whitcombe">
<meta property="article:published_time" content="2025-03-11T09:30:00+00:00">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "Old ferry pier to close for 18 months",
  "datePublished": "2025-03-11T09:30:00+00:00",
  "author": [{{"@type": "Person", "name": "Jonas Whitcombe"}},
             {{"@type": "Person", "name": "Priya Castell"}}],
  "publisher": {{"@type": "Organization", "name": "The Elstree Gazette"}}}}
</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>{FURNITURE[0]}</p></div>
<header><nav class="main-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li>
</ul></nav></header>
<main>
<article>
  <h1>Old ferry pier to close for 18 months</h1>
  <p class="byline">By Jonas Whitcombe and Priya Castell</p>
  <p>{BODY[0]}</p>
  <p>{BODY[1]}</p>
  <figure><img src="pier.jpg" alt="The pier"><figcaption>{FURNITURE[7]}</figcaption></figure>
  <p>{BODY[2]}</p>
  <p>{FURNITURE[3]}</p>
  <p>{BODY[3]}</p>
  <p>{FURNITURE[1]}</p>
  <p>{FURNITURE[2]}</p>
  <p>{BODY[4]}</p>
  <h2>{SUBHEADING}</h2>
  <p>{LATE_BODY}</p>
  <p>{BODY[5]}</p>
  <p>{FURNITURE[4]}</p>
</article>
<aside class="related"><h3>Related stories</h3><ul>
  <li><a href="/a">Estuary bridge plan shelved after cost review</a></li>
  <li><a href="/b">Council tax to rise by four per cent</a></li>
</ul></aside>
<section id="comments" class="comments">
  <h3>Comments</h3><p>{FURNITURE[6]}</p>
  <div class="comment"><p>{FURNITURE[8]}</p></div>
</section>
<aside class="most-popular"><p>{FURNITURE[9]}</p></aside>
</main>
<footer><p>{FURNITURE[5]}</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def page():
    return extract_html(PAGE, url="https://gazette.example/news/ferry-pier")


def test_body_paragraphs_kept_exactly_once(page):
    text = "\n".join(page.paragraphs)
    for paragraph in [*BODY, LATE_BODY]:
        assert page.paragraphs.count(paragraph) == 1, paragraph
        assert text.count(paragraph) == 1


def test_subheading_between_paragraphs_kept(page):
    assert SUBHEADING in page.paragraphs
    assert page.paragraphs.index(SUBHEADING) == page.paragraphs.index(LATE_BODY) - 1


def test_furniture_gone(page):
    text = "\n".join(page.paragraphs)
    for line in FURNITURE:
        assert line not in text, line
    for word in ("Home", "Privacy policy", "Council tax to rise"):
        assert word not in text
    assert page.paragraphs[0] == BODY[0]  # neither the headline nor the byline


def test_post_filter_reports_what_it_dropped(page):
    reasons = {r.reason for r in page.removed}
    assert {"newsletter-promo", "related-links", "social-share"} <= reasons
    assert all(r.text and r.reason for r in page.removed)


def test_metadata(page):
    assert page.title == "Old ferry pier to close for 18 months"
    assert page.published == "2025-03-11T09:30:00+00:00"  # with its stated time of day
    assert page.outlet == "The Elstree Gazette"
    assert page.authors == ("Jonas Whitcombe", "Priya Castell")
    assert page.language == "en"


def test_outlet_falls_back_to_host():
    bare = (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>"
    )
    result = extract_html(bare, url="https://www.gazette.example/x")
    assert result.outlet == "gazette.example"
    assert result.paragraphs[:2] == tuple(BODY[:2])


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n",
        "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "<html><body><ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul>"
        "</body></html>",
        "\x00\x01\x02 binary",
    ],
)
def test_no_article_raises_storyline_error(html):
    with pytest.raises(StorylineError):
        extract_html(html)


def _never_raises_other(html: str) -> None:
    try:
        result = extract_html(html)
    except StorylineError:
        return
    assert result.paragraphs and all(p.strip() for p in result.paragraphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_only_raises_storyline_error(text):
    _never_raises_other(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary())
def test_arbitrary_bytes_only_raise_storyline_error(data):
    _never_raises_other(data.decode("latin-1"))


_TAGS = st.sampled_from(["p", "div", "article", "h1", "h2", "ul", "li", "a", "script", "table"])
_FRAGMENTS = st.one_of(
    st.builds(lambda t, x: f"<{t}>{x}</{t}>", _TAGS, st.text(max_size=80)),
    st.builds(lambda t: f"<{t}>", _TAGS),
    st.sampled_from(BODY + FURNITURE + ["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "<?xml?>"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=30))
def test_arbitrary_markup_only_raises_storyline_error(fragments):
    _never_raises_other("<html><body>" + "".join(fragments) + "</body></html>")


# --- the post-filter on its own -------------------------------------------------------------


def test_title_repeat_dropped_only_at_the_top():
    title = "Old ferry pier to close for 18 months"
    kept, removed = filter_lines([title, BODY[0], title], title=title)
    assert kept == (BODY[0], title)
    assert removed[0].reason == "title-repeat"


def test_related_header_takes_its_link_list():
    lines = [BODY[0], "Related", "- Bridge plan shelved", "- Tax rises again", BODY[1]]
    kept, removed = filter_lines(lines)
    assert kept == (BODY[0], BODY[1])
    assert [r.reason for r in removed] == ["related-links"] * 3


def test_related_line_takes_following_list_items():
    lines = [BODY[0], "Related: Bridge plan shelved", "- Tax rises again", BODY[1]]
    kept, _ = filter_lines(lines)
    assert kept == (BODY[0], BODY[1])


def test_newsletter_header_takes_its_pitch():
    lines = [BODY[0], "Morning Tide Newsletter", "Get the day's best stories free.", BODY[1]]
    kept, removed = filter_lines(lines)
    assert kept == (BODY[0], BODY[1])
    assert {r.reason for r in removed} == {"newsletter-promo"}


def test_dateline_at_top_only():
    assert is_dateline("5:45 AM PST 11/19/2019 by Jane Doe")
    assert is_dateline("Updated at 1:23 p.m.")
    assert not is_dateline("The pier opened in 1952.")
    kept, _ = filter_lines(["March 11, 2025", BODY[0], "29 November 2025 | 20 January 2026"])
    assert kept == (BODY[0], "29 November 2025 | 20 January 2026")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Copyright 2025 Gazette Media Ltd", "copyright"),
        ("© 2025 Gazette Media", "copyright"),
        ("Follow Gazette on Instagram, Facebook and YouTube.", "social-share"),
        ("If you enjoyed this article, become a member today.", "subscription-promo"),
        ("Photos © Jane Doe, 2025", "photo-credit"),
        ("Tell us what you think...", "comment-prompt"),
        ("Filed under: Harbours |", "tags"),
        ('[button link="https://x.example" type="big"] Send us your story', "shortcode"),
        ("* * *", "separator"),
        ("Download our free app", "app-promo"),
    ],
)
def test_line_rules(line, reason):
    assert line_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        *BODY,
        "Shares in the operator fell 4% after the announcement.",
        "The copyright dispute reached the High Court in March.",
        "Apple's App Store revenue rose sharply in the quarter, analysts said.",
        "Tickets cost as little as five pounds, the organisers said.",
        "More than 300 people attended.",
    ],
)
def test_body_lines_are_not_furniture(line):
    assert line_reason(line, at_top=False) is None


# --- the benchmark ---------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        return str(best) if best is not None else raw.decode("latin-1")


@pytest.mark.slow
def test_aeb_dev_f1():
    if not AEB.is_dir():
        if os.environ.get("STORYLINE_REQUIRE_ALL") == "1":
            pytest.fail(f"corpus missing: {AEB}")
        pytest.skip(f"corpus missing: {AEB}")
    from storyline.evaluate.extraction import score

    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    extracted = {}
    for path in sorted((AEB / "html").glob("*.html.gz")):
        page_id = path.name.split(".")[0]
        try:
            html = _decode(gzip.decompress(path.read_bytes()))
            extracted[page_id] = "\n\n".join(extract_html(html).paragraphs)
        except StorylineError:
            extracted[page_id] = ""
    gold = {k: v["articleBody"] for k, v in truth.items()}
    result = score(extracted, gold)
    assert result.f1 >= 0.965, f"F1 {result.f1:.4f} P {result.precision:.4f} R {result.recall:.4f}"
