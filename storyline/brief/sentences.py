"""An article's sentences as the summary sees them: offsets, word sets, the facts inside,
and whether each can stand alone in a summary.

Sentence boundaries come from the fact stage's splitter, so a summary sentence and the
facts inside it agree on where sentences are.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.annotate.sentences import split
from storyline.records import normalise_for_hash

from .records import BriefArticle

_STOPWORDS = frozenset(
    """the a an of in on at to for from by with and or but as that which who whom was were is
    are be been being has have had will would could should can may might must shall said says
    told saying after before during over its their his her this these those it they he she we
    you our your than also into about more most not no yet there here then when where while
    what how why all any some such only very just even still now other another each both one
    two three four five six seven eight nine ten mr mrs ms per via amid among against up out
    off down under again further once do does did doing them him us me my i including next
    last according""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# "TARNOVETS, Marvenia, March 12 (CPA) – ": a dateline is not part of the sentence's news.
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,},[^–—\n]{0,60}?\s[–—-]{1,2}\s+")
_NEEDS_CONTEXT = frozenset(
    "he she they it that this these those his her their its but and also instead such so "
    "then there".split()
)
_QUOTE_OPEN = "\"“‘'"
_PRONOUN_CUE = re.compile(r"\b(he|she|they|it) (said|says|added|told|warned)\b", re.I)
_CUES = re.compile(r"\b(said|says|told|tells|added|warned|according|wrote|stated)\b")
MIN_WORDS = 8
MAX_WORDS = 60


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``article_text[start:end]``; ``eligible`` when it reads on its own."""

    article: str
    index: int
    start: int
    end: int
    text: str
    norm: str
    words: frozenset[str]
    eligible: bool
    dates: tuple[str, ...] = ()
    facts: frozenset[tuple] = frozenset()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem, enough to let "talks"/"talk" and "proposals"/"proposal" meet."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """Stemmed content words (cached: wire copies repeat the same sentences verbatim)."""
    words = frozenset(map(_content_stem, _WORD.findall(text)))
    return words - {""} if "" in words else words


@lru_cache(maxsize=1 << 16)
def _content_stem(word: str) -> str:
    """The word's stem, or "" for a stopword or a stem of two letters or fewer (decided once
    per spelling: an article's sentences repeat most of their words)."""
    s = stem(word)
    return s if s not in _STOPWORDS and len(s) > 2 else ""


def readable(text: str) -> bool:
    """Whether a sentence can stand alone in a summary: a full sentence of reasonable length,
    not opening on a pronoun or connective that needs the previous sentence, not the
    unattributed continuation of a quote."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not _TERMINAL.search(text):
        return False
    first = words[0].strip(_QUOTE_OPEN + "(").lower().rstrip(",")
    if not words[0][:1].isupper() and words[0][:1] not in _QUOTE_OPEN:
        return False
    if first in _NEEDS_CONTEXT:
        return False
    if text[0] in _QUOTE_OPEN and not _CUES.search(text):
        return False
    if _PRONOUN_CUE.search(text):  # whoever "he" is was named in another sentence
        return False
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def article_sentences(article: BriefArticle) -> tuple[Sentence, ...]:
    """Split, normalise and index one article's sentences with the facts they hold."""
    text = article.text
    facts = article.facts
    spans = []
    for start, end, _ in split(text):
        m = _DATELINE.match(text, start, end)
        spans.append((m.end() if m and m.end() < end else start, end))
    starts = [s for s, _ in spans]
    keys: list[set[tuple]] = [set() for _ in spans]
    dates: list[set[str]] = [set() for _ in spans]

    def at(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < spans[i][1] else None

    for e in facts.events:
        if (i := at(e.start)) is not None:
            keys[i].add(("date", e.date))
            if e.granularity == "day":
                dates[i].add(e.date)
    for f in facts.figures:
        if (i := at(f.start)) is not None:
            value = f.value if f.value is not None else f.low  # vague: its range
            keys[i].add(("figure", f.unit.split()[0], round(value or 0.0, 6)))
    for q in facts.quotes:
        if q.speaker and (i := at(q.start)) is not None:
            keys[i].add(("speaker", q.speaker.split()[-1].lower()))
    out = []
    for index, (start, end) in enumerate(spans):
        s_text = text[start:end]
        out.append(
            Sentence(
                article=article.id,
                index=index,
                start=start,
                end=end,
                text=s_text,
                norm=_norm(s_text),
                words=content_words(s_text),
                eligible=readable(s_text),
                dates=tuple(sorted(dates[index])),
                facts=frozenset(keys[index]),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    return normalise_for_hash(text)
