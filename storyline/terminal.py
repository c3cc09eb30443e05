"""Rich renderings of the views for the terminal (`storyline story`, `storyline article`).

Page content is untrusted: every string from a page goes through `escape` before it meets
Rich markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def pct(value: float) -> str:
    return f"{round(value * 100)}%"


def short_date(value: str | None) -> str:
    """``2026-03-12T18:30:00+00:00`` → ``2026-03-12 18:30``."""
    return value[:16].replace("T", " ") if value else "—"


def labels(story: dict[str, Any]) -> dict[int, str]:
    """Article id → what a reader calls the source (outlet, agency, headline) for chips."""
    return {
        a["id"]: a.get("label") or a.get("outlet") or (a.get("title") or f"#{a['id']}")[:30]
        for a in story.get("article_list", [])
    }


def chips(sources: list[int], names: dict[int, str]) -> str:
    seen = dict.fromkeys(f"{names.get(s, '#' + str(s))} #{s}" for s in sources)
    return "[dim]" + escape(" · ".join(seen)) + "[/]"


def lineage_lines(story: dict[str, Any]) -> list[str]:
    """'agency text first at A, republished by B (96% shared), C (edited, 61%)', then the
    independent reports."""
    lines = []
    independent = []
    for group in story.get("lineage", []):
        who = escape(group.get("label") or group["outlet"] or f"#{group['origin']}")
        if group["copies"]:
            copies = ", ".join(
                f"{escape(c.get('label') or c['outlet'] or '#' + str(c['article']))} "
                f"#{c['article']} "
                f"({'edited, ' if c['edited'] else ''}{pct(c['shared'])} shared)"
                for c in group["copies"]
            )
            lines.append(
                f"text first at [bold]{who}[/] #{group['origin']} "
                f"({short_date(group['published'])}), republished by {copies}"
            )
        else:
            independent.append(f"{who} #{group['origin']}")
    if independent:
        lines.append("independent reports: " + ", ".join(independent))
    return lines


def render_story(console: Console, story: dict[str, Any], *, facts: bool = True) -> None:
    names = labels(story)
    coverage = story.get("coverage") or {}
    console.rule(f"[bold]{escape(story.get('title') or 'Story ' + str(story['id']))}")
    console.print(
        f"story {story['id']} · {story['size']} articles · {len(story['outlets'])} outlets · "
        f"{coverage.get('origins', '?')} independent origins · "
        f"{short_date(story.get('first_seen'))} → {short_date(story.get('last_seen'))}",
        highlight=False,
    )
    if story.get("thread"):
        title = story.get("thread_title") or f"thread {story['thread']}"
        console.print(f"thread {story['thread']}: {escape(title)}", highlight=False)
    changes = story.get("changes")
    if changes is not None:
        render_changes(console, story, changes, names)
    elif story.get("summary"):
        console.print("\n[bold]Summary[/]")
        for sentence in story["summary"]:
            day = f"{sentence['date']} " if sentence.get("date") else ""
            console.print(f"• {day}{escape(sentence['text'])} {chips(sentence['sources'], names)}")
    console.print("\n[bold]Wire lineage[/]")
    for line in lineage_lines(story):
        console.print("• " + line, highlight=False)
    articles = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("id", "published", "outlet", "title"):
        articles.add_column(col, overflow="fold")
    for a in story.get("article_list", []):
        articles.add_row(
            str(a["id"]), short_date(a["published"]), escape(a["outlet"] or "—"),
            escape(a["title"] or "—") + note_tag(a, key=False),
        )  # fmt: skip
    console.print(Panel(articles, title="articles", title_align="left"))
    if facts:
        render_story_facts(console, story, names)
    if story.get("related"):
        console.print(f"\n[bold]Related stories[/]: {', '.join(map(str, story['related']))}")
    render_notes(console, story.get("notes") or [])


def render_changes(
    console: Console, story: dict[str, Any], changes: dict[str, Any], names: dict[int, str]
) -> None:
    """``storyline story ID --since DATE``: what the articles published since then added —
    the articles, the new summary sentences (newest first), figures and quotes."""
    since = escape(str(changes.get("since") or story.get("since") or ""))
    new = changes.get("articles") or []
    console.print(f"\n[bold]What changed since {since}[/]")
    if not new:
        console.print("Nothing: no article of this story was published since then.")
        return
    listed = {a["id"]: a for a in story.get("article_list", [])}
    console.print(f"{len(new)} new article{'s' if len(new) != 1 else ''}:", highlight=False)
    for i in new:
        a = listed.get(i, {})
        console.print(
            f"• {short_date(a.get('published'))} {escape(a.get('outlet') or '—')} #{i}: "
            f"{escape(a.get('title') or '—')}",
            highlight=False,
        )
    if story.get("summary"):
        console.print("\n[bold]New in the summary[/]")
        for sentence in story["summary"]:
            day = f"{sentence['date']} " if sentence.get("date") else ""
            console.print(f"• {day}{escape(sentence['text'])} {chips(sentence['sources'], names)}")
    else:
        console.print("\nNothing new for the summary: the new articles repeat what was known.")
    if changes.get("figures"):
        console.print("\n[bold]New figures[/]")
        for figure in changes["figures"]:
            console.print(f"• {escape(figure['text'])} {chips(figure['sources'], names)}")
    if changes.get("quotes"):
        console.print("\n[bold]New quotes[/]")
        for quote in changes["quotes"]:
            who = escape(quote.get("speaker") or "unattributed")
            text = escape(quote["text"])
            said = f"“{text}”" if quote.get("kind", "direct") == "direct" else f"(reported) {text}"
            console.print(f"• {who}: {said} {chips(quote['sources'], names)}")


MARK_STYLE = {"checked": "[bold green]✓ checked[/]", "disputed": "[bold red]✗ disputed[/]"}


def note_tag(item: dict[str, Any], *, key: bool = True) -> str:
    """An item's badge (checked or disputed), note count, and the start of its key (what
    `storyline note ID TEXT --on quote KEY` takes)."""
    parts = []
    if item.get("mark") in MARK_STYLE:
        parts.append(MARK_STYLE[item["mark"]])
    if item.get("notes"):
        count = len(item["notes"])
        parts.append(f"[magenta]{count} note{'s' if count > 1 else ''}[/]")
    if key and item.get("key"):
        parts.append(f"[dim]{escape(item['key'][:6])}[/]")
    return (" " + " ".join(parts)) if parts else ""


def render_notes(console: Console, notes: list[dict[str, Any]]) -> None:
    """Analyst notes, oldest first; their text is untrusted and printed as plain text."""
    if not notes:
        return
    console.print("\n[bold]Analyst notes[/]")
    for note in notes:
        badge = f" {MARK_STYLE[note['mark']]}" if note.get("mark") in MARK_STYLE else ""
        by = f" — {escape(note['author'])}" if note.get("author") else ""
        console.print(f"[dim]{escape(note['on'])}[/]{badge}{by} [dim]{note['created'][:10]}[/]")
        console.print(Text("  " + note["text"].replace("\n", "\n  ")))


def render_story_facts(console: Console, story: dict[str, Any], names: dict[int, str]) -> None:
    if story.get("timeline"):
        full = story.get("timeline_all") or story["timeline"]
        shown = len(story["timeline"])
        more = (
            f" [dim]({shown} of {len(full)} events: `storyline story {story.get('id', 'ID')} "
            f"--all` lists every one)[/]"
            if len(full) > shown
            else ""
        )
        console.print(f"\n[bold]Timeline[/]{more}")
        for item in story["timeline"]:
            reported = item.get("reported")
            when = f" [dim](reported {short_date(reported)})[/]" if reported else ""
            console.print(
                f"[cyan]{escape(item['date'])}[/]{when} {escape(item['text'])} "
                f"{chips(item['sources'], names)}{note_tag(item)}"
            )
    if story.get("quotes"):
        console.print("\n[bold]Who said what[/]")
        attributed = [q for q in story["quotes"] if q.get("speaker")]
        unattributed = [q for q in story["quotes"] if not q.get("speaker")]
        for q in attributed + unattributed:
            if q is (unattributed[:1] or [None])[0]:
                console.print("[dim]Unattributed (no speaker the text makes certain):[/]")
            speaker = escape(q.get("speaker") or "unattributed")
            role = f" [dim]({escape(q['role'])})[/]" if q.get("role") else ""
            # reported speech is the reporter's paraphrase: never in quote marks
            indirect = q.get("kind") == "indirect"
            said = (
                f"[dim](reported)[/] {escape(q['text'])}" if indirect else f"“{escape(q['text'])}”"
            )
            console.print(
                f"[bold]{speaker}[/]{role}: {said} {chips(q['sources'], names)}{note_tag(q)}"
            )
            for variant in q.get("variants", []):
                wording = variant["text"] if isinstance(variant, dict) else variant
                marked = escape(wording) if indirect else f"“{escape(wording)}”"
                console.print(f"    [dim]variant:[/] {marked}")
    if story.get("figures"):
        console.print("\n[bold]Figures[/]")
        for f in story["figures"]:
            console.print(
                f"[cyan]{escape(f['text'])}[/] {escape(f.get('date') or '')} "
                f"{chips(f['sources'], names)}{note_tag(f)}"
            )
    if story.get("disagreements"):
        console.print("\n[bold yellow]Where sources differ[/]")
        for d in story["disagreements"]:
            console.print(f"[yellow]{escape(d['kind'])}[/]: {escape(str(d.get('about', '')))}")
            for item in d["items"]:
                console.print(f"    {escape(item['text'])} {chips(item['sources'], names)}")
    if story.get("names_used"):
        console.print("\n[bold]Names used[/] [dim](spellings of one name, not disagreements)[/]")
        for d in story["names_used"]:
            spellings = " · ".join(
                f"{escape(i['text'])} {chips(i['sources'], names)}" for i in d["items"]
            )
            console.print(f"{escape(str(d.get('about', '')))}: {spellings}")
    if story.get("entities"):
        people = [e for e in story["entities"] if e["type"] == "PERSON"][:15]
        places = [e for e in story["entities"] if e["type"] in ("GPE", "LOC")][:10]
        orgs = [e for e in story["entities"] if e["type"] == "ORG"][:10]
        console.print("\n[bold]Involved[/]")
        for label, group in (("people", people), ("places", places), ("organisations", orgs)):
            if group:
                console.print(f"[dim]{label}:[/] " + escape(", ".join(e["name"] for e in group)))
    coverage = story.get("coverage") or {}
    if coverage.get("outlets"):
        console.print("\n[bold]Coverage by outlet[/]")
        for o in coverage["outlets"]:
            role = "republishes " + ", ".join(o["copies_of"]) if o.get("republishes") else "own"
            console.print(
                f"• {escape(o['outlet'])}: {len(o['articles'])} article(s), first "
                f"{short_date(o.get('first_published'))}, {escape(role)}", highlight=False
            )  # fmt: skip


def render_article(console: Console, view: dict[str, Any], *, removed: bool, facts: bool) -> None:
    console.rule(escape(view.get("title") or view["ref"]))
    meta = Table.grid(padding=(0, 2))
    for label, value in (
        ("id", str(view["id"])),
        ("ref", view["ref"]),
        ("outlet", view["outlet"]),
        ("published", view["published"]),
        ("authors", ", ".join(view["authors"])),
        ("language", view["language"]),
        ("url", view["url"]),
        ("also at", ", ".join(u for u in view["urls"] if u != view["url"])),
        ("story", str(view["story"]) if view["story"] is not None else None),
        ("words", str(view["word_count"])),
    ):
        if value:
            meta.add_row(f"[dim]{label}[/]", escape(value))
    if view.get("mark") in MARK_STYLE:
        meta.add_row("[dim]analysts[/]", MARK_STYLE[view["mark"]])
    console.print(meta)
    console.print()
    for paragraph in view["text"].split("\n\n"):
        console.print(Text(paragraph))
        console.print()
    if view.get("lineage"):
        console.rule("lineage: text shared with other articles", style="dim")
        for link in view["lineage"]:
            origin = "this article" if link["origin"] == view["id"] else f"#{link['origin']}"
            kind = "same text" if link["exact"] else ("edited" if link["edited"] else "verbatim")
            console.print(
                f"#{link['article']} {escape(link.get('outlet') or '')}: {pct(link['shared'])} "
                f"of this article is in it ({kind}); likely first: {origin}", highlight=False
            )  # fmt: skip
    if facts:
        render_article_facts(console, view["facts"])
    render_notes(console, view.get("notes") or [])
    if removed and view.get("removed"):
        console.rule(f"removed as furniture ({len(view['removed'])} blocks)", style="dim")
        for block in view["removed"]:
            console.print(
                f"[dim][{escape(block['reason'])}][/] {escape(clip(block['text'], 160))}",
                highlight=False,
            )


def render_article_facts(console: Console, facts: dict[str, Any]) -> None:
    if facts.get("skipped"):
        console.print(f"[dim]facts skipped: {escape(facts['skipped'])}[/]")
        return
    sections = []
    entities = Table("entity", "type", "role", box=None, title="entities", title_justify="left")
    for e in _unique(facts["entities"], "text"):
        entities.add_row(escape(e["text"]), e["type"], escape(e.get("role") or ""))
    sections.append(entities)
    quotes = Table("speaker", "quote", "kind", box=None, title="quotes", title_justify="left")
    for q in sorted(facts["quotes"], key=lambda q: not q["speaker"]):  # unattributed last
        text = escape(q["text"]) if q["kind"] == "indirect" else f"“{escape(q['text'])}”"
        quotes.add_row(escape(q["speaker"] or "unattributed"), text, q["kind"])
    sections.append(quotes)
    events = Table("date", "event", box=None, title="dated events", title_justify="left")
    for e in facts["events"]:
        events.add_row(e["date"], escape(e["text"]))
    sections.append(events)
    figures = Table("value", "unit", "qualifier", "text", box=None, title="figures",
                    title_justify="left")  # fmt: skip
    for f in facts["figures"]:
        figures.add_row(f"{f['value']:g}", escape(f["unit"]), escape(f.get("qualifier") or ""),
                        escape(f["text"]))  # fmt: skip
    sections.append(figures)
    console.rule("facts", style="dim")
    console.print(Group(*sections))


def _unique(items: list[dict], key: str) -> list[dict]:
    seen: dict[str, dict] = {}
    for item in items:
        seen.setdefault(item[key], item)
    return list(seen.values())


def clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
