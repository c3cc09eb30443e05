"""The store's tables, declared once with SQLAlchemy Core.

The same declarations serve SQLite (the embedded default) and PostgreSQL. They describe the
schema at the newest migration; `storyline/store/migrations/versions/` holds the steps that
bring an older database there without losing data.

Raw pages are kept (zstd-compressed) so that every derived table can be rebuilt.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("ref", Text, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("language", String(16)),
    Column("authors", Text, nullable=False, default="[]"),  # JSON list
    # JSON list of [reason, text]: every block dropped as furniture, in page order
    Column("removed", Text, nullable=False, default="[]"),
    Column("text", Text, nullable=False),  # paragraphs separated by one blank line
    Column("word_count", Integer, nullable=False),
    Column("story_id", Integer),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_outlet", articles.c.outlet)
Index("ix_articles_story", articles.c.story_id)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("raw_hash", String(64), nullable=False, unique=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("ref", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("url", Text),
    Column("raw", LargeBinary, nullable=False),  # zstd-compressed page bytes (see rawcodec)
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_pages_article", pages.c.article_id)
Index("ix_pages_url", pages.c.url)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("input", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("error", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_failures_input", failures.c.input)
