"""The scheduler's jobs, built from the settings, the sources file and the subscriptions: each a name (also its
lock's name), a trigger from APScheduler (which does the calendar arithmetic, in Asia/Kolkata for times of day)
and an action that returns a one-line summary or raises.

Crawls and processing run as `satark` subprocesses: Twisted's reactor runs once per process, and the models'
memory goes back to the system when processing ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from alerts.job import DigestJob, today
from core.sources import Source
from pipeline.app import SatarkApp
from scheduler.backup import backup_store

TIME_ZONE = "Asia/Kolkata"
LOCK_WAIT_S = 600.0  # digest jobs share one lock: each digest and the delivery wait for one another in turn
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)  # interval slots count from a fixed start, so they survive restarts


class JobFailed(RuntimeError):
    """A job ran and failed; the message is its one-line reason."""


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    trigger: BaseTrigger
    action: Callable[[], str]
    run_when_new: bool  # never run before: run at once (an interval job), or wait for the first slot (a time of day)


def every(interval: timedelta) -> IntervalTrigger:
    return IntervalTrigger(seconds=max(1, int(interval.total_seconds())), start_date=_EPOCH, timezone=UTC)


def at(hhmm: str) -> CronTrigger:
    hour, minute = hhmm.split(":")
    return CronTrigger(hour=int(hour), minute=int(minute), timezone=TIME_ZONE)


def _satark_command(satark: SatarkApp, config_file: Path | None, *args: str, timeout_s: float) -> str:
    # The subprocess reads the same settings: the same file and data folder (the environment it inherits).
    env = {**os.environ, "SATARK_HOME": str(satark.settings.home_dir)}
    options = ["--config", str(config_file)] if config_file is not None else []
    try:
        done = subprocess.run([sys.executable, "-m", "cli", *options, *args], env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        raise JobFailed(f"satark {' '.join(args)} ran past {timeout_s:.0f} s and was stopped") from exc
    last = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or [""])[-1]
    if done.returncode != 0:
        raise JobFailed(f"satark {' '.join(args)} exited {done.returncode}: {last}")
    return last or "done"


def plan(satark: SatarkApp, sources: tuple[Source, ...], config_file: Path | None = None) -> list[Job]:
    """The jobs; `config_file` is the settings file the scheduler was started with, handed to its subprocesses."""
    settings = satark.settings.scheduler
    crawl_s, process_s = settings.crawl_timeout_minutes * 60, settings.process_timeout_minutes * 60
    subscriptions = [s for s in satark.store.subscriptions.list() if s.status == "active"]
    return [
        *(Job(f"crawl:{source.name}", every(source.crawl_interval),
              partial(_satark_command, satark, config_file, "crawl", "--source", source.name, "--no-process",
                      timeout_s=crawl_s), True) for source in sources),
        Job("process", every(timedelta(minutes=settings.process_minutes)),
            partial(_satark_command, satark, config_file, "process", timeout_s=process_s), True),
        Job("index-sync", every(timedelta(minutes=settings.sync_minutes)), partial(_sync, satark), True),
        *(Job(f"digest:{s.id}", at(s.send_time), partial(_digest, satark, s.id), False) for s in subscriptions),
        Job("digest-delivery", every(timedelta(minutes=settings.delivery_minutes)), partial(_deliver, satark), True),
        Job("backup", at(settings.backup_time), partial(_backup, satark), False),
    ]


def _sync(satark: SatarkApp) -> str:
    report = satark.sync()
    if report.error:
        raise JobFailed(f"index unreachable, {report.pending} write(s) wait: {report.error}")
    return f"{report.written} written, {report.deleted} deleted in the index"


def _digest(satark: SatarkApp, subscription_id: int) -> str:
    report = DigestJob(satark, lock_wait_s=LOCK_WAIT_S).run(today(), subscription_id)
    summary = f"built {len(report.built)}, sent {report.sent}, waiting {len(report.waiting)}, refused {len(report.refused)}"
    if report.waiting:
        raise JobFailed(f"{summary}: {report.waiting[0]}")
    return summary


def _deliver(satark: SatarkApp) -> str:
    report = DigestJob(satark, lock_wait_s=LOCK_WAIT_S).deliver()
    if report.waiting:
        raise JobFailed(f"sent {report.sent}, waiting {len(report.waiting)}: {report.waiting[0]}")
    return f"sent {report.sent}, refused {len(report.refused)}, failed {len(report.failed)}"


def _backup(satark: SatarkApp) -> str:
    settings = satark.settings
    path = backup_store(settings.db_url, settings.home_dir / "backups", today(), settings.scheduler.backups_kept)
    return f"store copied to {path}"
