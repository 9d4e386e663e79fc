"""Labelled texts as multi-task training rows: one row per text, with a target for every task it informs.

A CONSTRAINT Hindi post, say, carries both a misinformation target (fake or not) and hostility targets
(hate / offensive / defamation), so one encoder pass trains both heads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from classifiers.datasets import LabelledExample
from classifiers.task_views import task_label, task_text
from core.tasks import TaskKind, TaskSpec, hostility_labels

Target = float | int | tuple[float, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class MultiTaskExample:
    text: str
    language: str
    origin: str
    targets: Mapping[str, Target] = field(hash=False)  # task -> 0/1 (binary), class index, or 0/1 per label
    weight: float = 1.0


def target_for(spec: TaskSpec, label: str) -> Target:
    """A task-view label as the head's training target."""
    if spec.kind is TaskKind.BINARY:
        return 1.0 if label == spec.positive else 0.0
    if spec.kind is TaskKind.MULTILABEL:
        present = set(hostility_labels(label))
        return tuple(1.0 if name in present else 0.0 for name in spec.classes)
    return spec.classes.index(label)


def build_examples(
    labelled: Iterable[LabelledExample], specs: Mapping[str, TaskSpec], weight: float = 1.0
) -> tuple[list[MultiTaskExample], int]:
    """(rows with at least one task target, number of examples no task could use).

    Tasks that read the same text share one row; a task that reads the example differently (claim-rating
    adds the claim's speaker and venue) gets a row of its own.
    """
    rows: list[MultiTaskExample] = []
    unused = 0
    for example in labelled:
        by_text: dict[str, dict[str, Target]] = {}
        for task, spec in specs.items():
            label = task_label(task, example)
            if label is not None:
                by_text.setdefault(task_text(task, example), {})[task] = target_for(spec, label)
        for text, targets in by_text.items():
            rows.append(MultiTaskExample(text, example.language, example.origin, targets, weight))
        if not by_text:
            unused += 1
    return rows, unused


def subsample(rows: Sequence[T], cap: int | None, rng: np.random.Generator) -> list[T]:
    """A deterministic random subset of at most ``cap`` rows, in original order."""
    if cap is None or len(rows) <= cap:
        return list(rows)
    keep = np.sort(rng.choice(len(rows), size=cap, replace=False))
    return [rows[i] for i in keep]


def length_augmented(
    rows: Sequence[MultiTaskExample], task: str, share: float, target_chars: int, rng: np.random.Generator
) -> list[MultiTaskExample]:
    """Extra rows made by joining same-label texts of one data set until they reach article length.

    The labelled sets are posts, tweets and one-line claims, while the pipeline classifies a title plus a
    1,200-character lead; a model trained on short texts alone learns length itself as a cue (joined BBC news
    headlines were flagged half the time). Joining texts that share a label keeps the label true and makes
    length carry no information. Only ``task``'s target is kept on the joined rows.
    """
    cells: dict[tuple[str, str, Target], list[int]] = {}
    for index, row in enumerate(rows):
        if task in row.targets:
            cells.setdefault((row.origin, row.language, row.targets[task]), []).append(index)
    joined: list[MultiTaskExample] = []
    for (origin, language, target), members in sorted(cells.items(), key=lambda item: repr(item[0])):
        if len(members) < 2:
            continue
        for _ in range(round(share * len(members))):
            parts: list[str] = []
            weights: list[float] = []
            for index in rng.permutation(members):
                parts.append(rows[int(index)].text)
                weights.append(rows[int(index)].weight)
                if sum(len(part) + 1 for part in parts) >= target_chars:
                    break
            joined.append(
                MultiTaskExample("\n".join(parts), language, f"{origin}+joined", {task: target}, float(np.mean(weights)))
            )
    return joined
