"""scheduler: each job's last run and next one

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 19:30:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.models

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_runs',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('last_slot', store.models.UTCDateTime(), nullable=True),
        sa.Column('started_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('finished_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.Column('next_due', store.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('job_runs')
