"""The classification stage's contract: one call classifies a batch for every task at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.records import TaskPrediction


class MultiTaskClassifier(Protocol):
    def classify(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[dict[str, TaskPrediction]]:
        ...
