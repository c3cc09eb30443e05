"""The store's side of article revisions (see `storyline.revisions`): replacing an article's
text with a newer version while keeping the replaced one, and reading every version back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from storyline.records import Article
from storyline.store import schema as t
from storyline.store.records import Version


@dataclass(frozen=True)
class Revised:
    """What `revise` did: the story whose brief must be refreshed, and whether the headline
    changed."""

    article_id: int
    revision: int  # the number the new (current) version gets
    story_id: int | None
    title_changed: bool


def revise(
    conn: Connection, article_id: int, article: Article, *, now: datetime | None = None
) -> Revised | None:
    """Make ``article`` (a fresh extraction of a stored article's URL) its current version,
    keeping the replaced one as a revision. None when the text has not changed, or when the
    new text is already another article's (it is then that article, not a revision)."""
    row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).first()
    content_hash = article.content_hash
    if row is None or row.content_hash == content_hash:
        return None
    other = conn.execute(
        select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)
    ).scalar()
    if other is not None:
        return None
    now = now or datetime.now(UTC)
    last = conn.execute(
        select(func.max(t.revisions.c.revision), func.max(t.revisions.c.replaced_at)).where(
            t.revisions.c.article_id == article_id
        )
    ).one()
    number = (last[0] or 0) + 1
    conn.execute(
        insert(t.revisions).values(
            article_id=article_id,
            revision=number,
            title=row.title,
            text=row.text,
            content_hash=row.content_hash,
            fetched_at=last[1] or row.ingested_at,
            replaced_at=now,
        )
    )
    body = article.text
    conn.execute(
        update(t.articles)
        .where(t.articles.c.id == article_id)
        .values(
            content_hash=content_hash,
            title=article.title or row.title,
            text=body,
            word_count=len(body.split()),
            removed=json.dumps([[r.reason, r.text] for r in article.removed], ensure_ascii=False),
        )
    )
    title_changed = bool(article.title) and article.title != row.title
    return Revised(article_id, number + 1, row.story_id, title_changed)


def versions(conn: Connection, article_id: int) -> list[Version]:
    """Every version of an article, oldest first, the current text last ([] if unknown)."""
    row = conn.execute(
        select(t.articles.c.title, t.articles.c.text, t.articles.c.ingested_at).where(
            t.articles.c.id == article_id
        )
    ).first()
    if row is None:
        return []
    rows = conn.execute(
        select(t.revisions)
        .where(t.revisions.c.article_id == article_id)
        .order_by(t.revisions.c.revision)
    ).all()
    out = [Version(r.revision, r.title, r.text, _aware(r.fetched_at)) for r in rows]
    current_since = _aware(rows[-1].replaced_at) if rows else _aware(row.ingested_at)
    out.append(Version(len(rows) + 1, row.title, row.text, current_since, current=True))
    return out



def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
