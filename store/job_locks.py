"""Locks in the store, so that two processes (two schedulers, a scheduler and a hand-run `satark digest run`)
never run the same job at once, on one machine or several sharing the store.

A lock is a lease: the holder renews it while it works. A holder that died is recognised at once when it ran on
this machine (its process id is gone), and otherwise when its lease runs out.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.alert_rows import JobLockRow
from store.models import utcnow

log = logging.getLogger(__name__)


class JobBusy(RuntimeError):
    """The job is being run by another process; the message says which, for the user."""


@dataclass(frozen=True, slots=True)
class JobLock:
    name: str
    token: str
    lease: timedelta


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


class JobLockRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._host = socket.gethostname()[:255]

    def acquire(self, name: str, lease: timedelta, wait_s: float = 0.0) -> JobLock:
        """Take the lock, waiting up to `wait_s` for its holder to finish; raise JobBusy naming the holder."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                return self._try(name, lease)
            except JobBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))

    def _try(self, name: str, lease: timedelta) -> JobLock:
        token = secrets.token_hex(16)
        for _ in range(3):  # the holder may let go between our insert and our look: insert again
            now = utcnow()
            mine = {"host": self._host, "pid": os.getpid(), "token": token, "acquired_at": now, "expires_at": now + lease}
            try:
                with self._sessions.begin() as session:
                    session.add(JobLockRow(name=name, **mine))
                return JobLock(name, token, lease)
            except IntegrityError:
                pass  # held, or left by a holder that died: look at it
            with self._sessions.begin() as session:
                held = session.get(JobLockRow, name)
                if held is None:
                    continue
                if held.expires_at > now and (held.host != self._host or _alive(held.pid)):
                    raise JobBusy(f"{name} is already running (pid {held.pid} on {held.host}, since "
                                  f"{held.acquired_at:%Y-%m-%d %H:%M} UTC)")
                taken = session.execute(update(JobLockRow).where(JobLockRow.name == name, JobLockRow.token == held.token)
                                        .values(**mine))
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    return JobLock(name, token, lease)
        raise JobBusy(f"{name} is being taken and let go by other processes; try again")

    def renew(self, lock: JobLock, now: datetime | None = None) -> None:
        """Extend the lease; raises JobBusy when the lock was lost (the lease ran out and another process took it)."""
        with self._sessions.begin() as session:
            renewed = session.execute(update(JobLockRow).where(JobLockRow.name == lock.name, JobLockRow.token == lock.token)
                                      .values(expires_at=(now or utcnow()) + lock.lease))
            if renewed.rowcount != 1:  # type: ignore[attr-defined]
                raise JobBusy(f"{lock.name}: the lock was lost to another process")

    def release(self, lock: JobLock) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(JobLockRow).where(JobLockRow.name == lock.name, JobLockRow.token == lock.token))

    @contextmanager
    def held(self, name: str, lease: timedelta = timedelta(minutes=10), wait_s: float = 0.0) -> Iterator[JobLock]:
        lock = self.acquire(name, lease, wait_s)
        try:
            yield lock
        finally:
            self.release(lock)

    @contextmanager
    def holding(self, names: Sequence[str], lease: timedelta = timedelta(minutes=2)) -> Iterator[list[JobLock]]:
        """Hold every lock in `names` (all or none: JobBusy names the first held elsewhere) for a job of any length:
        a thread renews the leases until the block ends, so a holder that is killed frees them within `lease`."""
        locks: list[JobLock] = []
        try:
            for name in sorted(set(names)):  # one order for every process: no two wait on each other
                locks.append(self.acquire(name, lease))
        except JobBusy:
            for lock in locks:
                self.release(lock)
            raise
        renewer = Renewer(self, locks)
        try:
            yield locks
        finally:
            renewer.stop()
            for lock in locks:
                self.release(lock)


class Renewer:
    """Renews locks in the background, every third of their lease, while a long job (a crawl) runs."""

    def __init__(self, repository: JobLockRepository, locks: Sequence[JobLock]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(repository, tuple(locks)), daemon=True,
                                        name="satark-lock-renewer")
        self._thread.start()

    def _loop(self, repository: JobLockRepository, locks: tuple[JobLock, ...]) -> None:
        interval = min(lock.lease for lock in locks).total_seconds() / 3 if locks else 60.0
        while not self._stop.wait(interval):
            for lock in locks:
                try:
                    repository.renew(lock)
                except JobBusy:
                    log.error("%s: the lock was lost while the job ran", lock.name)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
