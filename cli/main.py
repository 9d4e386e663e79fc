"""`satark`: crawl, process, search and inspect Hindi and English news. Start with `satark --help`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cli.context import AppContext
from cli.errors import SatarkCliError, is_user_error
from cli.lazy import LazyCommand, LazyGroup

# Every command, loaded only when it runs: `satark --help` and light commands (feed, search, status) must not pay
# for torch, scikit-learn or Scrapy. The short help repeats the command's first docstring line so that the
# listing needs no import (tests/cli/test_startup.py checks that they agree).
COMMANDS: dict[str, LazyCommand] = {
    "sources": LazyCommand("cli.sources:sources_group", "Inspect the configured news sources."),
    "crawl": LazyCommand("cli.crawl:crawl_command",
                         "Crawl feeds, news sitemaps and site sections; store new articles and process them as "
                         "they arrive."),
    "process": LazyCommand("cli.process:process_command", "Detect language, group near-duplicates, classify and "
                           "index the articles waiting in the store."),
    "reextract": LazyCommand("cli.process:reextract_command", "Extract stored articles again from their kept raw "
                             "pages (after an extraction fix or upgrade)."),
    "index": LazyCommand("cli.process:index_group", "Maintain the search index."),
    "search": LazyCommand("cli.search:search_command", "Search stored articles (Hindi and English)."),
    "extract": LazyCommand("cli.inspect:extract_command",
                           "Extract title, main text, author, date and language from saved pages or URLs."),
    "feed": LazyCommand("cli.inspect:feed_command", "List the entries of one RSS or Atom feed."),
    "classify": LazyCommand("cli.inspect:classify_command",
                            'Classify JSON lines from standard input: {"text": ..., "id"?: ..., "title"?: ...}.'),
    "demo": LazyCommand("cli.demo:demo_command", "Serve the bundled Hindi and English demo sites on 127.0.0.1, "
                        "crawl them, process, index and report."),
    "status": LazyCommand("cli.status:status_command", "Articles per source, what waits for processing or "
                          "indexing, and the last crawl's outcomes."),
    "esnode": LazyCommand("cli.esnode:esnode_group", "Run a real single-node Elasticsearch on 127.0.0.1 (built "
                          "from Maven Central; needs Java 21+)."),
    "train": LazyCommand("cli.training:train", "Train classifier models and register them under models/."),
    "evaluate": LazyCommand("cli.training:evaluate_command",
                            "Evaluate a stored model of TASK on labelled files, by language and data set."),
    "review": LazyCommand("cli.review:review_command", "Record a reviewer's decision on ARTICLE_ID (the id or its "
                          "first 8+ characters, as `satark search` shows)."),
    "labels": LazyCommand("cli.review:labels_group", "Training data from review decisions."),
    "claims": LazyCommand("cli.claims:claims_group", "Why articles are flagged: each flag's reason, score, evidence "
                          "sentence and fact-check match."),
    "factchecks": LazyCommand("cli.claims:factchecks_group", "Claims fact-checkers have rated: import a "
                              "fact-checker's export, list what is known."),
    "serve": LazyCommand("cli.desk:serve_command", "Run the monitoring desk (web pages and the JSON API under "
                         "/api/v1) until interrupted."),
    "users": LazyCommand("cli.desk:users_group", "Desk accounts: add, list, disable, enable, change role or "
                         "password."),
    "tokens": LazyCommand("cli.desk:tokens_group", "API tokens for scripts (`Authorization: Bearer <token>`): "
                          "create, list, revoke."),
    "subscriptions": LazyCommand("cli.alerts:subscriptions_group", "Saved searches mailed as a daily digest: add, "
                                 "list, show, pause, resume, remove."),
    "digest": LazyCommand("cli.alerts:digest_group", "Daily alert digests by email."),
    "scheduler": LazyCommand("cli.scheduler:scheduler_command", "Run crawls, processing, index sync, digests and "
                             "the store backup at their times, until stopped."),
    "models": LazyCommand("cli.training:models_group", "Stored classifier versions: list them, choose the one each "
                          "task uses, or step back to the previous one."),
}


class SatarkGroup(LazyGroup):
    """Turns known failures (bad settings, unreachable store or index, ...) into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not is_user_error(exc):
                raise
            raise SatarkCliError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


@click.group(cls=SatarkGroup, lazy_commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Settings file (YAML). Default: $SATARK_CONFIG, else ./satark.yaml if present.")
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data folder for the database, index and crawl state (default ./satark-data, or $SATARK_HOME).")
@click.version_option(package_name="satark")
@click.pass_context
def satark(ctx: click.Context, config_file: Path | None, home: Path | None) -> None:
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
    context = AppContext(config_file=config_file, overrides={"home": home} if home else {})
    ctx.obj = context
    ctx.call_on_close(context.close)


def main() -> None:
    # The data folder holds the accounts, the store and the crawled pages: what satark creates (and the crawls,
    # processing and jobs it starts) is its user's alone, folders 0700 and files 0600.
    os.umask(0o077)
    # Devanagari must survive terminals and pipes that default to another encoding.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    satark(prog_name="satark")
