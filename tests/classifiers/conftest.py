"""Shared fixtures: paths to the shipped samples and a registry trained once on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from classifiers.training import TrainingResult, train_baseline

REPO = Path(__file__).resolve().parents[2]
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
TRAIN_DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="session")
def fixture_data() -> Path:
    return FIXTURE_DATA


@pytest.fixture(scope="session")
def fixture_training(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[TrainingResult]]:
    """Both baseline tasks trained on the shipped samples into a throw-away registry (seconds)."""
    models_dir = tmp_path_factory.mktemp("fixture-models")
    results = train_baseline(FIXTURE_DATA, models_dir, today=TRAIN_DAY)
    return models_dir, results
