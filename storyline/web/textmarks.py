"""An article's text cut into paragraphs of segments, each segment knowing which other
articles share it, so the template can highlight shared wire copy and link to the copies.

The lineage passages carry character offsets into the article's clean text; paragraphs are
separated by blank lines in that same text, so both are cut at once without ever building
markup here: the template escapes every segment.
"""

from __future__ import annotations

from typing import Any


def segments(text: str, lineage: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Paragraphs → ``[{"text", "shared": [{"article", "outlet"}], "ends": [...]}]``;
    ``ends`` are the shared articles whose passage stops with this segment."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for link in lineage:
        other = {"article": link.get("article"), "outlet": link.get("outlet")}
        for p in link.get("passages") or []:
            start, end = int(p.get("start") or 0), int(p.get("end") or 0)
            start, end = max(0, start), min(len(text), end)
            if end > start:
                spans.append((start, end, other))
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.update((start, end))
    pos = 0
    while (found := text.find("\n\n", pos)) != -1:
        cuts.update((found, found + 2))
        pos = found + 2
    points = sorted(cuts)
    paragraphs: list[list[dict[str, Any]]] = [[]]
    for a, b in zip(points, points[1:], strict=False):
        piece = text[a:b]
        if piece == "\n\n":
            paragraphs.append([])
            continue
        shared: list[dict[str, Any]] = []
        for start, end, other in spans:
            if start <= a and b <= end and other not in shared:
                shared.append(other)
        paragraphs[-1].append({"text": piece, "shared": shared})
    for para in paragraphs:  # link marks only where a shared run ends, not at every cut
        for seg, nxt in zip(para, para[1:] + [None], strict=False):
            following = nxt["shared"] if nxt else []
            seg["ends"] = [o for o in seg["shared"] if o not in following]
    return [p for p in paragraphs if any(s["text"].strip() for s in p)]
