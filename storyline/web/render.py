"""The Jinja environment: autoescaping everywhere, and the few filters the pages need.

Autoescaping is forced on for every template (not chosen by file extension), and no
template marks page content ``|safe``: headlines, outlets and article text are data from
the web and are always escaped. Links taken from page content go through `http_url`, so a
``javascript:`` or ``data:`` URL is never written into an ``href``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import ChainableUndefined, Environment, FileSystemLoader

TEMPLATES = Path(__file__).parent / "templates"


def http_url(value: Any) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(ch) < 0x20 or ch in "\\\x7f" for ch in url):
        return None
    return url


def human_date(value: Any, granularity: str | None = None) -> str:
    """``2026-03-12T09:15:00+00:00`` → ``12 Mar 2026, 09:15``; partial dates stay partial."""
    if not value:
        return "—"
    return _human_date(str(value), granularity)


@lru_cache(maxsize=8192)
def _human_date(text: str, granularity: str | None) -> str:
    """Memoised: a story page shows the same few dates thousands of times (every source
    chip), and parsing them was a sixth of rendering a large page."""
    try:
        if len(text) == 4:
            return text
        if len(text) == 7:
            return datetime.strptime(text, "%Y-%m").strftime("%b %Y")
        if len(text) == 10:
            d = date.fromisoformat(text)
            label = f"{d.day} {d:%b %Y}"
            return f"week of {label}" if granularity == "week" else label
        moment = datetime.fromisoformat(text)
        label = f"{moment.day} {moment:%b %Y}"
        if moment.hour or moment.minute:
            label += f", {moment:%H:%M}"
        return label
    except ValueError:
        return text


def percent(value: Any) -> str:
    try:
        return f"{float(value):.0%}"
    except (TypeError, ValueError):
        return ""


def number(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.4g}"


def path_part(value: Any) -> str:
    """A value made safe for one URL path segment (an outlet name with slashes)."""
    return quote(str(value), safe="")


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=ChainableUndefined,  # a field a newer view lacks renders empty
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        http_url=http_url, date=human_date, percent=percent, number=number, seg=path_part
    )
    return env
