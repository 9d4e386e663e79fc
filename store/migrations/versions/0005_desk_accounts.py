"""desk accounts: users, login sessions and API tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:00:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.models

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('password_hash', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('ui_language', sa.String(length=8), nullable=False),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_until', store.models.UTCDateTime(), nullable=True),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'reviewer', 'analyst', 'admin')", name='ck_users_role'),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_table(
        'web_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('csrf_token', sa.String(length=64), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.Column('expires_at', store.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_name'], ['users.name'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index('ix_web_sessions_user_name', 'web_sessions', ['user_name'])
    op.create_index('ix_web_sessions_expires_at', 'web_sessions', ['expires_at'])
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('user_name', sa.String(length=64), nullable=False),
        sa.Column('label', sa.String(length=100), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
        sa.Column('last_used_at', store.models.UTCDateTime(), nullable=True),
        sa.Column('revoked_at', store.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_name'], ['users.name'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_api_tokens_user_name', 'api_tokens', ['user_name'])


def downgrade() -> None:
    op.drop_table('api_tokens')
    op.drop_table('web_sessions')
    op.drop_table('users')
