"""`satark scheduler`: run crawls, processing, index sync, digests and backups at their times until stopped."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

import click

from cli.context import AppContext, pass_app
from cli.progress import err_console
from core.sources import Source, SourcesError


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Run what is due now, wait for it, and exit (for cron or a check).")
@pass_app
def scheduler_command(app: AppContext, once: bool) -> None:
    """Run crawls, processing, index sync, digests and the store backup at their times, until stopped.

    \b
    Crawls follow each source's crawl_interval; digests each subscription's send time (Asia/Kolkata); the rest
    follow the scheduler.* settings. What ran, how long it took and what failed is logged and shown by
    `satark status`. Two schedulers on one store never run the same job at once.
    """
    from scheduler.jobs import Job, plan
    from scheduler.runner import Scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    satark = app.app()
    settings = satark.settings.scheduler
    known: dict[str, tuple[Source, ...]] = {"sources": ()}
    told: set[str] = set()

    def planner() -> list[Job]:
        # Read again at every tick: new subscriptions and sources need no restart; a sources file broken meanwhile
        # keeps the crawls last read from it (said once per problem, not every tick).
        try:
            known["sources"] = tuple(app.sources().sources)
            told.clear()
        except SourcesError as exc:
            if str(exc) not in told:
                told.add(str(exc))
                what = "keeping the crawls last read" if known["sources"] else "no crawls scheduled"
                err_console.print(f"satark: {what}: {exc}", markup=False, highlight=False)
        return plan(satark, known["sources"], app.config_file)

    scheduler = Scheduler(satark.store, planner=planner, workers=settings.workers)
    jobs = scheduler.jobs
    if once:
        results = [future.result() for future in scheduler.tick()]
        scheduler.close()
        for result in results:
            click.echo(f"{result.name}\t{result.outcome}\t{result.seconds:.1f} s\t{result.summary}")
        if any(result.outcome == "failed" for result in results):
            raise SystemExit(1)
        return
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        err_console.print("satark: stopping the scheduler after the running jobs finish")
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    err_console.print(f"satark: scheduler running {len(jobs)} job(s) (Ctrl+C stops it)")
    scheduler.run_forever(stop, poll_s=settings.poll_seconds)
