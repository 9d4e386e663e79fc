"""Saved searches and the subscriptions that mail them daily; unsubscribed addresses; installation secrets.

A subscription is never deleted while digests refer to it: `remove` marks it removed, so the digest log keeps
what was sent to whom.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.alert_rows import SavedSearchRow, SecretRow, SubscriptionRow, UnsubscribedRow
from store.models import utcnow

Status = Literal["active", "paused", "removed"]
EmptyDay = Literal["notice", "skip"]
STATUSES: tuple[Status, ...] = get_args(Status)
EMPTY_DAYS: tuple[EmptyDay, ...] = get_args(EmptyDay)
MAIL_LANGUAGES = ("en", "hi")
DIGEST_LANGUAGES = ("hi", "en", "other")
_SEND_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Deliberately loose: one @, no spaces or angle brackets; the mail server is the judge of the rest.
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


class SubscriptionError(ValueError):
    """A subscription that cannot be made or changed as asked; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str  # the desk's query string
    owner: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    search: SavedSearch
    recipients: tuple[str, ...]
    send_time: str  # "HH:MM" in Asia/Kolkata
    min_score: float | None
    languages: tuple[str, ...]
    mail_language: str
    empty_day: EmptyDay
    status: Status
    owner: str | None
    created_at: datetime


def check_address(address: str) -> str:
    cleaned = address.strip()
    if not _ADDRESS.match(cleaned) or len(cleaned) > 320:
        raise SubscriptionError(f"not an email address: {address!r}")
    return cleaned


class SubscriptionRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- saved searches and subscriptions -------------------------------------------------------------
    def add(self, *, name: str, query: str, recipients: Sequence[str], send_time: str, min_score: float | None = None,
            languages: Sequence[str] = (), mail_language: str = "en", empty_day: EmptyDay = "notice",
            owner: str | None = None) -> Subscription:
        """A saved search (`query` in the desk's query model) and its daily mail, in one step."""
        if not name.strip():
            raise SubscriptionError("a subscription needs a name")
        addresses = tuple(dict.fromkeys(check_address(a) for a in recipients))
        if not addresses:
            raise SubscriptionError("a subscription needs at least one recipient")
        if not _SEND_TIME.match(send_time):
            raise SubscriptionError(f"send time must be HH:MM (24 hours, Asia/Kolkata), got {send_time!r}")
        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise SubscriptionError(f"minimum score must be within 0..1, got {min_score}")
        if unknown := set(languages) - set(DIGEST_LANGUAGES):
            raise SubscriptionError(f"unknown language(s) {sorted(unknown)}; choose from {list(DIGEST_LANGUAGES)}")
        if mail_language not in MAIL_LANGUAGES:
            raise SubscriptionError(f"mail language must be one of {list(MAIL_LANGUAGES)}, got {mail_language!r}")
        if empty_day not in EMPTY_DAYS:
            raise SubscriptionError(f"an empty day must be one of {list(EMPTY_DAYS)}, got {empty_day!r}")
        with self._sessions.begin() as session:
            search = SavedSearchRow(name=name.strip()[:100], query=query, owner=owner, created_at=utcnow())
            session.add(search)
            session.flush()
            row = SubscriptionRow(saved_search_id=search.id, recipients=list(addresses), send_time=send_time,
                                  min_score=min_score, languages=list(dict.fromkeys(languages)),
                                  mail_language=mail_language, empty_day=empty_day, status="active", owner=owner,
                                  created_at=utcnow())
            session.add(row)
            session.flush()
            return _subscription(row, search)

    def get(self, subscription_id: int) -> Subscription:
        """Raises SubscriptionError when there is no such subscription."""
        with self._sessions() as session:
            found = session.execute(_joined().where(SubscriptionRow.id == subscription_id)).one_or_none()
            if found is None:
                raise SubscriptionError(f"no subscription {subscription_id}")
            return _subscription(*found)

    def list(self, *, include_removed: bool = False) -> list[Subscription]:
        statement = _joined().order_by(SubscriptionRow.id)
        if not include_removed:
            statement = statement.where(SubscriptionRow.status != "removed")
        with self._sessions() as session:
            return [_subscription(row, search) for row, search in session.execute(statement)]

    def set_status(self, subscription_id: int, status: Status) -> Subscription:
        if status not in STATUSES:
            raise SubscriptionError(f"status must be one of {list(STATUSES)}, got {status!r}")
        with self._sessions.begin() as session:
            row = session.get(SubscriptionRow, subscription_id)
            if row is None or row.status == "removed":
                raise SubscriptionError(f"no subscription {subscription_id}")
            row.status = status
        return self.get(subscription_id)

    # --- unsubscribing ------------------------------------------------------------------------------------
    def unsubscribe(self, subscription_id: int, address: str) -> bool:
        """Stop mail of the subscription to `address`; False when it was stopped already."""
        with self._sessions.begin() as session:
            if session.get(SubscriptionRow, subscription_id) is None:
                raise SubscriptionError(f"no subscription {subscription_id}")
            if session.get(UnsubscribedRow, (subscription_id, address)) is not None:
                return False
            session.add(UnsubscribedRow(subscription_id=subscription_id, address=address, at=utcnow()))
            return True

    def unsubscribed(self, subscription_id: int) -> set[str]:
        with self._sessions() as session:
            return set(session.scalars(select(UnsubscribedRow.address)
                                       .where(UnsubscribedRow.subscription_id == subscription_id)))

    # --- installation secrets -----------------------------------------------------------------------------
    def secret(self, name: str) -> bytes:
        """The installation's key called `name`, made (32 random bytes) on first use; every process that shares the
        store gets the same one, even when two ask for it at once."""
        with self._sessions() as session:
            row = session.get(SecretRow, name)
            if row is not None:
                return row.value
        try:
            with self._sessions.begin() as session:
                session.add(SecretRow(name=name, value=secrets.token_bytes(32), created_at=utcnow()))
        except IntegrityError:
            pass  # another process made it first; read theirs
        with self._sessions() as session:
            found = session.get(SecretRow, name)
            assert found is not None
            return found.value


def _joined() -> Select[SubscriptionRow, SavedSearchRow]:
    return select(SubscriptionRow, SavedSearchRow).join(SavedSearchRow,
                                                        SavedSearchRow.id == SubscriptionRow.saved_search_id)


def _subscription(row: SubscriptionRow, search: SavedSearchRow) -> Subscription:
    return Subscription(
        id=row.id, search=SavedSearch(search.id, search.name, search.query, search.owner, search.created_at),
        recipients=tuple(row.recipients), send_time=row.send_time, min_score=row.min_score,
        languages=tuple(row.languages), mail_language=row.mail_language, empty_day=row.empty_day,  # type: ignore[arg-type]
        status=row.status, owner=row.owner, created_at=row.created_at)  # type: ignore[arg-type]
