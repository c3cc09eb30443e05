"""What the clusterer knows about one article: weighted terms, name-like phrases, date, size.

Named entities are approximated by capitalised phrases instead of spaCy's NER: on title + lead
(~60 words) en_core_web_sm's NER alone (parser off) measured 11.6 ms per article (~5,300
words/s), more than the whole 5-10 ms budget of lineage plus clustering, while capitalised runs
("Mount Cook", "Harry Winston") cost microseconds. Similar events differ in *which* people,
places and numbers appear, which a capitalised run catches without knowing its label. The
phrases become extra features of the term vector, so that two stories that share a full name
weigh more than two that share only its words.

Title and lead count more than the body: they say what the article is *about*, while the body
drifts into background shared with similar-but-different events.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from storyline.reuse.sentences import fold, split_sentences


def _spacy_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from their module without importing spaCy (a
    second of start-up, for one word list, on every ingest run without facts)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:  # an unusual install: import it after all
        from spacy.lang.en.stop_words import STOP_WORDS

        return frozenset(STOP_WORDS)
    namespace: dict = {}
    exec(compile(source, str(path), "exec"), namespace)  # a literal set, nothing else
    return frozenset(namespace["STOP_WORDS"])


# Words too common in news to say what a story is about.
NEWS_STOP_WORDS = frozenset(
    """
    said says say told tell according reported report reports news year years time people new
    like just also including year-old week day days monday tuesday wednesday thursday friday
    saturday sunday today yesterday tomorrow morning afternoon evening night pm am bst gmt est
    edt pst utc updated published posted image photo copyright reuters ap afp read click mr mrs
    ms dr the s t don
    """.split()
)
STOP = _spacy_stop_words() | NEWS_STOP_WORDS

TITLE_WEIGHT = 3.0
"""Term-frequency boost of a title word (a title is one line; it says what the story is)."""
LEAD_WEIGHT = 2.0
"""Term-frequency boost of a word in the lead (the first ``LEAD_SENTENCES`` sentences)."""
LEAD_SENTENCES = 3
BODY_WEIGHT = 1.0
"""Body words count once; weighting the body less loses more same-event matches than it
saves similar-event confusions (ECB+ development data)."""
PHRASE_PREFIX = "@"
"""Feature names of capitalised phrases start with this, so they never clash with words."""
SHORT_WORDS = 20
"""Articles with fewer content words than this are "short": they may join one story under a
higher bar but never create bridges between stories (see ``StoryClusterer``)."""

_TOKEN = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?", re.UNICODE)
_CONNECTORS = frozenset({"of", "de", "del", "la", "le", "van", "von", "bin", "al", "da"})
ENGLISH = frozenset({"en", "eng", "english"})


@dataclass(frozen=True)
class ArticleFeatures:
    """The clusterer's input for one article.

    ``terms`` maps a feature (a folded word, or ``@`` + a capitalised phrase) to its boosted
    term frequency; weighting by inverse document frequency happens in the clusterer, whose
    document frequencies are learned online. ``reuse`` lists the already clustered articles
    this one shares wire copy with, as ``(doc_id, share)`` pairs (share of this article found
    in the other), from ``ReuseIndex``; ``duplicate_of`` names an earlier article with the very
    same text. ``years`` are the years (1800-2100) the text names, as evidence of *when*.
    """

    doc_id: str
    terms: tuple[tuple[str, float], ...]
    title_terms: tuple[str, ...]
    title: str
    published: date | None
    english: bool
    content_words: int
    reuse: tuple[tuple[str, float], ...] = ()
    duplicate_of: str | None = None
    years: tuple[int, ...] = ()

    @property
    def short(self) -> bool:
        return self.content_words < SHORT_WORDS

    @property
    def empty(self) -> bool:
        return not self.terms


def _normalise_token(token: str) -> str:
    """Folded, possessive and edge punctuation dropped."""
    token = fold(token).replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    return token.strip(".'-")


def _content(token: str) -> bool:
    """Words that can say what a story is about. Numbers of two digits or more stay: ages,
    tolls, scores and years tell similar events apart ("dies at 75", "magnitude 5.9")."""
    if token.isdigit():
        return len(token) > 1
    return len(token) > 1 and token not in STOP


@lru_cache(maxsize=1 << 16)
def is_number_term(term: str) -> bool:
    """Whether a feature is a number (a toll, an age, a score, a year...): a word feature
    holding a digit; names (``@`` phrases) never are."""
    return not term.startswith(PHRASE_PREFIX) and any(ch.isdigit() for ch in term)


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1800 <= int(token) <= 2100


def _capitalised(raw: str) -> bool:
    return raw[:1].isupper() and not raw.isupper() or (raw.isupper() and len(raw) > 1)


_BREAK, _NAME, _CONNECTOR, _OTHER = range(4)


@lru_cache(maxsize=1 << 17)
def _token(raw: str) -> tuple[str, bool, int]:
    """A raw token's normalised form, whether it is a content word, and what it can be in a
    capitalised phrase. Cached as one lookup: every token of every article passes here."""
    token = _normalise_token(raw)
    if not token:
        role = _BREAK
    elif _capitalised(raw) and not raw.isdigit():
        role = _NAME
    elif token in _CONNECTORS and raw.islower():
        role = _CONNECTOR
    else:
        role = _OTHER
    return token, _content(token), role


def _phrases(tokens: list[tuple[str, bool, int]]) -> list[str]:
    """Runs of capitalised tokens (sentence-initial stop words excluded), folded and joined;
    ``tokens`` as `_token` gives them."""
    phrases: list[str] = []
    run: list[str] = []

    def close() -> None:
        while run and run[-1] in _CONNECTORS:
            run.pop()
        if len(run) >= 2 or (len(run) == 1 and run[0] not in STOP):
            phrases.append(" ".join(run))
        run.clear()

    for i, (token, _, role) in enumerate(tokens):
        if role == _NAME and not (i == 0 and token in STOP):
            run.append(token)
        elif run:
            if role == _CONNECTOR:
                run.append(token)
            else:
                close()
    if run:
        close()
    return phrases


def headline_figures(title: str, width: int = 2) -> dict[str, frozenset[str]]:
    """The numbers a headline names, each with the ``width`` content words nearest to it on
    either side (stop words skipped): "Death toll rises to 14 after Korvel Dam collapse"
    gives ``{"14": {"toll", "rises", "korvel", "dam"}}``. Two headlines whose numbers differ
    but share such a word report the same quantity with a new value ("... toll climbs to
    17"): the later one updates the earlier (see ``StoryClusterer.title``)."""
    tokens = [_token(raw) for raw in _TOKEN.findall(title or "")]
    words = [
        (token, any(ch.isdigit() for ch in token))
        for token, content, _ in tokens
        if token and (content or any(ch.isdigit() for ch in token))
    ]
    figures: dict[str, set[str]] = {}
    for i, (token, number) in enumerate(words):
        if not number:
            continue
        near = figures.setdefault(token, set())
        left = [w for w, n in reversed(words[:i]) if not n][:width]
        right = [w for w, n in words[i + 1 :] if not n][:width]
        near.update(left, right)
    return {number: frozenset(near) for number, near in figures.items()}


def parse_date(value: str | date | None) -> date | None:
    """An ISO date/datetime (string or object) as a date; ``None`` when absent or unparsable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def article_features(
    doc_id: str,
    text: str,
    title: str | None = None,
    published: str | date | None = None,
    language: str | None = None,
    reuse: tuple[tuple[str, float], ...] = (),
    duplicate_of: str | None = None,
) -> ArticleFeatures:
    """Build the clusterer's features of an article (pure; ~1 ms for a 500-word article).

    A missing language counts as English (most pages without a declared language in an
    English newsroom's feed are English); any other declared language is kept apart by the
    clusterer, whose vocabulary statistics are English.
    """
    title = (title or "").strip()
    counts: dict[str, float] = defaultdict(float)
    content_words = 0
    title_terms: list[str] = []
    blocks: list[tuple[str, float]] = []
    if title:
        blocks.append((title, TITLE_WEIGHT))
    for index, sentence in enumerate(split_sentences(text or "")):
        weight = LEAD_WEIGHT if index < LEAD_SENTENCES else BODY_WEIGHT
        blocks.append((text[sentence.start : sentence.end], weight))
    for block_index, (block, weight) in enumerate(blocks):
        tokens = [_token(raw) for raw in _TOKEN.findall(block)]
        for token, content, _ in tokens:
            if content:
                counts[token] += weight
                if block_index > 0 or not title:
                    content_words += 1
                elif token not in title_terms:
                    title_terms.append(token)
        for phrase in _phrases(tokens):
            counts[PHRASE_PREFIX + phrase] += weight
    terms = tuple(sorted((t, 1.0 + math.log(c)) for t, c in counts.items()))
    years = tuple(sorted({int(t) for t in counts if _is_year(t)}))
    english = language is None or language.strip().lower() in ENGLISH or not language.strip()
    return ArticleFeatures(
        doc_id=doc_id,
        terms=terms,
        title_terms=tuple(title_terms),
        title=title,
        published=parse_date(published),
        english=english,
        content_words=content_words + (len(title_terms) if not text else 0),
        reuse=tuple(reuse),
        duplicate_of=duplicate_of,
        years=years,
    )
