"""``satark train TASK``: fine-tune a new multi-task transformer version on new and public labels.

Every task is trained and reported on each run (the heads share one adapter), TASK names the task
whose new data prompted the run. torch is imported only when a command runs, so ``satark --help``
and the other commands stay fast.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from classifiers.datasets import DEFAULT_DATA_DIR, DataFormat
from core.tasks import TASKS

TRAIN_TASKS = (*TASKS, "all")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def comparison_table(result: object) -> Table:
    """Per task, scope by scope: the new version's F1 and accuracy beside the version in use."""
    table = Table(title=f"{result.model_id} against the versions in use", title_justify="left", box=box.SIMPLE_HEAD)  # type: ignore[attr-defined]
    for column in ("task", "scope", "n", "F1", "acc", "in use", "F1 ", "acc "):
        table.add_column(column, justify="left" if column in {"task", "scope", "in use"} else "right", no_wrap=True)
    for task, outcome in result.outcomes.items():  # type: ignore[attr-defined]
        evaluation, previous = outcome.evaluation, outcome.previous
        if evaluation is None:
            table.add_row(task, "no validation data", "0", "-", "-", outcome.previous_model or "-", "-", "-")
            continue
        scopes = {"all": evaluation.overall, **{f"lang {k}": v for k, v in evaluation.by_language.items()}, **evaluation.by_dataset}
        old = {}
        if previous is not None:
            old = {"all": previous.overall, **{f"lang {k}": v for k, v in previous.by_language.items()}, **previous.by_dataset}
        for scope, metrics in scopes.items():
            before = old.get(scope)
            table.add_row(
                task, scope, str(metrics.n), _figure(metrics.f1), _figure(metrics.accuracy),
                outcome.previous_model or "-", _figure(before.f1 if before else None), _figure(before.accuracy if before else None),
            )
    return table


def _parse_caps(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, int]:
    """``DATASET=N`` pairs; N = 0 lifts a default cap (a big machine can afford all 67k SST-2 phrases)."""
    caps: dict[str, int] = {}
    known = {fmt.value for fmt in DataFormat}
    for value in values:
        name, _, number = value.partition("=")
        if name not in known or not number.isdigit():
            raise click.BadParameter(f"{value!r}: expected DATASET=N with DATASET one of {', '.join(sorted(known))}")
        caps[name] = int(number)
    return caps


def make_train_command(task: str) -> click.Command:
    @click.command(name=task, help=f"Fine-tune a new transformer version ({'every task' if task == 'all' else f'new {task} labels'}; all tasks are trained and reported).")
    @click.option("--data", "data_files", type=click.Path(path_type=Path, dir_okay=False, exists=True), multiple=True,
                  help="Labelled file in any supported format (e.g. from `satark labels export`); repeat for several.")
    @click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_DATA_DIR, show_default=True,
                  help="Public labelled sets (misinfo/, sentiment/, news/) mixed into training and used for validation.")
    @click.option("--no-public", is_flag=True, help="Train on the --data files alone (validation still uses --valid or the data dir).")
    @click.option("--valid", "validation_files", type=click.Path(path_type=Path, dir_okay=False, exists=True), multiple=True,
                  help="Validation file(s) (default: the public validation sets in --data-dir).")
    @click.option("--epochs", type=click.IntRange(1, 50), default=3, show_default=True)
    @click.option("--max-length", type=click.IntRange(16, 512), default=128, show_default=True, help="Tokens per text.")
    @click.option("--batch-size", type=click.IntRange(1, 1024), default=32, show_default=True)
    @click.option("--tuned-layers", type=click.IntRange(1, 12), default=4, show_default=True,
                  help="Top encoder layers that get the LoRA adapter (the rest stay frozen and are computed once).")
    @click.option("--learning-rate", type=click.FloatRange(1e-6, 1.0), default=None,
                  help="Adapter learning rate (default: the trainer's, set for the 4-layer adapter on a CPU).")
    @click.option("--cap", "caps", multiple=True, metavar="DATASET=N", callback=_parse_caps,
                  help="Use at most N examples of a data set, 0 for all of it (by default SST-2's 67k phrases are capped).")
    @click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True)
    @click.option("--promote", "policy", type=click.Choice(["if-not-worse", "always", "never"]), default="if-not-worse",
                  show_default=True, help="Make the new version active: only if no task's validation F1 drops, always, or never.")
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
    def command(
        data_files: tuple[Path, ...], data_dir: Path, no_public: bool, validation_files: tuple[Path, ...], epochs: int,
        max_length: int, batch_size: int, tuned_layers: int, learning_rate: float | None, caps: dict[str, int], device: str,
        policy: str, models_dir: Path | None, seed: int, reuse: str | None, recalibrate: bool, offload: Path | None,
    ) -> None:
        if recalibrate and reuse is None:
            raise click.UsageError("--recalibrate needs --reuse-weights")
        if offload is not None and reuse is not None:
            raise click.UsageError("--offload writes a pack to train elsewhere; it does not take --reuse-weights")
        run_training(task, data_files, None if no_public else data_dir, data_dir, validation_files, epochs, max_length,
                     batch_size, tuned_layers, device, policy, models_dir, seed, reuse, recalibrate, offload,
                     learning_rate, caps)

    return command


def run_training(
    task: str, data_files: tuple[Path, ...], public_dir: Path | None, data_dir: Path, validation_files: tuple[Path, ...],
    epochs: int, max_length: int, batch_size: int, tuned_layers: int, device: str, policy: str,
    models_dir: Path | None, seed: int, reuse: str | None = None, recalibrate: bool = False,
    offload: Path | None = None, learning_rate: float | None = None, caps: dict[str, int] | None = None,
) -> None:
    from classifiers.datasets import DatasetError
    from classifiers.e5.bundle import bundle_dir
    from classifiers.e5.network import LoraSettings
    from classifiers.e5.retrain import (
        DEFAULT_CAPS,
        PromotePolicy,
        RetrainRequest,
        Stage,
        TrainingDataError,
        offload_pack,
        retrain,
    )
    from classifiers.e5.trainer import StepReport, TrainSettings
    from classifiers.registry import RegistryError, resolve_models_dir, split_model_id

    console = Console(stderr=True)
    reuse_folder = None
    if reuse is not None and Path(reuse).is_dir():
        reuse_folder = Path(reuse)  # weights trained elsewhere from an --offload pack
    elif reuse is not None:
        try:
            name, version = split_model_id(reuse)
        except RegistryError as exc:
            raise click.ClickException(str(exc)) from None
        reuse_folder = bundle_dir(resolve_models_dir(models_dir), version, name)
        if not reuse_folder.is_dir():
            raise click.ClickException(f"no stored bundle {reuse} under {reuse_folder.parent.parent}")
    if not data_files and public_dir is None:
        raise click.ClickException("nothing to train on: give --data files or drop --no-public")
    validation = tuple(validation_files) if validation_files else None
    if validation is None and not data_dir.is_dir():
        raise click.ClickException(f"no validation data: {data_dir} does not exist and no --valid file was given")
    request = RetrainRequest(
        focus=task,
        models_dir=resolve_models_dir(models_dir),
        data_files=tuple(data_files),
        data_dir=public_dir,
        validation_files=validation if validation is not None else (None if public_dir else _validation_only(data_dir)),
        settings=TrainSettings(epochs=epochs, max_length=max_length, batch_size=batch_size, seed=seed, device=device,
                               lora=LoraSettings(tuned_layers=tuned_layers),
                               **({} if learning_rate is None else {"learning_rate": learning_rate})),
        caps={name: cap for name, cap in {**DEFAULT_CAPS, **(caps or {})}.items() if cap > 0},
        promote=PromotePolicy(policy),
        reuse_weights=reuse_folder,
        recalibrate=recalibrate,
    )
    if offload is not None:
        try:
            summary = offload_pack(request, offload, lambda stage: console.log(f"{stage.name}: {stage.detail}"))
        except (TrainingDataError, DatasetError, ValueError) as exc:
            raise click.ClickException(str(exc).splitlines()[0]) from None
        click.echo(f"pack: {summary.folder} ({summary.bytes / 1e6:.1f} MB: {summary.rows} training rows, "
                   f"{summary.embedding_rows} embedding rows, {summary.bench_rows} articles for the throughput figure)")
        click.echo(f"train it on the GPU host:  python -m classifiers.e5.offload train {offload} OUT --device cuda")
        click.echo(f"then here:  satark train {task} --reuse-weights OUT --recalibrate --tuned-layers {tuned_layers} "
                   f"--max-length {max_length} (and the same --data, --data-dir, --cap and --seed)")
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[loss]}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    try:
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

            result = retrain(request, on_stage, on_step)
    except (TrainingDataError, DatasetError, ValueError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from None
    # Without a terminal (a log file, CI) rich would cut the table to 80 columns.
    out = Console(width=None if Console().is_terminal else 160)
    out.print(comparison_table(result))
    for name, value in result.system_figures.items():
        out.print(f"{name}: {value:.3f}")
    out.print(result.promotion_note)
    out.print(f"bundle: {result.bundle_folder}")


def _validation_only(data_dir: Path) -> tuple[Path, ...]:
    from classifiers.e5.retrain import PUBLIC_VALIDATION

    return tuple(data_dir / relative for relative in PUBLIC_VALIDATION if (data_dir / relative).is_file())
