"""Background document frequencies: how common a word is in news text at large.

A fresh store has seen too few articles for its own document frequencies to tell a topic's
everyday words ("talks", "said", "government") from an event's own ("Istanbul",
"memorandum"), so everything on one topic looks alike and the clusterer has to wait for
hundreds of articles before trusting a match. Word frequencies from wordfreq (a corpus of
many genres, shipped with the package) give every term a prior document share from the first
article on; the store's own counts take over as they grow.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

TOKENS_PER_DOCUMENT = 500
"""The length of a typical article, turning a word's frequency into the share of documents
that contain it: 1 - exp(-tokens * frequency)."""


@lru_cache(maxsize=200_000)
def background_share(term: str) -> float:
    """The prior share of news articles containing ``term`` (a folded word, or a phrase:
    as rare as its rarest word); 0 when wordfreq is not installed or knows nothing of it."""
    words = term.lstrip("@").split()
    if not words:
        return 0.0
    return min(_word_share(word) for word in words)


def word_shares(terms: Iterable[str]) -> dict[str, float]:
    """The share of every word of ``terms``: computed where the words are found (a worker
    process, `storyline.workers`) and handed to the process that weighs them (`remember`),
    so that the single writer does no wordfreq lookups of its own."""
    words = _words(terms)
    _prefetch(words)
    return {word: _word_share(word) for word in words}


def prefetch(terms: Iterable[str]) -> None:
    """Look up the table entries of all the plain words of ``terms`` in one query, ahead of
    `background_share` asking for them one by one (an article's few hundred terms: one
    round trip instead of one each). Changes no value, only when the lookups happen."""
    _prefetch(_words(terms))


def _words(terms: Iterable[str]) -> set[str]:
    return {word for term in terms for word in term.lstrip("@").split()}


def _prefetch(words: set[str]) -> None:
    table = _table()
    if table is not None:
        table.fill([word for word in words if _PLAIN.fullmatch(word)])


def remember(shares: dict[str, float]) -> None:
    """Take shares computed elsewhere by `word_shares` (the same pure function of the word,
    so the weights are those this process would compute); each is used once, then cached."""
    _given.update(shares)
    while len(_given) > _GIVEN:  # words this process had weighed already are never taken
        del _given[next(iter(_given))]


_given: dict[str, float] = {}
_GIVEN = 50_000


@lru_cache(maxsize=200_000)
def _word_share(word: str) -> float:
    given = _given.pop(word, None)
    if given is not None:
        return given
    try:
        frequency = _frequency(word)
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return 1.0 - math.exp(-TOKENS_PER_DOCUMENT * frequency)


_PLAIN = re.compile(r"[a-z]+")


def _frequency(word: str) -> float:
    """``wordfreq.word_frequency(word, "en")``, with its English table read from a compact
    copy (`_table`) instead of being built in memory, and without importing wordfreq: the
    same values, without the half CPU-second a process spent importing wordfreq and unpacking
    321,000 words to look up a few thousand. A plain lowercase ASCII word (nine words in ten)
    is its own only token; any other is cut into tokens by wordfreq's English tokenizer
    (`storyline.stories.wordtokens`, a copy; wordfreq's own when another release is
    installed), and tokens combine as wordfreq combines them (`_combined`)."""
    table = _table()
    if table is None:  # no usable cache: wordfreq itself
        from wordfreq import word_frequency

        return word_frequency(word, "en")
    if _PLAIN.fullmatch(word):
        return _rounded(table.get(word) or 0.0)
    from storyline.stories import wordtokens

    if wordtokens.matches_installed():
        return _combined(wordtokens.lossy_tokenize(word), table)
    from wordfreq.tokens import lossy_tokenize

    return _combined(lossy_tokenize(word, "en"), table)


_MULTI_DIGIT = re.compile(r"[0-9][0-9.,]+")
_DIGITS = re.compile(r"[0-9]+")
_DIGIT_SHARES = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)


def _smashed(token: str) -> str:
    """wordfreq's ``smash_numbers``: each run of digits (with points and commas) as zeros."""
    return _MULTI_DIGIT.sub(lambda match: re.sub("[0-9]", "0", match.group(0)), token)


def _digit_frequency(token: str) -> float:
    """wordfreq's ``digit_freq``: Benford's law for a digit sequence, and a peaked
    distribution around 2019 for four digits (a year), as ``wordfreq.numbers`` computes them
    (Apache-2.0)."""
    frequency = 1.0
    for run in _MULTI_DIGIT.findall(token):
        for digits in _DIGITS.findall(run):
            benford = _DIGIT_SHARES[int(digits[0])] / 10 ** (len(digits) - 1)
            if len(digits) == 4:
                year = int(digits)
                if year <= 2019:
                    log_share = -1.9185 - 0.0083 * (2019 - year)
                elif year <= 2039:
                    log_share = -1.9185
                else:
                    log_share = -1.9185 - 0.2 * (year - 2039)
                frequency *= 10.0**log_share + 0.1 * benford
            else:
                frequency *= benford
    return frequency


def _rounded(frequency: float) -> float:
    """Three significant digits, as wordfreq rounds what it returns."""
    if frequency == 0.0:
        return 0.0
    return round(frequency, math.floor(-math.log(frequency, 10)) + 3)


def _combined(tokens: list[str], table: _Table) -> float:
    """wordfreq's ``_word_frequency`` for English (no inferred spaces), over ``table``: the
    tokens' frequencies combine as 1/f = 1/f1 + 1/f2 + ..., a digit sequence is looked up as
    zeros and weighed by wordfreq's own estimate of that number, and any unknown token makes
    the whole word unknown."""
    if not tokens:
        return 0.0
    one_over_result = 0.0
    for token in tokens:
        smashed = _smashed(token)
        frequency = table.get(smashed)
        if frequency is None:
            return 0.0
        if smashed != token:
            frequency *= _digit_frequency(token)
        one_over_result += 1.0 / frequency
    return _rounded(max(1.0 / one_over_result, 0.0))


class _Table:
    """wordfreq's English table as a read-only SQLite file: one indexed lookup a word. A
    process forked from the one that opened it (the workers' fork server warms it up) opens
    its own connection: SQLite connections must not cross a fork."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pid = -1
        self._db: Any = None
        self._memo: dict[str, float | None] = {}
        self._connect()

    def _connect(self) -> None:
        import sqlite3

        uri = f"{self._path.as_uri()}?mode=ro"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._db.execute("SELECT count(*) FROM words WHERE word = ''").fetchone()
        self._pid = os.getpid()

    def get(self, word: str) -> float | None:
        if word in self._memo:
            return self._memo[word]
        if self._pid != os.getpid():
            self._connect()
        row = self._db.execute("SELECT frequency FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else None

    def fill(self, words: list[str]) -> None:
        """Look up ``words`` in one query per 500 and keep the answers (None: not in the
        table) for `get`."""
        memo = self._memo
        missing = [word for word in words if word not in memo]
        if not missing:
            return
        if len(memo) + len(missing) > _MEMO:
            memo.clear()
        if self._pid != os.getpid():
            self._connect()
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found = dict(
                self._db.execute(
                    f"SELECT word, frequency FROM words WHERE word IN ({marks})", chunk
                )
            )
            for word in chunk:
                memo[word] = found.get(word)


_MEMO = 200_000
"""Table entries kept by `_Table.fill` (about as many as words `background_share` keeps)."""


@lru_cache(maxsize=1)
def _table() -> _Table | None:
    """The compact copy of wordfreq's English table, written on first use into the user's
    cache folder (`storyline.extract.language.cache_dir`) under wordfreq's version and the
    data file's size and time, so that a new wordfreq gets a new copy; None (wordfreq
    itself then) when the cache cannot be written or read."""
    try:
        from importlib.metadata import version

        from storyline.extract.language import cache_dir

        data = _data_file()
        stat = data.stat()
        path = (
            cache_dir()
            / f"wordfreq-en-{version('wordfreq')}-{stat.st_size}-{stat.st_mtime_ns}.sqlite"
        )
        if not path.exists():
            _write_table(path)
        return _Table(path)
    except Exception:  # a read-only home, a damaged file: wordfreq's own lookup still works
        return None


def _data_file() -> Path:
    """wordfreq's packed English word list (its "best" list for English is "large")."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("wordfreq")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def _write_table(path: Path) -> None:
    """Write the table aside, then rename it into place: a concurrent or interrupted start
    never sees half a copy."""
    import os
    import sqlite3
    import tempfile

    from wordfreq import get_frequency_dict

    words = get_frequency_dict("en", "best")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, work = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    os.close(handle)
    try:
        with sqlite3.connect(work) as db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, frequency REAL) WITHOUT ROWID")
            db.executemany("INSERT INTO words VALUES (?, ?)", words.items())
        db.close()
        os.replace(work, path)
    finally:
        Path(work).unlink(missing_ok=True)
