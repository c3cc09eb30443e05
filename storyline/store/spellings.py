"""Every spelling of a name in a search: "Zelensky" finds the articles that write
"Zelenskyy", "Kyiv" those that write "Kiev".

The words of the index that are transliteration variants of a query word (the fact stage's
own test, `storyline.annotate.canonical.spelling_variant`: y/i, doubled letters, one
transposed or changed letter in the same consonant skeleton, never a plural) are searched
too, and the caller is told which spellings were added. On SQLite the index's vocabulary is
read through an ``fts5vocab`` table; PostgreSQL searches the spelling as typed.
"""

from __future__ import annotations

import re
from itertools import product

from sqlalchemy import text
from sqlalchemy.engine import Connection

from storyline.annotate.canonical import ascii_fold, spelling_variant
from storyline.store.db import SearchHit, Store

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_VARIANTS = 4


def variants(conn: Connection, dialect: str, word: str) -> list[str]:
    """Other spellings of ``word`` found in the index (lower case), most used first."""
    word = ascii_fold(word)
    if dialect != "sqlite" or len(word) < 4 or not word.isalpha():
        return []
    conn.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.storyline_fts_vocab "
            "USING fts5vocab(main, articles_fts, 'row')"
        )
    )
    firsts = {word[0]} | ({"i", "y"} if word[0] in "iy" else set())
    found: dict[str, int] = {}
    for first in firsts:
        rows = conn.execute(
            text("SELECT term, doc FROM temp.storyline_fts_vocab WHERE term >= :lo AND term < :hi"),
            {"lo": first, "hi": chr(ord(first) + 1)},
        )
        for term, docs in rows:
            if spelling_variant(word, term):
                found[term] = docs
    own = _docs(conn, word)
    out: list[str] = []
    for stem in sorted(found, key=lambda t: -found[t]):
        # the index holds stems ("zelenskyi", "turkiy"): search a form that stems back
        forms = ([stem[:-1] + "y"] if stem.endswith("i") else []) + [stem, stem + "e"]
        for form in forms:
            docs = _docs(conn, form)
            if docs and docs != own and form not in out:
                out.append(form)
                break
    return out[:MAX_VARIANTS]


def _docs(conn: Connection, word: str) -> frozenset[int]:
    """The articles the index finds for one word (its stem, in fact)."""
    rows = conn.execute(
        text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q"),
        {"q": '"' + word + '"'},
    )
    return frozenset(r[0] for r in rows)


def search_all_spellings(
    store: Store, query: str, *, limit: int = 20
) -> tuple[list[SearchHit], dict[str, list[str]]]:
    """Hits for ``query`` and for the query with each bare word replaced by its other
    spellings, best first, each article once; and ``{word: [other spellings searched]}``."""
    words = [w for w in dict.fromkeys(_WORD.findall(_bare(query)))]
    with store.engine.connect() as conn:
        extra = {w: v for w in words if (v := variants(conn, store.dialect, w))}
    hits = {h.id: h for h in store.search(query, limit=limit)}
    if extra:
        names = list(extra)
        for choice in product(*([w, *extra[w]] for w in names)):
            if choice == tuple(names):
                continue
            rewritten = query
            for word, spelling in zip(names, choice, strict=True):
                rewritten = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", spelling, rewritten)
            for hit in store.search(rewritten, limit=limit):
                hits.setdefault(hit.id, hit)
    return list(hits.values())[:limit], extra


def _bare(query: str) -> str:
    """The query without its quoted phrases: a phrase is searched as written."""
    return re.sub(r'"[^"]*"', " ", query)
