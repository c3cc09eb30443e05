"""Every spelling of a name in a search: "Zelensky" finds the articles that write
"Zelenskyy", "Kyiv" those that write "Kiev".

The words of the index that are transliteration variants of a query word (the fact stage's
own test, `storyline.annotate.canonical.spelling_variant`: y/i, doubled letters, one
transposed or changed letter in the same consonant skeleton, never a plural) are searched
too, and the caller is told which spellings were added. On SQLite the index's vocabulary is
read through an ``fts5vocab`` table (`storyline.store.sqlite_reads.spelling_variants`);
PostgreSQL searches the spelling as typed. The search itself is the read API's
(`storyline.store.reads.Reads.search_all_spellings`).
"""

from __future__ import annotations

from storyline.store.records import SearchHit


def search_all_spellings(
    store, query: str, *, limit: int = 20
) -> tuple[list[SearchHit], dict[str, list[str]]]:
    """Hits for ``query`` and its other spellings on ``store`` (a `Store` or its `Reads`)."""
    return store.reads.search_all_spellings(query, limit=limit)
