"""Fitting a baseline: features and logistic regression on the fit rows, calibration and thresholds on held-out rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from classifiers.baseline.features import HashedTfidf
from classifiers.baseline.model import BaselineClassifier, BaselineParams, ThresholdRule
from classifiers.calibration import Calibrator, best_f1_threshold, fit_calibrator, per_language_thresholds
from core.tasks import TaskKind, task_spec


@dataclass(frozen=True)
class TrainingSet:
    """Texts with class indices (into ``spec.classes``) and per-row training weights."""

    texts: list[str]
    targets: np.ndarray
    weights: np.ndarray | None = None
    languages: list[str] | None = None  # needed on the calibration set for per-language thresholds


def fit_baseline(
    task: str,
    version: str,
    train: TrainingSet,
    calibration: TrainingSet,
    params: BaselineParams | None = None,
) -> BaselineClassifier:
    """Fit features + LR on ``train``; fit calibration (and the binary threshold) on held-out ``calibration``.

    ``calibration`` must not overlap ``train``: a calibration layer fitted on training rows would
    learn the model's over-confidence on data it has memorised.
    """
    params = params or BaselineParams()
    spec = task_spec(task)
    featuriser = HashedTfidf.fit(params.features, train.texts)
    features = featuriser.transform(train.texts)
    model = LogisticRegression(C=params.c, max_iter=params.max_iter, random_state=params.random_state)
    model.fit(features, train.targets, sample_weight=train.weights)
    present = [int(value) for value in model.classes_]
    if present != list(range(len(spec.classes))):
        raise ValueError(f"training data for {task!r} lacks classes: saw {present} of {list(spec.classes)}")
    coef = np.asarray(model.coef_, dtype=np.float32)
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    provisional = BaselineClassifier(
        spec, version, featuriser, coef, intercept, Calibrator.identity(coef.shape[0]), 0.5, params.batch_size
    )
    held_out_logits = provisional.logits(calibration.texts)
    calibrator = fit_calibrator(held_out_logits, calibration.targets, params.random_state, calibration.weights)
    threshold: float | None = None
    language_thresholds: dict[str, float] = {}
    if spec.kind is TaskKind.BINARY:
        positive_index = spec.classes.index(spec.positive or "")
        positive = calibrator.probabilities(held_out_logits)[:, positive_index]
        outcomes = calibration.targets == positive_index
        cap = params.threshold_rule is ThresholdRule.MAX_F1_NO_OVERFLAG
        threshold, _ = best_f1_threshold(positive, outcomes, calibration.weights, cap)
        language_thresholds = per_language_thresholds(positive, outcomes, calibration.languages, cap)
    return BaselineClassifier(
        spec,
        version,
        featuriser,
        coef,
        intercept,
        calibrator,
        threshold,
        params.batch_size,
        language_thresholds=language_thresholds,
    )
