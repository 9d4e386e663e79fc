"""What the registry holds, for people: every stored version with the headline figures of its card."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifiers import registry
from classifiers.card import CARD_FILE


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
    f1_by_language = {
        lang: f1
        for lang, figures in sorted(by_language.items())
        if isinstance(figures, dict) and (f1 := _number(figures.get("f1"))) is not None
    }
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


@dataclass(frozen=True)
class Inventory:
    """Every stored version of the selected tasks, oldest first, and active entries whose folder is missing."""

    versions: list[ModelVersion]
    missing: list[tuple[str, str]]  # (task, active model id) with no folder on disk


def inventory(models_dir: Path, task: str | None = None) -> Inventory:
    current = registry.read_registry(models_dir)
    tasks = [task] if task else stored_tasks(models_dir)
    stored = {t: registry.list_versions(t, models_dir) for t in tasks}
    versions = [describe(t, model_id, current.get(t), models_dir) for t in tasks for model_id in stored[t]]
    missing = [(t, current[t]) for t in tasks if t in current and current[t] not in stored[t]]
    return Inventory(versions, missing)
