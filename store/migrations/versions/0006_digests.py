"""daily digests: saved searches, subscriptions, digest log and deliveries, sent items, unsubscribes, secrets, job locks

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 19:00:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_searches',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('query', sa.Text(), nullable=False),
        sa.Column('owner', sa.String(length=64), nullable=True),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'subscriptions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('saved_search_id', sa.Integer(), nullable=False),
        sa.Column('recipients', sa.JSON(), nullable=False),
        sa.Column('send_time', sa.String(length=5), nullable=False),
        sa.Column('min_score', sa.Float(), nullable=True),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('mail_language', sa.String(length=8), nullable=False),
        sa.Column('empty_day', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('owner', sa.String(length=64), nullable=True),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint("empty_day IN ('notice', 'skip')", name='ck_subscriptions_empty_day'),
        sa.CheckConstraint("status IN ('active', 'paused', 'removed')", name='ck_subscriptions_status'),
        sa.ForeignKeyConstraint(['saved_search_id'], ['saved_searches.id'], ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_subscriptions_saved_search_id', 'subscriptions', ['saved_search_id'])
    op.create_table(
        'digests',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('built_at', store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subscription_id', 'day', name='uq_digests_subscription_day'),
    )
    op.create_index('ix_digests_subscription_id', 'digests', ['subscription_id'])
    op.create_table(
        'digest_deliveries',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('digest_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('message', sa.LargeBinary(), nullable=False),
        sa.Column('state', sa.String(length=8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('sent_at', store.models.UTCDateTime(), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'sending', 'sent', 'refused', 'failed')",
                           name='ck_digest_deliveries_state'),
        sa.ForeignKeyConstraint(['digest_id'], ['digests.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('digest_id', 'address', name='uq_digest_deliveries_digest_address'),
        sa.UniqueConstraint('message_id'),
    )
    op.create_index('ix_digest_deliveries_digest_id', 'digest_deliveries', ['digest_id'])
    op.create_index('ix_digest_deliveries_state', 'digest_deliveries', ['state'])
    op.create_table(
        'digest_items',
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.String(length=64), nullable=False),
        sa.Column('digest_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['digest_id'], ['digests.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('subscription_id', 'article_id'),
    )
    op.create_index('ix_digest_items_digest_id', 'digest_items', ['digest_id'])
    op.create_table(
        'unsubscribed',
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('at', store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('subscription_id', 'address'),
    )
    op.create_table(
        'secrets',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_table(
        'job_locks',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('acquired_at', store.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', store.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    for table in ('job_locks', 'secrets', 'unsubscribed', 'digest_items', 'digest_deliveries', 'digests', 'subscriptions',
                  'saved_searches'):
        op.drop_table(table)
