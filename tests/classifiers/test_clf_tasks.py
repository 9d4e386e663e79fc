"""Task views: which raw labels count as misinformation / which sentiment."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.datasets import DataFormat, LabelledExample, load_examples
from classifiers.task_views import task_label, task_text, task_view
from core.tasks import (
    ARTICLE_TASKS,
    CLAIM_RATING,
    HOSTILITY,
    MISINFORMATION,
    NO_HOSTILITY,
    NOT_MISINFORMATION,
    SENTIMENT,
    TASKS,
    task_spec,
)


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


@pytest.mark.parametrize(
    ("origin", "labels", "expected"),
    [
        (DataFormat.CONSTRAINT_HINDI, ("non-hostile",), NO_HOSTILITY),
        (DataFormat.CONSTRAINT_HINDI, ("fake",), "hostile"),
        (DataFormat.CONSTRAINT_HINDI, ("offensive", "hate"), "hostile,hate,offensive"),
        # English real tweets are non-hostile examples; a fake one is hostile of an unknown kind, so unused.
        (DataFormat.CONSTRAINT_ENGLISH, ("real",), NO_HOSTILITY),
        (DataFormat.CONSTRAINT_ENGLISH, ("fake",), None),
        (DataFormat.LIAR, ("false",), None),
    ],
)
def test_hostility_view(origin: DataFormat, labels: tuple[str, ...], expected: str | None) -> None:
    assert task_label(HOSTILITY, example(origin, *labels)) == expected


def test_claim_rating_reads_liar_grades_with_speaker_and_venue() -> None:
    claim = LabelledExample(
        "Says unemployment fell.", ("half-true",), "en", DataFormat.LIAR.value, context="jane doe, democrat, in a debate"
    )
    assert task_label(CLAIM_RATING, claim) == "half-true"
    assert task_text(CLAIM_RATING, claim) == "jane doe, democrat, in a debate: Says unemployment fell."
    assert task_text(MISINFORMATION, claim) == "Says unemployment fell."  # articles come without a speaker
    hindi = LabelledExample("दावा: ईवीएम हैक हुई", ("fake",), "hi", DataFormat.CONSTRAINT_HINDI.value)
    assert task_label(CLAIM_RATING, hindi) is None
    assert not task_spec(CLAIM_RATING).on_articles and CLAIM_RATING not in ARTICLE_TASKS


def test_tasks_reading_one_text_share_a_training_row() -> None:
    from classifiers.e5.examples import build_examples

    claim = LabelledExample("Says taxes doubled.", ("false",), "en", DataFormat.LIAR.value, context="john roe, in an ad")
    post = LabelledExample("यह खबर झूठी है, शेयर न करें", ("fake", "hate"), "hi", DataFormat.CONSTRAINT_HINDI.value)
    rows, unused = build_examples([claim, post], TASKS)
    assert unused == 0
    by_text = {row.text: set(row.targets) for row in rows}
    assert by_text == {
        "Says taxes doubled.": {MISINFORMATION},
        "john roe, in an ad: Says taxes doubled.": {CLAIM_RATING},
        "यह खबर झूठी है, शेयर न करें": {MISINFORMATION, HOSTILITY},
    }
