"""Deeply nested HTML, flattened before parsing.

libxml2 (under lxml and trafilatura) stops building the tree 256 elements deep and drops
everything below without an error, so a valid page whose article sits inside a few hundred
wrapper ``<div>``s (page builders, or a hostile input) came out as "no article text". Below
``MAX_DEPTH`` open elements this module removes the wrapper tags (their text stays, in
order), and keeps the few tags that carry an article's structure (paragraphs, headings,
lists, links, line breaks), so the parser sees the same text at a depth it can hold. One
linear scan over the tags; a page that is not that deep is returned unchanged. Extraction
calls it only for a page it found no article in, so ordinary pages pay nothing.
"""

from __future__ import annotations

import re

MAX_DEPTH = 160
"""Open elements kept before wrappers are dropped (libxml2's limit is 256; trafilatura
and our filters walk the tree recursively too)."""
_HARD_DEPTH = MAX_DEPTH + 40
"""Beyond this even structural tags are dropped (they too can be nested without end)."""

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^<>]*?(/?)>")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "template"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}  # fmt: skip
)
_STRUCTURE = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "a", "br",
     "article", "main", "pre", "time"}  # fmt: skip
)
_IMPLIED_END = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
_SIBLING_LOOKBACK = 4
_LOOKBACK = 64
"""How far down the stack a closing tag may look for its element (HTML's implied ends)."""


def flatten_deep_nesting(html: str) -> str:
    """``html`` with wrapper tags below `MAX_DEPTH` removed; unchanged when not that deep."""
    if html.count("<") < MAX_DEPTH:
        return html
    dropped = False
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept)
    kept_depth = 0
    last = 0
    raw_until: re.Pattern[str] | None = None
    for match in _TAG.finditer(html):
        if raw_until is not None:  # inside <script> or <style>: tags there are text
            if not raw_until.match(match.group(0)):
                continue
            raw_until = None
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        keep = True
        if closing:
            for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _LOOKBACK), -1):
                if stack[i][0] == name:
                    keep = stack[i][1]
                    for _, was_kept in stack[i:]:
                        kept_depth -= was_kept
                    del stack[i:]
                    break
        elif not self_closing and name not in _VOID:
            if name in _IMPLIED_END:  # a new <p> or <li> ends an open one
                for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _SIBLING_LOOKBACK), -1):
                    if stack[i][0] == name:
                        for _, was_kept in stack[i:]:
                            kept_depth -= was_kept
                        del stack[i:]
                        break
            keep = kept_depth < MAX_DEPTH or (name in _STRUCTURE and kept_depth < _HARD_DEPTH)
            stack.append((name, keep))
            kept_depth += keep
            if name in _RAW_TEXT:
                raw_until = re.compile(rf"</{name}\b", re.I)
        if not keep:
            dropped = True
            out.append(html[last : match.start()])
            out.append(" ")
            last = match.end()
    if not dropped:
        return html
    out.append(html[last:])
    return "".join(out)
