"""known claims: when recent articles were re-checked against each (NULL: still to do, even after a kill)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:30:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.models

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('known_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rematched_at', store.models.UTCDateTime(), nullable=True))
    # Claims stored before this column were re-checked by the run that stored them (or never will be): not pending.
    op.execute("UPDATE known_claims SET rematched_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table('known_claims', schema=None) as batch_op:
        batch_op.drop_column('rematched_at')
