"""`satark process` and `satark index ...`: turn stored articles into classified, searchable documents."""

from __future__ import annotations

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console, progress_bar
from index.base import SearchIndex
from index.factory import open_index
from pipeline.flow import Processor, ProcessReport, sync_index
from pipeline.indexing import SyncReport, rebuild_index
from pipeline.reextract import reextract


def open_search_index(app: AppContext) -> SearchIndex:
    settings = app.settings()
    if settings.search.backend == "sqlite":
        return open_index("sqlite", path=settings.index_path)
    es = settings.search.elasticsearch
    auth = (es.username, es.password or "") if es.username else None
    return open_index("elasticsearch", url=es.url, api_key=es.api_key, basic_auth=auth,
                      ca_file=str(es.ca_file) if es.ca_file else None, index_prefix=es.index_prefix,
                      timeout_s=es.timeout_s)


def load_classifier(app: AppContext) -> object:
    from classifiers.e5.options import EncoderOptions, Precision, configure
    from classifiers.suite import ClassifierSuite

    settings = app.settings().classify
    configure(
        EncoderOptions(
            device=settings.device,
            precision=Precision(settings.precision),
            threads=settings.threads,
            cache_dir=settings.encoder_cache_dir,  # encoder batches stay at 32, the fastest size on CPU (bench)
        )
    )
    return ClassifierSuite.from_registry(settings.models_dir)


def run_processing(app: AppContext, limit: int | None = None) -> ProcessReport:
    """Process what waits in the store, then bring the search index up to date (the outbox)."""
    store = app.store()
    waiting = store.articles.count(processed=False)
    total = waiting if limit is None else min(limit, waiting)
    processor = Processor(app.settings(), store, load_classifier(app))  # type: ignore[arg-type]
    with progress_bar("processing", total) as advance:
        report = processor.run(limit=limit, progress=advance)
    languages = ", ".join(f"{k}={v}" for k, v in sorted(report.languages.items())) or "-"
    out_console.print(f"processed {report.processed} article(s) (languages: {languages}); "
                      f"{report.duplicates} near-duplicate(s), {report.flagged} flagged as likely misinformation")
    run_sync(app)
    return report


def run_sync(app: AppContext) -> SyncReport:
    store = app.store()
    with progress_bar("indexing", store.outbox.size()) as advance:
        report = sync_index(store, lambda: open_search_index(app), progress=advance)
    if report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) wait in the outbox "
                             f"(`satark index sync` or the next `satark process` applies them): {report.error}")
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
    report = run_sync(app)
    out_console.print(f"indexed {report.written}, deleted {report.deleted}; outbox empty")


@index_group.command("rebuild")
@pass_app
def rebuild_command(app: AppContext) -> None:
    """Fill the index again from every processed article in the store; searches keep working meanwhile."""
    store = app.store()
    with open_search_index(app) as index:
        err_console.print(f"rebuilding the index from {store.articles.count(processed=True)} article(s)...")
        report = rebuild_index(store, index)
    if report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) still waiting: {report.error}")
    out_console.print(f"rebuilt the index with {report.written} document(s)")
