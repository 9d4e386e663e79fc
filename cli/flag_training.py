"""`satark train article-flags`: the flag heads, their per-language operating points and the claim-match
thresholds (classifiers/article_flags); `satark train claim-rerank`: the cross-encoder that confirms matches
(classifiers/claim_rerank). Each prints the figures the desk cares about at the end."""

from __future__ import annotations

from pathlib import Path

import click

from classifiers.datasets import DEFAULT_DATA_DIR, DatasetError
from cli.errors import SatarkCliError
from cli.model_tables import claim_pairs_table, flag_news_table, flag_recall_table, rerank_table
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


@click.command(name="claim-rerank")
@click.option("--fit", "fit_files", type=click.Path(path_type=Path, dir_okay=False, exists=True), multiple=True,
              help="Written claim pairs to fit on (repeatable; default: the bundled tests/fixtures/claims/rerank_pairs.csv).")
@click.option("--pairs", "pairs_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Labelled claim pairs with tune/test halves for operating points and figures (default: the bundled set).")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR, show_default=True,
              help="Shared data whose real news (news/: AG's News, BBC Hindi) raises the thresholds; skipped if absent.")
@click.option("--epochs", type=click.IntRange(1, 50), default=6, show_default=True)
@click.option("--no-promote", is_flag=True, help="Store the new version without making it active.")
@click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Model registry folder (default: the repository's models/).")
def train_claim_rerank_command(fit_files: tuple[Path, ...], pairs_file: Path | None, data_dir: Path, epochs: int,
                               no_promote: bool, models_dir: Path | None) -> None:
    """Fit the claim reranker (a cross-encoder that confirms known-claim matches); it becomes active where it
    beats the cosine thresholds on the TEST claim pairs."""
    from classifiers.article_flags.evaluation import DEFAULT_PAIRS, read_pairs
    from classifiers.claim_rerank.train import DEFAULT_FIT_PAIRS, RerankTrainingParams, read_written_pairs, train_claim_reranker

    files = fit_files or (DEFAULT_FIT_PAIRS,)
    try:
        fit = [pair for path in files for pair in read_written_pairs(path)]
        evaluation = read_pairs(pairs_file or DEFAULT_PAIRS)
    except (KeyError, ValueError) as exc:
        raise SatarkCliError(f"claim pairs file is missing a column or malformed: {exc}") from None
    if not fit:
        raise SatarkCliError("no pairs to fit on")
    result = train_claim_reranker(fit, evaluation, models_dir, news=_news_sentences(data_dir),
                                  params=RerankTrainingParams(epochs=epochs), sources=[path.name for path in files],
                                  promote_if_fit=not no_promote, progress=err_console.log)
    out_console.print(rerank_table(result.card))
    state = "promoted" if result.promoted else "stored, not promoted" + (" (--no-promote)" if no_promote else
                                                                        ": it beats cosine in no pairing")
    out_console.print(f"claim-rerank: {result.config.model_id} {state} ({result.folder})", highlight=False)


NEWS_SENTENCES = 1500  # per language


def _news_sentences(data_dir: Path) -> list[tuple[str, str]]:
    """Headlines and lead sentences of the real news in ``data_dir`` (AG's News, BBC Hindi), per language."""
    from classifiers.article_flags.data import load_flag_examples

    try:
        examples = load_flag_examples(data_dir)
    except DatasetError as exc:
        err_console.print(f"no real news to raise the thresholds with ({str(exc).splitlines()[0]})")
        return []
    out: list[tuple[str, str]] = []
    for language in ("en", "hi"):
        lines = [line for e in examples if e.is_news and e.language == language for line in e.text.split("\n") if line.strip()]
        out.extend((line, language) for line in lines[:NEWS_SENTENCES])
    return out
