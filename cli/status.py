"""`satark status`: what the data folder holds and what is waiting."""

from __future__ import annotations

import click

from cli.context import AppContext, pass_app
from cli.progress import err_console, out_console


@click.command("status")
@pass_app
def status_command(app: AppContext) -> None:
    """Articles per source, what waits for processing or indexing, and the last crawl's outcomes."""
    from rich.table import Table

    status = app.app().status()
    out_console.print(f"data folder: {status.home}", highlight=False)
    table = Table(title="articles")
    table.add_column("source")
    table.add_column("stored", justify="right")
    table.add_column("last crawled")
    for source in status.sources:
        last = source.last_crawled
        table.add_row(source.name, str(source.stored), last.isoformat(timespec="seconds") if last else "-")
    out_console.print(table)
    out_console.print(f"waiting: {status.to_process} to process, {status.outbox} index "
                      f"write(s) in the outbox, {status.frontier_pending} URL(s) pending in the frontier "
                      f"({status.frontier_failed} given up)")
    index = status.index
    if index is not None and index.documents is None:
        err_console.print(f"satark: the search index cannot be reached: {index.error}", markup=False, highlight=False)
    elif index is not None:
        out_console.print(f"search index: {index.documents:,} document(s) for {index.processed:,} processed article(s)",
                          highlight=False)
        if index.behind:
            err_console.print(f"satark: warning: {index.advice()}", markup=False, highlight=False)
    run = status.last_run
    if run is not None:
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(run.stats.items(), key=lambda kv: -kv[1]))
        out_console.print(f"last crawl (run {run.id}, {run.finish_reason or 'running'}, started "
                          f"{run.started_at.isoformat(timespec='seconds')}): {outcomes or 'nothing fetched'}",
                          highlight=False)
    if status.jobs:
        jobs = Table(title="scheduled jobs (times in UTC)")
        for column in ("job", "last run", "outcome", "took", "next run", "what it did"):
            jobs.add_column(column)
        for job in status.jobs:
            took = (f"{(job.finished_at - job.started_at).total_seconds():.0f} s"
                    if job.finished_at and job.started_at and job.finished_at >= job.started_at else "-")
            jobs.add_row(job.name, f"{job.started_at:%Y-%m-%d %H:%M}" if job.started_at else "never",
                         job.outcome or ("running" if job.started_at else "-"), took,
                         f"{job.next_due:%Y-%m-%d %H:%M}" if job.next_due else "-", job.summary or "")
        out_console.print(jobs)
