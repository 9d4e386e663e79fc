"""`satark sources check`: validate the sources file and report which entry URLs answer.

Sized for a file of 100,000 sources: a table per source only for small files (a summary otherwise), the checks run
concurrently behind a progress bar, only the failures are listed when there are many, and `--limit` checks a part."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.table import Table

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console, stage_progress
from core.sources import Source, SourcesConfig
from crawlers.fetch import FetchError, fetch_url
from crawlers.policy import FetchRefused, SourcePolicy, resolve_addresses
from pipeline.progress import ProgressUpdate

_TABLE_ROWS = 100  # beyond this many sources (or URLs) a listing helps nobody: a summary, and the failures only


@click.group("sources")
def sources_group() -> None:
    """Inspect the configured news sources."""


def _probe(policy: SourcePolicy, url: str) -> tuple[bool, str]:
    """(answered, what happened), the fetch policy included: a URL the crawl would refuse is not fetched here."""
    host = urlsplit(url).hostname or ""
    try:
        policy.check_addresses(host, resolve_addresses(host))
        document = fetch_url(url, timeout=10.0, max_bytes=5 * 1024 * 1024, deadline_s=30.0)
    except FetchRefused as exc:
        return False, f"refused by the fetch policy: {exc}"
    except FetchError as exc:
        return False, f"unreachable: {str(exc).removeprefix(url + ': ')}"
    return True, f"ok (HTTP {document.status}, {len(document.body):,} bytes)"


def _describe(sources: tuple[Source, ...]) -> Table:
    if len(sources) <= _TABLE_ROWS:
        table = Table(title=f"{len(sources)} sources")
        for column in ("source", "lang", "interval", "feeds", "sitemaps", "sections", "tags"):
            table.add_column(column)
        for source in sources:
            table.add_row(source.name, source.language or "-", str(source.crawl_interval), str(len(source.feeds)),
                          str(len(source.sitemaps)), str(len(source.sections)), ", ".join(source.tags))
        return table
    languages = Counter(s.language or "-" for s in sources)
    tags = Counter(t for s in sources for t in s.tags)
    table = Table(title=f"{len(sources):,} sources", show_header=False)
    table.add_column("")
    table.add_column("")
    table.add_row("languages", ", ".join(f"{k} {v:,}" for k, v in languages.most_common()))
    table.add_row("feeds / sitemaps / sections", f"{sum(len(s.feeds) for s in sources):,} / "
                  f"{sum(len(s.sitemaps) for s in sources):,} / {sum(len(s.sections) for s in sources):,}")
    table.add_row("most common tags", ", ".join(f"{k} {v:,}" for k, v in tags.most_common(10)) or "-")
    table.add_row("fact-checkers", f"{sum(s.fact_checker for s in sources):,}")
    return table


def _entries(config: SourcesConfig, limit: int | None) -> Iterator[tuple[Source, str]]:
    for source in config.sources[:limit]:
        for url in source.entry_urls():
            yield source, url


@sources_group.command("check")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sources file (default: the `sources_file` setting, else <home>/sources.yaml).")
@click.option("--offline", is_flag=True, help="Only validate the file; do not contact the sites.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Check only the first N sources' URLs.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=16, show_default=True,
              help="URLs checked at once.")
@pass_app
def check_command(app: AppContext, sources_file: Path | None, offline: bool, limit: int | None,
                  concurrency: int) -> None:
    """Validate the sources file and check that every feed, sitemap and start URL answers (and that the fetch
    policy allows it). With many sources, a summary and the failures are shown instead of every row."""
    config = app.sources(sources_file)
    out_console.print(_describe(config.sources))
    if offline:
        return
    urls = list(_entries(config, limit))
    policies = {s.name: SourcePolicy.of(s) for s in config.sources[:limit]}
    failures = 0
    with stage_progress() as show, ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = pool.map(lambda pair: _probe(policies[pair[0].name], pair[1]), urls)
        for done, ((source, url), (answered, result)) in enumerate(zip(urls, results, strict=True), start=1):
            show(ProgressUpdate("checking entry URLs", done, len(urls)))
            failures += not answered
            if not answered or len(urls) <= _TABLE_ROWS:
                style = "green" if answered else "red"
                out_console.print(f"[{style}]{source.name}[/] {url}: {result}", highlight=False)
    checked = f"{len(urls):,} entry URLs of the first {limit:,} sources" if limit else f"{len(urls):,} entry URLs"
    if failures:
        raise SatarkCliError(f"{failures:,} of {checked} unreachable or refused")
    err_console.print(f"all {checked} answered")
