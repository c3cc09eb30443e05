"""Lineage keys and clustering statistics in WITHOUT ROWID tables (SQLite).

These three tables are written thousands of rows per commit during ingest and read only by
their primary key. An ordinary SQLite table keeps each row twice (the rowid table and the
primary-key index); a WITHOUT ROWID table keeps it once, in primary-key order, which costs
about half as much to write and makes key lookups covering. PostgreSQL has no such notion:
nothing changes there.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = {
    "reuse_keys": "key BIGINT NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)",
    "story_terms": "term TEXT NOT NULL, story_id INTEGER NOT NULL, at BIGINT NOT NULL, "
    "PRIMARY KEY (term, story_id)",
    "term_df": "term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (term)",
}


def _rebuild(rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    suffix = "" if rowid else " WITHOUT ROWID"
    for table, columns in TABLES.items():
        op.execute(f"CREATE TABLE {table}_new ({columns}){suffix}")
        op.execute(f"INSERT INTO {table}_new SELECT * FROM {table}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")


def upgrade() -> None:
    _rebuild(rowid=False)


def downgrade() -> None:
    _rebuild(rowid=True)
