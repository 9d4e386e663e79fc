"""How commands show the pipeline's typed reports, shared by the commands that run the same stages.

Commands import this module, never each other: `crawl` and `demo` both process after crawling, `review` and
`index sync` both report an index that did not answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from cli.errors import SatarkCliError
from cli.progress import crawl_progress, out_console, stage_progress
from index.documents import FACTCHECK, NEWS

if TYPE_CHECKING:
    from collections.abc import Collection

    from core.sources import Source
    from crawlers.runner import CrawlReport
    from index.documents import SearchHit
    from pipeline.alongside import ProcessAlongside
    from pipeline.app import SatarkApp
    from pipeline.flow import ProcessReport
    from pipeline.indexing import SyncReport


def check_synced(report: SyncReport | None) -> None:
    """An index outage is a failure of the command, though every write waits safely in the outbox."""
    if report is not None and report.error:
        raise SatarkCliError(f"index unavailable, {report.pending} write(s) wait in the outbox "
                             f"(`satark index sync` or the next `satark process` applies them): {report.error}")


def process_and_report(app: SatarkApp, limit: int | None = None) -> ProcessReport:
    """Process what waits in the store, say what was found, then bring the search index up to date."""
    with stage_progress() as progress:
        report = app.process(limit, progress)
    print_process_report(report)
    return report


def crawl_and_process(app: SatarkApp, sources: Collection[Source], *, process: bool = True) -> CrawlReport:
    """Crawl `sources` with a live line per spider. With `process`, a worker process processes what the crawl
    stores as it arrives (pipeline.alongside) and drains the rest afterwards; then the index is synced and the
    findings are reported. An interrupted crawl stops the worker after its batch in hand: the rest waits."""
    if not process:
        with crawl_progress() as listener:
            report = app.crawl(sources, listener)
        print_crawl_report(report)
        return report
    from pipeline.alongside import ProcessAlongside

    app.store  # noqa: B018 - the store's migrations run here, before a second process opens it
    with ProcessAlongside(app.settings) as worker:
        with crawl_progress() as listener:
            report = app.crawl(sources, listener)
        print_crawl_report(report)
        if report.interrupted:
            worker.stop()
        else:
            worker.finish()
        finish_alongside(app, worker)
    return report


def finish_alongside(app: SatarkApp, worker: ProcessAlongside) -> ProcessReport:
    """Wait for the worker that processed beside a crawl to drain the store (a bar over what was still
    waiting), bring the search index up to date, and say what was found."""
    from pipeline.progress import PROCESSING, ProgressUpdate

    with stage_progress() as progress:
        total = worker.done + app.store.articles.count(processed=False)
        while not worker.wait(0.25):
            progress(ProgressUpdate(PROCESSING, worker.done, max(total, worker.done)))
        report = worker.report()
        progress(ProgressUpdate(PROCESSING, report.processed, max(total, report.processed)))
        report.index = app.sync(progress)
    print_process_report(report)
    return report


def print_process_report(report: ProcessReport) -> None:
    languages = ", ".join(f"{k}={v}" for k, v in sorted(report.languages.items())) or "-"
    reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(report.reasons.items()))
    out_console.print(f"processed {report.processed} article(s) (languages: {languages}); "
                      f"{report.duplicates} near-duplicate(s), {report.factchecks} fact-check(s), "
                      f"{report.flagged} flagged as likely misinformation" + (f" ({reasons})" if reasons else "")
                      + f", {report.hostile} marked hostile")
    if report.rematched:
        out_console.print(f"{report.rematched} earlier article(s) now match a claim a new fact-check reviews")
    check_synced(report.index)


def print_crawl_report(report: CrawlReport) -> None:
    from rich.table import Table

    table = Table(title=f"crawl run {report.run_id}: {report.requests} requests in {report.seconds:.1f}s")
    table.add_column("outcome")
    table.add_column("count", justify="right")
    for reason, count in sorted(report.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(reason, str(count))
    out_console.print(table)
    if report.spider_errors:
        raise SatarkCliError(f"{report.spider_errors} page(s) could not be handled because of an internal error "
                             f"(see the log above); their URLs stay pending for the next crawl")


def kind_line(hit: SearchHit) -> str | None:
    """Rich markup: a fact-check's claim and verdict, "[opinion]" for opinion; nothing for news."""
    if hit.kind == NEWS:
        return None
    if hit.kind != FACTCHECK:
        return f"[cyan]{escape(f'[{hit.kind}]')}[/]"
    claim = f" {escape(hit.claim)}" if hit.claim else ""
    verdict = f" — [bold]{escape(hit.verdict)}[/]" if hit.verdict else ""
    return f"[cyan]{escape('[fact-check]')}[/]{claim}{verdict}"


def why_line(hit: SearchHit) -> str | None:
    """Rich markup: why a hit is flagged (or marked hostile), the sentence behind it and the claim it repeats."""
    reasons = hit.flag_reasons or (("hostile",) if hit.hostile and hit.evidence else ())
    if not reasons:
        return None
    evidence = f" — “{escape(hit.evidence)}”" if hit.evidence else ""
    repeats = f" — repeats “{escape(hit.claim)}”" if hit.claim and hit.kind != FACTCHECK else ""
    rated = f", rated {escape(hit.verdict)}" if repeats and hit.verdict else ""
    match = f" [dim](fact-check: {escape(hit.match_url)})[/]" if hit.match_url else ""
    return f"[red]why: {', '.join(reasons)}[/]{evidence}{repeats}{rated}{match}"
