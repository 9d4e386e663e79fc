"""The classifier interface shared by every model family (TF-IDF baseline now, transformers later).

Callers only ever see :class:`TaskPrediction` records and the :class:`TaskClassifier` protocol, so a
model family can be swapped per task through the registry without touching the pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from core.records import TaskPrediction


@runtime_checkable
class TaskClassifier(Protocol):
    """A model for one task. Implementations batch internally; callers pass whole lists."""

    task: str
    name: str
    version: str

    def predict(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[TaskPrediction]:
        """Classify ``texts``; ``languages`` (ISO 639-1 or None per text) may guide multilingual models."""
        ...


def model_id(classifier: TaskClassifier) -> str:
    """The "NAME/VERSION" string recorded with every prediction."""
    return f"{classifier.name}/{classifier.version}"


def check_languages(texts: Sequence[str], languages: Sequence[str | None] | None) -> list[str | None]:
    """Expand ``languages`` to one entry per text, rejecting misaligned inputs early."""
    if languages is None:
        return [None] * len(texts)
    if len(languages) != len(texts):
        raise ValueError(f"got {len(texts)} texts but {len(languages)} languages")
    return list(languages)
