"""`satark demo`: the whole pipeline on the bundled demo news sites, served on loopback."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console
from cli.reporting import crawl_and_process, kind_line, why_line

if TYPE_CHECKING:
    from index.documents import SearchQuery
    from pipeline.app import SatarkApp

# Loopback sites answer in milliseconds: no start delay, and short timeouts so the deliberately slow page
# costs seconds rather than minutes.
DEMO_CRAWL = {"autothrottle_start_delay": 0.0, "download_timeout": 2.0, "retry_times": 1,
              "retry_backoff_base": 0.1, "concurrent_per_domain": 8}


@click.command("demo")
@click.option("--port-base", type=click.IntRange(1024, 65000), default=8701, show_default=True,
              help="First port of the demo sites (one port per outlet, consecutive).")
@click.option("--serve", is_flag=True, help="Keep serving the demo sites after the run (Ctrl-C to stop).")
@pass_app
def demo_command(app: AppContext, port_base: int, serve: bool) -> None:
    """Serve the bundled Hindi and English demo sites on 127.0.0.1, crawl them, process, index and report.

    Running it again is cheap: unchanged feeds answer 304 and stored articles are not fetched again."""
    from demosites.server import DemoServer

    settings = app.settings(crawl=DEMO_CRAWL)
    satark = app.app()
    sources_path = settings.home_dir / "demo-sources.yaml"
    server = DemoServer(port_base=port_base, slow_seconds=4.0)
    try:
        server.start()
    except OSError as exc:
        raise SatarkCliError(f"cannot serve the demo sites from port {port_base}: {exc.strerror or exc}; "
                             f"try --port-base with free ports") from exc
    with server:
        settings.home_dir.mkdir(parents=True, exist_ok=True)
        server.write_sources(sources_path)
        sources = app.sources(sources_path).sources
        err_console.print(f"demo sites: {', '.join(server.base_url(s.name) for s in sources)}")
        report = crawl_and_process(satark, sources)
        if report.interrupted:
            raise SatarkCliError("demo crawl interrupted; run `satark demo` again to resume")
        summarise(satark)
        if serve:
            err_console.print("serving the demo sites; Ctrl-C to stop")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                err_console.print("stopped")


def _print_hits(satark: SatarkApp, heading: str, query: SearchQuery) -> None:
    result = satark.search(query)
    out_console.print(f"\n[bold]{result.total} {heading}[/]" + (" (strongest first):" if result.total else ""))
    for hit in result.hits:
        score = f"{hit.misinfo_score:.2f}" if hit.misinfo_score is not None else "  - "
        out_console.print(f"  {score}  {escape(f'[{hit.language}]')} {escape(hit.title)}  [dim]({hit.source})[/]",
                          highlight=False)
        out_console.print(f"        {why_line(hit)}", highlight=False)


def summarise(satark: SatarkApp) -> None:
    from rich.table import Table

    from index.documents import SearchQuery

    everything = satark.search(SearchQuery(per_page=1))
    facets = {name: {c.value: c.count for c in counts} for name, counts in everything.facets.items()}
    table = Table(title=f"{everything.total} articles indexed")
    table.add_column("facet")
    table.add_column("counts")
    for name in ("language", "source", "kind", "sentiment", "flagged", "flag_reason"):
        table.add_row(name, ", ".join(f"{k}: {v}" for k, v in sorted(facets.get(name, {}).items())))
    out_console.print(table)
    _print_hits(satark, "flagged as likely misinformation", SearchQuery(flagged=True, sort="score", per_page=20))
    _print_hits(satark, "marked hostile", SearchQuery(hostile=True, sort="score", per_page=10))
    checks = satark.search(SearchQuery(kinds=("factcheck",), sort="newest", per_page=10))
    out_console.print(f"\n[bold]{checks.total} fact-checks[/] (sources of known claims, never flagged):")
    for hit in checks.hits:
        out_console.print(f"  {escape(f'[{hit.language}]')} {escape(hit.title)}  [dim]({hit.source})[/]", highlight=False)
        out_console.print(f"        {kind_line(hit)}", highlight=False)
    home = satark.settings.home_dir
    out_console.print(
        "\n[bold]Search it[/]:\n"
        f"  .venv/bin/satark --home {home} search \"चुनाव आयोग\"\n"
        f"  .venv/bin/satark --home {home} search election --lang en --flagged --sort score\n"
        f"  .venv/bin/satark --home {home} search \"\" --json --per-page 5", highlight=False)
