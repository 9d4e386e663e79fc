"""The registry's view of a multi-task version: one :class:`TaskClassifier` per task folder.

Bundles are loaded once per process and options, so the misinformation, hostility and sentiment
classifiers of one version share one encoder (and, through :meth:`E5Bundle.pooled`, one pass per batch).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from classifiers.e5.bundle import ARCHITECTURE, E5Bundle, load_bundle
from classifiers.e5.options import EncoderOptions
from classifiers.errors import ModelFormatError
from classifiers.registry import read_config
from core.records import TaskPrediction

_bundles: dict[tuple[Path, EncoderOptions], E5Bundle] = {}
_lock = threading.Lock()


def shared_bundle(folder: Path, options: EncoderOptions | None = None) -> E5Bundle:
    key = (folder.resolve(), options or EncoderOptions())
    with _lock:
        bundle = _bundles.get(key)
        if bundle is None:
            bundle = _bundles[key] = load_bundle(key[0], key[1])
        return bundle


class E5TaskClassifier:
    """One task of a bundle, behind the :class:`TaskClassifier` protocol."""

    def __init__(self, task: str, bundle: E5Bundle) -> None:
        if task not in bundle.config.tasks:
            raise ModelFormatError(f"bundle {bundle.config.model_id} has no {task!r} head")
        self.task = task
        self.bundle = bundle
        self.name = bundle.config.name
        self.version = bundle.config.version
        calibration = bundle.config.calibration[task]
        self.threshold = calibration.threshold
        self.language_thresholds = dict(calibration.language_thresholds)
        self.label_thresholds = dict(calibration.label_thresholds)

    def predict(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[TaskPrediction]:
        return self.bundle.predict(self.task, texts, languages)


def load_task_classifier(directory: Path, options: EncoderOptions | None = None) -> E5TaskClassifier:
    """Registry loader for ``models/<task>/e5-mt/<version>/`` (config.json points at the bundle)."""
    config = read_config(directory)
    if config.get("architecture") != ARCHITECTURE:
        raise ModelFormatError(f"{directory}: not an {ARCHITECTURE} model")
    try:
        task = str(config["task"])
        bundle_folder = (directory / str(config["bundle"])).resolve()
    except KeyError as exc:
        raise ModelFormatError(f"{directory}/config.json lacks {exc}") from None
    return E5TaskClassifier(task, shared_bundle(bundle_folder, options))
