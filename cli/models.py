"""`satark models list|promote|rollback`: which classifier versions are stored, which one each task uses."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from classifiers import registry
from classifiers.card import CARD_FILE
from cli.context import AppContext, pass_app
from cli.progress import out_console

MODELS_DIR_OPTION = click.option(
    "--models-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Model registry folder (default: the classify.models_dir setting, else the repository's models/).",
)


@dataclass(frozen=True)
class ModelVersion:
    """One stored version with the headline validation figures of its card (None when it has no card)."""

    task: str
    model: str
    active: bool
    created: str | None
    f1: float | None = None
    accuracy: float | None = None
    f1_by_language: dict[str, float] = field(default_factory=dict)
    validation_rows: int | None = None


def _models_dir(app: AppContext, models_dir: Path | None) -> Path:
    return registry.resolve_models_dir(models_dir or app.settings().classify.models_dir)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _read_card(directory: Path) -> dict[str, Any]:
    # Read as plain JSON, not as ModelCard: a card from another model family or an older schema must not hide
    # the version from the list; whatever figures it has are shown.
    try:
        data = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def describe(task: str, model_id: str, active: str | None, models_dir: Path) -> ModelVersion:
    card = _read_card(registry.model_dir(task, model_id, models_dir))
    validation = _section(card, "validation")
    overall = _section(validation, "overall")
    by_language = _section(validation, "by_language")
    f1_by_language = {lang: f1 for lang, figures in sorted(by_language.items())
                      if isinstance(figures, dict) and (f1 := _number(figures.get("f1"))) is not None}
    rows = overall.get("n")
    return ModelVersion(
        task=task,
        model=model_id,
        active=model_id == active,
        created=str(card["created"]) if card.get("created") else None,
        f1=_number(overall.get("f1")),
        accuracy=_number(overall.get("accuracy")),
        f1_by_language=f1_by_language,
        validation_rows=rows if isinstance(rows, int) else None,
    )


def stored_tasks(models_dir: Path) -> list[str]:
    """Tasks with a stored version or an active entry (an entry whose folder vanished still deserves a line)."""
    on_disk = {path.name for path in models_dir.iterdir() if path.is_dir()} if models_dir.is_dir() else set()
    with_versions = {t for t in on_disk if registry.list_versions(t, models_dir)}
    return sorted(with_versions | set(registry.read_registry(models_dir)))


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


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
    root = _models_dir(app, models_dir)
    current = registry.read_registry(root)
    tasks = [task] if task else stored_tasks(root)
    stored = {t: registry.list_versions(t, root) for t in tasks}
    versions = [describe(t, model_id, current.get(t), root) for t in tasks for model_id in stored[t]]
    missing = [(t, current[t]) for t in tasks if t in current and current[t] not in stored[t]]
    if as_json:
        for version in versions:
            click.echo(json.dumps(asdict(version), ensure_ascii=False))
    else:
        if not versions:
            out_console.print(f"no stored models{f' for task {task!r}' if task else ''} in {root}", highlight=False)
        else:
            languages = sorted({lang for v in versions for lang in v.f1_by_language})
            # No box and no edge padding: the table fits 80 columns.
            table = Table(title=f"models in {root} (* active)", title_justify="left", box=None, pad_edge=False,
                          header_style="bold underline")
            for column in ("task", "model", "created"):
                table.add_column(column, no_wrap=True)
            for column in ("F1", "acc", *(f"F1 {lang}" for lang in languages)):
                table.add_column(column, no_wrap=True, justify="right")
            for v in versions:
                table.add_row(v.task, v.model + ("*" if v.active else ""), (v.created or "-")[:10], _fmt(v.f1),
                              _fmt(v.accuracy), *(_fmt(v.f1_by_language.get(lang)) for lang in languages))
            out_console.print(table)
    for t, model_id in missing:
        click.echo(f"warning: the active {t} model {model_id} is missing from {root}", err=True)


@models_group.command("promote")
@click.argument("task")
@click.argument("model_id", metavar="NAME/VERSION")
@MODELS_DIR_OPTION
@pass_app
def promote_command(app: AppContext, task: str, model_id: str, models_dir: Path | None) -> None:
    """Make NAME/VERSION the model TASK uses from the next `satark process` on."""
    previous = registry.promote(task, model_id, _models_dir(app, models_dir))
    click.echo(f"{task}: {previous or '-'} -> {model_id}")


@models_group.command("rollback")
@click.argument("task")
@MODELS_DIR_OPTION
@pass_app
def rollback_command(app: AppContext, task: str, models_dir: Path | None) -> None:
    """Make the version stored just before TASK's active one active again."""
    root = _models_dir(app, models_dir)
    previous = registry.active(task, root)
    current = registry.rollback(task, root)
    click.echo(f"{task}: {previous} -> {current}")
