"""TaskPrediction semantics the pipeline relies on (flagged, score, label) and input validation."""

from __future__ import annotations

import pytest

from classifiers.base import check_languages
from core.records import TaskPrediction
from core.tasks import TaskKind


def test_binary_prediction_that_fires_is_flagged_with_positive_score() -> None:
    prediction = TaskPrediction("misinformation", "tfidf-lr/2026.11.29-1", {"misinformation": 0.83}, ("misinformation",))
    assert prediction.kind is TaskKind.BINARY
    assert prediction.flagged
    assert prediction.score == pytest.approx(0.83)
    assert prediction.label == "misinformation"


def test_binary_prediction_below_threshold_is_not_flagged() -> None:
    prediction = TaskPrediction("misinformation", "m/2026.11.29-1", {"misinformation": 0.12}, ())
    assert not prediction.flagged
    assert prediction.label is None
    assert prediction.score == pytest.approx(0.12)


def test_multiclass_choice_is_never_an_alert() -> None:
    scores = {"negative": 0.7, "neutral": 0.2, "positive": 0.1}
    prediction = TaskPrediction("sentiment", "m/2026.11.29-1", scores, ("negative",))
    assert prediction.kind is TaskKind.MULTICLASS
    assert not prediction.flagged
    assert prediction.label == "negative"
    assert prediction.score == pytest.approx(0.7)


def test_multilabel_prediction_is_flagged_when_any_label_fires() -> None:
    scores = {"hate": 0.8, "offensive": 0.6, "fake": 0.1}
    fired = TaskPrediction("hostility", "m/2026.11.29-1", scores, ("hate", "offensive"), TaskKind.MULTILABEL)
    quiet = TaskPrediction("hostility", "m/2026.11.29-1", scores, (), TaskKind.MULTILABEL)
    assert fired.flagged and not quiet.flagged


def test_scores_are_read_only_and_serialisable() -> None:
    source = {"misinformation": 0.5}
    prediction = TaskPrediction("misinformation", "m/2026.11.29-1", source, ())
    source["misinformation"] = 0.9  # the caller's dict must not leak into the frozen record
    assert prediction.scores["misinformation"] == 0.5
    with pytest.raises(TypeError):
        prediction.scores["misinformation"] = 1.0  # type: ignore[index]
    assert prediction.to_dict() == {
        "task": "misinformation",
        "model": "m/2026.11.29-1",
        "kind": "binary",
        "scores": {"misinformation": 0.5},
        "labels": [],
    }


def test_label_without_score_is_rejected() -> None:
    with pytest.raises(ValueError, match="no score"):
        TaskPrediction("sentiment", "m/2026.11.29-1", {"negative": 0.4, "positive": 0.6}, ("neutral",))


def test_languages_must_align_with_texts() -> None:
    assert check_languages(["a", "b"], None) == [None, None]
    assert check_languages(["a", "b"], ["hi", None]) == ["hi", None]
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        check_languages(["a", "b"], ["hi"])
