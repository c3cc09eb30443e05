"""Articles get a content id: the hash of their first clean text, their identity anywhere.

``content_hash`` is the current text's hash (de-duplication; a revision changes it);
``content_id`` is the hash of the first text the store kept, which never changes, so that
results computed elsewhere (a batch run, another store) merge with this store's articles by
content, whatever short integer ids each store gave them. Existing articles take the hash of
their first revision when they have one, else their current hash.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("content_id", sa.String(64)))  # in place, both dialects
    op.execute(
        "UPDATE articles SET content_id = coalesce("
        "(SELECT r.content_hash FROM revisions r WHERE r.article_id = articles.id"
        " AND r.revision = 1), content_hash)"
    )
    op.create_index("ix_articles_content_id", "articles", ["content_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_articles_content_id", "articles")
    # in place (SQLite ≥ 3.35): a batch copy would drop a table other tables refer to
    op.execute("ALTER TABLE articles DROP COLUMN content_id")
