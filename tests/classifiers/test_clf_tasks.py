"""Task views: which raw labels count as misinformation / which sentiment."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.datasets import DataFormat, LabelledExample, load_examples
from classifiers.tasks import MISINFORMATION, NOT_MISINFORMATION, SENTIMENT, task_label, task_spec, task_view


def example(origin: DataFormat, *labels: str, language: str = "en") -> LabelledExample:
    return LabelledExample("text", labels, language, origin.value)


@pytest.mark.parametrize(
    ("origin", "labels", "expected"),
    [
        (DataFormat.CONSTRAINT_HINDI, ("fake",), MISINFORMATION),
        (DataFormat.CONSTRAINT_HINDI, ("defamation", "fake"), MISINFORMATION),
        (DataFormat.CONSTRAINT_HINDI, ("hate", "offensive"), NOT_MISINFORMATION),
        (DataFormat.CONSTRAINT_HINDI, ("non-hostile",), NOT_MISINFORMATION),
        (DataFormat.CONSTRAINT_ENGLISH, ("fake",), MISINFORMATION),
        (DataFormat.CONSTRAINT_ENGLISH, ("real",), NOT_MISINFORMATION),
        (DataFormat.LIAR, ("pants-fire",), MISINFORMATION),
        (DataFormat.LIAR, ("false",), MISINFORMATION),
        (DataFormat.LIAR, ("barely-true",), MISINFORMATION),
        (DataFormat.LIAR, ("half-true",), NOT_MISINFORMATION),
        (DataFormat.LIAR, ("mostly-true",), NOT_MISINFORMATION),
        (DataFormat.LIAR, ("true",), NOT_MISINFORMATION),
        (DataFormat.SST2_ENGLISH, ("0",), None),
    ],
)
def test_misinformation_view(origin: DataFormat, labels: tuple[str, ...], expected: str | None) -> None:
    assert task_label(MISINFORMATION, example(origin, *labels)) == expected


@pytest.mark.parametrize(
    ("origin", "labels", "expected"),
    [
        (DataFormat.SST2_ENGLISH, ("0",), "negative"),
        (DataFormat.SST2_ENGLISH, ("1",), "positive"),
        (DataFormat.IITP_PR_HINDI, ("neutral",), "neutral"),
        (DataFormat.IITP_PR_HINDI, ("negative",), "negative"),
        (DataFormat.IITP_PR_HINDI, ("conflict",), None),
        (DataFormat.LIAR, ("false",), None),
    ],
)
def test_sentiment_view(origin: DataFormat, labels: tuple[str, ...], expected: str | None) -> None:
    assert task_label(SENTIMENT, example(origin, *labels)) == expected


def test_view_counts_what_it_drops(fixture_data: Path) -> None:
    raw = load_examples(fixture_data / "sentiment/iitp_pr_hindi_dev.tsv")
    conflicts = sum(e.labels == ("conflict",) for e in raw)
    view = task_view(SENTIMENT, raw)
    assert conflicts > 0
    assert view.dropped == conflicts
    assert len(view.examples) == len(raw) - conflicts
    assert {e.label for e in view.examples} == {"negative", "neutral", "positive"}
    assert task_view(MISINFORMATION, raw).dropped == len(raw)


def test_fake_share_of_hindi_sample_matches_raw_labels(fixture_data: Path) -> None:
    raw = load_examples(fixture_data / "misinfo/constraint_hindi_valid.csv")
    view = task_view(MISINFORMATION, raw)
    flagged = sum(e.label == MISINFORMATION for e in view.examples)
    assert flagged == sum("fake" in e.labels for e in raw)
    assert 0 < flagged < len(raw)


def test_unknown_task_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown task 'sentimnet'"):
        task_spec("sentimnet")
