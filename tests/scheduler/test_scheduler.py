"""The scheduler with a clock the test controls, over a real store: jobs fire at their times, two schedulers on
one store never run a job twice, a restart after missed slots runs each job once, failures are recorded."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scheduler.jobs import Job, at, every
from scheduler.runner import Scheduler
from store.store import Store

START = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 06:30 in Asia/Kolkata


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Recorder:
    """An action that counts its runs (and can be made to fail, or to wait for the test)."""

    def __init__(self) -> None:
        self.runs: list[datetime] = []
        self.fail = False
        self.gate: threading.Event | None = None
        self.entered = threading.Event()  # set when a run has begun (its scheduler holds the job's lock by then)
        self._lock = threading.Lock()

    def action(self, clock: Clock) -> Callable[[], str]:
        def run() -> str:
            self.entered.set()
            if self.gate is not None:
                self.gate.wait(10)
            with self._lock:
                self.runs.append(clock.now)
            if self.fail:
                raise RuntimeError("the mail server said no\nsecond line")
            return f"run {len(self.runs)}"
        return run


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'satark.sqlite'}")
    yield opened
    opened.close()


def settle(scheduler: Scheduler) -> list[str]:
    return [future.result(timeout=10).outcome for future in scheduler.tick()]


def test_jobs_fire_at_their_times_and_record_last_and_next_run(store: Store) -> None:
    clock, crawl, digest = Clock(START), Recorder(), Recorder()
    scheduler = Scheduler(store, [Job("crawl:bharat-samachar", every(timedelta(hours=1)), crawl.action(clock), True),
                                  Job("digest:1", at("07:30"), digest.action(clock), False)], clock=clock)
    assert settle(scheduler) == ["ok"]  # the interval job runs at once; the digest waits for 07:30 IST
    assert len(crawl.runs) == 1 and digest.runs == []
    clock.advance(minutes=59)
    assert settle(scheduler) == [] and len(crawl.runs) == 1
    clock.advance(minutes=1)  # 07:30 IST, and an hour since the crawl
    assert sorted(settle(scheduler)) == ["ok", "ok"] and len(crawl.runs) == 2 and digest.runs == [clock.now]
    run = store.job_runs.get("digest:1")
    assert run is not None and run.outcome == "ok" and run.summary == "run 1"
    assert run.next_due == datetime(2026, 12, 8, 2, 0, tzinfo=UTC)  # 07:30 IST tomorrow
    scheduler.close()


def test_a_restart_after_missed_slots_runs_each_job_once(store: Store) -> None:
    clock, crawl, digest = Clock(START), Recorder(), Recorder()
    jobs = [Job("crawl:x", every(timedelta(hours=1)), crawl.action(clock), True),
            Job("digest:1", at("07:30"), digest.action(clock), False)]
    first = Scheduler(store, jobs, clock=clock)
    settle(first)  # started at 06:30 IST: the crawl runs, the digest waits for 07:30
    clock.advance(hours=1)
    settle(first)
    first.close()
    assert len(crawl.runs) == 2 and len(digest.runs) == 1
    clock.advance(days=3, hours=5)  # down for three days: 3 digests and ~77 crawls missed
    restarted = Scheduler(store, jobs, clock=clock)
    assert sorted(settle(restarted)) == ["ok", "ok"]
    assert settle(restarted) == []  # caught up once, not once per missed slot
    assert len(crawl.runs) == 3 and len(digest.runs) == 2
    restarted.close()


def test_two_schedulers_on_one_store_never_run_a_job_twice(store: Store, tmp_path: Path) -> None:
    clock, crawl = Clock(START), Recorder()
    crawl.gate = threading.Event()
    other_store = Store(f"sqlite:///{tmp_path / 'satark.sqlite'}")
    jobs = [Job("crawl:x", every(timedelta(hours=1)), crawl.action(clock), True)]
    one, two = Scheduler(store, jobs, clock=clock), Scheduler(other_store, jobs, clock=clock)
    running = one.tick()  # holds the job's lock while the action waits at the gate
    assert crawl.entered.wait(30)
    clock.advance(hours=1)  # due again as far as the second can tell: only the lock keeps it off
    assert [f.result(timeout=30).outcome for f in two.tick()] == ["skipped"]
    crawl.gate.set()
    assert [f.result(timeout=10).outcome for f in running] == ["ok"]
    clock.now -= timedelta(hours=1)
    assert two.tick() == [] and len(crawl.runs) == 1  # done by the first: no longer due for the second
    one.close()
    two.close()
    other_store.close()


def test_a_failing_job_is_recorded_with_its_reason_and_tried_at_its_next_slot(store: Store) -> None:
    clock, flaky = Clock(START), Recorder()
    flaky.fail = True
    scheduler = Scheduler(store, [Job("index-sync", every(timedelta(minutes=5)), flaky.action(clock), True)], clock=clock)
    assert settle(scheduler) == ["failed"]
    run = store.job_runs.get("index-sync")
    assert run is not None and run.outcome == "failed" and run.summary == "RuntimeError: the mail server said no"
    lock = store.jobs.acquire("scheduled:index-sync", timedelta(minutes=1))  # the lock was released
    store.jobs.release(lock)
    clock.advance(minutes=5)
    flaky.fail = False
    assert settle(scheduler) == ["ok"] and len(flaky.runs) == 2
    assert store.job_runs.get("index-sync").outcome == "ok"  # type: ignore[union-attr]
    scheduler.close()
