"""What a page says about who published it, who wrote it, and when.

A page dump has no ``<meta>`` tags, but its text usually names its source somewhere: a
copyright line ("©2025 Bloomberg L.P."), a byline ("Henry Meyer and Volodymyr Verbianyi,
Bloomberg News"), a source glued to a date by the renderer ("Yomiuri Shimbun23-05-2025"), or an
agency marker in the dateline ("KYIV (AP) —"). These functions read such lines; they never
guess from the URL or from the wording of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from storyline.extract.furniture import DATE_IN_TEXT, normalise_line

__all__ = [
    "Byline",
    "agency_from_dateline",
    "infer_outlet",
    "outlet_from_copyright",
    "parse_byline",
    "parse_date",
    "source_and_date",
]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_AGENCY_NAMES = {
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "associated press": "Associated Press",
    "afp": "AFP",
    "reuters": "Reuters",
    "upi": "UPI",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "pti": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "yonhap": "Yonhap",
    "kyodo": "Kyodo",
    "bloomberg": "Bloomberg",
}

_COMPANY_SUFFIX = re.compile(
    r"[\s,]+(?:l\.?p\.?|llc|inc\.?|ltd\.?|limited|corp(?:oration)?\.?|co\.|plc|gmbh|s\.a\.|"
    r"ag|n\.v\.|pty\.?(?: ltd\.?)?|group|media(?: group)?|company|all rights reserved\.?)$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?)?"
    r"\s*,?\s*(?:by\s+)?(?:the\s+)?(?P<name>[A-Z][\w&.'’ -]{1,60}?)"
    r"(?=\s*(?:[.,;|]\s|[.,;|]?$|\s+all rights|\s+visit\b|\s*\(|\s+-))",
    re.IGNORECASE,
)
_GLUED = re.compile(
    r"(?P<name>[A-Z][\w&.'’ -]{1,60}?)\s*[|·•,-]?\s*"
    r"(?P<date>\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})"
)
_AGENCY_MARK = re.compile(
    r"^[A-Z][A-Za-z.'’ /-]{1,60}(?:,\s*[A-Za-z.' ]{2,40})?\s*\((?P<agency>AP|AFP|Reuters|UPI|"
    r"dpa|EFE|ANSA|Xinhua|TASS|PTI|ANI|IANS|Yonhap|Kyodo|Bloomberg|The Associated Press)\)"
    r"\s*(?:[-—–]{1,2}|:)"
)
_NAME = (
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|der|den|di|da|van|von|la|le|du|bin|al))"
    r"{1,3}"
)
_NAMES = rf"(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)"
_BYLINE_BY = re.compile(
    rf"^(?:by|written by|posted by|story by|words by|reported by)\s*:?\s*"
    rf"{_NAMES}(?:\s*(?:,|\||/|-|–|—|\bfor\b|\bof\b)\s*(?P<org>[^|]{{2,60}}))?$",
    re.IGNORECASE,
)
_BYLINE_ORG = re.compile(
    rf"^{_NAMES}\s*,\s*(?P<org>[A-Z][\w&.'’ -]{{1,60}}?)"
    rf"(?:\s+on)?\s*$"
)
_ROLE_WORD = (
    r"(?:staff|writer|reporter|correspondent|contributor|editor|columnist|journalist|"
    r"photographer|producer|analyst)s?"
)
_ROLE_MODIFIERS = (
    r"(?:senior|staff|chief|special|contributing|foreign|national|security|auto|business|"
    r"political|politics|sports|science|medical|health|technology|tech|economics|white|house|"
    r"investigative|data|entertainment|legal|climate|energy|markets|finance|financial|"
    r"associate|deputy|managing|video|digital)"
)
_ORG_ROLE = re.compile(rf"\s*\b(?:{_ROLE_MODIFIERS}\s+){{0,3}}{_ROLE_WORD}$", re.IGNORECASE)
"""The role after the organisation: "AP Auto Writer", "Bloomberg News Staff Writer"."""
_HAS_ROLE = re.compile(rf"\b{_ROLE_WORD}$", re.IGNORECASE)
_DATE_TAIL = re.compile(
    r"\s+(?:on|at|updated|published|posted|\|)\s+(?:(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|"
    r"apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\b|\d).*$|\s+on$",
    re.IGNORECASE,
)
_CREDENTIAL = r"(?:[A-Z]{1,4}\.?|Ph\.?D\.?|Jr\.?|Sr\.?)"
_CREDENTIALS = re.compile(rf"{_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*")
""""MS, RD": letters after a name, not an organisation."""
_PHOTO_AGENCIES = frozenset(
    "getty images|getty|shutterstock|alamy|istock|istockphoto|epa|pa images|pa|afp photo|"
    "ap photo|reuters photo|unsplash|pexels|wikimedia commons|wikimedia".split("|")
)
_NOT_ORG = re.compile(r"^(?:on|at|in|updated|published|posted|\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Byline:
    """Authors named by a byline, and the organisation it credits, when it names one."""

    authors: tuple[str, ...]
    outlet: str | None = None


@lru_cache(maxsize=8192)
def parse_byline(line: str) -> Byline | None:
    """Read a byline: "By Jane Doe and John Roe", "Henry Meyer and Volodymyr Verbianyi,
    Bloomberg News on", "Tom Krisher, AP Auto Writer". None when the line is not one.

    A line without "By" counts only when every name is a run of 2–4 capitalised words and an
    organisation follows the last comma, so a headline is not mistaken for a byline.
    """
    line = _DATE_TAIL.sub("", normalise_line(line))
    if not line or len(line) > 160:
        return None
    match = _BYLINE_BY.match(line) or _BYLINE_ORG.match(line)
    if match is None:
        return None
    names, org = match.group("names"), match.group("org")
    if org is None:
        names, org = _split_trailing_org(names)
    authors = _split_names(names)
    if not authors:
        return None
    outlet = _clean_org(org) if org else None
    if match.re is _BYLINE_ORG and (
        org is None
        or outlet is None
        or not (_ORG_WORD.search(org) or _HAS_ROLE.search(org.strip(" ,.")))
    ):
        return None  # "Introducing Jane Doe, New CEO at Acme" is a headline
    return Byline(tuple(authors), outlet)


_ORG_WORD = re.compile(
    r"\b(?:news|press|times|post|journal|herald|courier|gazette|tribune|telegraph|chronicle|"
    r"media|agency|staff|wire|daily|weekly|magazine|radio|tv|television|network|service|"
    r"associated|reuters|bloomberg|observer|guardian|express|mail|star|sun|review|today|"
    r"report|monitor|standard|record|inquirer|examiner|bulletin|dispatch|shimbun)\b",
    re.IGNORECASE,
)


def _split_trailing_org(names: str) -> tuple[str, str | None]:
    """ "A and B, Valley Courier": after a list already closed by "and", or when it reads as
    a publication, the part after the last comma is the organisation, not another author."""
    head, sep, last = names.rpartition(",")
    if not sep:
        return names, None
    if re.search(r"\band\b|&", head) or _ORG_WORD.search(last):
        return head, last
    return names, None


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*(?:,|\band\b|&)\s*", names)
    out = []
    for part in parts:
        part = part.strip()
        words = part.split()
        if not 2 <= len(words) <= 4 or not all(w[:1].isupper() or w.islower() for w in words):
            return []
        out.append(part)
    return out


def _clean_org(org: str) -> str | None:
    org = normalise_line(org).strip(" ,.;:-–—")
    org = re.sub(r"\s+on$", "", org)
    if _CREDENTIALS.fullmatch(org):
        return None
    org = _ORG_ROLE.sub("", org).strip(" ,.;:-–—")
    if not org or _NOT_ORG.match(org) or len(org.split()) > 6:
        return None
    lowered = org.lower()
    if lowered in _AGENCY_NAMES:
        return _AGENCY_NAMES[lowered]
    return org


def outlet_from_copyright(line: str) -> str | None:
    """ "©2025 Bloomberg L.P. Visit bloomberg.com." → "Bloomberg"."""
    line = normalise_line(line)
    if len(line) > 300:
        return None
    match = _COPYRIGHT.search(line)
    if match is None:
        return None
    name = match.group("name").strip(" ,.-")
    while True:
        shorter = _COMPANY_SUFFIX.sub("", name).strip(" ,.-")
        if shorter == name:
            break
        name = shorter
    if len(name) < 2 or name.lower() in {"all rights reserved", "all", "the", "copyright"}:
        return None
    if name.lower() in _PHOTO_AGENCIES:
        return None  # "© Getty Images" credits a photo, not the page
    return _AGENCY_NAMES.get(name.lower(), name)


@lru_cache(maxsize=8192)
def source_and_date(line: str) -> tuple[str, str] | None:
    """A source name glued to a date, as renderers produce from adjacent elements:
    "Yomiuri Shimbun23-05-2025" → ("Yomiuri Shimbun", "2025-05-23")."""
    line = normalise_line(line)
    if len(line) > 80:
        return None
    match = _GLUED.fullmatch(line)
    if match is None:
        return None
    name = match.group("name").strip(" ,.-|")
    date = parse_date(match.group("date"))
    if date is None or len(name.split()) > 6 or not name[:1].isupper():
        return None
    return name, date


def agency_from_dateline(paragraph: str) -> str | None:
    """The agency of a dateline such as "KYIV, Ukraine (AP) —" at the start of a paragraph."""
    match = _AGENCY_MARK.match(normalise_line(paragraph)[:120])
    if match is None:
        return None
    return _AGENCY_NAMES.get(match.group("agency").lower(), match.group("agency"))


def parse_date(text: str) -> str | None:
    """The first calendar date in ``text`` as ISO ``YYYY-MM-DD``, or None.

    Numeric dates with dashes or dots are read day first (23-05-2025), with slashes month
    first (05/23/2025), unless one reading is impossible.
    """
    match = DATE_IN_TEXT.search(text)
    if match is None:
        return None
    token = match.group(0).lower().replace(",", " ")
    try:
        return _parse_token(token)
    except ValueError:
        return None


def _parse_token(token: str) -> str | None:
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", token)
    if iso:
        return _iso(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    numeric = re.fullmatch(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})", token)
    if numeric:
        a, sep, b, year = (
            int(numeric.group(1)),
            numeric.group(2),
            int(numeric.group(3)),
            int(numeric.group(4)),
        )
        day, month = (b, a) if sep == "/" else (a, b)
        if month > 12:
            day, month = month, day
        return _iso(year, month, day)
    return _parse_words(token)


def _parse_words(token: str) -> str | None:
    """A date written with a month name ("3 March 2026", "March 3, 2026")."""
    words = re.findall(r"[a-z]+|\d+", token)
    month = next((_MONTHS[w[:3]] for w in words if w[:3] in _MONTHS and not w.isdigit()), None)
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if n > 1000), None)
    day = next((n for n in numbers if n <= 31), None)
    if month is None or year is None or day is None:
        return None
    return _iso(year, month, day)


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def infer_outlet(lines: Iterable[str]) -> str | None:
    """The outlet a page credits, by the strength of the evidence: a source glued to a date,
    then a copyright line, then a byline's organisation, then an agency dateline."""
    glued = copyright_ = byline = agency = None
    for line in lines:
        if glued is None and (found := source_and_date(line)):
            glued = found[0]
        if copyright_ is None and ("©" in line or "opyright" in line or "(c)" in line.lower()):
            copyright_ = outlet_from_copyright(line)
        if byline is None and (parsed := parse_byline(line)) and parsed.outlet:
            byline = parsed.outlet
        if agency is None:
            agency = agency_from_dateline(line)
    return glued or copyright_ or byline or agency
