"""Task views: how raw data-set labels become each task's labels (the catalogue itself is `core.tasks`).

Keeping the views here (not in the loaders) means the same CONSTRAINT Hindi file can later feed the
hostility task with its fine labels while the misinformation task sees only fake-vs-rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from classifiers.datasets import DataFormat, LabelledExample
from core.tasks import (
    CLAIM_RATING,
    FINE_HOSTILITY,
    HOSTILE,
    HOSTILITY,
    MISINFORMATION,
    NO_HOSTILITY,
    NOT_MISINFORMATION,
    SENTIMENT,
    task_spec,
)

# LIAR's coarse split: the three "false" grades are treated as misinformation, the rest as not.
LIAR_MISINFORMATION = frozenset({"pants-fire", "false", "barely-true"})
SST2_SENTIMENT = {"0": "negative", "1": "positive"}


def _misinformation_label(example: LabelledExample) -> str | None:
    origin = example.origin
    if origin == DataFormat.CONSTRAINT_HINDI.value:
        # Only "fake" is misinformation; hate/offensive/defamation are hostility, not falsehood.
        return MISINFORMATION if "fake" in example.labels else NOT_MISINFORMATION
    if origin == DataFormat.CONSTRAINT_ENGLISH.value:
        return MISINFORMATION if example.labels == ("fake",) else NOT_MISINFORMATION
    if origin == DataFormat.LIAR.value:
        return MISINFORMATION if example.labels[0] in LIAR_MISINFORMATION else NOT_MISINFORMATION
    if origin == DataFormat.SATARK_LABELS.value:
        # A reviewer's confirmed flag is exported as "fake", a dismissed one as "real".
        return MISINFORMATION if example.labels == ("fake",) else NOT_MISINFORMATION
    return None


def _sentiment_label(example: LabelledExample) -> str | None:
    origin = example.origin
    if origin == DataFormat.IITP_PR_HINDI.value:
        label = example.labels[0]
        # "conflict" (mixed praise and complaint) has no place on a negative-neutral-positive scale.
        return None if label == "conflict" else label
    if origin == DataFormat.SST2_ENGLISH.value:
        return SST2_SENTIMENT[example.labels[0]]
    if origin == DataFormat.SATARK_LABELS.value:
        return example.labels[0]  # the reviewer's class, already negative/neutral/positive
    return None


def _hostility_label(example: LabelledExample) -> str | None:
    """Comma-joined labels in class order ("hostile,hate"), or "none".

    From CONSTRAINT Hindi and reviews; CONSTRAINT English's real tweets (official health and news accounts)
    add English non-hostile texts. Its fake tweets are hostile by CONSTRAINT's definition, but which kind
    is unknown, so they are left out rather than taught as hostile without hate/offensive/defamation.
    """
    if example.origin == DataFormat.CONSTRAINT_ENGLISH.value:
        return NO_HOSTILITY if example.labels == ("real",) else None
    if example.origin not in (DataFormat.CONSTRAINT_HINDI.value, DataFormat.SATARK_LABELS.value):
        return None
    if set(example.labels) & {"non-hostile", NO_HOSTILITY}:
        return NO_HOSTILITY
    # Any CONSTRAINT label but non-hostile (fake included) makes a post hostile; a reviewer's confirmed
    # flag without a kind ("hostile") still teaches the coarse label.
    return ",".join([HOSTILE, *(label for label in FINE_HOSTILITY if label in example.labels)])


def _claim_rating_label(example: LabelledExample) -> str | None:
    return example.labels[0] if example.origin == DataFormat.LIAR.value else None


_VIEWS = {
    MISINFORMATION: _misinformation_label,
    SENTIMENT: _sentiment_label,
    HOSTILITY: _hostility_label,
    CLAIM_RATING: _claim_rating_label,
}


def task_label(task: str, example: LabelledExample) -> str | None:
    """The example's label for ``task``, or None when the example does not inform that task."""
    task_spec(task)
    # A row labelled for one task says nothing about the others (a hostility "fake" is not a misinformation
    # verdict), whatever its label names look like.
    if example.task is not None and example.task != task:
        return None
    return _VIEWS[task](example)


def task_text(task: str, example: LabelledExample) -> str:
    """The text a task's model reads: the example's text, with the claim's context for claim-rating.

    Only claim-rating sees LIAR's speaker and venue; the misinformation head must judge article text,
    which comes without them.
    """
    if task == CLAIM_RATING and example.context:
        return f"{example.context}: {example.text}"
    return example.text


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
        kept.append(TaskExample(task_text(task, example), label, example.language, example.origin))
    return TaskView(task, tuple(kept), dropped)
