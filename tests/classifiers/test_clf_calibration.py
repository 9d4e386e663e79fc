"""Threshold choice, calibration layer and reliability measures against independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.calibration import Calibrator, best_f1_threshold, calibration_report, fit_calibrator


def brute_force_f1(probabilities: np.ndarray, outcomes: np.ndarray, threshold: float) -> float:
    predicted = probabilities >= threshold
    tp = np.sum(predicted & outcomes)
    fp = np.sum(predicted & ~outcomes)
    fn = np.sum(~predicted & outcomes)
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def test_best_threshold_matches_exhaustive_search() -> None:
    rng = np.random.default_rng(7)
    outcomes = rng.random(400) < 0.3
    probabilities = np.clip(0.35 * outcomes + rng.normal(0.35, 0.2, 400), 0, 1)
    threshold, f1 = best_f1_threshold(probabilities, outcomes)
    exhaustive = max(brute_force_f1(probabilities, outcomes, t) for t in np.unique(probabilities))
    assert f1 == pytest.approx(exhaustive)
    assert brute_force_f1(probabilities, outcomes, threshold) == pytest.approx(exhaustive)


def test_threshold_never_splits_tied_scores() -> None:
    # Cutting inside the 0.6 tie would give F1 0.8 on paper but no threshold can realise it.
    probabilities = np.array([0.9, 0.6, 0.6, 0.6, 0.1])
    outcomes = np.array([True, True, False, False, False])
    threshold, f1 = best_f1_threshold(probabilities, outcomes)
    assert threshold == pytest.approx(0.75)
    assert f1 == pytest.approx(brute_force_f1(probabilities, outcomes, threshold))


def test_weights_shift_the_threshold() -> None:
    probabilities = np.array([0.9, 0.7, 0.6, 0.5, 0.3])
    outcomes = np.array([True, False, False, True, False])
    plain, _ = best_f1_threshold(probabilities, outcomes)
    heavy_positive, _ = best_f1_threshold(probabilities, outcomes, np.array([1.0, 1.0, 1.0, 10.0, 1.0]))
    assert plain == pytest.approx(0.8)
    assert heavy_positive == pytest.approx(0.4)  # a heavy positive at 0.5 is worth catching


def test_calibration_report_separates_honest_from_overconfident() -> None:
    rng = np.random.default_rng(3)
    honest = rng.random(20_000)
    outcomes = rng.random(20_000) < honest
    good = calibration_report(honest, outcomes)
    bad = calibration_report(np.where(honest > 0.5, 0.99, 0.01), outcomes)
    assert good.ece < 0.02 < 0.2 < bad.ece
    assert good.brier == pytest.approx(np.mean((honest - outcomes) ** 2))
    assert sum(b.count for b in good.bins) == 20_000
    assert bad.bins[-1].mean_predicted == pytest.approx(0.99)


def test_platt_layer_recovers_a_known_sigmoid() -> None:
    rng = np.random.default_rng(11)
    logits = rng.normal(0, 3, (20_000, 1))
    true_probability = 1 / (1 + np.exp(-(0.5 * logits[:, 0] - 1.0)))
    targets = (rng.random(20_000) < true_probability).astype(int)
    calibrator = fit_calibrator(logits, targets, random_state=0)
    assert calibrator.coef[0, 0] == pytest.approx(0.5, abs=0.05)
    assert calibrator.intercept[0] == pytest.approx(-1.0, abs=0.1)
    probabilities = calibrator.probabilities(logits)
    assert probabilities.shape == (20_000, 2)
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_identity_multiclass_is_softmax() -> None:
    logits = np.array([[1.0, 2.0, 3.0]])
    expected = np.exp(logits) / np.exp(logits).sum()
    assert np.allclose(Calibrator.identity(3).probabilities(logits), expected)


def brute_force_capped(probabilities: np.ndarray, outcomes: np.ndarray) -> float:
    """Best F1 among thresholds that flag at most as many rows as there are positives."""
    candidates = [t for t in np.unique(probabilities) if np.sum(probabilities >= t) <= outcomes.sum()]
    return max(brute_force_f1(probabilities, outcomes, t) for t in candidates)


def test_capped_threshold_never_flags_more_rows_than_there_are_positives() -> None:
    # A weakly separable set (as LIAR is): plain F1 is maximised by flagging almost everything.
    rng = np.random.default_rng(5)
    outcomes = rng.random(600) < 0.45
    probabilities = np.clip(0.08 * outcomes + rng.normal(0.45, 0.15, 600), 0, 1)
    plain, _ = best_f1_threshold(probabilities, outcomes)
    capped, f1 = best_f1_threshold(probabilities, outcomes, cap_at_positives=True)
    assert np.mean(probabilities >= plain) > 0.7
    assert np.sum(probabilities >= capped) <= outcomes.sum()
    assert capped > plain
    assert f1 == pytest.approx(brute_force_capped(probabilities, outcomes))
    assert brute_force_f1(probabilities, outcomes, capped) == pytest.approx(f1)


def test_cap_changes_nothing_when_the_best_threshold_already_flags_few() -> None:
    rng = np.random.default_rng(9)
    outcomes = rng.random(400) < 0.3
    probabilities = np.clip(0.5 * outcomes + rng.normal(0.25, 0.1, 400), 0, 1)
    plain = best_f1_threshold(probabilities, outcomes)
    assert np.sum(probabilities >= plain[0]) <= outcomes.sum()  # a separable set: the optimum is precise
    assert best_f1_threshold(probabilities, outcomes, cap_at_positives=True) == plain
