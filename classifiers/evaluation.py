"""Evaluation of any :class:`TaskClassifier` on labelled data, broken down by language and data set.

The report types are pydantic models so they go straight into model cards and JSON output; the
same code will evaluate the transformer models later, since it only uses the public interface.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from classifiers.base import TaskClassifier, model_id
from classifiers.calibration import CalibrationReport, calibration_report
from classifiers.datasets import load_examples
from classifiers.registry import load_active, load_model
from classifiers.task_views import TaskExample, TaskView, task_view
from core.records import TaskPrediction
from core.tasks import TaskKind, TaskSpec, hostility_labels, task_spec


class LabelMetrics(BaseModel):
    precision: float
    recall: float
    f1: float
    support: int


class Metrics(BaseModel):
    """Headline figures: binary tasks report the positive class, multi-class tasks macro averages."""

    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float
    labels: list[str]  # row/column order of ``confusion``
    confusion: list[list[int]]  # rows: true label, columns: predicted label
    per_label: dict[str, LabelMetrics]
    calibration: CalibrationReport | None = None


class TaskEvaluation(BaseModel):
    task: str
    model: str
    threshold: float | None
    language_thresholds: dict[str, float] = {}
    dropped: int  # examples without a label for this task (e.g. IITP "conflict")
    overall: Metrics
    by_language: dict[str, Metrics]
    by_dataset: dict[str, Metrics]


def predicted_label(spec: TaskSpec, prediction: TaskPrediction) -> str:
    """The single class a prediction stands for, so binary "not flagged" has a name too.

    Multi-label predictions become the task view's label form: the labels in class order, comma-joined.
    """
    if spec.kind is TaskKind.MULTILABEL:
        found = [label for label in spec.classes if label in prediction.labels]
        return ",".join(found) if found else "none"
    if spec.kind is TaskKind.BINARY:
        negative = next(label for label in spec.classes if label != spec.positive)
        return spec.positive if prediction.flagged and spec.positive else negative
    if prediction.label is None:
        raise ValueError(f"{spec.name} prediction without a label: {prediction}")
    return prediction.label


def confidence(spec: TaskSpec, prediction: TaskPrediction) -> float:
    """The probability reliability is measured on: positive class (binary) or top label."""
    if spec.kind is TaskKind.BINARY and spec.positive:
        return float(prediction.scores[spec.positive])
    return prediction.score


def compute_metrics(
    spec: TaskSpec, gold: Sequence[str], predicted: Sequence[str], confidences: Sequence[float]
) -> Metrics:
    labels = list(spec.classes)
    index = {label: position for position, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for truth, guess in zip(gold, predicted, strict=True):
        confusion[index[truth], index[guess]] += 1
    per_label: dict[str, LabelMetrics] = {}
    for position, label in enumerate(labels):
        true_positive = int(confusion[position, position])
        predicted_total = int(confusion[:, position].sum())
        actual_total = int(confusion[position, :].sum())
        precision = true_positive / predicted_total if predicted_total else 0.0
        recall = true_positive / actual_total if actual_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = LabelMetrics(precision=precision, recall=recall, f1=f1, support=actual_total)
    n = len(gold)
    accuracy = float(np.trace(confusion) / n) if n else 0.0
    if spec.kind is TaskKind.BINARY and spec.positive:
        headline = per_label[spec.positive]
        precision, recall, f1 = headline.precision, headline.recall, headline.f1
        outcomes = np.array([truth == spec.positive for truth in gold], dtype=float)
    else:
        # Macro over classes present in the gold data: SST-2 has no neutral class, and a class
        # that cannot occur should not drag an English-only breakdown to zero.
        present = [per_label[label] for label in labels if per_label[label].support > 0] or list(per_label.values())
        precision = float(np.mean([m.precision for m in present]))
        recall = float(np.mean([m.recall for m in present]))
        f1 = float(np.mean([m.f1 for m in present]))
        outcomes = np.array([truth == guess for truth, guess in zip(gold, predicted)], dtype=float)
    calibration = calibration_report(np.asarray(confidences, dtype=float), outcomes)
    return Metrics(
        n=n,
        accuracy=accuracy,
        precision=precision,
        recall=recall,
        f1=f1,
        labels=labels,
        confusion=confusion.tolist(),
        per_label=per_label,
        calibration=calibration,
    )


def _binary_figures(truth: np.ndarray, guess: np.ndarray) -> LabelMetrics:
    true_positive = int((truth & guess).sum())
    precision = true_positive / int(guess.sum()) if guess.any() else 0.0
    recall = true_positive / int(truth.sum()) if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelMetrics(precision=precision, recall=recall, f1=f1, support=int(truth.sum()))


def compute_multilabel_metrics(
    spec: TaskSpec, gold: Sequence[str], predicted: Sequence[str], scores: Sequence[dict[str, float]]
) -> Metrics:
    """Per-label precision/recall/F1, their macro average, exact-match accuracy and per-label calibration.

    ``confusion[i][j]`` counts texts whose gold labels include label i and whose predicted labels include
    label j, so the diagonal holds each label's true positives and the rest shows which labels get mixed up.
    """
    labels = list(spec.classes)
    truth = np.array([[label in hostility_labels(g) for label in labels] for g in gold], dtype=bool).reshape(-1, len(labels))
    guess = np.array([[label in hostility_labels(p) for label in labels] for p in predicted], dtype=bool).reshape(-1, len(labels))
    per_label = {label: _binary_figures(truth[:, i], guess[:, i]) for i, label in enumerate(labels)}
    confusion = (truth.T.astype(np.int64) @ guess.astype(np.int64)).tolist()
    present = [per_label[label] for label in labels if per_label[label].support > 0] or list(per_label.values())
    probabilities = np.array([[row.get(label, 0.0) for label in labels] for row in scores], dtype=float).reshape(-1)
    n = len(gold)
    return Metrics(
        n=n,
        accuracy=float((truth == guess).all(axis=1).mean()) if n else 0.0,
        precision=float(np.mean([m.precision for m in present])),
        recall=float(np.mean([m.recall for m in present])),
        f1=float(np.mean([m.f1 for m in present])),
        labels=labels,
        confusion=confusion,
        per_label=per_label,
        calibration=calibration_report(probabilities, truth.reshape(-1).astype(float)),
    )


def evaluate(classifier: TaskClassifier, view: TaskView) -> TaskEvaluation:
    """Predict every example of ``view`` once and score overall, per language and per data set."""
    spec = task_spec(classifier.task)
    if view.task != spec.name:
        raise ValueError(f"cannot evaluate a {spec.name!r} model on {view.task!r} data")
    examples: Sequence[TaskExample] = view.examples
    predictions = classifier.predict([e.text for e in examples], [e.language for e in examples])
    gold = [e.label for e in examples]
    guesses = [predicted_label(spec, p) for p in predictions]
    confidences = [confidence(spec, p) for p in predictions]
    label_scores = [dict(p.scores) for p in predictions]

    def metrics(pick: Sequence[int]) -> Metrics:
        if spec.kind is TaskKind.MULTILABEL:
            return compute_multilabel_metrics(
                spec, [gold[i] for i in pick], [guesses[i] for i in pick], [label_scores[i] for i in pick]
            )
        return compute_metrics(spec, [gold[i] for i in pick], [guesses[i] for i in pick], [confidences[i] for i in pick])

    def subset(mask: list[bool]) -> Metrics:
        return metrics([i for i, keep in enumerate(mask) if keep])

    languages = sorted({e.language for e in examples})
    datasets = sorted({e.origin for e in examples})
    return TaskEvaluation(
        task=spec.name,
        model=model_id(classifier),
        threshold=getattr(classifier, "threshold", None),
        language_thresholds=dict(getattr(classifier, "language_thresholds", {}) or {}),
        dropped=view.dropped,
        overall=metrics(range(len(examples))),
        by_language={lang: subset([e.language == lang for e in examples]) for lang in languages},
        by_dataset={name: subset([e.origin == name for e in examples]) for name in datasets},
    )


@dataclass(frozen=True)
class EvaluationRequest:
    """``satark evaluate``: a stored version of ``task`` (the active one unless ``model_id``) on labelled files."""

    task: str
    data_files: tuple[Path, ...]
    models_dir: Path | None = None
    model_id: str | None = None


class NothingToEvaluate(ValueError):
    """None of the given examples carries a label for the task."""


def evaluate_stored(request: EvaluationRequest) -> TaskEvaluation:
    """Load the version, read the files (any supported format) and evaluate by language and data set."""
    task, models_dir = request.task, request.models_dir
    classifier = load_model(task, request.model_id, models_dir) if request.model_id else load_active(task, models_dir)
    examples = [example for path in request.data_files for example in load_examples(path)]
    view = task_view(task, examples)
    if not view.examples:
        raise NothingToEvaluate(f"none of the {len(examples)} examples has a {task!r} label")
    return evaluate(classifier, view)
