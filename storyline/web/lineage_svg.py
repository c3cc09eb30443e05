"""Layout of the wire-lineage diagram: who published the copy first, who republished it.

Only geometry and labels are computed here; the SVG itself is written by the Jinja
template ``_lineage.svg`` with autoescaping on, so a headline or an outlet name can never
become markup. Each lineage group (an origin and the articles that copy it, possibly copies
of copies) is one band of the diagram, columns by distance from the origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BOX_W, BOX_H = 210, 46
COL_GAP = 110
ROW_GAP = 14
BAND_GAP = 26
PAD = 12
MAX_DEPTH = 3
LABEL_CHARS = 30


@dataclass
class Box:
    article: int
    x: int
    y: int
    label: str
    sub: str
    title: str
    origin: bool


@dataclass
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int
    label: str
    edited: bool
    title: str


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    box_w: int = BOX_W
    box_h: int = BOX_H


def clip(text: str | None, n: int = LABEL_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def layout(groups: list[dict[str, Any]], labels: dict[int, dict[str, Any]]) -> Diagram | None:
    """The diagram of ``story["lineage"]``; None when no article copies another.

    ``labels`` maps article ids to ``{"title", "published"}`` (from the story's
    article list) for the boxes of copies."""
    with_copies = [g for g in groups if g.get("copies")]
    if not with_copies:
        return None
    boxes: list[Box] = []
    edges: list[Edge] = []
    y = PAD
    widest = 1
    for group in with_copies:
        origin = int(group["origin"])
        depth = {origin: 0}
        copies = list(group["copies"])
        for _ in range(len(copies)):  # copies of copies: depth of "from" plus one
            for c in copies:
                parent = int(c.get("from", origin))
                depth[int(c["article"])] = min(depth.get(parent, 0) + 1, MAX_DEPTH)
        columns: dict[int, list[int]] = {0: [origin]}
        for c in copies:
            columns.setdefault(depth[int(c["article"])], []).append(int(c["article"]))
        widest = max(widest, len(columns))
        rows = max(len(ids) for ids in columns.values())
        band_h = rows * BOX_H + (rows - 1) * ROW_GAP
        placed: dict[int, Box] = {}
        for col, ids in sorted(columns.items()):
            col_h = len(ids) * BOX_H + (len(ids) - 1) * ROW_GAP
            top = y + (band_h - col_h) // 2
            for i, article in enumerate(ids):
                info = labels.get(article, {})
                outlet = group.get("outlet") if article == origin else _outlet(copies, article)
                box = Box(
                    article=article,
                    x=PAD + col * (BOX_W + COL_GAP),
                    y=top + i * (BOX_H + ROW_GAP),
                    label=clip(outlet or info.get("label") or f"article {article}"),
                    sub=("origin · " if article == origin else "")
                    + (str(info.get("published") or group.get("published") or "")[:10]
                       or f"#{article}"),
                    title=clip(info.get("title") or group.get("title"), 200),
                    origin=article == origin,
                )  # fmt: skip
                placed[article] = box
                boxes.append(box)
        for c in copies:
            src = placed.get(int(c.get("from", origin)), placed[origin])
            dst = placed[int(c["article"])]
            share = float(c.get("shared") or 0)
            edges.append(
                Edge(
                    x1=src.x + BOX_W, y1=src.y + BOX_H // 2,
                    x2=dst.x, y2=dst.y + BOX_H // 2,
                    label=f"{share:.0%}",
                    edited=bool(c.get("edited")),
                    title=f"{dst.label} republishes {src.label}: {share:.0%} of its text "
                    + ("(edited)" if c.get("edited") else "(verbatim)"),
                )
            )  # fmt: skip
        y += band_h + BAND_GAP
    width = PAD * 2 + widest * BOX_W + (widest - 1) * COL_GAP
    return Diagram(width=width, height=y - BAND_GAP + PAD, boxes=boxes, edges=edges)


def _outlet(copies: list[dict[str, Any]], article: int) -> str | None:
    for c in copies:
        if int(c["article"]) == article:
            return c.get("outlet")
    return None
