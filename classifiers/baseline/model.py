"""The baseline model: hashed char n-gram TF-IDF + logistic regression, saved as plain arrays.

Artefact = ``model.npz`` (float32 idf, coef, intercept, calibration layer; compressed) + ``config.json``.
No pickle: pickled estimators break across scikit-learn versions and can execute code on load.
Prediction needs only numpy/scipy and the stateless ``HashingVectorizer``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from classifiers.base import check_languages
from classifiers.baseline import ARCHITECTURE
from classifiers.baseline.features import FeatureConfig, HashedTfidf
from classifiers.calibration import Calibrator
from classifiers.errors import ModelFormatError
from classifiers.registry import CONFIG_FILE, read_config
from core.records import TaskPrediction
from core.tasks import TaskKind, TaskSpec, task_spec

# 2 added FeatureConfig.segment_chars; code that predates it would ignore the key and score long
# texts as one document, so it must refuse v2 models. Version 1 models load as unsegmented.
FORMAT_VERSION = 2
READABLE_FORMAT_VERSIONS = frozenset({1, 2})
MODEL_FILE = "model.npz"


class ThresholdRule(str, enum.Enum):
    """How a binary task's decision thresholds are chosen on the held-out calibration rows."""

    MAX_F1 = "max-f1"
    # max F1 among thresholds that flag no more rows than there are positives (precision >= recall);
    # see calibration.best_f1_threshold for why plain F1 over-flags
    MAX_F1_NO_OVERFLAG = "max-f1-precision-ge-recall"


@dataclass(frozen=True)
class BaselineParams:
    """Training hyper-parameters; recorded in config.json and the model card."""

    features: FeatureConfig = field(default_factory=FeatureConfig)
    c: float = 4.0  # inverse L2 strength of the main logistic regression
    max_iter: int = 2000
    random_state: int = 20261129
    batch_size: int = 512
    threshold_rule: ThresholdRule = ThresholdRule.MAX_F1_NO_OVERFLAG

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": self.features.to_dict(),
            "c": self.c,
            "max_iter": self.max_iter,
            "random_state": self.random_state,
            "batch_size": self.batch_size,
            "threshold_rule": self.threshold_rule.value,
        }


class BaselineClassifier:
    """A trained baseline for one task; implements :class:`classifiers.base.TaskClassifier`."""

    def __init__(
        self,
        spec: TaskSpec,
        version: str,
        featuriser: HashedTfidf,
        coef: np.ndarray,
        intercept: np.ndarray,
        calibrator: Calibrator,
        threshold: float | None,
        batch_size: int = 512,
        name: str = ARCHITECTURE,
        language_thresholds: Mapping[str, float] | None = None,
    ) -> None:
        n_logits = 1 if spec.kind is TaskKind.BINARY else len(spec.classes)
        if coef.shape != (n_logits, featuriser.config.n_features):
            raise ModelFormatError(f"coef shape {coef.shape} does not fit task {spec.name!r}")
        if intercept.shape != (n_logits,):
            raise ModelFormatError(f"intercept shape {intercept.shape} does not fit task {spec.name!r}")
        if spec.kind is TaskKind.BINARY and threshold is None:
            raise ModelFormatError("binary tasks need a decision threshold")
        self.spec = spec
        self.task = spec.name
        self.name = name
        self.version = version
        self.featuriser = featuriser
        self.coef = coef.astype(np.float32, copy=False)
        self.intercept = intercept.astype(np.float32, copy=False)
        self.calibrator = calibrator
        self.threshold = threshold
        self.language_thresholds = dict(language_thresholds or {})
        self.batch_size = max(1, int(batch_size))

    @property
    def model_id(self) -> str:
        return f"{self.name}/{self.version}"

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Raw linear scores, shape (n, 1) for binary tasks, (n, n_classes) otherwise."""
        n_logits = self.coef.shape[0]
        out = np.empty((len(texts), n_logits), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            features = self.featuriser.transform(list(batch))
            out[start : start + len(batch)] = features @ self.coef.T + self.intercept
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, one column per class in ``spec.classes`` order."""
        return self.calibrator.probabilities(self.logits(texts))

    def threshold_for(self, language: str | None) -> float | None:
        """The decision threshold for a text in ``language``; the global one for unknown languages."""
        if language is not None and language in self.language_thresholds:
            return self.language_thresholds[language]
        return self.threshold

    def predict(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[TaskPrediction]:
        # Scores ignore the language (char n-grams cover both scripts); only the binary decision
        # threshold depends on it, because base rates and score spreads differ between languages.
        expanded = check_languages(texts, languages)
        if not texts:
            return []
        probabilities = self.probabilities(texts)
        return [self._prediction(row, language) for row, language in zip(probabilities, expanded)]

    def _prediction(self, row: np.ndarray, language: str | None) -> TaskPrediction:
        spec = self.spec
        if spec.kind is TaskKind.BINARY:
            threshold = self.threshold_for(language)
            assert spec.positive is not None and threshold is not None
            positive = float(row[spec.classes.index(spec.positive)])
            labels: tuple[str, ...] = (spec.positive,) if positive >= threshold else ()
            return TaskPrediction(spec.name, self.model_id, {spec.positive: positive}, labels, TaskKind.BINARY)
        scores = {label: float(value) for label, value in zip(spec.classes, row)}
        best = spec.classes[int(np.argmax(row))]
        return TaskPrediction(spec.name, self.model_id, scores, (best,), TaskKind.MULTICLASS)

    def config(self) -> dict[str, Any]:
        return {
            "architecture": ARCHITECTURE,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "version": self.version,
            "task": self.task,
            "kind": self.spec.kind.value,
            "classes": list(self.spec.classes),
            "positive": self.spec.positive,
            "threshold": self.threshold,
            "language_thresholds": self.language_thresholds,
            "batch_size": self.batch_size,
            "features": self.featuriser.config.to_dict(),
            "sklearn_version": sklearn.__version__,  # HashingVectorizer's hash must match at load
        }

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / MODEL_FILE,
            idf=self.featuriser.idf,
            coef=self.coef,
            intercept=self.intercept,
            calibration_coef=self.calibrator.coef.astype(np.float32),
            calibration_intercept=self.calibrator.intercept.astype(np.float32),
        )
        text = json.dumps(self.config(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        (directory / CONFIG_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> BaselineClassifier:
        directory = Path(directory)
        config = read_config(directory)
        readable = config.get("format_version") in READABLE_FORMAT_VERSIONS
        if config.get("architecture") != ARCHITECTURE or not readable:
            raise ModelFormatError(
                f"{directory}: not a {ARCHITECTURE} model of format {sorted(READABLE_FORMAT_VERSIONS)} "
                f"(architecture={config.get('architecture')!r}, format_version={config.get('format_version')!r})"
            )
        absent = {"task", "classes", "version", "features"} - config.keys()
        if absent:
            raise ModelFormatError(f"{directory}/{CONFIG_FILE}: keys missing: {sorted(absent)}")
        try:
            spec = task_spec(config["task"])
        except ValueError as exc:
            raise ModelFormatError(f"{directory}: {exc}") from None
        if tuple(config["classes"]) != spec.classes:
            raise ModelFormatError(f"{directory}: classes {config['classes']} differ from task {spec.classes}")
        try:
            with np.load(directory / MODEL_FILE, allow_pickle=False) as arrays:
                data = {key: arrays[key] for key in arrays.files}
        except FileNotFoundError:
            raise ModelFormatError(f"{directory}: {MODEL_FILE} missing") from None
        missing = {"idf", "coef", "intercept", "calibration_coef", "calibration_intercept"} - data.keys()
        if missing:
            raise ModelFormatError(f"{directory}/{MODEL_FILE}: arrays missing: {sorted(missing)}")
        try:
            featuriser = HashedTfidf(FeatureConfig.from_dict(config["features"]), data["idf"])
        except ValueError as exc:
            raise ModelFormatError(f"{directory}: {exc}") from None
        calibrator = Calibrator(data["calibration_coef"], data["calibration_intercept"])
        return cls(
            spec,
            config["version"],
            featuriser,
            data["coef"],
            data["intercept"],
            calibrator,
            config.get("threshold"),
            batch_size=config.get("batch_size", 512),
            name=config.get("name", ARCHITECTURE),
            language_thresholds=config.get("language_thresholds") or {},
        )
