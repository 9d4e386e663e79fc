"""The index outbox: index writes wait here until the search index has them, so an index outage loses nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from store.models import OutboxRow


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    article_id: str
    op: str


class OutboxRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def enqueue(self, article_ids: list[str], op: str = "upsert") -> None:
        with self._sessions.begin() as session:
            session.add_all(OutboxRow(article_id=a, op=op) for a in article_ids)

    def batch(self, limit: int) -> list[OutboxItem]:
        with self._sessions() as session:
            rows = session.scalars(select(OutboxRow).order_by(OutboxRow.id).limit(limit))
            return [OutboxItem(r.id, r.article_id, r.op) for r in rows]

    def ack(self, ids: list[int]) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(OutboxRow).where(OutboxRow.id.in_(ids)))

    def fail(self, ids: list[int], error: str) -> None:
        with self._sessions.begin() as session:
            for row in session.scalars(select(OutboxRow).where(OutboxRow.id.in_(ids))):
                row.attempts += 1
                row.last_error = error[:2000]

    def size(self) -> int:
        with self._sessions() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)
