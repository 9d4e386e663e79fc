"""`satark train article-flags`: the flag heads, their per-language operating points and the claim-match
thresholds (classifiers/article_flags), with the figures the desk cares about printed at the end."""

from __future__ import annotations

from pathlib import Path

import click

from classifiers.datasets import DEFAULT_DATA_DIR, DatasetError
from cli.errors import SatarkCliError
from cli.model_tables import claim_pairs_table, flag_news_table, flag_recall_table
from cli.progress import err_console, out_console


@click.command(name="article-flags")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR, show_default=True,
              help="Shared data: the public sets (misinfo/) and real news as negatives (news/: AG's News, BBC Hindi).")
@click.option("--budget", type=click.FloatRange(0.001, 0.5), default=0.03, show_default=True,
              help="Share of calibration news each language's operating point may flag.")
@click.option("--no-promote", is_flag=True, help="Store the new version without making it active.")
@click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Model registry folder (default: the repository's models/).")
@click.option("--pairs", "pairs_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Labelled claim pairs for the match thresholds (default: the bundled tests/fixtures/claims set).")
def train_article_flags_command(data_dir: Path, budget: float, no_promote: bool, models_dir: Path | None,
                                pairs_file: Path | None) -> None:
    """Fit the article flag heads on e5 embeddings, set per-language operating points for a false-flag budget on real
    news and validate the claim-match thresholds; the version becomes active only if held-out news stays in budget."""
    from classifiers.article_flags.evaluation import DEFAULT_PAIRS
    from classifiers.article_flags.train import FlagTrainingParams, train_article_flags

    if not data_dir.is_dir():
        raise SatarkCliError(f"data directory not found: {data_dir}")
    try:
        result = train_article_flags(data_dir, models_dir, params=FlagTrainingParams(budget=budget),
                                     pairs_file=pairs_file or DEFAULT_PAIRS, promote_if_fit=not no_promote,
                                     progress=err_console.log)
    except DatasetError as exc:
        raise SatarkCliError(str(exc).splitlines()[0]) from None
    out_console.print(flag_news_table(result.card, result.model.thresholds))
    out_console.print(flag_recall_table(result.card))
    out_console.print(claim_pairs_table(result.card["claim_pairs"]["test"], result.model.match_thresholds, "test"))
    reasons = (["--no-promote"] if no_promote else []) + result.reasons
    state = "promoted" if result.promoted else "stored, not promoted: " + "; ".join(reasons)
    out_console.print(f"article-flags: {result.model.model_id} {state} ({result.folder})", highlight=False)
