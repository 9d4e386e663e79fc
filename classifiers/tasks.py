"""Task definitions and the task views that turn raw data-set labels into task labels.

Keeping the views here (not in the loaders) means the same CONSTRAINT Hindi file can later feed the
hostility task with its fine labels while the misinformation task sees only fake-vs-rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.base import TaskKind
from classifiers.datasets import DataFormat, LabelledExample

MISINFORMATION = "misinformation"
SENTIMENT = "sentiment"
HOSTILITY = "hostility"  # reserved for the transformer heads; no baseline yet

NOT_MISINFORMATION = "not-misinformation"

# LIAR's coarse split: the three "false" grades are treated as misinformation, the rest as not.
LIAR_MISINFORMATION = frozenset({"pants-fire", "false", "barely-true"})
SST2_SENTIMENT = {"0": "negative", "1": "positive"}


@dataclass(frozen=True)
class TaskSpec:
    """What a task predicts. ``classes`` is the order models use for their score columns."""

    name: str
    kind: TaskKind
    classes: tuple[str, ...]
    positive: str | None = None  # binary tasks: the label reported in scores and flagged

    @property
    def reported_labels(self) -> tuple[str, ...]:
        """Labels that appear in ``TaskPrediction.scores`` (binary tasks report only the positive one)."""
        return (self.positive,) if self.kind is TaskKind.BINARY and self.positive else self.classes


TASKS: dict[str, TaskSpec] = {
    MISINFORMATION: TaskSpec(
        MISINFORMATION, TaskKind.BINARY, (NOT_MISINFORMATION, MISINFORMATION), positive=MISINFORMATION
    ),
    SENTIMENT: TaskSpec(SENTIMENT, TaskKind.MULTICLASS, ("negative", "neutral", "positive")),
}


def task_spec(task: str) -> TaskSpec:
    """The spec of a known task; a clear error for typos in CLI arguments or configs."""
    try:
        return TASKS[task]
    except KeyError:
        raise ValueError(f"unknown task {task!r}; known tasks: {', '.join(sorted(TASKS))}") from None


def _misinformation_label(example: LabelledExample) -> str | None:
    origin = example.origin
    if origin == DataFormat.CONSTRAINT_HINDI.value:
        # Only "fake" is misinformation; hate/offensive/defamation are hostility, not falsehood.
        return MISINFORMATION if "fake" in example.labels else NOT_MISINFORMATION
    if origin == DataFormat.CONSTRAINT_ENGLISH.value:
        return MISINFORMATION if example.labels == ("fake",) else NOT_MISINFORMATION
    if origin == DataFormat.LIAR.value:
        return MISINFORMATION if example.labels[0] in LIAR_MISINFORMATION else NOT_MISINFORMATION
    return None


def _sentiment_label(example: LabelledExample) -> str | None:
    origin = example.origin
    if origin == DataFormat.IITP_PR_HINDI.value:
        label = example.labels[0]
        # "conflict" (mixed praise and complaint) has no place on a negative-neutral-positive scale.
        return None if label == "conflict" else label
    if origin == DataFormat.SST2_ENGLISH.value:
        return SST2_SENTIMENT[example.labels[0]]
    return None


_VIEWS = {MISINFORMATION: _misinformation_label, SENTIMENT: _sentiment_label}


def task_label(task: str, example: LabelledExample) -> str | None:
    """The example's label for ``task``, or None when the example does not inform that task."""
    task_spec(task)
    return _VIEWS[task](example)


@dataclass(frozen=True)
class TaskExample:
    """A labelled example seen through one task's view."""

    text: str
    label: str
    language: str
    origin: str


@dataclass(frozen=True)
class TaskView:
    """A task's examples plus how many were dropped (e.g. IITP "conflict"), so nothing vanishes silently."""

    task: str
    examples: tuple[TaskExample, ...]
    dropped: int


def task_view(task: str, examples: Iterable[LabelledExample]) -> TaskView:
    """Project raw examples onto ``task``; examples without a task label are counted, not kept."""
    kept: list[TaskExample] = []
    dropped = 0
    for example in examples:
        label = task_label(task, example)
        if label is None:
            dropped += 1
            continue
        kept.append(TaskExample(example.text, label, example.language, example.origin))
    return TaskView(task, tuple(kept), dropped)
