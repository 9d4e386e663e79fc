"""Command-line entry points: ``train baseline`` and ``evaluate``.

The lead mounts ``train`` and ``evaluate`` on the ``satark`` group; ``python -m classifiers.cli``
runs them stand-alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from classifiers.datasets import DEFAULT_DATA_DIR, DatasetError, load_examples
from classifiers.demo_check import DemoCorpusCheck
from classifiers.evaluation import Metrics, TaskEvaluation, evaluate
from classifiers.registry import RegistryError, load_active, load_model
from classifiers.task_views import task_view
from classifiers.train_cli import TRAIN_TASKS, make_train_command
from classifiers.training import (
    BASELINE_TASKS,
    MissingDataError,
    ProgressCallback,
    ProgressEvent,
    check_data,
    train_baseline,
)
from core.tasks import TASKS


def _fmt(value: float | None) -> str:
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
            _fmt(metrics.accuracy),
            _fmt(metrics.precision),
            _fmt(metrics.recall),
            _fmt(metrics.f1),
            _fmt(calibration.brier if calibration else None),
            _fmt(calibration.ece if calibration else None),
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
        if binary:
            rate = check.flag_rate_by_language.get(language)
            cells = (_fmt(rate), _fmt(metrics.precision), _fmt(metrics.recall), _fmt(metrics.f1))
        else:
            cells = (_fmt(metrics.accuracy), _fmt(metrics.f1))
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


@contextmanager
def _progress_display(console: Console, tasks: Sequence[str]) -> Iterator[ProgressCallback]:
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[name]}"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bars: dict[str, TaskID] = {
            task: progress.add_task("waiting", total=1, name=task) for task in tasks
        }

        def report(event: ProgressEvent) -> None:
            bar = bars[event.task]
            label = event.stage if not event.detail else f"{event.stage}: {event.detail}"
            progress.update(bar, completed=event.step, total=event.steps, description=label)

        yield report


@click.group(name="train", help="Train classifier models and register them under models/.")
def train() -> None:
    """Group for training commands."""


for _task in TRAIN_TASKS:
    train.add_command(make_train_command(_task))


@train.command(name="baseline")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_DATA_DIR,
    show_default=True,
    help="Folder with the shared labelled data (misinfo/, sentiment/, news/).",
)
@click.option(
    "--models-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Model registry folder (default: the repository's models/).",
)
@click.option(
    "--task",
    "tasks",
    type=click.Choice(BASELINE_TASKS),
    multiple=True,
    help="Task to train; repeat for several (default: all).",
)
@click.option("--no-promote", is_flag=True, help="Store the new versions without making them active.")
def train_baseline_command(data_dir: Path, models_dir: Path | None, tasks: tuple[str, ...], no_promote: bool) -> None:
    """Train the TF-IDF + logistic-regression baselines, evaluate, store and promote them."""
    console = Console()
    selected = tasks or BASELINE_TASKS
    try:
        check_data(data_dir, selected)  # before the progress display, so the error stands alone
        with _progress_display(console, selected) as report:
            results = train_baseline(
                data_dir, models_dir, tasks=selected, progress=report, promote_models=not no_promote
            )
    except (MissingDataError, DatasetError) as exc:
        raise click.ClickException(str(exc)) from None
    for result in results:
        console.print(metrics_table(result.evaluation))
        if result.card.demo_corpus is not None:
            console.print(demo_table(result.card.demo_corpus))
        state = "promoted" if result.promoted else "stored (not promoted)"
        console.print(f"{result.task}: {result.model_id} {state} in {result.directory}")


@click.command(name="evaluate")
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.option(
    "--data",
    "data_files",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    required=True,
    help="Labelled file in any supported format; repeat for several.",
)
@click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None)
@click.option("--model", "model_id", default=None, help="NAME/VERSION to evaluate (default: the active model).")
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the full report (with reliability bins) as JSON.",
)
def evaluate_command(
    task: str, data_files: tuple[Path, ...], models_dir: Path | None, model_id: str | None, json_out: Path | None
) -> None:
    """Evaluate a stored model of TASK on labelled files, by language and data set."""
    console = Console()
    try:
        classifier = load_model(task, model_id, models_dir) if model_id else load_active(task, models_dir)
        examples = [example for path in data_files for example in load_examples(path)]
    except (RegistryError, DatasetError) as exc:
        raise click.ClickException(str(exc)) from None
    view = task_view(task, examples)
    if not view.examples:
        raise click.ClickException(f"none of the {len(examples)} examples has a {task!r} label")
    report = evaluate(classifier, view)
    console.print(metrics_table(report))
    console.print(confusion_table(report))
    if report.dropped:
        console.print(f"{report.dropped} examples without a {task!r} label were skipped")
    if json_out:
        json_out.write_text(json.dumps(report.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")


@click.group()
def main() -> None:
    """Stand-alone entry point until the commands are mounted on ``satark``."""


main.add_command(train)
main.add_command(evaluate_command)


if __name__ == "__main__":
    main()
