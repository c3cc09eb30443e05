"""Threads: long-running stories made of stories (`storyline.threads`).

A ``threads`` row per thread (its state as JSON, like a story's), the inverted index
``thread_terms`` that proposes candidate threads, ``thread_merges`` so that an old thread id
still leads to the thread it went into, and ``stories.thread_id``: a story belongs to at most
one thread, and an article's thread is its story's.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.String(32)),
        sa.Column("last_seen", sa.String(32)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
    )
    op.create_table(
        "thread_terms",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("thread_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "thread_merges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("from_id", sa.Integer, nullable=False),
        sa.Column("into_id", sa.Integer, nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("thread_id", sa.Integer))
    op.create_index("ix_stories_thread", "stories", ["thread_id"])


def downgrade() -> None:
    op.drop_index("ix_stories_thread", "stories")
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("thread_id")
    op.drop_table("thread_merges")
    op.drop_table("thread_terms")
    op.drop_table("threads")
