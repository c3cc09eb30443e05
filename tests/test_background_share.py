"""Background word shares come out exactly as wordfreq's own lookup gives them, whether a
word takes the table shortcut (plain lowercase) or wordfreq's tokenizer (anything else), and
whether the compact copy of wordfreq's table can be kept in the cache folder or not; and our
copy of wordfreq's English tokenizer cuts words as wordfreq's own does."""

from __future__ import annotations

import random

import pytest

from storyline.stories import background

WORDS = [
    "the", "talks", "dam", "flood", "memorandum", "tarnovec", "corvane", "zzzqx", "a",
    "istanbul", "said", "2024", "15.6", "far-flung", "we'd", "café", "u.s", "rav4", "x",
    "1985", "3,000", "covid-19", "0-60", "y'all", "l'avion", "o'brien", "don’t", "naïve",
    "rock'n'roll", "straße", "4motion", "-", "'", "2-liter", "zzzqx-dam",
]  # fmt: skip


@pytest.mark.parametrize("word", WORDS)
def test_share_equals_wordfreq(word: str) -> None:
    from wordfreq import word_frequency

    assert background._frequency(word) == word_frequency(word, "en")


def test_common_words_weigh_less_than_rare_ones() -> None:
    assert background.background_share("said") > background.background_share("memorandum")
    assert background.background_share("corvane") == 0.0  # unknown: no prior at all


@pytest.mark.parametrize("usable", [True, False])
def test_shares_are_wordfreqs_with_or_without_the_cached_table(
    usable: bool, tmp_path, monkeypatch
) -> None:
    from wordfreq import word_frequency

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STORYLINE_CACHE", str(tmp_path / "cache" if usable else blocker))
    background._table.cache_clear()
    try:
        assert (background._table() is not None) is usable
        assert [background._frequency(w) for w in WORDS] == [word_frequency(w, "en") for w in WORDS]
        assert any((tmp_path / "cache").glob("wordfreq-en-*.sqlite")) is usable
    finally:
        background._table.cache_clear()


def _generated_words(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize(
    "alphabet",
    [
        "abeiosty0129'.,-_",  # numbers, compounds, contractions, elisions, abbreviations
        "aAéÉœ\u2019\u2018\u201cl'd0-9İıßﬁ @sк日本タ",  # case, curly quotes, other scripts
        "ab 1 ไทย한국語ー々😀⁄½.",  # spaceless scripts, symbols, emoji
    ],
)
def test_our_tokenizer_cuts_words_as_wordfreqs_does(alphabet: str) -> None:
    from wordfreq import word_frequency
    from wordfreq.tokens import lossy_tokenize

    from storyline.stories import wordtokens

    assert wordtokens.matches_installed()  # else the copy is not used: update it
    words = WORDS + _generated_words(alphabet, 3000, seed=len(alphabet))
    assert [wordtokens.lossy_tokenize(w) for w in words] == [lossy_tokenize(w, "en") for w in words]
    numbers = [w for w in words if any(c.isdigit() for c in w)][:300]
    assert [background._frequency(w) for w in numbers] == [word_frequency(w, "en") for w in numbers]


def _shares_in_child(words: list[str]) -> list[float]:
    return [background._frequency(w) for w in words]


def test_a_forked_process_reads_the_table_the_parent_opened() -> None:
    import multiprocessing

    words = ["dam", "far-flung", "2024", "zzzqx"]
    expected = [background._frequency(w) for w in words]  # the parent opens the table
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_shares_in_child, (words,)) == expected
