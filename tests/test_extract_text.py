"""The plain-text boilerplate remover, rule by rule, on small hand-written pages.

Every page here is fictional and written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.furniture import end_marker_reason, furniture_reason, normalise_line
from storyline.extract.outlet import (
    agency_from_dateline,
    infer_outlet,
    outlet_from_copyright,
    parse_byline,
    parse_date,
    source_and_date,
)
from storyline.extract.recurring import RecurringLines
from storyline.extract.text import clean_text_dump
from storyline.records import StorylineError

BODY = [
    "The town council of Elmsford voted on Tuesday to rebuild the old stone bridge over the "
    "river, ending a dispute that had divided residents for more than a decade.",
    "The vote was seven to two. Supporters said the bridge was unsafe for the school buses "
    "that cross it every morning, and that repairs had already cost more than a new span.",
    '"We have waited long enough, and the children deserve a safe road," said the mayor, '
    "Ana Lindqvist, who had made the bridge the centre of her campaign last year.",
    "Opponents argued that the historic arches should be preserved and asked for a public "
    "inquiry, which the council rejected by the same margin after a long debate.",
    "Work is expected to begin in the spring and to last about eighteen months, during which "
    "traffic will be diverted through the northern industrial estate.",
]
MORE_BODY = [
    "The regional transport office said it would pay for half of the project, with the rest "
    "coming from a loan that the town will repay over twenty years.",
    "Local shop owners on the northern side of the river said they feared losing customers "
    "while the road is closed, and asked the council for a temporary footbridge.",
]
TITLE = "Elmsford council votes to rebuild the old stone bridge"


def page(*blocks: str | list[str]) -> str:
    lines: list[str] = []
    for block in blocks:
        lines.extend(block if isinstance(block, list) else [block])
    return "\n".join(lines)


def kept(text: str, **kwargs) -> list[str]:
    return list(clean_text_dump(text, **kwargs).paragraphs)


def reasons(text: str, **kwargs) -> dict[str, str]:
    return {r.text: r.reason for r in clean_text_dump(text, **kwargs).removed}


# --- clean input -------------------------------------------------------------------------


def test_clean_article_passes_intact_one_paragraph_per_line():
    assert kept(page(BODY + MORE_BODY)) == BODY + MORE_BODY


def test_clean_article_passes_intact_with_blank_lines_and_short_paragraphs():
    body = [*BODY[:2], "Nobody was hurt.", *BODY[2:], "The council meets again in May."]
    result = clean_text_dump("\n\n".join(body) + "\n")
    assert list(result.paragraphs) == body
    assert result.removed == ()


def test_title_line_above_clean_body_becomes_the_title():
    result = clean_text_dump(page(TITLE, BODY))
    assert result.title == TITLE
    assert list(result.paragraphs) == BODY


def test_empty_and_blank_input_give_no_paragraphs():
    assert clean_text_dump("").paragraphs == ()
    assert clean_text_dump(" \n\n\t\n").paragraphs == ()


def test_non_text_input_raises_storyline_error():
    with pytest.raises(StorylineError):
        clean_text_dump(b"bytes are not text")  # type: ignore[arg-type]


# --- header, title, byline, dateline -----------------------------------------------------

NAV = ["Skip to content", "Home", "News", "Local", "Sport", "Weather", "Search", "Sign In"]


def test_navigation_is_dropped_and_title_found():
    result = clean_text_dump(page(NAV, TITLE, BODY, NAV))
    assert list(result.paragraphs) == BODY
    assert result.title == TITLE
    assert "Skip to content" in {r.text for r in result.removed}


def test_byline_is_metadata_not_body():
    text = page(NAV, TITLE, "By Maria Okafor and Tom Hale, Valley Courier", BODY)
    result = clean_text_dump(text)
    assert list(result.paragraphs) == BODY
    assert result.authors == ("Maria Okafor", "Tom Hale")
    assert result.outlet == "Valley Courier"
    assert reasons(text)["By Maria Okafor and Tom Hale, Valley Courier"] == "byline"


def test_byline_without_by_names_authors_and_outlet():
    text = page(TITLE, "Jane Doe and Omar Haddad, Riverside News on", BODY)
    result = clean_text_dump(text)
    assert result.authors == ("Jane Doe", "Omar Haddad")
    assert result.outlet == "Riverside News"
    assert list(result.paragraphs) == BODY


def test_capital_dateline_line_is_dropped():
    text = page(TITLE, "ELMSFORD", BODY)
    assert kept(text) == BODY
    assert reasons(text)["ELMSFORD"] == "dateline"


def test_date_stamp_gives_published():
    text = page(NAV, TITLE, "Updated 9:14 am, Tuesday, March 4, 2025", BODY)
    result = clean_text_dump(text)
    assert result.published == "2025-03-04"
    assert list(result.paragraphs) == BODY


def test_source_glued_to_date_gives_outlet_and_date():
    text = page(TITLE, "Valley Courier04-03-2025", BODY)
    result = clean_text_dump(text)
    assert result.outlet == "Valley Courier"
    assert result.published == "2025-03-04"
    assert reasons(text)["Valley Courier04-03-2025"] == "source-date"


def test_agency_dateline_in_first_paragraph_names_the_outlet():
    first = "ELMSFORD, Northshire (AP) — " + BODY[0]
    result = clean_text_dump(page(TITLE, first, BODY[1:]))
    assert result.outlet == "Associated Press"
    assert result.paragraphs[0] == first  # the paragraph itself is article text


def test_repeated_title_is_dropped_twice():
    result = clean_text_dump(page("logo", TITLE, TITLE, BODY))
    assert result.title == TITLE
    assert list(result.paragraphs) == BODY
    assert [r.reason for r in result.removed].count("title") == 2


# --- captions, credits, slugs, copyright -------------------------------------------------


def test_captions_and_photo_credits_inside_the_body_are_dropped():
    caption = (
        "Mayor Ana Lindqvist, left, speaks to residents near the bridge in Elmsford, "
        "Tuesday, March 4, 2025."
    )
    credit = "Photo: Lena Brandt / Valley Courier"
    handout = "This handout photograph released by the council shows the bridge at dawn."
    text = page(
        TITLE, credit, caption, BODY[:2], handout, "Jon Ek, Northshire Pool Photo via AP", BODY[2:]
    )
    got = reasons(text)
    assert kept(text) == BODY
    assert got[caption] == "caption"
    assert got[credit] == "photo-credit"
    assert got[handout] == "caption"
    assert got["Jon Ek, Northshire Pool Photo via AP"] == "photo-credit"


def test_agency_slug_copyright_and_distribution_lines_are_dropped():
    copyright_line = "©2025 Valley Courier Ltd. Visit valleycourier.com. Distributed by Tribune "
    copyright_line += "Content Agency, LLC."
    text = page(
        TITLE, BODY, "abc/de/fgh", "----------", "—With assistance from Pia Lund.", copyright_line
    )
    result = clean_text_dump(text)
    got = reasons(text)
    assert list(result.paragraphs) == BODY
    assert got["abc/de/fgh"] == "agency-slug"
    assert got["—With assistance from Pia Lund."] == "credit"
    assert got[copyright_line] == "copyright"
    assert result.outlet == "Valley Courier"


def test_widget_lines_inside_the_body_are_dropped():
    text = page(
        TITLE,
        BODY[:2],
        "Advertisement",
        "Story continues below advertisement",
        BODY[2:],
        "Share this article",
        "Facebook",
        "Twitter",
    )
    assert kept(text) == BODY


# --- subheadings and end markers ---------------------------------------------------------


def test_capitals_subheading_inside_the_body_is_kept():
    body = [*BODY[:3], "A LONG WAIT", *BODY[3:]]
    assert kept(page(TITLE, "ELMSFORD", body)) == body


def test_subheadings_between_paragraphs_are_kept():
    body = [*BODY[:3], "- 'A long wait' -", *BODY[3:], "Traffic plans", *MORE_BODY]
    assert kept(page(NAV, TITLE, body)) == body


@pytest.mark.parametrize(
    "marker",
    [
        "Related Articles",
        "You may also like",
        "Comments",
        "Download the app",
        "Read more",
        "More from Valley Courier",
        "Recommended",
        "Trending Now",
    ],
)
def test_everything_after_an_end_marker_is_dropped(marker):
    teasers = [
        "Valley Courier",
        "2 hours ago",
        "Storm closes ferry line for the weekend",
        "The ferry between the two harbours will not run until Monday, the operator said after "
        "a night of high winds damaged the landing stage at the southern pier.",
        "Northshire Gazette",
        "5 hours ago",
        "School choir wins the regional final",
    ]
    text = page(TITLE, BODY, marker, teasers, "Privacy Policy")
    result = clean_text_dump(text)
    assert list(result.paragraphs) == BODY
    got = reasons(text)
    assert got[marker].startswith("end-marker:")
    assert got[teasers[3]].startswith("end-marker:")


def test_comment_thread_is_dropped():
    text = page(
        TITLE,
        BODY,
        "3 Comments",
        "Leave a Reply",
        "riverfan",
        "March 4, 2025 at 10:12",
        "About time too. I have driven over that bridge for thirty years and it has "
        "always felt like it might fall into the water at any moment.",
        "Reply",
    )
    assert kept(text) == BODY


def test_article_text_resuming_after_an_inset_list_is_kept():
    inset = ["Read more", "Ferry line closed for the weekend", "School choir wins final"]
    body = [*BODY, *MORE_BODY]
    text = page(TITLE, BODY, inset, MORE_BODY)
    result = clean_text_dump(text)
    assert list(result.paragraphs) == body
    assert reasons(text)["Ferry line closed for the weekend"] == "end-marker:related"


def test_block_repeated_by_the_page_is_kept_once():
    text = page(BODY, BODY[1:], "You may also like", "Ferry line closed for the weekend")
    result = clean_text_dump(text)
    assert list(result.paragraphs) == BODY
    assert [r.reason for r in result.removed].count("repeated-block") == len(BODY) - 1


def test_short_list_items_may_repeat():
    body = [BODY[0], "Serves: 4", BODY[1], "Serves: 4", BODY[2]]
    assert kept(page(body)) == body


def test_standfirst_above_the_byline_is_not_body():
    standfirst = (
        "The vote ends a decade of argument over the future of the town's landmark, and the "
        "mayor says the work will start in spring, though opponents have not given up yet."
    )
    text = page(NAV, TITLE, standfirst, "By Maria Okafor", BODY)
    assert kept(text) == BODY
    assert reasons(text)[standfirst] == "standfirst"
    assert kept(page(NAV, TITLE, standfirst, "By Maria Okafor", "March 4, 2025", BODY)) == BODY


def test_dated_teasers_below_the_article_are_dropped():
    teasers = []
    for n, topic in enumerate(["ferry", "choir", "market"]):
        teasers += [
            f"Readers ask about the {topic}",
            f"March {n + 1}, 2025",
            f"The {topic} story drew many letters from readers this week, and the editor has "
            "collected the most interesting ones, with replies from the people involved.",
        ]
    assert kept(page(TITLE, BODY, teasers)) == BODY


def test_wordpress_comment_thread_is_dropped():
    text = page(
        TITLE,
        BODY,
        "2 thoughts on \u201cElmsford council votes\u201d",
        "Pat Reyes",
        "March 4, 2025 at 1:01 pm",
        "I crossed that bridge every day for years and I am glad to hear it will be "
        "rebuilt, though I will miss the old arches very much.",
        "Reply",
        "Leave a Comment",
        "Save my name, email, and website in this browser.",
    )
    assert kept(text) == BODY


def test_non_english_and_cjk_clean_articles_pass_intact():
    spanish = [
        "El ayuntamiento de la ciudad aprobó el martes la reconstrucción del viejo puente de "
        "piedra, que los vecinos usan cada día para ir al trabajo y a la escuela.",
        "La obra comenzará en primavera y durará unos dieciocho meses, según explicó la "
        "alcaldesa en una rueda de prensa celebrada por la tarde.",
        "Los comerciantes de la zona norte pidieron una pasarela provisional para no perder "
        "clientes mientras la carretera permanezca cerrada.",
    ]
    assert kept(page(spanish)) == spanish
    japanese = [
        "町議会は火曜日、川に架かる古い石橋を建て替えることを賛成多数で決めた。"
        "住民の間では十年以上にわたって意見が分かれていた。",
        "工事は春に始まり、およそ一年半続く見通しで、その間は北側の道路に迂回することになる。",
        "商店主らは客足が遠のくことを心配し、仮設の歩道橋を設けるよう町に求めている。",
    ]
    assert kept(page(japanese)) == japanese


# --- recurring lines ---------------------------------------------------------------------


STORIES = ["ferry", "choir", "bridge", "market", "flood"]


def site_page(n: int) -> str:
    return page(
        "Valley Courier Home",
        f"A story about the {STORIES[n]}",
        BODY[n % 5],
        "Get the Valley Courier morning briefing",
        "© Valley Courier",
    )


def test_recurring_lines_are_counted_per_group_and_short_only():
    recurring = RecurringLines()
    for n in range(5):
        recurring.observe("valleycourier.example", site_page(n))
    recurring.observe("other.example", site_page(0))
    site = "valleycourier.example"
    assert recurring.pages(site) == 5
    assert recurring.is_recurring(site, "Get the Valley Courier morning briefing")
    assert recurring.is_recurring(site, "get the valley courier  morning briefing!")
    assert not recurring.is_recurring(site, "A story about the market")
    assert not recurring.is_recurring("other.example", "Get the Valley Courier morning briefing")
    assert not recurring.is_recurring("unknown.example", "Valley Courier Home")


def test_long_shared_sentences_are_never_recurring():
    recurring = RecurringLines()
    for _ in range(10):
        recurring.observe("wire.example", BODY[0])
    assert not recurring.is_recurring("wire.example", BODY[0])


def test_small_groups_flag_nothing():
    recurring = RecurringLines()
    recurring.observe("tiny.example", "Subheading that repeats")
    recurring.observe("tiny.example", "Subheading that repeats")
    assert recurring.threshold("tiny.example") is None
    assert not recurring.is_recurring("tiny.example", "Subheading that repeats")


def test_threshold_grows_with_the_group():
    recurring = RecurringLines()
    for n in range(100):
        recurring.observe("big.example", f"page {n}")
    assert recurring.threshold("big.example") == 20


def test_clean_text_dump_drops_recurring_lines():
    recurring = RecurringLines()
    for n in range(5):
        recurring.observe("valleycourier.example", site_page(n))
    body = [BODY[0], "Get the Valley Courier morning briefing", BODY[1], BODY[2]]
    text = page(TITLE, body)
    assert kept(text, recurring=recurring, group="valleycourier.example") == BODY[:3]
    got = reasons(text, recurring=recurring, group="valleycourier.example")
    assert got["Get the Valley Courier morning briefing"] == "recurring-line"


# --- the lexicon on its own --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("bur/tw/jhb", "agency-slug"),
        ("Copyright 2024 Northshire Media Group. All rights reserved.", "copyright"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
        ("Photo by Lena Brandt/Getty Images", "photo-credit"),
        ("(AP Photo/Jon Ek)", "photo-credit"),
        ("Image caption The bridge at dawn", "caption"),
        ("Advertisement", "widget"),
        ("Try Our AI Features", "widget"),
        ("Orange background", "widget"),
        ("Published in News & Features", "widget"),
        ("3 hours ago", "date"),
        ("Tuesday, March 4, 2025 10:12 am ET", "date"),
        ("MOSCOW", "dateline"),
        ("Home > News > Local", "navigation"),
        ("By Maria Okafor", "byline"),
        ("Reporting by Tom Hale; Editing by Pia Lund", "credit"),
        ("Never miss a story: sign up for our newsletter", "newsletter"),
    ],
)
def test_furniture_reason(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        BODY[0],
        "The council meets again in May.",
        "Traffic plans",
        "By the end of the year, the council hopes to have chosen a builder.",
        "Comments from residents were mostly positive, the mayor said.",
        "Photos of the bridge show cracks in two of the arches.",
    ],
)
def test_article_lines_are_not_furniture(line):
    assert furniture_reason(line) is None
    assert end_marker_reason(line) is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Related Articles", "end-marker:related"),
        ("You may also like", "end-marker:related"),
        ("Most Read in News", "end-marker:related"),
        ("More Valley Courier", "end-marker:related"),
        ("Comments", "end-marker:comments"),
        ("blog comments powered by Disqus", "end-marker:comments"),
        ("DOWNLOAD THE APP", "end-marker:app"),
        ("Tags: bridges, Elmsford, council", "end-marker:tags"),
        ("About Valley Courier", "end-marker:about"),
        ("Read more »", "end-marker:related"),
    ],
)
def test_end_marker_reason(line, reason):
    assert end_marker_reason(line) == reason


def test_normalise_line_folds_odd_spaces():
    assert normalise_line("\u00a0 Home\u200b \t page ") == "Home page"


# --- outlet, byline and date readers -----------------------------------------------------


def test_parse_byline_forms():
    assert parse_byline("By Maria Okafor").authors == ("Maria Okafor",)
    byline = parse_byline("Tom Hale, AP Auto Writer")
    assert byline is not None and byline.authors == ("Tom Hale",)
    assert byline.outlet == "Associated Press"
    assert parse_byline(TITLE) is None
    assert parse_byline(BODY[0]) is None


def test_outlet_readers():
    assert outlet_from_copyright("©2025 Northshire Media L.P.") == "Northshire"
    assert outlet_from_copyright("Copyright © 2024 The Valley Courier. All rights reserved.") == (
        "Valley Courier"
    )
    assert source_and_date("Valley Courier23-05-2025") == ("Valley Courier", "2025-05-23")
    assert agency_from_dateline("OSLO (Reuters) - The ferry ...") == "Reuters"
    lines = ["Home", "By Jane Doe, Valley Courier", "© 2025 Northshire Media Inc."]
    assert infer_outlet(lines) == "Northshire"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("4 March 2025", "2025-03-04"),
        ("2025-03-04T10:00", "2025-03-04"),
        ("23-05-2025", "2025-05-23"),
        ("05/23/2025", "2025-05-23"),
        ("no date here", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


# --- robustness --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_anything_but_storyline_error(text):
    try:
        result = clean_text_dump(text)
    except StorylineError:
        return
    lines = [normalise_line(line) for line in text.splitlines()]
    assert len(result.paragraphs) + len(result.removed) == sum(1 for line in lines if line)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *BODY,
                TITLE,
                *NAV,
                "Comments",
                "MOSCOW",
                "©2025 X",
                "",
                "Related Articles",
                "abc/de/fgh",
            ]
        )
        | st.text()
    )
)
def test_arbitrary_pages_of_known_lines_are_accounted_for(blocks):
    text = "\n".join(blocks)
    result = clean_text_dump(text)
    assert len(result.paragraphs) + len(result.removed) == sum(
        1 for line in text.splitlines() if normalise_line(line)
    )
    for paragraph in result.paragraphs:
        assert paragraph == normalise_line(paragraph)
