"""The on-disk model registry.

Layout (``models_dir`` defaults to the repository's ``models/``)::

    models/registry.json                      {"misinformation": "tfidf-lr/2026.11.29-1", ...}
    models/<task>/<name>/<version>/           config.json, model.npz, card.json

A model id is "NAME/VERSION", so the id is also the model's path below its task folder. Versions
are "YYYY.MM.DD-N"; ordering by (date, N) gives the history that :func:`rollback` walks back along.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from classifiers.base import TaskClassifier
from classifiers.base import model_id as model_id_of
from classifiers.errors import ModelFormatError, RegistryError

if TYPE_CHECKING:
    # The only inference options a family takes today (the baseline ignores them); a type, not a family import.
    from classifiers.e5.options import EncoderOptions

DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
REGISTRY_FILE = "registry.json"
CONFIG_FILE = "config.json"
_VERSION = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})-(\d+)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

__all__ = [
    "CONFIG_FILE",
    "DEFAULT_MODELS_DIR",
    "ModelFormatError",
    "RegistryError",
    "active",
    "list_versions",
    "load_active",
    "load_model",
    "next_version",
    "promote",
    "read_config",
    "register_loader",
    "rollback",
]


class ModelLoader(Protocol):
    """Builds a family's classifier from its version folder; ``options`` None means the family's defaults."""

    def __call__(self, directory: Path, options: EncoderOptions | None) -> TaskClassifier: ...


# config.json "architecture" -> loader. Families register themselves (see classifiers.families); their loaders
# import torch or scikit-learn only when called, so importing the registry stays cheap.
_LOADERS: dict[str, ModelLoader] = {}


def register_loader(architecture: str, loader: ModelLoader) -> None:
    """Teach the registry to load a model family's versions."""
    _LOADERS[architecture] = loader


def read_config(directory: Path) -> dict[str, Any]:
    """A model directory's config.json as a dict (architecture-agnostic; used for dispatch)."""
    try:
        loaded = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFormatError(f"{directory}: {CONFIG_FILE} missing") from None
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{directory}/{CONFIG_FILE}: invalid JSON ({exc})") from None
    if not isinstance(loaded, dict):
        raise ModelFormatError(f"{directory}/{CONFIG_FILE}: expected a JSON object")
    return loaded


def resolve_models_dir(models_dir: Path | str | None = None) -> Path:
    return Path(models_dir) if models_dir is not None else DEFAULT_MODELS_DIR


def split_model_id(model_id: str) -> tuple[str, str]:
    """("tfidf-lr", "2026.11.29-1") from "tfidf-lr/2026.11.29-1", rejecting anything path-like."""
    name, _, version = model_id.partition("/")
    if not _NAME.match(name) or not _VERSION.match(version):
        raise RegistryError(f"bad model id {model_id!r}; expected NAME/YYYY.MM.DD-N")
    return name, version


def model_dir(task: str, model_id: str, models_dir: Path | str | None = None) -> Path:
    name, version = split_model_id(model_id)
    return resolve_models_dir(models_dir) / task / name / version


def _version_key(model_id: str) -> tuple[int, int, int, int, str]:
    name, version = split_model_id(model_id)
    match = _VERSION.match(version)
    assert match is not None  # split_model_id validated it
    year, month, day, serial = (int(part) for part in match.groups())
    return (year, month, day, serial, name)


def list_versions(task: str, models_dir: Path | str | None = None) -> list[str]:
    """Model ids stored for ``task``, oldest first."""
    task_dir = resolve_models_dir(models_dir) / task
    if not task_dir.is_dir():
        return []
    found = []
    for config in task_dir.glob(f"*/*/{CONFIG_FILE}"):
        candidate = f"{config.parent.parent.name}/{config.parent.name}"
        if _NAME.match(config.parent.parent.name) and _VERSION.match(config.parent.name):
            found.append(candidate)
    return sorted(found, key=_version_key)


def read_registry(models_dir: Path | str | None = None) -> dict[str, str]:
    """The task -> active model id map (empty when no model was ever promoted)."""
    path = resolve_models_dir(models_dir) / REGISTRY_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{path}: invalid JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise RegistryError(f"{path}: expected an object mapping task names to model ids")
    return data


def _write_registry(models_dir: Path, registry: dict[str, str]) -> None:
    models_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(registry.items())), indent=2) + "\n"
    # Write-then-rename so a crash never leaves a half-written registry for the pipeline to read.
    handle, temp_name = tempfile.mkstemp(dir=models_dir, prefix=".registry-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as temp:
        temp.write(text)
    os.chmod(temp_name, 0o644)  # mkstemp creates 0600; the registry is shared, committed data
    os.replace(temp_name, models_dir / REGISTRY_FILE)


def active(task: str, models_dir: Path | str | None = None) -> str | None:
    """The active model id for ``task``, or None when nothing was promoted."""
    return read_registry(models_dir).get(task)


def promote(task: str, model_id: str, models_dir: Path | str | None = None) -> str | None:
    """Make ``model_id`` the active model of ``task``; returns the previously active id."""
    root = resolve_models_dir(models_dir)
    directory = model_dir(task, model_id, root)
    if not (directory / CONFIG_FILE).exists():
        raise RegistryError(f"no model {model_id!r} for task {task!r} under {root}")
    config_task = read_config(directory).get("task")
    if config_task != task:
        raise RegistryError(f"{directory} holds a {config_task!r} model, not {task!r}")
    registry = read_registry(root)
    previous = registry.get(task)
    registry[task] = model_id
    _write_registry(root, registry)
    return previous


def rollback(task: str, models_dir: Path | str | None = None) -> str:
    """Re-activate the version stored just before the active one; returns the new active id."""
    current = active(task, models_dir)
    if current is None:
        raise RegistryError(f"task {task!r} has no active model to roll back from")
    versions = list_versions(task, models_dir)
    if current not in versions:
        raise RegistryError(f"active model {current!r} of {task!r} is missing from disk")
    position = versions.index(current)
    if position == 0:
        raise RegistryError(f"{current!r} is the oldest {task!r} model; nothing to roll back to")
    target = versions[position - 1]
    promote(task, target, models_dir)
    return target


def load_model(
    task: str, model_id: str, models_dir: Path | str | None = None, *, options: EncoderOptions | None = None
) -> TaskClassifier:
    """Load a specific stored version, dispatching on its architecture; ``options`` reach the family's loader."""
    directory = model_dir(task, model_id, models_dir)
    if not (directory / CONFIG_FILE).exists():
        raise RegistryError(f"no model {model_id!r} for task {task!r} under {resolve_models_dir(models_dir)}")
    architecture = read_config(directory).get("architecture")
    loader = _LOADERS.get(str(architecture))
    if loader is None:
        raise RegistryError(f"{directory}: no loader for architecture {architecture!r}")
    classifier = loader(directory, options)
    if classifier.task != task:
        raise RegistryError(f"{directory} holds a {classifier.task!r} model, not {task!r}")
    if model_id_of(classifier) != model_id:
        # A copied or renamed folder would otherwise stamp predictions with the wrong provenance.
        raise RegistryError(f"{directory} holds {model_id_of(classifier)!r}, not {model_id!r}")
    return classifier


def load_active(
    task: str, models_dir: Path | str | None = None, *, options: EncoderOptions | None = None
) -> TaskClassifier:
    """Load the active model of ``task``."""
    current = active(task, models_dir)
    if current is None:
        raise RegistryError(f"no active model for task {task!r} in {resolve_models_dir(models_dir)}")
    return load_model(task, current, models_dir, options=options)


def next_version(
    task: str, name: str, models_dir: Path | str | None = None, today: dt.date | None = None
) -> str:
    """A fresh model id for today: "NAME/YYYY.MM.DD-N" with N one above today's highest stored serial.

    Not the first free serial: after an old version folder is deleted its id would go to a
    different model, and ids stamped on stored predictions must keep naming one model.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    stem = today.strftime("%Y.%m.%d")
    serials = [
        int(version.rsplit("-", 1)[1])
        for version in (split_model_id(model_id)[1] for model_id in list_versions(task, models_dir))
        if version.startswith(f"{stem}-")
    ]
    return f"{name}/{stem}-{max(serials, default=0) + 1}"
