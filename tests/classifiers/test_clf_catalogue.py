"""The shared data catalogue and limitations text: one source for both families' cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.card import ModelCard
from classifiers.catalogue import (
    NEWS_NEGATIVES,
    PUBLIC_TRAIN,
    PUBLIC_VALIDATION,
    STANDARD_FILES,
    limitations,
    sources,
)
from classifiers.datasets import load_examples
from classifiers.registry import DEFAULT_MODELS_DIR
from core.tasks import SENTIMENT, TASKS

FAMILIES = ("tfidf-lr", "e5-multitask")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("task", sorted(TASKS))
def test_every_limitation_is_stated_once(task: str, family: str) -> None:
    lines = limitations(task, family)
    assert len(lines) == len(set(lines))


def test_both_families_state_the_data_limits_of_sentiment_once() -> None:
    baseline, transformer = limitations(SENTIMENT, "tfidf-lr"), limitations(SENTIMENT, "e5-multitask")
    assert baseline == transformer and any("Hindi data are product reviews" in line for line in transformer)


@pytest.mark.parametrize("task", sorted(TASKS))
def test_the_active_transformer_cards_state_the_catalogue_limitations(task: str) -> None:
    # Written before the text had one source (sentiment repeated a line, misinformation had the baseline's
    # rewording of its first one); mended to match what the catalogue now writes.
    card = ModelCard.load(DEFAULT_MODELS_DIR / task / "e5-mt" / "2026.11.30-7")
    assert card.limitations == limitations(task, "e5-multitask")


def test_the_transformer_reads_the_files_the_baseline_reads(fixture_data: Path) -> None:
    assert set(PUBLIC_TRAIN) == {path for files in STANDARD_FILES.values() for path in files.train}
    assert set(PUBLIC_VALIDATION) == {path for files in STANDARD_FILES.values() for path in files.validation}
    languages = set()
    for relative in (*PUBLIC_TRAIN, *PUBLIC_VALIDATION, NEWS_NEGATIVES):
        examples = load_examples(fixture_data / relative)
        assert examples, relative
        languages |= {example.language for example in examples}
    assert languages == {"hi", "en"}
    cited = sources([load_examples(fixture_data / relative)[0].origin for relative in PUBLIC_TRAIN])
    assert len(cited) == len(PUBLIC_TRAIN) and any("Hindi" in line for line in cited)
