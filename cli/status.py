"""`satark status`: what the data folder holds and what is waiting."""

from __future__ import annotations

import click
from rich.table import Table

from cli.context import AppContext, pass_app
from cli.progress import out_console


@click.command("status")
@pass_app
def status_command(app: AppContext) -> None:
    """Articles per source, what waits for processing or indexing, and the last crawl's outcomes."""
    store = app.store()
    settings = app.settings()
    out_console.print(f"data folder: {settings.home_dir}", highlight=False)
    table = Table(title="articles")
    table.add_column("source")
    table.add_column("stored", justify="right")
    table.add_column("last crawled")
    for source, count in sorted(store.articles.count_by_source().items()):
        last = store.crawl.last_crawled(source)
        table.add_row(source, str(count), last.isoformat(timespec="seconds") if last else "-")
    out_console.print(table)
    frontier = store.crawl.frontier_counts()
    out_console.print(f"waiting: {store.articles.count(processed=False)} to process, {store.outbox.size()} index "
                      f"write(s) in the outbox, {frontier.get('pending', 0)} URL(s) pending in the frontier "
                      f"({frontier.get('failed', 0)} given up)")
    run = store.crawl.last_run()
    if run is not None:
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(run.stats.items(), key=lambda kv: -kv[1]))
        out_console.print(f"last crawl (run {run.id}, {run.finish_reason or 'running'}, started "
                          f"{run.started_at.isoformat(timespec='seconds')}): {outcomes or 'nothing fetched'}",
                          highlight=False)
