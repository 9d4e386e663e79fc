"""Calibrating a bundle's heads on the held-out rows: Platt/multinomial scaling and decision thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from classifiers.calibration import best_f1_threshold, fit_calibrator, per_language_thresholds
from classifiers.e5.bundle import E5Bundle, HeadCalibration
from classifiers.e5.examples import MultiTaskExample
from classifiers.e5.request import TrainingDataError
from core.tasks import TaskKind, TaskSpec


def _multilabel(spec: TaskSpec, x: np.ndarray, truth: np.ndarray, seed: int) -> HeadCalibration:
    scale, shift, thresholds = [], [], {}
    for column, label in enumerate(spec.classes):
        outcomes = truth[:, column].astype(int)
        if outcomes.min() == outcomes.max():  # a label absent from the split keeps the raw sigmoid
            scale.append(1.0)
            shift.append(0.0)
            continue
        fitted = fit_calibrator(x[:, [column]], outcomes, seed)
        scale.append(float(fitted.coef[0, 0]))
        shift.append(float(fitted.intercept[0]))
        probabilities = fitted.probabilities(x[:, [column]])[:, 1]
        thresholds[label], _ = best_f1_threshold(probabilities, outcomes.astype(bool))
    return HeadCalibration(coef=[scale], intercept=shift, label_thresholds=thresholds)


def calibrate_head(spec: TaskSpec, logits: np.ndarray, rows: Sequence[MultiTaskExample], seed: int) -> HeadCalibration:
    """Fit one head's calibration (and thresholds) on the held-out rows that carry its task."""
    task = spec.name
    picked = [i for i, row in enumerate(rows) if task in row.targets]
    if not picked:
        raise TrainingDataError(f"no held-out rows to calibrate {task!r}")
    x = logits[picked]
    languages = [rows[i].language for i in picked]
    if spec.kind is TaskKind.MULTILABEL:
        return _multilabel(spec, x, np.array([rows[i].targets[task] for i in picked], dtype=float), seed)
    targets = np.array([int(rows[i].targets[task]) for i in picked])  # type: ignore[arg-type]
    calibrator = fit_calibrator(x, targets, seed)
    if spec.kind is TaskKind.MULTICLASS:
        return HeadCalibration(coef=calibrator.coef.tolist(), intercept=calibrator.intercept.tolist())
    positive = calibrator.probabilities(x)[:, 1]
    outcomes = targets.astype(bool)
    # The baselines' rule (ThresholdRule.MAX_F1_NO_OVERFLAG): max F1 among thresholds that flag no more rows
    # than there are positives. Plain max F1 flags nearly everything on sets with 40% positives (LIAR), and a
    # news stream has far fewer.
    threshold, _ = best_f1_threshold(positive, outcomes, cap_at_positives=True)
    per_language = per_language_thresholds(positive, outcomes, languages, cap_at_positives=True)
    return HeadCalibration(
        coef=calibrator.coef.tolist(),
        intercept=calibrator.intercept.tolist(),
        threshold=threshold,
        language_thresholds=per_language,
    )


def calibrate_bundle(
    bundle: E5Bundle,
    specs: Mapping[str, TaskSpec],
    rows: Sequence[MultiTaskExample],
    seed: int,
    kept: Mapping[str, HeadCalibration],
) -> dict[str, HeadCalibration]:
    """Every head's calibration: ``kept`` where given (reused heads), fitted on ``rows`` otherwise."""
    texts = [row.text for row in rows]
    return {
        task: kept[task] if task in kept else calibrate_head(spec, bundle.logits(task, texts), rows, seed)
        for task, spec in specs.items()
    }
