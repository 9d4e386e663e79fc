"""Tables of the daily digests: saved searches, subscriptions, the digest log with one message per recipient,
what each subscription has been sent, unsubscribed addresses, the key that signs unsubscribe links, and the
locks that keep two processes from running the same job at once, and each scheduled job's last run.

Exactly once per subscription and day rests on two unique keys: a digest row per (subscription, day), written
with its items and its messages in one transaction, and the items a subscription has been sent, so that no
article is sent to it twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, UTCDateTime, utcnow


class SavedSearchRow(Base):
    """A search of the desk kept by name: its query string in the desk's query model (`q=...&lang=hi&flag=...`)."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SubscriptionRow(Base):
    """A saved search mailed daily to recipients at a time of day in Asia/Kolkata."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'paused', 'removed')", name="ck_subscriptions_status"),
        CheckConstraint("empty_day IN ('notice', 'skip')", name="ck_subscriptions_empty_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="RESTRICT"), index=True)
    recipients: Mapped[list[str]] = mapped_column(JSON)
    send_time: Mapped[str] = mapped_column(String(5))  # "07:30", Asia/Kolkata
    min_score: Mapped[float | None] = mapped_column(Float)  # the weakest misinformation flag worth a mail
    languages: Mapped[list[str]] = mapped_column(JSON)  # empty: every language the saved search allows
    mail_language: Mapped[str] = mapped_column(String(8))  # the language of the mail's own text: "en" or "hi"
    empty_day: Mapped[str] = mapped_column(String(8))  # nothing new: a short "notice", or "skip" the mail
    status: Mapped[str] = mapped_column(String(8), default="active")
    owner: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestRow(Base):
    """The digest of one subscription for one day (in Asia/Kolkata), with the articles chosen when it was built."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("subscription_id", "day", name="uq_digests_subscription_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    items: Mapped[list[str]] = mapped_column(JSON)  # article ids, in the order shown
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestDeliveryRow(Base):
    """A digest's message to one recipient, kept as built: a retry sends the same bytes under the same Message-ID,
    so a resend after a crash between sending and recording is recognisable as the same mail."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (
        UniqueConstraint("digest_id", "address", name="uq_digest_deliveries_digest_address"),
        CheckConstraint("state IN ('pending', 'sending', 'sent', 'refused', 'failed')", name="ck_digest_deliveries_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(320))
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    message: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DigestItemRow(Base):
    """An article a subscription has been sent: it is never sent to that subscription again."""

    __tablename__ = "digest_items"

    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), index=True)


class UnsubscribedRow(Base):
    """A recipient who followed a digest's unsubscribe link: no more mail of that subscription to the address."""

    __tablename__ = "unsubscribed"

    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True)
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SecretRow(Base):
    """Keys made once per installation (the unsubscribe links' signing key), shared by the desk and the jobs."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobLockRow(Base):
    """A job (the digest run, a scheduled crawl) held by one process until `expires_at`; the holder renews it while
    it works, and a holder that died is recognised by its host and process id, or by the lease running out."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    token: Mapped[str] = mapped_column(String(64))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobRunRow(Base):
    """A scheduled job's last run (its slot, times, outcome and one-line summary) and when it runs next."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_slot: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str | None] = mapped_column(Text)
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime)
