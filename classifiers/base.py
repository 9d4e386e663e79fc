"""The classifier interface shared by every model family (TF-IDF baseline now, transformers later).

Callers only ever see :class:`TaskPrediction` records and the :class:`TaskClassifier` protocol, so a
model family can be swapped per task through the registry without touching the pipeline.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


class TaskKind(str, enum.Enum):
    """How a task's labels relate to each other; decides what ``flagged`` means."""

    BINARY = "binary"  # one positive label, scores = {positive: p}
    MULTICLASS = "multiclass"  # exactly one label from a closed set
    MULTILABEL = "multilabel"  # any subset of labels (e.g. hostility: hate + offensive)


@dataclass(frozen=True)
class TaskPrediction:
    """One model's verdict on one text for one task."""

    task: str
    model: str  # "NAME/VERSION", e.g. "tfidf-lr/2026.11.29-1"
    # per-label probability; binary tasks carry only the positive label (read-only; not part of the hash)
    scores: Mapping[str, float] = field(hash=False)
    labels: tuple[str, ...]  # predicted label(s); empty for a binary task that did not fire
    kind: TaskKind | None = field(default=None)

    def __post_init__(self) -> None:
        # Frozen record: expose scores read-only so a shared prediction cannot be altered downstream.
        object.__setattr__(self, "scores", types.MappingProxyType(dict(self.scores)))
        object.__setattr__(self, "labels", tuple(self.labels))
        if self.kind is None:
            inferred = TaskKind.BINARY if len(self.scores) == 1 else TaskKind.MULTICLASS
            object.__setattr__(self, "kind", inferred)
        else:
            object.__setattr__(self, "kind", TaskKind(self.kind))
        unknown = [label for label in self.labels if label not in self.scores]
        if unknown:
            raise ValueError(f"predicted labels {unknown} have no score in {sorted(self.scores)}")

    @property
    def score(self) -> float:
        """Positive-class probability for binary tasks, otherwise the highest label probability."""
        return max(self.scores.values()) if self.scores else 0.0

    @property
    def label(self) -> str | None:
        """The first predicted label, or None when a binary/multi-label task did not fire."""
        return self.labels[0] if self.labels else None

    @property
    def flagged(self) -> bool:
        """True when an alerting task fired; a multi-class choice (e.g. sentiment) is never an alert."""
        return self.kind is not TaskKind.MULTICLASS and bool(self.labels)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage and APIs."""
        return {
            "task": self.task,
            "model": self.model,
            "kind": self.kind.value if self.kind else None,
            "scores": dict(self.scores),
            "labels": list(self.labels),
        }


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
