"""Wire lineage (candidate keys, links), stories (state, inverted index, merges), facts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "reuse_keys",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "reuse_links",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("other_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("shared", sa.Float, nullable=False),
        sa.Column("other_shared", sa.Float, nullable=False),
        sa.Column("origin_id", sa.Integer),
        sa.Column("exact", sa.Boolean, nullable=False),
        sa.Column("passages", sa.Text, nullable=False),
    )
    op.create_index("ix_reuse_links_other", "reuse_links", ["other_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.String(32)),
        sa.Column("last_seen", sa.String(32)),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("outlets", sa.Text, nullable=False),
        sa.Column("related", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_updated", "stories", ["updated_at"])
    op.create_table(
        "story_terms",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("story_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "term_df",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )
    op.create_table(
        "story_merges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("from_id", sa.Integer, nullable=False),
        sa.Column("into_id", sa.Integer, nullable=False),
        sa.Column("merged_at", TZ, nullable=False),
    )
    op.create_table(
        "article_facts",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
    )
    op.create_table(
        "story_briefs",
        sa.Column("story_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("brief", sa.Text, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "story_briefs", "article_facts", "story_merges", "term_df", "story_terms", "stories",
        "reuse_links", "reuse_keys", "meta",
    ):  # fmt: skip
        op.drop_table(table)
