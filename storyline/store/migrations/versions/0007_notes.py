"""Analyst notes on stories and on their items (quotes, figures, events, articles).

Notes point at content, not at row numbers: the story through the content hash of one of
its articles (``story_anchor``), the item through a key derived from its text
(`storyline.notes`), so that `storyline rebuild`, which renumbers facts and may change a
story's id, keeps every note beside what it is about.

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(32), nullable=False, unique=True),
        sa.Column("story_anchor", sa.String(64), nullable=False),
        sa.Column("story_id", sa.Integer, nullable=False),
        sa.Column("on_kind", sa.String(16), nullable=False),
        sa.Column("on_key", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("mark", sa.String(16)),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_index("ix_notes_anchor", "notes", ["story_anchor"])


def downgrade() -> None:
    op.drop_index("ix_notes_anchor", "notes")
    op.drop_table("notes")
