"""Sentence spans and word tokens: the unit that wire copy is aligned on.

Agencies' copy is reused sentence by sentence (outlets cut, reorder and lightly edit it), so a
sentence is the natural unit of alignment. A regex splitter is used rather than spaCy's parser:
it costs microseconds per article, and a wrong split only shifts a passage boundary by one
sentence, which alignment tolerates. Spans are character offsets into the article text, so a
passage can be highlighted in the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and an upper-case letter, digit or opening quote; or at a line break.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\s*\n\s*")
# Tokens before a full stop that do not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Mt|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$"
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its character span in the text and its normalised word tokens."""

    start: int
    end: int
    tokens: tuple[str, ...]


def fold(word: str) -> str:
    """Case- and accent-fold a word so that "Zelenskyy"/"ZELENSKYY" and "café"/"cafe" meet."""
    if word.isascii():
        return word.lower()
    return _fold_unicode(word)


@lru_cache(maxsize=65536)
def _fold_unicode(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded ``\\w+`` tokens of a text."""
    return [fold(w) for w in _WORD.findall(text)]


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with character spans (whitespace trimmed).

    Deterministic and cheap; abbreviations such as "Mr." or "U.S." do not end a sentence.
    Empty pieces (blank lines) are dropped. The last few results are cached: one article is
    split by lineage, by clustering and again as the other side of later alignments.
    """
    return list(_split(text))


@lru_cache(maxsize=512)
def _split(text: str) -> tuple[Sentence, ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()]
        if "\n" not in match.group() and _ABBREVIATION.search(head):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    sentences = []
    for s, e in spans:
        piece = text[s:e]
        stripped = piece.strip()
        if not stripped:
            continue
        s += len(piece) - len(piece.lstrip())
        e = s + len(stripped)
        sentences.append(Sentence(s, e, tuple(words(stripped))))
    return tuple(sentences)
