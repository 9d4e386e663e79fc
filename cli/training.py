"""`satark train`, `satark evaluate` and `satark models`: build a request, hand it to the classifiers package, show
the outcome.

`satark train TASK` fine-tunes a new multi-task transformer version (every task is trained and reported; TASK
names the task whose new data prompted the run), `satark train baseline` the TF-IDF baselines. Both release
under one rule (classifiers.release): the new version becomes active only if no task gets worse than the
version in use, unless `--promote always`; `satark train article-flags` (flag heads over e5 embeddings) only if
held-out real news stays within its false-flag budget. torch and scikit-learn are imported only when a command runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from classifiers import registry
from classifiers.catalogue import PUBLIC_VALIDATION, STANDARD_FILES
from classifiers.datasets import DEFAULT_DATA_DIR, DataFormat, DatasetError
from cli.context import AppContext, pass_app
from cli.flag_training import train_article_flags_command, train_claim_rerank_command
from cli.model_tables import (
    baseline_progress,
    comparison_table,
    confusion_table,
    demo_table,
    metrics_table,
    versions_table,
)
from cli.progress import out_console
from core.tasks import TASKS

if TYPE_CHECKING:
    from classifiers.e5.request import RetrainRequest, Stage
    from classifiers.e5.retrain import RetrainResult
    from classifiers.e5.trainer import StepReport

TRAIN_TASKS = (*TASKS, "all")
BASELINE_TASKS = tuple(STANDARD_FILES)  # the tasks the baseline has a recipe for
POLICIES = ("if-not-worse", "always", "never")  # classifiers.release.PromotePolicy, named without scikit-learn
MODELS_DIR_OPTION = click.option(
    "--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Model registry folder (default: the classify.models_dir setting, else the repository's models/).",
)


@click.group(name="train", help="Train classifier models and register them under models/.")
def train() -> None:
    """Group for training commands."""


def make_train_command(task: str) -> click.Command:
    what = "every task" if task == "all" else f"new {task} labels"
    path = click.Path(path_type=Path, dir_okay=False, exists=True)

    @click.command(name=task, help=f"Fine-tune a new transformer version ({what}; all tasks are trained and reported).")
    @click.option("--data", "data_files", type=path, multiple=True,
                  help="Labelled file in any supported format (e.g. from `satark labels export`); repeat for several.")
    @click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR, show_default=True,
                  help="Public labelled sets (misinfo/, sentiment/, news/) mixed into training and used for validation.")
    @click.option("--no-public", is_flag=True,
                  help="Train on the --data files alone (validation still uses --valid or the data dir).")
    @click.option("--valid", "validation_files", type=path, multiple=True,
                  help="Validation file(s) (default: the public validation sets in --data-dir).")
    @click.option("--epochs", type=click.IntRange(1, 50), default=3, show_default=True)
    @click.option("--max-length", type=click.IntRange(16, 512), default=128, show_default=True, help="Tokens per text.")
    @click.option("--batch-size", type=click.IntRange(1, 1024), default=32, show_default=True)
    @click.option("--tuned-layers", type=click.IntRange(1, 12), default=4, show_default=True,
                  help="Top encoder layers that get the LoRA adapter (the rest stay frozen and are computed once).")
    @click.option("--learning-rate", type=click.FloatRange(1e-6, 1.0), default=None,
                  help="Adapter learning rate (default: the trainer's, set for the 4-layer adapter on a CPU).")
    @click.option("--cap", "caps", multiple=True, metavar="DATASET=N", callback=parse_caps,
                  help="Use at most N examples of a data set, 0 for all of it (by default SST-2's 67k phrases are capped).")
    @click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
    @click.option("--promote", "policy", type=click.Choice(POLICIES), default="if-not-worse", show_default=True,
                  help="Make the new version active: only if no task's validation F1 drops, always, or never.")
    @click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                  help="Model registry folder (default: the repository's models/).")
    @click.option("--seed", type=int, default=20261129, show_default=True)
    @click.option("--reuse-weights", "reuse", default=None, metavar="e5-mt/VERSION|FOLDER",
                  help="No fine-tuning: keep the adapter, heads and calibration of that version (or of a folder "
                       "trained from an --offload pack); fit probe heads (claim-rating) and any head it lacks.")
    @click.option("--recalibrate", is_flag=True,
                  help="With --reuse-weights: refit the reused heads' calibration and thresholds as well.")
    @click.option("--offload", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
                  help="Do not train here: write a training pack (token ids + the encoder weights they need) to DIR "
                       "for `python -m classifiers.e5.offload train DIR OUT` on a GPU host.")
    def command(**options: object) -> None:
        args = TrainArgs(task=task, **options)  # type: ignore[arg-type]
        if args.recalibrate and args.reuse is None:
            raise click.UsageError("--recalibrate needs --reuse-weights")
        if args.offload is not None and args.reuse is not None:
            raise click.UsageError("--offload writes a pack to train elsewhere; it does not take --reuse-weights")
        run_retrain(args)

    return command


def parse_caps(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, int]:
    """``DATASET=N`` pairs; N = 0 lifts a default cap (a big machine can afford all 67k SST-2 phrases)."""
    caps: dict[str, int] = {}
    known = {fmt.value for fmt in DataFormat}
    for value in values:
        name, _, number = value.partition("=")
        if name not in known or not number.isdigit():
            raise click.BadParameter(f"{value!r}: expected DATASET=N with DATASET one of {', '.join(sorted(known))}")
        caps[name] = int(number)
    return caps


@dataclass(frozen=True)
class TrainArgs:
    """The options of `satark train TASK` as given on the command line."""

    task: str
    data_files: tuple[Path, ...]
    data_dir: Path
    no_public: bool
    validation_files: tuple[Path, ...]
    epochs: int
    max_length: int
    batch_size: int
    tuned_layers: int
    learning_rate: float | None
    caps: dict[str, int]
    device: str
    policy: str
    models_dir: Path | None
    seed: int
    reuse: str | None
    recalibrate: bool
    offload: Path | None

    def reuse_folder(self) -> Path | None:
        from classifiers.e5.bundle import bundle_dir

        if self.reuse is None or Path(self.reuse).is_dir():
            return Path(self.reuse) if self.reuse else None  # a folder: weights trained elsewhere from a pack
        try:
            name, version = registry.split_model_id(self.reuse)
        except registry.RegistryError as exc:
            raise click.ClickException(str(exc)) from None
        folder = bundle_dir(registry.resolve_models_dir(self.models_dir), version, name)
        if not folder.is_dir():
            raise click.ClickException(f"no stored bundle {self.reuse} under {folder.parent.parent}")
        return folder

    def validation(self) -> tuple[Path, ...] | None:
        """--valid files; else None (the public sets in --data-dir), or those sets alone with --no-public."""
        if self.validation_files:
            return tuple(self.validation_files)
        if not self.data_dir.is_dir():
            raise click.ClickException(f"no validation data: {self.data_dir} does not exist and no --valid file was given")
        if not self.no_public:
            return None
        return tuple(self.data_dir / relative for relative in PUBLIC_VALIDATION if (self.data_dir / relative).is_file())

    def request(self) -> RetrainRequest:
        from classifiers.e5.lora import LoraSettings
        from classifiers.e5.request import DEFAULT_CAPS, RetrainRequest
        from classifiers.e5.trainer import TrainSettings
        from classifiers.release import PromotePolicy

        reuse_folder = self.reuse_folder()
        if not self.data_files and self.no_public:
            raise click.ClickException("nothing to train on: give --data files or drop --no-public")
        rate = {} if self.learning_rate is None else {"learning_rate": self.learning_rate}
        settings = TrainSettings(epochs=self.epochs, max_length=self.max_length, batch_size=self.batch_size,
                                 seed=self.seed, device=self.device, lora=LoraSettings(tuned_layers=self.tuned_layers),
                                 **rate)  # type: ignore[arg-type]
        return RetrainRequest(
            focus=self.task,
            models_dir=registry.resolve_models_dir(self.models_dir),
            data_files=tuple(self.data_files),
            data_dir=None if self.no_public else self.data_dir,
            validation_files=self.validation(),
            settings=settings,
            caps={name: cap for name, cap in {**DEFAULT_CAPS, **self.caps}.items() if cap > 0},
            promote=PromotePolicy(self.policy),
            reuse_weights=reuse_folder,
            recalibrate=self.recalibrate,
        )


def _write_pack(args: TrainArgs, request: RetrainRequest, console: Console) -> None:
    from classifiers.e5.retrain import offload_pack

    assert args.offload is not None
    summary = offload_pack(request, args.offload, lambda stage: console.log(f"{stage.name}: {stage.detail}"))
    click.echo(f"pack: {summary.folder} ({summary.bytes / 1e6:.1f} MB: {summary.rows} training rows, "
               f"{summary.embedding_rows} embedding rows, {summary.bench_rows} articles for the throughput figure)")
    click.echo(f"train it on the GPU host:  python -m classifiers.e5.offload train {args.offload} OUT --device cuda")
    click.echo(f"then here:  satark train {args.task} --reuse-weights OUT --recalibrate --tuned-layers "
               f"{args.tuned_layers} --max-length {args.max_length} (and the same --data, --data-dir, --cap and --seed)")


def _train_here(request: RetrainRequest, console: Console) -> RetrainResult:
    from classifiers.e5.retrain import retrain

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[loss]}"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        bar = progress.add_task("train", total=None, loss="")

        def on_stage(stage: Stage) -> None:
            console.log(f"{stage.name}: {stage.detail}" if stage.detail else stage.name)

        def on_step(report: StepReport) -> None:
            losses = " ".join(f"{name} {value:.3f}" for name, value in report.task_losses.items())
            progress.update(bar, completed=report.step, total=report.steps, description=f"epoch {report.epoch + 1}",
                            loss=f"loss {report.loss:.3f} ({losses})")
            # Without a terminal (logs, CI) the bar is off: a line every 5% of the steps instead.
            if not console.is_terminal and report.step % max(1, report.steps // 20) == 0:
                console.log(f"step {report.step}/{report.steps} epoch {report.epoch + 1} loss {report.loss:.3f} ({losses})")

        return retrain(request, on_stage, on_step)


def run_retrain(args: TrainArgs) -> None:
    """Train (or pack for a GPU host) as ``args`` say, then print the comparison and the promotion note."""
    from classifiers.e5.request import TrainingDataError

    console = Console(stderr=True)
    request = args.request()
    try:
        if args.offload is not None:
            _write_pack(args, request, console)
            return
        result = _train_here(request, console)
    except (TrainingDataError, DatasetError, ValueError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    # Without a terminal (a log file, CI) rich would cut the table to 80 columns.
    out = Console(width=None if Console().is_terminal else 160)
    out.print(comparison_table(result))
    for name, value in result.system_figures.items():
        out.print(f"{name}: {value:.3f}")
    out.print(result.promotion_note)
    out.print(f"bundle: {result.bundle_folder}")


for _task in TRAIN_TASKS:
    train.add_command(make_train_command(_task))


@train.command(name="baseline")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR,
              show_default=True, help="Folder with the shared labelled data (misinfo/, sentiment/, news/).")
@click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Model registry folder (default: the repository's models/).")
@click.option("--task", "tasks", type=click.Choice(BASELINE_TASKS), multiple=True,
              help="Task to train; repeat for several (default: all).")
@click.option("--promote", "policy", type=click.Choice(POLICIES), default="if-not-worse", show_default=True,
              help="Make each new version active: only if its task's validation F1 does not drop, always, or never.")
@click.option("--no-promote", is_flag=True, help="Store the new versions without making them active (--promote never).")
def train_baseline_command(
    data_dir: Path, models_dir: Path | None, tasks: tuple[str, ...], policy: str, no_promote: bool
) -> None:
    """Train the TF-IDF + logistic-regression baselines, evaluate, store and release them."""
    from classifiers.baseline.data import MissingDataError, check_data
    from classifiers.baseline.training import BaselineRequest, run_baseline
    from classifiers.release import PromotePolicy

    console = Console()
    request = BaselineRequest(data_dir=data_dir, models_dir=models_dir, tasks=tasks or BASELINE_TASKS,
                              promote=PromotePolicy.NEVER if no_promote else PromotePolicy(policy))
    try:
        check_data(data_dir, request.tasks)  # before the progress display, so the error stands alone
        with baseline_progress(console, request.tasks) as report:
            results = run_baseline(request, progress=report)
    except (MissingDataError, DatasetError) as exc:
        raise click.ClickException(str(exc)) from None
    for result in results:
        console.print(metrics_table(result.evaluation))
        if result.card.demo_corpus is not None:
            console.print(demo_table(result.card.demo_corpus))
        state = "promoted" if result.promoted else "stored (not promoted)"
        console.print(f"{result.task}: {result.model_id} {state} in {result.directory}", soft_wrap=True)
        if not result.promoted:
            console.print(result.promotion_note, soft_wrap=True, highlight=False)


train.add_command(train_article_flags_command)
train.add_command(train_claim_rerank_command)


@click.command(name="evaluate")
@click.argument("task", type=click.Choice(sorted(TASKS)))
@click.option("--data", "data_files", type=click.Path(path_type=Path, dir_okay=False), multiple=True, required=True,
              help="Labelled file in any supported format; repeat for several.")
@click.option("--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None)
@click.option("--model", "model_id", default=None, help="NAME/VERSION to evaluate (default: the active model).")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the full report (with reliability bins) as JSON.")
def evaluate_command(
    task: str, data_files: tuple[Path, ...], models_dir: Path | None, model_id: str | None, json_out: Path | None
) -> None:
    """Evaluate a stored model of TASK on labelled files, by language and data set."""
    from classifiers.evaluation import EvaluationRequest, NothingToEvaluate, evaluate_stored

    console = Console()
    try:
        report = evaluate_stored(EvaluationRequest(task, tuple(data_files), models_dir, model_id))
    except (registry.RegistryError, DatasetError, NothingToEvaluate) as exc:
        raise click.ClickException(str(exc)) from None
    console.print(metrics_table(report))
    console.print(confusion_table(report))
    if report.dropped:
        console.print(f"{report.dropped} examples without a {task!r} label were skipped")
    if json_out:
        json_out.write_text(json.dumps(report.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")


def _models_root(app: AppContext, models_dir: Path | None) -> Path:
    return registry.resolve_models_dir(models_dir or app.settings().classify.models_dir)


@click.group("models")
def models_group() -> None:
    """Stored classifier versions: list them, choose the one each task uses, or step back to the previous one.

    The pipeline loads the active versions when it starts; articles processed earlier keep their verdicts.
    """


@models_group.command("list")
@click.option("--task", default=None, help="Only this task.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per version, one per line.")
@MODELS_DIR_OPTION
@pass_app
def list_command(app: AppContext, task: str | None, as_json: bool, models_dir: Path | None) -> None:
    """Every stored version per task, oldest first, with its validation figures; * marks the active one."""
    from classifiers.inventory import inventory

    root = _models_root(app, models_dir)
    stored = inventory(root, task)
    if as_json:
        for version in stored.versions:
            click.echo(json.dumps(asdict(version), ensure_ascii=False))
    elif not stored.versions:
        out_console.print(f"no stored models{f' for task {task!r}' if task else ''} in {root}", highlight=False)
    else:
        out_console.print(versions_table(f"models in {root} (* active)", stored.versions))
    for t, model_id in stored.missing:
        click.echo(f"warning: the active {t} model {model_id} is missing from {root}", err=True)


@models_group.command("promote")
@click.argument("task")
@click.argument("model_id", metavar="NAME/VERSION")
@MODELS_DIR_OPTION
@pass_app
def promote_command(app: AppContext, task: str, model_id: str, models_dir: Path | None) -> None:
    """Make NAME/VERSION the model TASK uses from the next `satark process` on."""
    previous = registry.promote(task, model_id, _models_root(app, models_dir))
    click.echo(f"{task}: {previous or '-'} -> {model_id}")


@models_group.command("rollback")
@click.argument("task")
@MODELS_DIR_OPTION
@pass_app
def rollback_command(app: AppContext, task: str, models_dir: Path | None) -> None:
    """Make the version stored just before TASK's active one active again."""
    root = _models_root(app, models_dir)
    previous = registry.active(task, root)
    current = registry.rollback(task, root)
    click.echo(f"{task}: {previous} -> {current}")
