"""Background word shares come out exactly as wordfreq's own lookup gives them, whether a
word takes the table shortcut (plain lowercase) or wordfreq's tokenizer (anything else)."""

from __future__ import annotations

import pytest

from storyline.stories import background

WORDS = [
    "the", "talks", "dam", "flood", "memorandum", "tarnovec", "corvane", "zzzqx", "a",
    "istanbul", "said", "2024", "15.6", "far-flung", "we'd", "café", "u.s", "rav4", "x",
]  # fmt: skip


@pytest.mark.parametrize("word", WORDS)
def test_share_equals_wordfreq(word: str) -> None:
    from wordfreq import word_frequency

    assert background._frequency(word) == word_frequency(word, "en")


def test_common_words_weigh_less_than_rare_ones() -> None:
    assert background.background_share("said") > background.background_share("memorandum")
    assert background.background_share("corvane") == 0.0  # unknown: no prior at all
