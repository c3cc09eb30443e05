"""An index that answers "which outlets, how many articles each" for a story by itself.

A story's outlets are counted once per commit for every story the commit changed; with
``(story_id, outlet)`` in one index the count reads the index alone instead of visiting every
member article's row, which for stories of hundreds of articles made ingest slower as the
store grew.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_story_outlet", "articles", ["story_id", "outlet"])
    op.drop_index("ix_articles_story", "articles")


def downgrade() -> None:
    op.create_index("ix_articles_story", "articles", ["story_id"])
    op.drop_index("ix_articles_story_outlet", "articles")
