"""Validating and normalising metadata the user gives (manifest lines, news-please JSON).

Given metadata wins over whatever extraction infers, so it must be right or absent: dates are
normalised to ISO 8601, URLs must be absolute http(s), languages are reduced to their ISO 639
code (what language detection produces, so the two compare), author lists are de-duplicated.
A value that cannot be normalised raises ValueError with a reason the caller reports.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

_MAX_DATE_CHARS = 64
_YEARS = range(1900, 2101)
_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_DATEPARSER_SETTINGS = {
    # Absolute dates only: "yesterday" or a bare number is not a publication date.
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}


def normalise_published(value: str) -> str:
    """An ISO date (``2025-05-29``) or datetime (``2025-05-29T10:00:00+00:00``).

    Strict ISO forms are parsed by the standard library; other common forms ("29 May 2025",
    "May 29, 2025 10:00 GMT") through dateparser, restricted to absolute dates.
    """
    text = value.strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        raise ValueError("not a date")
    parsed: date | datetime | None = None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = _parse_loosely(text)
    if parsed is None:
        raise ValueError("not a date")
    if parsed.year not in _YEARS:
        raise ValueError("year out of range")
    if isinstance(parsed, datetime) and ":" not in text and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()  # "29 May 2025" is a date, not midnight
    return parsed.isoformat()


def _parse_loosely(text: str) -> datetime | None:
    import dateparser  # slow to import; most dates are ISO and never need it

    try:
        return dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - third-party parser: any failure means "not a date"
        return None


def normalise_url(value: str) -> str:
    """An absolute http(s) URL, stripped of surrounding space."""
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ValueError("not a URL") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("not an absolute http(s) URL")
    return url


def normalise_language(value: str) -> str:
    """The ISO 639 code of a language tag: ``en-GB`` → ``en``."""
    match = _LANGUAGE.match(value.strip())
    if match is None:
        raise ValueError("not a language code")
    return match.group(1).lower()


def normalise_authors(value: str | list[str]) -> tuple[str, ...]:
    """Author names from a list, or from one string listing them ("A, B and C")."""
    names = _AUTHOR_SEPARATORS.split(value) if isinstance(value, str) else value
    seen: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def clean_text(value: str) -> str | None:
    """A one-line metadata string (title, outlet), or None if blank."""
    text = " ".join(value.split())
    return text or None
