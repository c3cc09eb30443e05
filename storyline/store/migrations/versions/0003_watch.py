"""Following live sources: fetch state, watched sources' schedule, article revisions.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("seen", sa.Boolean, nullable=False),
        sa.Column("last_fetched", TZ),
        sa.Column("next_poll", TZ),
    )
    op.create_table(
        "watch_sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("every_seconds", sa.Integer, nullable=False),
        sa.Column("next_poll", TZ, nullable=False),
        sa.Column("last_run", TZ),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("fetched_at", TZ, nullable=False),
        sa.Column("replaced_at", TZ, nullable=False),
    )
    op.create_index("ix_revisions_article", "revisions", ["article_id", "revision"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_revisions_article", "revisions")
    for table in ("revisions", "watch_sources", "fetch_state"):
        op.drop_table(table)
