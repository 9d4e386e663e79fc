"""The task catalogue: task names, label sets, and which tasks run on crawled articles.

One place for what every part of Satark calls a task (crawl-time processing, the store's review rules,
training, the index), so a label named in one part cannot drift from another.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class TaskKind(str, enum.Enum):
    """How a task's labels relate to each other; decides what ``flagged`` means."""

    BINARY = "binary"  # one positive label, scores = {positive: p}
    MULTICLASS = "multiclass"  # exactly one label from a closed set
    MULTILABEL = "multilabel"  # any subset of labels (e.g. hostility: hate + offensive)


MISINFORMATION = "misinformation"
SENTIMENT = "sentiment"
HOSTILITY = "hostility"  # multi-label: hostile (CONSTRAINT's coarse class) + hate / offensive / defamation
CLAIM_RATING = "claim-rating"  # LIAR's six truthfulness grades of a claim with its speaker and venue

NOT_MISINFORMATION = "not-misinformation"

# "hostile" is CONSTRAINT Hindi's coarse class (fake, hate, offensive or defamation): the one decision the
# monitoring cell alerts on; the three fine labels say which kind of hostility it is.
HOSTILE = "hostile"
HOSTILITY_CLASSES = (HOSTILE, "hate", "offensive", "defamation")
FINE_HOSTILITY = HOSTILITY_CLASSES[1:]
NO_HOSTILITY = "none"  # the hostility view's label for a text with none of the labels
LIAR_GRADES = ("pants-fire", "false", "barely-true", "half-true", "mostly-true", "true")  # false -> true


@dataclass(frozen=True)
class TaskSpec:
    """What a task predicts. ``classes`` is the order models use for their score columns."""

    name: str
    kind: TaskKind
    classes: tuple[str, ...]
    positive: str | None = None  # binary tasks: the label reported in scores and flagged
    # False for an auxiliary task: trained, evaluated and registered, but not run on crawled articles
    # (claim-rating grades one-sentence political claims by who said them where, which articles are not).
    on_articles: bool = True

    @property
    def reported_labels(self) -> tuple[str, ...]:
        """Labels that appear in ``TaskPrediction.scores`` (binary tasks report only the positive one)."""
        return (self.positive,) if self.kind is TaskKind.BINARY and self.positive else self.classes


TASKS: dict[str, TaskSpec] = {
    MISINFORMATION: TaskSpec(
        MISINFORMATION, TaskKind.BINARY, (NOT_MISINFORMATION, MISINFORMATION), positive=MISINFORMATION
    ),
    SENTIMENT: TaskSpec(SENTIMENT, TaskKind.MULTICLASS, ("negative", "neutral", "positive")),
    HOSTILITY: TaskSpec(HOSTILITY, TaskKind.MULTILABEL, HOSTILITY_CLASSES),
    CLAIM_RATING: TaskSpec(CLAIM_RATING, TaskKind.MULTICLASS, LIAR_GRADES, on_articles=False),
}
ARTICLE_TASKS: tuple[str, ...] = tuple(task for task, spec in TASKS.items() if spec.on_articles)


def task_spec(task: str) -> TaskSpec:
    """The spec of a known task; a clear error for typos in CLI arguments or configs."""
    try:
        return TASKS[task]
    except KeyError:
        raise ValueError(f"unknown task {task!r}; known tasks: {', '.join(sorted(TASKS))}") from None


def hostility_labels(label: str) -> tuple[str, ...]:
    """The fine labels inside a hostility view label ("hate,offensive" -> ("hate", "offensive"))."""
    return () if label == NO_HOSTILITY else tuple(label.split(","))
