"""`satark sources check`: validate the sources file and report which entry URLs answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from rich.table import Table

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import out_console
from crawlers.fetch import FetchError, fetch_url


@click.group("sources")
def sources_group() -> None:
    """Inspect the configured news sources."""


def _probe(url: str) -> str:
    try:
        document = fetch_url(url, timeout=10.0, max_bytes=5 * 1024 * 1024)
    except FetchError as exc:
        return f"unreachable: {str(exc).removeprefix(url + ': ')}"
    return f"ok (HTTP {document.status}, {len(document.body):,} bytes)"


@sources_group.command("check")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sources file (default: the `sources_file` setting, else <home>/sources.yaml).")
@click.option("--offline", is_flag=True, help="Only validate the file; do not contact the sites.")
@pass_app
def check_command(app: AppContext, sources_file: Path | None, offline: bool) -> None:
    """Validate the sources file and check that every feed, sitemap and start URL answers."""
    config = app.sources(sources_file)
    table = Table(title=f"{len(config.sources)} sources")
    for column in ("source", "lang", "interval", "feeds", "sitemaps", "sections", "tags"):
        table.add_column(column)
    for source in config.sources:
        table.add_row(source.name, source.language or "-", str(source.crawl_interval), str(len(source.feeds)),
                      str(len(source.sitemaps)), str(len(source.sections)), ", ".join(source.tags))
    out_console.print(table)
    if offline:
        return
    urls = [(s.name, u) for s in config.sources for u in s.entry_urls()]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda pair: _probe(pair[1]), urls))
    failures = 0
    for (name, url), result in zip(urls, results, strict=True):
        failures += result.startswith("unreachable")
        style = "red" if result.startswith("unreachable") else "green"
        out_console.print(f"[{style}]{name}[/] {url}: {result}", highlight=False)
    if failures:
        raise SatarkCliError(f"{failures} of {len(urls)} entry URLs unreachable")
