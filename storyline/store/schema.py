"""The store's tables, declared once with SQLAlchemy Core.

The same declarations serve SQLite (the embedded default) and PostgreSQL. They describe the
schema at the newest migration; `storyline/store/migrations/versions/` holds the steps that
bring an older database there without losing data.

Raw pages are kept (zstd-compressed) so that every derived table can be rebuilt.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
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
    Column("content_hash", String(64), nullable=False, unique=True),  # the current text's
    # 0009: the first text's hash, its identity across stores (a revision keeps it)
    Column("content_id", String(64)),
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
Index("ix_articles_story_outlet", articles.c.story_id, articles.c.outlet)  # 0005
Index("ix_articles_content_id", articles.c.content_id, unique=True)  # 0009

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

# -- 0002: wire lineage, stories, facts --------------------------------------------------

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

reuse_keys = Table(
    "reuse_keys",
    metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,  # written thousands of rows a commit (migration 0004)
)

reuse_links = Table(
    "reuse_links",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("other_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("shared", Float, nullable=False),  # fraction of article_id's body found in other_id
    Column("other_shared", Float, nullable=False),  # fraction of other_id's body in article_id
    Column("origin_id", Integer),  # the likely first publisher of the shared copy
    Column("exact", Boolean, nullable=False),
    Column("passages", Text, nullable=False),  # JSON list of SharedPassage, article_id side "a"
)
Index("ix_reuse_links_other", reuse_links.c.other_id)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # its first article's id
    Column("seq", Integer, nullable=False),
    Column("title", Text),
    Column("size", Integer, nullable=False),
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("outlets", Text, nullable=False, default="[]"),  # JSON list, most articles first
    Column("related", Text, nullable=False, default="[]"),  # JSON list of story ids
    Column("state", Text, nullable=False),  # JSON StoryState
    Column("thread_id", Integer),  # 0008: its thread (storyline/store/threadstate.py)
)
Index("ix_stories_updated", stories.c.updated_at)
Index("ix_stories_thread", stories.c.thread_id)  # 0008

story_terms = Table(
    "story_terms",
    metadata,
    Column("term", Text, primary_key=True),
    Column("story_id", Integer, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),  # filing order: most recent = largest
    sqlite_with_rowid=False,
)

term_df = Table(
    "term_df",
    metadata,
    Column("term", Text, primary_key=True),
    Column("df", Integer, nullable=False),
    sqlite_with_rowid=False,
)

story_merges = Table(
    "story_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("from_id", Integer, nullable=False),
    Column("into_id", Integer, nullable=False),
    Column("merged_at", DateTime(timezone=True), nullable=False),
)

article_facts = Table(
    "article_facts",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("facts", Text, nullable=False),  # JSON ArticleFacts
)

story_briefs = Table(
    "story_briefs",
    metadata,
    Column("story_id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("brief", Text, nullable=False),  # JSON, the story part of the export
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# -- 0003: following live sources ---------------------------------------------------------

fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("seen", Boolean, nullable=False),  # fetched successfully at least once
    Column("last_fetched", DateTime(timezone=True)),
    Column("next_poll", DateTime(timezone=True)),
)

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("source", Text, primary_key=True),
    Column("every_seconds", Integer, nullable=False),
    Column("next_poll", DateTime(timezone=True), nullable=False),
    Column("last_run", DateTime(timezone=True)),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False),
    Column("revision", Integer, nullable=False),  # 1 = first version fetched
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),  # when this version was read
    Column("replaced_at", DateTime(timezone=True), nullable=False),  # when the next one was
)
Index("ix_revisions_article", revisions.c.article_id, revisions.c.revision, unique=True)

# -- 0007: analyst notes (storyline/store/notes.py) ------------------------------------------
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(32), nullable=False, unique=True),  # content-derived note id
    Column("story_anchor", String(64), nullable=False),  # content_hash of one of its articles
    Column("story_id", Integer, nullable=False),  # the story's id when the note was written
    Column("on_kind", String(16), nullable=False),  # story, quote, figure, event, article
    Column("on_key", String(64)),  # the item's content-derived key (storyline.notes)
    Column("text", Text, nullable=False),
    Column("author", Text),
    Column("mark", String(16)),  # checked, disputed or null
    Column("created", String(40), nullable=False),  # ISO 8601, UTC
)
Index("ix_notes_anchor", notes.c.story_anchor)

# -- 0008: threads (storyline/store/threadstate.py) -----------------------------------------
threads = Table(
    "threads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # its first story's id
    Column("seq", Integer, nullable=False),
    Column("title", Text),
    Column("size", Integer, nullable=False),  # articles
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("state", Text, nullable=False),  # JSON StoryState (members are articles)
)

thread_terms = Table(
    "thread_terms",
    metadata,
    Column("term", Text, primary_key=True),
    Column("thread_id", Integer, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

thread_merges = Table(
    "thread_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("from_id", Integer, nullable=False),
    Column("into_id", Integer, nullable=False),
    Column("merged_at", DateTime(timezone=True), nullable=False),
)
