"""The digest log: one digest per subscription and day, its message to each recipient, and the delivery states.

A digest is recorded with its items and every recipient's finished message in one transaction: the intent. A
delivery goes pending -> sending (claimed, the attempt counted) -> sent | refused | failed, or back to pending
with a later `next_attempt_at` after a temporary failure. A delivery left `sending` by a process that died
between handing the message to the server and recording it is put back to pending by the next run (which holds
the digest job's lock, so no other run is sending it) and sent again with the same Message-ID.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.alert_rows import DigestDeliveryRow, DigestItemRow, DigestRow
from store.models import utcnow

DELIVERY_STATES = ("pending", "sending", "sent", "refused", "failed")


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    address: str
    message_id: str
    message: bytes  # the whole RFC 5322 message, as sent


@dataclass(frozen=True, slots=True)
class Digest:
    id: int
    subscription_id: int
    day: date
    items: tuple[str, ...]
    built_at: datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    digest_id: int
    subscription_id: int
    day: date
    address: str
    message_id: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


class DigestRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- building -----------------------------------------------------------------------------------------
    def get(self, subscription_id: int, day: date) -> Digest | None:
        with self._sessions() as session:
            row = session.scalars(select(DigestRow).where(DigestRow.subscription_id == subscription_id,
                                                          DigestRow.day == day)).one_or_none()
            return _digest(row) if row is not None else None

    def sent_articles(self, subscription_id: int) -> set[str]:
        """Every article the subscription has been sent (or is about to be: built digests count)."""
        with self._sessions() as session:
            return set(session.scalars(select(DigestItemRow.article_id)
                                       .where(DigestItemRow.subscription_id == subscription_id)))

    def record(self, subscription_id: int, day: date, items: Sequence[str],
               messages: Sequence[OutgoingMessage]) -> Digest | None:
        """Record the digest of `day` with its items and messages, all or nothing. None when the subscription has
        a digest for that day already (another run built it first): nothing is recorded twice."""
        try:
            with self._sessions.begin() as session:
                row = DigestRow(subscription_id=subscription_id, day=day, items=list(items), built_at=utcnow())
                session.add(row)
                session.flush()
                session.add_all(DigestItemRow(subscription_id=subscription_id, article_id=article, digest_id=row.id)
                                for article in dict.fromkeys(items))
                session.add_all(DigestDeliveryRow(digest_id=row.id, address=m.address, message_id=m.message_id,
                                                  message=m.message, state="pending", attempts=0) for m in messages)
                session.flush()
                return _digest(row)
        except IntegrityError:
            if self.get(subscription_id, day) is not None:
                return None
            raise

    # --- delivering ---------------------------------------------------------------------------------------
    def release_abandoned(self) -> int:
        """Put deliveries left `sending` by a process that died back to pending. Call only while holding the digest
        job's lock (no other run can be sending them). Returns how many."""
        with self._sessions.begin() as session:
            result = session.execute(update(DigestDeliveryRow).where(DigestDeliveryRow.state == "sending")
                                     .values(state="pending", next_attempt_at=None))
            return int(result.rowcount)  # type: ignore[attr-defined]

    def due(self, now: datetime, digest_ids: Collection[int] | None = None) -> list[Delivery]:
        """Pending deliveries whose wait (after a temporary failure) is over, oldest digest first."""
        statement = _deliveries().where(DigestDeliveryRow.state == "pending").order_by(DigestRow.day, DigestDeliveryRow.id)
        if digest_ids is not None:
            statement = statement.where(DigestDeliveryRow.digest_id.in_(list(digest_ids)))
        with self._sessions() as session:
            return [_delivery(row, digest) for row, digest in session.execute(statement)
                    if row.next_attempt_at is None or row.next_attempt_at <= now]

    def claim(self, delivery_id: int) -> bytes | None:
        """Mark a pending delivery as being sent (counting the attempt) and return its message; None when it is no
        longer pending."""
        with self._sessions.begin() as session:
            claimed = session.execute(update(DigestDeliveryRow)
                                      .where(DigestDeliveryRow.id == delivery_id, DigestDeliveryRow.state == "pending")
                                      .values(state="sending", attempts=DigestDeliveryRow.attempts + 1))
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            return session.scalars(select(DigestDeliveryRow.message).where(DigestDeliveryRow.id == delivery_id)).one()

    def mark_sent(self, delivery_id: int) -> None:
        self._settle(delivery_id, state="sent", sent_at=utcnow(), last_error=None, next_attempt_at=None)

    def mark_refused(self, delivery_id: int, error: str) -> None:
        """The server refused the recipient for good: recorded for the admin, never retried."""
        self._settle(delivery_id, state="refused", last_error=error, next_attempt_at=None)

    def mark_failed(self, delivery_id: int, error: str) -> None:
        """Temporary failures went on past the time allowed: given up, recorded for the admin."""
        self._settle(delivery_id, state="failed", last_error=error, next_attempt_at=None)

    def mark_retry(self, delivery_id: int, error: str, next_attempt_at: datetime) -> None:
        self._settle(delivery_id, state="pending", last_error=error, next_attempt_at=next_attempt_at)

    def _settle(self, delivery_id: int, **values: object) -> None:
        with self._sessions.begin() as session:
            session.execute(update(DigestDeliveryRow).where(DigestDeliveryRow.id == delivery_id).values(**values))

    # --- reading the log ----------------------------------------------------------------------------------
    def deliveries(self, subscription_id: int | None = None, *, states: Collection[str] = (),
                   limit: int = 100) -> list[Delivery]:
        """The newest deliveries first (of one subscription, or in some states: `refused` for the admin)."""
        statement = _deliveries().order_by(DigestRow.day.desc(), DigestDeliveryRow.id.desc()).limit(limit)
        if subscription_id is not None:
            statement = statement.where(DigestRow.subscription_id == subscription_id)
        if states:
            statement = statement.where(DigestDeliveryRow.state.in_(list(states)))
        with self._sessions() as session:
            return [_delivery(row, digest) for row, digest in session.execute(statement)]

    def message(self, delivery_id: int) -> bytes:
        with self._sessions() as session:
            return session.scalars(select(DigestDeliveryRow.message).where(DigestDeliveryRow.id == delivery_id)).one()


def _deliveries() -> Select[DigestDeliveryRow, DigestRow]:
    return select(DigestDeliveryRow, DigestRow).join(DigestRow, DigestRow.id == DigestDeliveryRow.digest_id)


def _digest(row: DigestRow) -> Digest:
    return Digest(row.id, row.subscription_id, row.day, tuple(row.items), row.built_at)


def _delivery(row: DigestDeliveryRow, digest: DigestRow) -> Delivery:
    return Delivery(id=row.id, digest_id=row.digest_id, subscription_id=digest.subscription_id, day=digest.day,
                    address=row.address, message_id=row.message_id, state=row.state, attempts=row.attempts,
                    next_attempt_at=row.next_attempt_at, last_error=row.last_error, sent_at=row.sent_at)
