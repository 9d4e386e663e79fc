"""How `satark train`, `satark evaluate` and `satark models list` show figures: rich tables and progress bars."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    # Type-only: importing the training modules would import torch and scikit-learn with every command.
    from classifiers.baseline.training import ProgressCallback, ProgressEvent
    from classifiers.demo_check import DemoCorpusCheck
    from classifiers.e5.retrain import RetrainResult
    from classifiers.evaluation import Metrics, TaskEvaluation
    from classifiers.inventory import ModelVersion


def figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def metrics_table(evaluation: TaskEvaluation) -> Table:
    """Overall, per-language and per-data-set figures of one task as a rich table."""
    threshold = ""
    if evaluation.threshold is not None:
        per_language = ", ".join(f"{lang} {value:.3f}" for lang, value in sorted(evaluation.language_thresholds.items()))
        threshold = f", threshold {evaluation.threshold:.3f}" + (f" ({per_language})" if per_language else "")
    table = Table(
        title=f"{evaluation.task} — {evaluation.model}{threshold}", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("scope", no_wrap=True)
    for column in ("n", "acc", "prec", "recall", "F1", "Brier", "ECE"):
        table.add_column(column, justify="right", no_wrap=True)

    def add(scope: str, metrics: Metrics) -> None:
        calibration = metrics.calibration
        table.add_row(
            scope,
            str(metrics.n),
            figure(metrics.accuracy),
            figure(metrics.precision),
            figure(metrics.recall),
            figure(metrics.f1),
            figure(calibration.brier if calibration else None),
            figure(calibration.ece if calibration else None),
        )

    add("all", evaluation.overall)
    for language, metrics in evaluation.by_language.items():
        add(f"lang {language}", metrics)
    for dataset, metrics in evaluation.by_dataset.items():
        add(dataset, metrics)
    return table


def demo_table(check: DemoCorpusCheck) -> Table:
    """The out-of-domain demo-corpus figures per language (reported only, never used for fitting)."""
    evaluation = check.evaluation
    binary = check.flag_rate is not None
    table = Table(
        title=f"{evaluation.task}: {check.articles} demo articles, reported only",
        title_justify="left",
        caption="out-of-domain check; never used to fit or to choose thresholds",
        caption_justify="left",
        min_width=60,  # room for the title on the narrow sentiment table
        box=box.SIMPLE_HEAD,
    )
    table.add_column("language", no_wrap=True)
    columns = ("n", "flag rate", "prec", "recall", "F1") if binary else ("n", "acc", "macro F1")
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True)
    for language, metrics in evaluation.by_language.items():
        cells: tuple[str, ...]
        if binary:
            rate = check.flag_rate_by_language.get(language)
            cells = (figure(rate), figure(metrics.precision), figure(metrics.recall), figure(metrics.f1))
        else:
            cells = (figure(metrics.accuracy), figure(metrics.f1))
        table.add_row(language, str(metrics.n), *cells)
    return table


def confusion_table(evaluation: TaskEvaluation) -> Table:
    overall = evaluation.overall
    table = Table(title="confusion (rows: true, columns: predicted)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("")
    for label in overall.labels:
        table.add_column(label, justify="right")
    for label, row in zip(overall.labels, overall.confusion):
        table.add_row(label, *(str(count) for count in row))
    return table


def _scopes(evaluation: TaskEvaluation) -> dict[str, Metrics]:
    by_language = {f"lang {language}": metrics for language, metrics in evaluation.by_language.items()}
    return {"all": evaluation.overall, **by_language, **evaluation.by_dataset}


def comparison_table(result: RetrainResult) -> Table:
    """Per task, scope by scope: the new version's F1 and accuracy beside the version in use."""
    table = Table(title=f"{result.model_id} against the versions in use", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("task", "scope", "n", "F1", "acc", "in use", "F1 ", "acc "):
        table.add_column(column, justify="left" if column in {"task", "scope", "in use"} else "right", no_wrap=True)
    for task, outcome in result.outcomes.items():
        evaluation, previous, in_use = outcome.evaluation, outcome.previous, outcome.previous_model or "-"
        if evaluation is None:
            table.add_row(task, "no validation data", "0", "-", "-", in_use, "-", "-")
            continue
        old = _scopes(previous) if previous is not None else {}
        for scope, metrics in _scopes(evaluation).items():
            before = old.get(scope)
            table.add_row(
                task, scope, str(metrics.n), figure(metrics.f1), figure(metrics.accuracy), in_use,
                figure(before.f1 if before else None), figure(before.accuracy if before else None),
            )
    return table


def versions_table(title: str, versions: Sequence[ModelVersion]) -> Table:
    """`satark models list`: one row per stored version, * on the active one; fits 80 columns (no box or padding)."""
    languages = sorted({lang for v in versions for lang in v.f1_by_language})
    table = Table(title=title, title_justify="left", box=None, pad_edge=False, header_style="bold underline")
    for column in ("task", "model", "created"):
        table.add_column(column, no_wrap=True)
    for column in ("F1", "acc", *(f"F1 {lang}" for lang in languages)):
        table.add_column(column, no_wrap=True, justify="right")
    for v in versions:
        table.add_row(v.task, v.model + ("*" if v.active else ""), (v.created or "-")[:10], figure(v.f1),
                      figure(v.accuracy), *(figure(v.f1_by_language.get(lang)) for lang in languages))
    return table


@contextmanager
def baseline_progress(console: Console, tasks: Sequence[str]) -> Iterator[ProgressCallback]:
    """One bar per task for `satark train baseline`."""
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[name]}"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bars: dict[str, TaskID] = {task: progress.add_task("waiting", total=1, name=task) for task in tasks}

        def report(event: ProgressEvent) -> None:
            label = event.stage if not event.detail else f"{event.stage}: {event.detail}"
            progress.update(bars[event.task], completed=event.step, total=event.steps, description=label)

        yield report


def flag_news_table(card: Mapping[str, Any], thresholds: Mapping[str, Mapping[str, float]]) -> Table:
    """`satark train article-flags`: per task and language, the operating point and how often it flags held-out news."""
    table = Table(title="held-out real news flagged (AG's News en, BBC Hindi hi)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("task", "language", "operating point", "news items", "false flags"):
        table.add_column(column, justify="left" if column in {"task", "language"} else "right", no_wrap=True)
    for task, by_language in card["news_false_flags"].items():
        for language, row in by_language.items():
            table.add_row(task, language, figure(thresholds[task][language]), str(int(row["items"])), f"{row['rate']:.1%}")
    return table


def flag_recall_table(card: Mapping[str, Any]) -> Table:
    """Recall of each held-out public set at its language's operating point (the cards' full curves hold the rest)."""
    table = Table(title="held-out public sets at the operating point", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("task", "data set", "threshold", "recall", "news false flags"):
        table.add_column(column, justify="left" if column in {"task", "data set"} else "right", no_wrap=True)
    for task, by_dataset in card["recall_curves"].items():
        for dataset, curve in by_dataset.items():
            point = next(row for row in curve if row["operating_point"])
            table.add_row(task, dataset, figure(point["threshold"]), figure(point["recall"]),
                          f"{point['news_false_flags']:.1%}")
    return table


def claim_pairs_table(figures: Mapping[str, Mapping[str, float]], thresholds: Mapping[str, float], split: str) -> Table:
    """Claim matching on the labelled claim pairs of one split, each pairing at its own threshold."""
    table = Table(title=f"claim pairs ({split} split)", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("pairs", "threshold", "n", "precision", "recall"):
        table.add_column(column, justify="left" if column == "pairs" else "right", no_wrap=True)
    for group, row in figures.items():
        threshold = figure(thresholds[group]) if group in thresholds else "per pairing"
        table.add_row(group, threshold, str(int(row["pairs"])), figure(row["precision"]), figure(row["recall"]))
    return table


def rerank_table(card: Mapping[str, Any]) -> Table:
    """`satark train claim-rerank`: per pairing on the TEST claim pairs, the reranker beside the cosine threshold."""
    table = Table(title="claim pairs (test split): reranker against cosine", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("pairs", "rule", "threshold", "n", "precision", "recall", "F1", "adopted"):
        table.add_column(column, justify="left" if column in {"pairs", "rule"} else "right", no_wrap=True)
    for group, row in card["pairings"].items():
        for rule, figures, threshold in (("reranker", row["test_reranker"], row["reranker_threshold"]),
                                         ("cosine", row["test_cosine"], row["cosine_threshold"])):
            adopted = ("yes" if row["adopted"] else "no") if rule == "reranker" else ""
            table.add_row(group, rule, figure(threshold), str(figures["pairs"]), figure(figures["precision"]),
                          figure(figures["recall"]), figure(figures["f1"]), adopted)
    return table
