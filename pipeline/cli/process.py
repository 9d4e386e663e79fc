"""`satark process` and `satark index ...`: turn stored articles into classified, searchable documents."""

from __future__ import annotations

import click

from index.base import SearchIndex
from index.factory import open_index
from pipeline.cli.context import AppContext, pass_app
from pipeline.cli.errors import SatarkCliError
from pipeline.cli.progress import err_console, out_console, progress_bar
from pipeline.flow import Processor, ProcessReport
from pipeline.indexing import drain_outbox
from pipeline.reextract import reextract


def open_search_index(app: AppContext) -> SearchIndex:
    settings = app.settings()
    return open_index(settings.search.backend, path=settings.index_path)


def load_classifier(app: AppContext) -> object:
    from classifiers.suite import ClassifierSuite

    return ClassifierSuite.from_registry(app.settings().classify.models_dir)


def run_processing(app: AppContext, limit: int | None = None) -> ProcessReport:
    store = app.store()
    waiting = store.articles.count(processed=False)
    total = waiting if limit is None else min(limit, waiting)
    with open_search_index(app) as index:
        processor = Processor(app.settings(), store, load_classifier(app), index)  # type: ignore[arg-type]
        with progress_bar("processing", total) as advance:
            report = processor.run(limit=limit, progress=advance)
    languages = ", ".join(f"{k}={v}" for k, v in sorted(report.languages.items())) or "-"
    out_console.print(f"processed {report.processed} article(s) (languages: {languages}); "
                      f"{report.duplicates} near-duplicate(s), {report.flagged} flagged as likely misinformation")
    if report.sync is not None and report.sync.error:
        raise SatarkCliError(f"index unavailable, {report.sync.pending} write(s) wait in the outbox: {report.sync.error}")
    return report


@click.command("process")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Process at most this many articles.")
@pass_app
def process_command(app: AppContext, limit: int | None) -> None:
    """Detect language, group near-duplicates, classify and index the articles waiting in the store."""
    run_processing(app, limit)


@click.command("reextract")
@click.option("--source", default=None, help="Only this source's articles.")
@click.option("--process/--no-process", "then_process", default=True, show_default=True,
              help="Process the articles whose extraction changed.")
@pass_app
def reextract_command(app: AppContext, source: str | None, then_process: bool) -> None:
    """Extract stored articles again from their kept raw pages (after an extraction fix or upgrade)."""
    store = app.store()
    with progress_bar("re-extracting", store.articles.count(source=source)) as advance:
        counts = reextract(store, min_text_chars=app.settings().crawl.min_text_chars, source=source,
                           progress=advance)
    out_console.print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no stored articles")
    if then_process and counts["changed"]:
        run_processing(app)


@click.group("index")
def index_group() -> None:
    """Maintain the search index."""


@index_group.command("sync")
@pass_app
def sync_command(app: AppContext) -> None:
    """Apply index writes waiting in the outbox (after an index outage)."""
    store = app.store()
    with open_search_index(app) as index, progress_bar("indexing", store.outbox.size()) as advance:
        report = drain_outbox(store, index, progress=advance)
    if report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) still waiting: {report.error}")
    out_console.print(f"indexed {report.written}, deleted {report.deleted}; outbox empty")


@index_group.command("rebuild")
@pass_app
def rebuild_command(app: AppContext) -> None:
    """Empty the index and fill it again from every processed article in the store."""
    store = app.store()
    ids = [a.id for a in store.articles.all() if a.processed_at is not None]
    store.outbox.enqueue(ids)
    with open_search_index(app) as index:
        index.clear()
        with progress_bar("indexing", len(ids)) as advance:
            report = drain_outbox(store, index, progress=advance)
    if report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) still waiting: {report.error}")
    err_console.print(f"rebuilt the index with {report.written} document(s)")
