"""`satark process`, `satark reextract` and `satark index ...`: turn stored articles into classified, searchable
documents (the work itself is pipeline.app's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console, stage_progress
from cli.reporting import check_synced, process_and_report

if TYPE_CHECKING:
    from pipeline.progress import ProgressUpdate


@click.command("process")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Process at most this many articles.")
@pass_app
def process_command(app: AppContext, limit: int | None) -> None:
    """Detect language, group near-duplicates, classify and index the articles waiting in the store."""
    process_and_report(app.app(), limit)


@click.command("reextract")
@click.option("--source", default=None, help="Only this source's articles.")
@click.option("--process/--no-process", "then_process", default=True, show_default=True,
              help="Process the articles whose extraction changed.")
@pass_app
def reextract_command(app: AppContext, source: str | None, then_process: bool) -> None:
    """Extract stored articles again from their kept raw pages (after an extraction fix or upgrade)."""
    satark = app.app()
    with stage_progress() as progress:
        counts = satark.reextract(source, progress)
    out_console.print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no stored articles")
    if then_process and counts["changed"]:
        process_and_report(satark)


@click.group("index")
def index_group() -> None:
    """Maintain the search index."""


@index_group.command("sync")
@pass_app
def sync_command(app: AppContext) -> None:
    """Apply index writes waiting in the outbox (after an index outage)."""
    with stage_progress() as progress:
        report = app.app().sync(progress)
    check_synced(report)
    out_console.print(f"indexed {report.written}, deleted {report.deleted}; outbox empty")


@index_group.command("rebuild")
@pass_app
def rebuild_command(app: AppContext) -> None:
    """Fill the index again from every processed article in the store; searches keep working meanwhile."""
    def announce(update: ProgressUpdate) -> None:
        if update.done == 0:
            err_console.print(f"rebuilding the index from {update.total} article(s)...")

    report = app.app().rebuild(announce)
    if report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) still waiting: {report.error}")
    out_console.print(f"rebuilt the index with {report.written} document(s)")
