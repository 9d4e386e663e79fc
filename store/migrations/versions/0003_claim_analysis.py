"""claim analysis: article kind, claim reviews, known claims, article claims and flags

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00.000000
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import store.models

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_KIND_COLUMNS = ('kind', 'kind_evidence', 'kind_detail')


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: SQLite adds nullable columns in place, while recreating `articles`
    # would fire the ON DELETE CASCADE of every table that refers to it.
    op.add_column('articles', sa.Column('kind', sa.String(length=16), nullable=True))
    op.add_column('articles', sa.Column('kind_evidence', sa.String(length=16), nullable=True))
    op.add_column('articles', sa.Column('kind_detail', sa.Text(), nullable=True))
    op.create_index(op.f('ix_articles_kind'), 'articles', ['kind'], unique=False)

    op.create_table('claim_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('claim', sa.Text(), nullable=False),
    sa.Column('rating', sa.Text(), nullable=True),
    sa.Column('rating_value', sa.Float(), nullable=True),
    sa.Column('best_rating', sa.Float(), nullable=True),
    sa.Column('worst_rating', sa.Float(), nullable=True),
    sa.Column('claimant', sa.Text(), nullable=True),
    sa.Column('claim_date', store.models.UTCDateTime(), nullable=True),
    sa.Column('reviewer', sa.Text(), nullable=True),
    sa.Column('reviewed', store.models.UTCDateTime(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('appearances', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claim_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_reviews_article_id'), ['article_id'], unique=False)

    op.create_table('known_claims',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_key', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('rating', sa.Text(), nullable=True),
    sa.Column('reviewer', sa.Text(), nullable=True),
    sa.Column('reviewed', store.models.UTCDateTime(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('claimant', sa.Text(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('embedder', sa.String(length=100), nullable=True),
    sa.Column('embedding', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', store.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('text_key')
    )
    with op.batch_alter_table('known_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_claims_origin'), ['origin'], unique=False)

    op.create_table('article_claims',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('checkworthiness', sa.Float(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('known_claim_id', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['known_claim_id'], ['known_claims.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('article_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_claims_article_id'), ['article_id'], unique=False)

    op.create_table('article_flags',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=40), nullable=False),
    sa.Column('task', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('known_claim_id', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['known_claim_id'], ['known_claims.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('article_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_flags_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_flags_reason'), ['reason'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('article_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_flags_reason'))
        batch_op.drop_index(batch_op.f('ix_article_flags_article_id'))
    op.drop_table('article_flags')
    with op.batch_alter_table('article_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_claims_article_id'))
    op.drop_table('article_claims')
    with op.batch_alter_table('known_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_claims_origin'))
    op.drop_table('known_claims')
    with op.batch_alter_table('claim_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_reviews_article_id'))
    op.drop_table('claim_reviews')
    op.drop_index(op.f('ix_articles_kind'), table_name='articles')
    # Native DROP COLUMN (SQLite >= 3.35) for the same reason as above: a batch copy of `articles` would
    # cascade-delete the raw pages, classifications and reviews of every article.
    for column in reversed(_KIND_COLUMNS):
        op.drop_column('articles', column)
