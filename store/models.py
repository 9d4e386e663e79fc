"""The system of record: SQLAlchemy tables. Schema changes go through Alembic migrations (store/migrations)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite keeps no time zone: store UTC, hand back aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SourceRow(Base):
    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(8))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    crawl_interval_s: Mapped[int] = mapped_column(Integer, default=3600)
    last_crawled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    fetched_url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(100), index=True)
    via: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    description: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(Text)
    language_hint: Mapped[str | None] = mapped_column(String(8))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Filled by processing; NULL processed_at means "waiting for `satark process`".
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    language_confidence: Mapped[float | None] = mapped_column(Float)
    language_method: Mapped[str | None] = mapped_column(String(16))
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("articles.id"), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # Claim analysis (core.claims.KindGuess): news | factcheck | opinion, and what decided it. NULL until processed.
    kind: Mapped[str | None] = mapped_column(String(16), index=True)
    kind_evidence: Mapped[str | None] = mapped_column(String(16))
    kind_detail: Mapped[str | None] = mapped_column(Text)


class RawPageRow(Base):
    __tablename__ = "raw_pages"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    fetched_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(40))
    html_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClassificationRow(Base):
    __tablename__ = "classifications"
    __table_args__ = (UniqueConstraint("article_id", "task", "model"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(100))
    labels: Mapped[list[str]] = mapped_column(JSON)
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FrontierRow(Base):
    """URLs discovered but not yet settled: the crawl's durable to-do list, so a killed crawl loses nothing."""

    __tablename__ = "frontier"
    __table_args__ = (Index("ix_frontier_source_state", "source", "state"),)

    url: Mapped[str] = mapped_column(Text, primary_key=True)  # canonical
    fetch_url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(100))
    via: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_reason: Mapped[str | None] = mapped_column(String(32))
    hint_title: Mapped[str | None] = mapped_column(Text)
    hint_published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedStateRow(Base):
    """HTTP validators per feed/sitemap URL for conditional GET."""

    __tablename__ = "feed_state"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CrawlRunRow(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CrawlLogRow(Base):
    __tablename__ = "crawl_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class OutboxRow(Base):
    """Pending index writes. Written in the same transaction as the change they mirror; drained to the index."""

    __tablename__ = "index_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(String(40), index=True)
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class ReviewDecisionRow(Base):
    """A human verdict on an article's flag for one task. Append-only: the newest row per (article, task) is the
    effective decision, earlier rows stay as the audit trail of who changed their mind when."""

    __tablename__ = "review_decisions"
    # The store is the last line of defence against a typo becoming a third kind of decision.
    __table_args__ = (CheckConstraint("decision IN ('confirmed', 'dismissed')", name="ck_review_decisions_decision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String(32), default="misinformation")
    decision: Mapped[str] = mapped_column(String(16))  # confirmed | dismissed
    label: Mapped[str | None] = mapped_column(String(100))  # corrected label(s), comma-separated
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(100))  # "NAME/VERSION" whose verdict was reviewed
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimReviewRow(Base):
    """A fact-checker's verdict as the article's ClaimReview markup declares it (core.records.ClaimReview)."""

    __tablename__ = "claim_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    claim: Mapped[str] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(Text)
    rating_value: Mapped[float | None] = mapped_column(Float)
    best_rating: Mapped[float | None] = mapped_column(Float)
    worst_rating: Mapped[float | None] = mapped_column(Float)
    claimant: Mapped[str | None] = mapped_column(Text)
    claim_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer: Mapped[str | None] = mapped_column(Text)
    reviewed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    url: Mapped[str | None] = mapped_column(Text)
    appearances: Mapped[list[str]] = mapped_column(JSON, default=list)


class KnownClaimRow(Base):
    """A claim a fact-checker already rated: the target sentences are matched against. One row per claim text."""

    __tablename__ = "known_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    # sha256 of the NFC, casefolded, whitespace-collapsed text: the same claim typed twice is one row.
    text_key: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str | None] = mapped_column(String(8))
    rating: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str | None] = mapped_column(Text)
    reviewed: Mapped[datetime | None] = mapped_column(UTCDateTime)
    url: Mapped[str | None] = mapped_column(Text)
    claimant: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, index=True)  # "article:<id>", "import:<file>", "dataset:<file>"
    embedder: Mapped[str | None] = mapped_column(String(100))  # the model that made `embedding`
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32, native byte order
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When recent articles were re-checked against this claim; NULL until then, so a process killed between storing
    # a fact-check and the re-check leaves the re-check to the next run (pipeline.claims_stage.rematch_pending).
    rematched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ArticleClaimRow(Base):
    """One check-worthy sentence of an article and its best known-claim match (core.claims.Claim)."""

    __tablename__ = "article_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    checkworthiness: Mapped[float] = mapped_column(Float)
    scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    known_claim_id: Mapped[int | None] = mapped_column(ForeignKey("known_claims.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)
    same_claim: Mapped[float | None] = mapped_column(Float)  # the claim reranker's probability, if it read the pair


class ArticleFlagRow(Base):
    """One alert on an article with its reason and evidence sentence (core.claims.Flag)."""

    __tablename__ = "article_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    task: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32), index=True)  # matches-factcheck | style
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text)
    known_claim_id: Mapped[int | None] = mapped_column(ForeignKey("known_claims.id", ondelete="SET NULL"))
    similarity: Mapped[float | None] = mapped_column(Float)
    same_claim: Mapped[float | None] = mapped_column(Float)  # the claim reranker's probability, if it read the pair


class UserRow(Base):
    """A desk account: argon2 password hash, role, interface language, failed logins for the lockout."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'reviewer', 'analyst', 'admin')", name="ck_users_role"),)

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    ui_language: Mapped[str] = mapped_column(String(8), default="en")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebSessionRow(Base):
    """A login: only the hash of the cookie's token is kept, beside the session's CSRF token."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ApiTokenRow(Base):
    """A token for scripts; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# The digests' tables have their own module; importing it here puts them on Base.metadata wherever the schema is
# read (migrations, the schema comparison in the tests).
from store import alert_rows  # noqa: E402, F401
