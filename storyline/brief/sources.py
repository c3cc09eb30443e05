"""What a person calls a source: its outlet, else what the page itself says.

A source is never shown as a bare number. In order: the outlet (given, or the site name the
extractor read), the URL's host, the news agency named in the dateline ("TARNOVETS, Marvenia,
March 12 (CPA) —") or in a credit line at the end ("(AFP)", "— Reuters"), the headline,
and for a page without one, its opening words.
"""

from __future__ import annotations

import re

LABEL_CHARS = 60
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .’'/-]{1,40}(?:,[^\n()]{1,50})?\s*\((?P<agency>[A-Z][\w .&’'-]{0,30})\)"
    r"\s*(?:--|—|–|-|:)",
    re.MULTILINE,
)
_AGENCIES = (
    "AFP", "AP", "Reuters", "Associated Press", "Agence France-Presse", "dpa", "Xinhua",
    "TASS", "Tass", "Interfax", "Kyodo", "Yonhap", "ANI", "PTI", "IANS", "Anadolu", "EFE",
    "ANSA", "UPI", "Bloomberg",
)  # fmt: skip
_CREDIT = re.compile(
    r"(?:^|\(|[—–-]\s?|\bwith\s)(?P<agency>" + "|".join(map(re.escape, _AGENCIES)) + r")\)?\.?\s*$",
    re.MULTILINE,
)


def source_label(outlet: str | None, url: str | None, title: str | None, text: str) -> str:
    """The name a reader would give this source (see the module docstring)."""
    if outlet and outlet.strip():
        return outlet.strip()
    if url:
        host = url.split("//", 1)[-1].split("/", 1)[0].split("@")[-1].split(":")[0]
        if host and "." in host:
            return host.removeprefix("www.")
    agency = _agency(text)
    if agency:
        return agency
    if title and title.strip():
        return _clip(title)
    opening = text.strip().split("\n", 1)[0]
    return _clip(opening) if opening else "untitled page"


def _agency(text: str) -> str | None:
    head = text[:600]
    m = _DATELINE.search(head)
    if m and not m.group("agency").isdigit():
        return m.group("agency").strip()
    for m in _CREDIT.finditer(text[-300:]):
        return m.group("agency")
    return None


def _clip(text: str, n: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—–- ") + "…"
