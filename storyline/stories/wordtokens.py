"""wordfreq's English tokenizer, without importing wordfreq.

Background shares (`storyline.stories.background`) must be wordfreq's own values, and a word
that is not plain lowercase ("far-flung", "2,000", "didn't", "u.s.-mexico", a Cyrillic name)
is cut into tokens by wordfreq's tokenizer before its table is read. Importing
``wordfreq.tokens`` costs a quarter of a CPU-second in every ingest (wordfreq's package,
langcodes, ftfy), about what trafilatura spends on five pages, for a regular expression and
three string steps. This module holds those steps, as wordfreq 3.1 performs them for English
(Latin script: NFC, case folding, no transliteration, the ``regex`` tokenizer), under wordfreq's
Apache-2.0 licence: `lossy_tokenize` equals ``wordfreq.tokens.lossy_tokenize(text, "en")``.

`matches_installed` says whether the installed wordfreq is the release this copy follows; when
it is not, the caller uses wordfreq's tokenizer itself. A test compares the two on thousands of
generated words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["WORDFREQ_RELEASE", "lossy_tokenize", "matches_installed"]

WORDFREQ_RELEASE = "3.1."
"""The wordfreq releases whose tokenizer this module copies (version prefix)."""

_SPACELESS_SCRIPTS = ("Hira", "Kana", "Khmr", "Lana", "Laoo", "Mymr", "Tale", "Talu", "Thai")
_EXTRA_JAPANESE_CHARACTERS = "ー々〻〆"
_INITIAL_VOWEL = "[AEHIOUYÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÅÏÖŒaehiouyáéíóúàèìòùâêîôûåïöœ]"
_TOKEN_PATTERN = r"""
    [<SPACELESS>]+
    |
    @s \b
    |
    (?=[\w\p{So}])
    (?!\w\w?'<VOWEL>)
    \X+?
    (?:
       @s? (?!\w) | \b
    )
    |
    \w\w?'
"""
_SINGLE_QUOTES = re.compile("[\u02bc\u2018-\u201b]")
_DOUBLE_QUOTES = re.compile("[\u201c-\u201f]")


@lru_cache(maxsize=1)
def _token_re() -> Any:
    """wordfreq's ``TOKEN_RE`` (its case 1 to 4: spaceless scripts, "@s", Unicode word
    segmentation with the French elision rule, the elided article itself)."""
    import regex

    spaceless = (
        r"\p{IsIdeo}"
        + "".join(r"\p{Script=" + code + "}" for code in sorted(_SPACELESS_SCRIPTS))
        + _EXTRA_JAPANESE_CHARACTERS
    )
    pattern = _TOKEN_PATTERN.replace("<SPACELESS>", spaceless).replace("<VOWEL>", _INITIAL_VOWEL)
    return regex.compile(pattern, regex.V1 | regex.WORD | regex.VERBOSE)


def lossy_tokenize(text: str) -> list[str]:
    """``wordfreq.tokens.lossy_tokenize(text, "en")``: NFC, case folding, the tokens with
    their edge apostrophes stripped and folded again, curly quotes made straight."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = unicodedata.normalize("NFC", text)
    tokens = [token.strip("'").casefold() for token in _token_re().findall(text)]
    return [_SINGLE_QUOTES.sub("'", _DOUBLE_QUOTES.sub('"', token)) for token in tokens]


@lru_cache(maxsize=1)
def matches_installed() -> bool:
    """Whether the installed wordfreq is a release this copy follows."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wordfreq").startswith(WORDFREQ_RELEASE)
    except PackageNotFoundError:
        return False
