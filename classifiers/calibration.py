"""Turning raw model scores into honest probabilities, and measuring how honest they are.

The linear model is trained with balancing weights, which deliberately distorts its implied class
priors; a tiny logistic layer fitted on held-out, *unweighted* data maps the raw logits back to
probabilities that match observed frequencies (Platt scaling; its multinomial form for >2 classes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel
from sklearn.linear_model import LogisticRegression

RELIABILITY_BINS = 10


@dataclass(frozen=True)
class Calibrator:
    """Affine map on logits followed by sigmoid (one column) or softmax (several)."""

    coef: np.ndarray  # (k_out, k_in)
    intercept: np.ndarray  # (k_out,)

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_classes); binary logits give two columns [neg, pos]."""
        scores = logits @ self.coef.T + self.intercept
        if scores.shape[1] == 1:
            positive = _sigmoid(scores[:, 0])
            return np.column_stack([1.0 - positive, positive])
        shifted = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=1, keepdims=True)

    @classmethod
    def identity(cls, n_logits: int) -> Calibrator:
        return cls(np.eye(n_logits, dtype=np.float32), np.zeros(n_logits, dtype=np.float32))


def fit_calibrator(
    logits: np.ndarray, targets: np.ndarray, random_state: int, weights: np.ndarray | None = None
) -> Calibrator:
    """Fit Platt / multinomial scaling of ``logits`` (n, k) to class indices ``targets``."""
    # Weak regularisation: only k*k + k parameters, fitted on thousands of rows.
    model = LogisticRegression(C=100.0, max_iter=1000, random_state=random_state)
    model.fit(logits, targets, sample_weight=weights)
    coef = np.asarray(model.coef_, dtype=np.float32)
    intercept = np.asarray(model.intercept_, dtype=np.float32)
    return Calibrator(coef, intercept)


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * values))  # overflow-free form of 1 / (1 + e^-x)


class ReliabilityBin(BaseModel):
    lower: float
    upper: float
    count: int
    mean_predicted: float | None
    observed_rate: float | None


class CalibrationReport(BaseModel):
    """Brier score, expected calibration error and a reliability table for one binary score."""

    brier: float
    ece: float
    bins: list[ReliabilityBin]


def calibration_report(probabilities: np.ndarray, outcomes: np.ndarray, n_bins: int = RELIABILITY_BINS) -> CalibrationReport:
    """How well predicted probabilities of the positive class match observed outcomes (0/1)."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    outcomes = np.asarray(outcomes, dtype=np.float64)
    if probabilities.shape != outcomes.shape or probabilities.ndim != 1:
        raise ValueError("probabilities and outcomes must be 1-D arrays of equal length")
    if probabilities.size == 0:
        return CalibrationReport(brier=0.0, ece=0.0, bins=[])
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # interior edges only: p == 1.0 lands in the last bin, p == 0.0 in the first
    indices = np.clip(np.digitize(probabilities, edges[1:-1], right=False), 0, n_bins - 1)
    bins: list[ReliabilityBin] = []
    ece = 0.0
    for index in range(n_bins):
        mask = indices == index
        count = int(mask.sum())
        mean_predicted: float | None = None
        observed: float | None = None
        if count:
            mean_predicted = float(probabilities[mask].mean())
            observed = float(outcomes[mask].mean())
            ece += count / probabilities.size * abs(mean_predicted - observed)
        bins.append(
            ReliabilityBin(
                lower=float(edges[index]),
                upper=float(edges[index + 1]),
                count=count,
                mean_predicted=mean_predicted,
                observed_rate=observed,
            )
        )
    brier = float(np.mean((probabilities - outcomes) ** 2))
    return CalibrationReport(brier=brier, ece=float(ece), bins=bins)


def best_f1_threshold(
    probabilities: np.ndarray,
    outcomes: np.ndarray,
    weights: np.ndarray | None = None,
    cap_at_positives: bool = False,
) -> tuple[float, float]:
    """The decision threshold on positive-class probability that maximises (weighted) F1, and that F1.

    Candidate thresholds are the observed probabilities themselves; the returned threshold is the
    midpoint to the next lower score so tiny numeric differences on reload do not flip decisions.

    ``cap_at_positives`` only admits thresholds that flag no more (weighted) rows than there are
    positives, i.e. precision >= recall. Unconstrained F1 rewards flagging nearly everything on data
    the model barely separates (LIAR: flagging all claims already scores F1 0.62), and held-out sets
    with 20-50% positives make that look cheap; in a news stream with far fewer positives every
    extra alert is an analyst's time.
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    outcomes = np.asarray(outcomes, dtype=bool)
    row_weights = np.ones_like(probabilities) if weights is None else np.asarray(weights, dtype=np.float64)
    if not outcomes.any():
        raise ValueError("cannot choose a threshold without positive examples")
    order = np.argsort(-probabilities, kind="stable")
    sorted_probs = probabilities[order]
    positive_weight = row_weights[outcomes].sum()
    true_positives = np.cumsum(np.where(outcomes[order], row_weights[order], 0.0))
    predicted_positive = np.cumsum(row_weights[order])
    precision = true_positives / predicted_positive
    recall = true_positives / positive_weight
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    # Only cut between distinct scores: ties must fall on the same side.
    allowed = np.append(sorted_probs[1:] < sorted_probs[:-1], True)
    if cap_at_positives:
        capped = allowed & (predicted_positive <= positive_weight * (1.0 + 1e-9))
        # The top score alone may outweigh every positive (heavy weights): fall back to no cap.
        allowed = capped if capped.any() else allowed
    f1 = np.where(allowed, f1, -1.0)
    best = int(np.argmax(f1))
    lower = sorted_probs[best + 1] if best + 1 < sorted_probs.size else 0.0
    threshold = float((sorted_probs[best] + lower) / 2.0)
    return threshold, float(f1[best])


# Below this many held-out positives (or negatives) a per-language threshold is mostly noise.
MIN_THRESHOLD_ROWS = 20


def per_language_thresholds(
    positive: np.ndarray, outcomes: np.ndarray, languages: Sequence[str] | None, cap_at_positives: bool
) -> dict[str, float]:
    """Max-F1 threshold per language with enough held-out rows of both classes to trust it."""
    if languages is None:
        return {}
    codes = np.asarray(languages)
    thresholds: dict[str, float] = {}
    for language in sorted(set(languages)):
        mask = codes == language
        positives = int(outcomes[mask].sum())
        if min(positives, int(mask.sum()) - positives) >= MIN_THRESHOLD_ROWS:
            thresholds[language], _ = best_f1_threshold(positive[mask], outcomes[mask], None, cap_at_positives)
    return thresholds
