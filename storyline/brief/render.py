"""Briefs for people: Markdown to paste into a report, flat rows for CSV.

Sources are shown as outlet chips ("[CPA, Northern Ledger]"), one chip per outlet even when
an outlet carried a sentence in several articles; event dates and report dates are written
out in words so they cannot be mistaken for each other.
"""

from __future__ import annotations

from datetime import date as _date
from typing import Any, Literal

from .records import Brief

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def human_date(value: str | None, granularity: str | None = None) -> str:
    """'2025-06-02' → '2 June 2025'; '2025-06' → 'June 2025'; week → 'week of 26 May 2025'."""
    if not value:
        return "undated"
    try:
        if len(value) >= 10:
            d = _date.fromisoformat(value[:10])
            text = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
            return f"week of {text}" if granularity == "week" else text
        if len(value) == 7:
            return f"{_MONTHS[int(value[5:7]) - 1]} {value[:4]}"
    except (ValueError, IndexError):
        return value
    return value


def chips(brief: Brief, sources: tuple[str, ...] | list[str]) -> str:
    labels = list(dict.fromkeys(brief.labels.get(s, s) for s in sources))
    return "[" + ", ".join(labels) + "]"


def _value(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.4g}"


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: summary, timeline, quotes by speaker, figures with
    disagreements highlighted, differences, exclusives and coverage."""
    out: list[str] = [f"# Story brief: {brief.story_id}", ""]
    cov = brief.coverage
    out.append(
        f"{cov.articles} articles from {len(cov.outlets)} outlets, "
        f"{cov.origins} independent origins; first reported by {cov.first_outlet} "
        f"on {human_date(cov.first_published)}."
    )
    out += ["", "## Summary", ""]
    for s in brief.summary:
        out.append(f"- {_one_line(s.text)} {chips(brief, s.sources)}")
    out += ["", "## Timeline", ""]
    for t in brief.timeline:
        out.append(
            f"- **{human_date(t.date, t.granularity)}** — {_one_line(t.text)} "
            f"{chips(brief, t.sources)} _(first reported {human_date(t.reported)}"
            f" by {brief.labels.get(t.first or '', t.first)})_"
        )
    out += ["", "## Quotes", ""]
    speaker = object()
    for q in brief.quotes:
        if q.speaker != speaker:
            speaker = q.speaker
            role = f", {q.role}" if q.role else ""
            out += ["", f"### {q.speaker or 'Unattributed'}{role}", ""]
        marks = "" if q.kind == "indirect" else "“"
        close = "" if q.kind == "indirect" else "”"
        line = f"- {marks}{_one_line(q.text)}{close} {chips(brief, q.sources)}"
        line += f" _(first: {brief.labels.get(q.first or '', q.first)}, "
        line += f"{human_date(q.first_published)})_"
        out.append(line)
        for v in q.variants:
            out.append(f"  - variant: {marks}{_one_line(v.text)}{close} {chips(brief, v.sources)}")
    out += ["", "## Figures", ""]
    disputed = {
        (i.text, i.sources) for d in brief.disagreements if d.kind == "figure" for i in d.items
    }
    for f in brief.figures:
        flag = " **⚠ disputed**" if (f.text, f.sources) in disputed else ""
        agree = f", {f.origins} independent origins" if f.origins > 1 else ""
        out.append(
            f"- {f.text} — {f.about}, {human_date(f.date)}{agree} {chips(brief, f.sources)}{flag}"
        )
    out += ["", "## Disagreements and differences", ""]
    if not brief.disagreements:
        out.append("None found.")
    for d in brief.disagreements:
        out.append(f"- **{d.kind}: {d.about}**")
        for i in d.items:
            out.append(f"  - {_one_line(i.text)} {chips(brief, i.sources)}")
    if brief.names_used:
        out += [
            "",
            "## Names used",
            "",
            "Spellings of one name across sources (not disagreements):",
            "",
        ]
        for d in brief.names_used:
            spellings = "; ".join(f"{_one_line(i.text)} {chips(brief, i.sources)}" for i in d.items)
            out.append(f"- **{d.about}**: {spellings}")
    if brief.exclusives:
        out += ["", "## Only reported by", ""]
        for outlet, items in brief.exclusives.items():
            out.append(f"- **{outlet}**")
            for s in items:
                out.append(f"  - {_one_line(s.text)}")
    out += ["", "## Wire lineage", ""]
    for g in cov.lineage:
        who = brief.labels.get(g.origin, g.origin)
        if not g.copies:
            out.append(f"- {who}: independent report")
            continue
        copies = ", ".join(
            f"{brief.labels.get(c.article, c.article)} ({'edited, ' if c.edited else ''}"
            f"{round(c.shared * 100)}% of its text shared with "
            f"{brief.labels.get(c.source, c.source)})"
            for c in g.copies
        )
        out.append(f"- text first at {who}, republished by {copies}")
    out += ["", "## Coverage", "", "| outlet | articles | first published | republishes |"]
    out.append("|---|---|---|---|")
    for o in cov.outlets:
        rep = "yes (" + ", ".join(o.copies_of) + ")" if o.republishes else "no"
        out.append(f"| {o.outlet} | {len(o.articles)} | {human_date(o.first_published)} | {rep} |")
    return "\n".join(out).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rows(brief: Brief, what: Literal["quotes", "figures", "timeline"]) -> list[dict[str, Any]]:
    """Flat rows (strings and numbers only) for a CSV export of one part of the brief."""

    def outlets(sources: tuple[str, ...]) -> str:
        return "; ".join(dict.fromkeys(brief.labels.get(s, s) for s in sources))

    if what == "quotes":
        return [
            {
                "speaker": q.speaker or "",
                "role": q.role or "",
                "kind": q.kind,
                "text": q.text,
                "sources": "; ".join(q.sources),
                "outlets": outlets(q.sources),
                "first": q.first or "",
                "first_published": q.first_published or "",
                "variants": " | ".join(v.text for v in q.variants),
            }
            for q in brief.quotes
        ]
    if what == "figures":
        disputed = {
            (i.text, i.sources) for d in brief.disagreements if d.kind == "figure" for i in d.items
        }
        return [
            {
                "value": f.value,
                "unit": f.unit,
                "about": f.about,
                "qualifier": f.qualifier or "",
                "actor": f.actor or "",
                "text": f.text,
                "date": f.date or "",
                "sources": "; ".join(f.sources),
                "outlets": outlets(f.sources),
                "origins": f.origins,
                "disputed": (f.text, f.sources) in disputed,
            }
            for f in brief.figures
        ]
    if what == "timeline":
        return [
            {
                "date": t.date,
                "granularity": t.granularity,
                "text": t.text,
                "reported": t.reported or "",
                "first": t.first or "",
                "first_outlet": brief.labels.get(t.first or "", ""),
                "sources": "; ".join(t.sources),
                "outlets": outlets(t.sources),
            }
            for t in brief.timeline_all or brief.timeline
        ]
    raise ValueError(f"rows: unknown part {what!r} (quotes, figures or timeline)")
