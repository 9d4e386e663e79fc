"""`satark crawl`: fetch new articles from the configured sources (then process them)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console
from cli.reporting import crawl_and_process


@click.command("crawl")
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sources file (default: the `sources_file` setting, else <home>/sources.yaml).")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.option("--refresh", is_flag=True, default=None, help="Fetch articles again even if already stored.")
@click.option("--due", is_flag=True, help="Only sources whose crawl interval has passed since their last crawl.")
@click.option("--process/--no-process", "then_process", default=True, show_default=True,
              help="Process (language, dedupe, classify, index) what was stored.")
@pass_app
def crawl_command(app: AppContext, sources_file: Path | None, names: tuple[str, ...], refresh: bool | None,
                  due: bool, then_process: bool) -> None:
    """Crawl feeds, news sitemaps and site sections; store new articles and process them as they arrive.

    Interrupt with Ctrl-C at any time: discovered URLs wait in the frontier and the next crawl resumes them."""
    app.settings(crawl={"refresh": refresh})
    satark = app.app()
    sources = app.sources(sources_file).select(names)
    if due:
        sources = satark.due_sources(sources)
        if not sources:
            err_console.print("no source is due yet")
            return
    err_console.print(f"crawling {len(sources)} source(s): {', '.join(s.name for s in sources)}")
    report = crawl_and_process(satark, sources, process=then_process)
    if report.interrupted:
        raise SatarkCliError(f"crawl interrupted ({', '.join(report.finish_reasons.values())}); run it again to resume")
