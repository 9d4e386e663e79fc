"""What each scheduled job last did, kept in the store so that a restarted scheduler knows which slots it missed
(and runs each missed job once), and so that `satark status` and the desk can show the last and next run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.alert_rows import JobRunRow


@dataclass(frozen=True, slots=True)
class JobRun:
    name: str
    last_slot: datetime | None  # the scheduled time the last run stood for (missed slots collapse into one)
    started_at: datetime | None
    finished_at: datetime | None
    outcome: str | None  # "ok", "failed", or None while running
    summary: str | None  # one line: what it did, or why it failed
    next_due: datetime | None


class JobRunRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, name: str) -> JobRun | None:
        with self._sessions() as session:
            row = session.get(JobRunRow, name)
            return _run(row) if row is not None else None

    def all(self) -> list[JobRun]:
        with self._sessions() as session:
            return [_run(row) for row in session.scalars(select(JobRunRow).order_by(JobRunRow.name))]

    def started(self, name: str, slot: datetime, at: datetime) -> None:
        with self._sessions.begin() as session:
            row = session.get(JobRunRow, name) or JobRunRow(name=name)
            row.last_slot, row.started_at, row.finished_at, row.outcome, row.summary = slot, at, None, None, None
            session.add(row)

    def finished(self, name: str, at: datetime, outcome: str, summary: str, next_due: datetime | None) -> None:
        with self._sessions.begin() as session:
            row = session.get(JobRunRow, name) or JobRunRow(name=name)
            row.finished_at, row.outcome, row.summary, row.next_due = at, outcome, summary[:1000], next_due
            session.add(row)

    def anchor(self, name: str, at: datetime) -> None:
        """Count a job that has never run as accounted for until `at` (its first slot comes after it); a job with a
        slot already is left as it is."""
        with self._sessions.begin() as session:
            row = session.get(JobRunRow, name) or JobRunRow(name=name)
            if row.last_slot is None:
                row.last_slot = at
                session.add(row)

    def planned(self, name: str, next_due: datetime | None) -> None:
        """Record when a job will next run (shown by status) without touching its last run."""
        with self._sessions.begin() as session:
            row = session.get(JobRunRow, name) or JobRunRow(name=name)
            row.next_due = next_due
            session.add(row)


def _run(row: JobRunRow) -> JobRun:
    return JobRun(row.name, row.last_slot, row.started_at, row.finished_at, row.outcome, row.summary, row.next_due)
