"""The scheduler's loop: which jobs are due, running them (each under its lock in the store, a few at a time), and
recording what they did.

A job is due when its trigger's next time after the slot of its last run has come. A scheduler that was down
for several slots runs the job once, for the latest of them, not once per slot. Two schedulers on one store
both see a job due; the first to take its lock runs it, and the other, having checked again under the lock that
the job is still due, leaves it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from scheduler.jobs import Job
from store.job_locks import JobBusy, Renewer
from store.store import Store

log = logging.getLogger("satark.scheduler")
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    outcome: str  # "ok", "failed" or "skipped" (another scheduler runs it)
    summary: str
    seconds: float


class Scheduler:
    """Runs `jobs`; with a `planner`, the jobs are planned again at every tick, so a subscription added in the
    desk or a source added to the sources file is picked up without a restart."""

    def __init__(self, store: Store, jobs: Sequence[Job] = (), *, planner: Callable[[], Sequence[Job]] | None = None,
                 clock: Clock = _utc_now, workers: int = 3, lease: timedelta = timedelta(minutes=5)) -> None:
        self.store = store
        self.planner = planner
        self.jobs = {job.name: job for job in (planner() if planner is not None else jobs)}
        self.clock = clock
        self.lease = lease
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="satark-job")
        self._running: dict[str, Future[JobResult]] = {}

    def next_due(self, job: Job, now: datetime) -> datetime | None:
        """When `job` runs next: its first slot after its last run's, a past time when slots were missed."""
        last = self.store.job_runs.get(job.name)
        if last is None or last.last_slot is None:
            return now if job.run_when_new else job.trigger.get_next_fire_time(None, now)
        return job.trigger.get_next_fire_time(last.last_slot, now)

    def due(self, now: datetime) -> list[Job]:
        return [job for job in self.jobs.values()
                if (when := self.next_due(job, now)) is not None and when <= now and job.name not in self._running]

    def tick(self) -> list[Future[JobResult]]:
        """Start every due job that is not running in this scheduler; returns their futures."""
        self._running = {name: f for name, f in self._running.items() if not f.done()}
        if self.planner is not None:
            self.jobs = {job.name: job for job in self.planner()}
        now = self.clock()
        for job in self.jobs.values():
            if not job.run_when_new:  # a time-of-day job first seen now: its first slot is the next one
                self.store.job_runs.anchor(job.name, now)
        started = []
        for job in self.due(now):
            future = self._pool.submit(self.run_job, job)
            self._running[job.name] = future
            started.append(future)
        for job in self.jobs.values():
            if job.name not in self._running:
                self.store.job_runs.planned(job.name, self.next_due(job, self.clock()))
        return started

    def run_job(self, job: Job) -> JobResult:
        """Run `job` once under its lock, if it is still due once the lock is held."""
        began = time.monotonic()
        try:  # "scheduled:": the commands a job runs take locks of their own ("crawl:<source>", "process")
            lock = self.store.jobs.acquire(f"scheduled:{job.name}", self.lease)
        except JobBusy as busy:
            return JobResult(job.name, "skipped", str(busy), 0.0)
        keep_alive = Renewer(self.store.jobs, [lock])
        try:
            now = self.clock()
            when = self.next_due(job, now)
            if when is None or when > now:  # another scheduler ran it between our look and our lock
                return JobResult(job.name, "skipped", "ran elsewhere", 0.0)
            self.store.job_runs.started(job.name, slot=now, at=now)
            log.info("%s: started", job.name)
            try:
                summary, outcome = job.action(), "ok"
            except Exception as exc:  # a job's failure is recorded and logged; the scheduler goes on
                summary, outcome = f"{type(exc).__name__}: {exc}".splitlines()[0], "failed"
            seconds = time.monotonic() - began
            done = self.clock()
            self.store.job_runs.finished(job.name, done, outcome, summary, job.trigger.get_next_fire_time(now, done))
            (log.info if outcome == "ok" else log.error)("%s: %s in %.1f s: %s", job.name, outcome, seconds, summary)
            return JobResult(job.name, outcome, summary, seconds)
        finally:
            keep_alive.stop()
            self.store.jobs.release(lock)

    def run_forever(self, stop: threading.Event, poll_s: float = 30.0) -> None:
        while not stop.is_set():
            self.tick()
            stop.wait(poll_s)
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
