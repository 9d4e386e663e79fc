"""the claim reranker's same-claim probability beside each stored match's cosine

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 11:30:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_TABLES = ('article_claims', 'article_flags')


def upgrade() -> None:
    # Nullable ADD COLUMN in place (see 0003): matches stored before the reranker, or where it did not read the
    # pair, keep NULL and are judged by their cosine.
    for table in _TABLES:
        op.add_column(table, sa.Column('same_claim', sa.Float(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('same_claim')
