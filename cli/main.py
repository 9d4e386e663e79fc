"""`satark`: crawl, process, search and inspect Hindi and English news. Start with `satark --help`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.context import AppContext
from cli.errors import USER_ERRORS, SatarkCliError


class SatarkGroup(click.Group):
    """Turns known failures (bad settings, unreachable store or index, ...) into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as exc:
            raise SatarkCliError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


@click.group(cls=SatarkGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Settings file (YAML). Default: $SATARK_CONFIG, else ./satark.yaml if present.")
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data folder for the database, index and crawl state (default ./satark-data, or $SATARK_HOME).")
@click.version_option(package_name="satark")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, home: Path | None) -> None:
    """Satark (सतर्क): media and fake-news monitoring for Hindi and English news.

    \b
    Typical flow:
      satark sources check        validate the sources file and check reachability
      satark crawl                fetch new articles from every source
      satark process              language, near-duplicates, classification, indexing
      satark search "चुनाव आयोग"   search what was stored
      satark status               what is stored and what is waiting
      satark demo                 all of the above on the bundled demo sites
    """
    ctx.obj = AppContext(config_file=config_file, overrides={"home": home} if home else {})


def register() -> None:
    from classifiers.cli import evaluate_command, train
    from cli import (
        crawl,
        demo,
        esnode,
        inspect,
        models,
        process,
        review,
        search,
        sources,
        status,
    )

    cli.add_command(sources.sources_group)
    cli.add_command(crawl.crawl_command)
    cli.add_command(process.process_command)
    cli.add_command(process.reextract_command)
    cli.add_command(process.index_group)
    cli.add_command(search.search_command)
    cli.add_command(inspect.extract_command)
    cli.add_command(inspect.feed_command)
    cli.add_command(inspect.classify_command)
    cli.add_command(demo.demo_command)
    cli.add_command(status.status_command)
    cli.add_command(esnode.esnode_group)
    cli.add_command(train)
    cli.add_command(evaluate_command)
    cli.add_command(review.review_command)
    cli.add_command(review.labels_group)
    cli.add_command(models.models_group)


register()


def main() -> None:
    # Devanagari must survive terminals and pipes that default to another encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    cli(prog_name="satark")
