"""The scheduler's real jobs: the plan built from sources and subscriptions, a digest mailed at its send time
through the real SMTP server, the store backup, and `satark scheduler --once` with `satark status`."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from core.settings import load_settings
from core.sources import Source, load_sources
from demosites.server import DemoServer
from pipeline.app import SatarkApp
from scheduler.backup import BackupError, backup_store
from scheduler.jobs import plan
from scheduler.runner import Scheduler
from tests.alerts.conftest import NOW, SmtpServer
from tests.conftest import run_satark
from tests.scheduler.test_scheduler import Clock


def test_the_plan_has_each_sources_crawl_each_subscriptions_digest_and_the_housekeeping(satark: SatarkApp) -> None:
    satark.store.subscriptions.add(name="ईवीएम", query="q=ईवीएम", recipients=["a@example.in"], send_time="18:15")
    paused = satark.store.subscriptions.add(name="off", query="", recipients=["b@example.in"], send_time="09:00")
    satark.store.subscriptions.set_status(paused.id, "paused")
    sources = (Source(name="bharat-samachar", crawl_interval="30m", feeds=["https://bharat.example/feed.xml"]),
               Source(name="capital-chronicle", sitemaps=["https://capital.example/sitemap.xml"]))
    jobs = {job.name: job for job in plan(satark, sources)}
    assert set(jobs) == {"crawl:bharat-samachar", "crawl:capital-chronicle", "process", "index-sync", "digest:1",
                         "digest-delivery", "backup"}
    assert jobs["crawl:bharat-samachar"].trigger.interval == timedelta(minutes=30)  # type: ignore[attr-defined]
    evening = jobs["digest:1"].trigger.get_next_fire_time(None, datetime(2026, 12, 7, 6, 0, tzinfo=UTC))
    assert evening == datetime(2026, 12, 7, 12, 45, tzinfo=UTC)  # 18:15 in Asia/Kolkata


def test_a_digest_goes_out_at_its_send_time_and_not_before(satark: SatarkApp, smtp: SmtpServer) -> None:
    send = (NOW + timedelta(minutes=30)).astimezone(ZoneInfo("Asia/Kolkata"))
    satark.store.subscriptions.add(name="ईवीएम अफ़वाहें", query="", recipients=["asha@example.in"],
                                   send_time=f"{send:%H:%M}", mail_language="hi")
    digest = [job for job in plan(satark, ()) if job.name == "digest:1"]
    clock = Clock(NOW)
    scheduler = Scheduler(satark.store, digest, clock=clock)
    assert scheduler.tick() == [] and smtp.received == []
    clock.now = send.replace(second=0).astimezone(UTC) + timedelta(seconds=5)
    (future,) = scheduler.tick()
    assert future.result(timeout=30).outcome == "ok" and len(smtp.to("asha@example.in")) == 1
    scheduler.close()


def test_the_store_backup_is_a_readable_copy_and_old_ones_are_pruned(satark: SatarkApp, tmp_path: Path) -> None:
    satark.store.subscriptions.add(name="कॉपी", query="", recipients=["a@example.in"], send_time="07:00")
    folder = tmp_path / "backups"
    for day in range(1, 5):
        backup_store(satark.settings.db_url, folder, date(2026, 12, day), keep=2)
    assert sorted(p.name for p in folder.iterdir()) == ["satark-2026-12-03.sqlite", "satark-2026-12-04.sqlite"]
    with sqlite3.connect(folder / "satark-2026-12-04.sqlite") as copy:
        assert copy.execute("SELECT name FROM saved_searches").fetchall() == [("कॉपी",)]
    with pytest.raises(BackupError, match="only an SQLite store"):
        backup_store("postgresql://satark@db/satark", folder, date(2026, 12, 5), keep=2)


def test_scheduler_once_runs_what_is_due_and_status_shows_it(home: Path) -> None:
    once = run_satark(home, "scheduler", "--once")
    assert once.returncode == 0, once.stderr
    ran = {line.split("\t")[0]: line.split("\t")[1] for line in once.stdout.splitlines()}
    assert ran == {"process": "ok", "index-sync": "ok", "digest-delivery": "ok"}  # the backup waits for 02:30 IST
    assert "no crawls scheduled" in once.stderr
    assert run_satark(home, "scheduler", "--once").stdout == ""  # nothing due again yet
    status = run_satark(home, "status")
    assert "scheduled jobs" in status.stdout and "index-sync" in status.stdout and "backup" in status.stdout


@pytest.mark.crawl
def test_a_scheduled_crawl_stores_its_sources_articles(demo_server: DemoServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    config = demo_server.sources_config()
    config["sources"] = [s for s in config["sources"] if s["name"] == "jan-awaaz"]  # one Hindi outlet is enough
    (home / "sources.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    satark = SatarkApp(load_settings(home=home))
    try:
        (crawl,) = [job for job in plan(satark, load_sources(home / "sources.yaml").sources) if job.name.startswith("crawl")]
        scheduler = Scheduler(satark.store, [crawl])
        (result,) = [future.result(timeout=300) for future in scheduler.tick()]
        scheduler.close()
        assert result.outcome == "ok", result.summary
        assert satark.store.articles.count_by_source().get("jan-awaaz", 0) > 5
        run = satark.store.job_runs.get("crawl:jan-awaaz")
        assert run is not None and run.outcome == "ok" and run.next_due is not None
    finally:
        satark.close()


def test_a_subscription_added_while_the_scheduler_runs_is_mailed_at_its_time(satark: SatarkApp, smtp: SmtpServer) -> None:
    clock = Clock(NOW)
    digests_only = lambda: [job for job in plan(satark, ()) if job.name.startswith("digest:")]  # noqa: E731
    scheduler = Scheduler(satark.store, planner=digests_only, clock=clock)
    scheduler.tick()
    send = (NOW + timedelta(hours=1)).astimezone(ZoneInfo("Asia/Kolkata"))
    satark.store.subscriptions.add(name="नई सदस्यता", query="", recipients=["asha@example.in"], send_time=f"{send:%H:%M}")
    clock.advance(minutes=1)
    assert [f.result(timeout=30).name for f in scheduler.tick()] == []  # planned now, due at its send time
    assert "digest:1" in scheduler.jobs
    clock.now = send.replace(second=0).astimezone(UTC) + timedelta(seconds=1)
    assert [f.result(timeout=30).outcome for f in scheduler.tick()] == ["ok"]
    assert len(smtp.to("asha@example.in")) == 1
    scheduler.close()
