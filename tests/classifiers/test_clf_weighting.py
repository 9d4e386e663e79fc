"""Balancing weights, with and without a proxy-labelled data set."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from classifiers.baseline.weighting import balanced_weights, language_weights
from classifiers.task_views import TaskExample
from core.tasks import MISINFORMATION, NOT_MISINFORMATION


def rows(origin: str, language: str, label: str, count: int) -> list[TaskExample]:
    return [TaskExample(f"{origin} {i}", label, language, origin) for i in range(count)]


EXAMPLES = (
    rows("constraint_hindi", "hi", MISINFORMATION, 30)
    + rows("constraint_hindi", "hi", NOT_MISINFORMATION, 120)
    + rows("constraint_english", "en", MISINFORMATION, 50)
    + rows("constraint_english", "en", NOT_MISINFORMATION, 50)
    + rows("liar", "en", MISINFORMATION, 200)
    + rows("liar", "en", NOT_MISINFORMATION, 300)
)
BBC = rows("bbc_hindi_topics", "hi", NOT_MISINFORMATION, 400)


def mass(examples: list[TaskExample], weights: np.ndarray) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for example, weight in zip(examples, weights):
        totals[(example.origin, example.label)] += weight / weights.sum()
    return dict(totals)


def test_without_proxies_every_language_data_set_and_class_gets_its_equal_share() -> None:
    weights = balanced_weights(EXAMPLES)
    assert weights.mean() == pytest.approx(1.0)
    shares = mass(EXAMPLES, weights)
    assert shares[("constraint_hindi", MISINFORMATION)] == pytest.approx(0.25)
    assert shares[("constraint_hindi", NOT_MISINFORMATION)] == pytest.approx(0.25)
    assert shares[("liar", MISINFORMATION)] == pytest.approx(0.125)
    assert shares[("constraint_english", NOT_MISINFORMATION)] == pytest.approx(0.125)
    assert balanced_weights(EXAMPLES, {}) == pytest.approx(weights)


def test_proxy_set_gets_its_share_of_its_language_and_nothing_else_moves() -> None:
    examples = EXAMPLES + BBC
    shares = mass(examples, balanced_weights(examples, {"bbc_hindi_topics": 0.1}))
    # Hindi keeps half of all mass; BBC takes 10% of it, CONSTRAINT Hindi's two classes share the rest.
    assert shares[("bbc_hindi_topics", NOT_MISINFORMATION)] == pytest.approx(0.05)
    assert shares[("constraint_hindi", MISINFORMATION)] == pytest.approx(0.225)
    assert shares[("constraint_hindi", NOT_MISINFORMATION)] == pytest.approx(0.225)
    # English is untouched, whatever the size of the proxy set.
    assert shares[("liar", MISINFORMATION)] == pytest.approx(0.125)
    assert shares[("constraint_english", MISINFORMATION)] == pytest.approx(0.125)
    # Without a share the one-class proxy set would be weighted like a labelled data set.
    unguarded = mass(examples, balanced_weights(examples))
    assert unguarded[("bbc_hindi_topics", NOT_MISINFORMATION)] == pytest.approx(0.25)


@pytest.mark.parametrize("share", [0.0, 1.0, -0.2, 1.5])
def test_proxy_share_must_leave_room_for_labelled_data(share: float) -> None:
    with pytest.raises(ValueError, match="proxy share"):
        balanced_weights(EXAMPLES + BBC, {"bbc_hindi_topics": share})


def test_a_language_with_only_proxy_rows_is_rejected() -> None:
    english_only = [e for e in EXAMPLES if e.language == "en"]
    with pytest.raises(ValueError, match="no mass for labelled 'hi'"):
        balanced_weights(english_only + BBC, {"bbc_hindi_topics": 0.1})


def test_language_weights_keep_the_natural_class_mix() -> None:
    weights = language_weights(EXAMPLES)
    shares = mass(EXAMPLES, weights)
    assert shares[("constraint_hindi", MISINFORMATION)] == pytest.approx(0.5 * 30 / 150)
    assert shares[("liar", NOT_MISINFORMATION)] == pytest.approx(0.5 * 300 / 600)
