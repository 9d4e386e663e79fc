"""A multi-task run's rows: every training file read once, each row carrying targets for the tasks its labels
map to, capped, split into fit and held-out calibration rows, plus the news negatives and article-length joins.

The same request gives the same rows, here and in a pack trained on another machine (classifiers.e5.offload).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.card import DataFile, sha256_file
from classifiers.catalogue import NEWS_NEGATIVES, PUBLIC_TRAIN, PUBLIC_VALIDATION
from classifiers.datasets import LabelledExample, load_examples
from classifiers.e5.examples import MultiTaskExample, build_examples, length_augmented, subsample, target_for
from classifiers.e5.request import RetrainRequest, TrainingDataError
from classifiers.holdout import stratified_holdout
from core.tasks import CLAIM_RATING, HOSTILITY, MISINFORMATION, NO_HOSTILITY, TaskSpec
from core.text import LEAD_CHARS

# Edited news as neither misinformation nor hostile, so article prose is not learned as a cue for either
# (see the baseline).
NEWS_NEGATIVE_WEIGHT = 0.3
# Share of each cell (data set x language x label) of these tasks added again as article-length joins.
LENGTH_AUGMENT_SHARE = 0.15
LENGTH_AUGMENTED_TASKS = (MISINFORMATION, HOSTILITY)
# Heads fitted on the finished encoder (classifiers.e5.probe) instead of trained with the adapter: LIAR's six
# grades are too noisy to shape it (trained jointly in 2026.11.30-4: 0.238 accuracy, and sentiment fell).
PROBE_TASKS: tuple[str, ...] = (CLAIM_RATING,)
# Heads trained with the adapter (their gradients shape it) and then refitted as probes on the finished
# encoder: a converged logistic regression on the final pooled vectors separates CONSTRAINT Hindi's hostile
# posts better than the head trained through dropout alongside the adapter (2026.11.30-7: hostile-vs-not F1
# 0.950 -> 0.952, English real tweets marked hostile 4.0% -> 0.3%; see docs/decisions.md, 33).
REFIT_TASKS: tuple[str, ...] = (HOSTILITY,)
FITTED_AFTER_TRAINING: tuple[str, ...] = (*PROBE_TASKS, *REFIT_TASKS)


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    examples: list[LabelledExample]
    record: DataFile


def load_file(path: Path, base: Path | None) -> LoadedFile:
    examples = load_examples(path)
    languages = sorted({e.language for e in examples})
    relative = str(path.relative_to(base)) if base is not None and path.is_relative_to(base) else str(path)
    return LoadedFile(
        path,
        examples,
        DataFile(
            path=relative,
            sha256=sha256_file(path),
            rows=len(examples),
            used=len(examples),
            dataset=examples[0].origin if examples else "",
            language=languages[0] if len(languages) == 1 else ",".join(languages),
        ),
    )


def public_files(data_dir: Path | None, relatives: Sequence[str]) -> list[Path]:
    if data_dir is None or not data_dir.is_dir():
        return []
    return [data_dir / relative for relative in relatives if (data_dir / relative).is_file()]


def without_tasks(row: MultiTaskExample, tasks: Sequence[str]) -> MultiTaskExample:
    if not any(task in row.targets for task in tasks):
        return row
    targets = {task: target for task, target in row.targets.items() if task not in tasks}
    return MultiTaskExample(row.text, row.language, row.origin, targets, row.weight)


@dataclass(frozen=True)
class PreparedRows:
    """Training rows as a run (or a pack for another machine) uses them; the same request gives the same rows."""

    train_files: list[LoadedFile]
    validation_files: list[LoadedFile]
    rows: list[MultiTaskExample]
    counts: dict[str, int]
    fit_rows: list[MultiTaskExample]
    calibration_rows: list[MultiTaskExample]
    news_records: list[DataFile]
    joined: list[MultiTaskExample]

    @property
    def joint_rows(self) -> list[MultiTaskExample]:
        """What the adapter is fine-tuned on: the fit rows without the probe tasks' targets."""
        return [row for row in (without_tasks(row, PROBE_TASKS) for row in self.fit_rows) if row.targets]

    @property
    def validation_examples(self) -> list[LabelledExample]:
        return [example for loaded in self.validation_files for example in loaded.examples]


def _labelled_rows(
    train_files: Sequence[LoadedFile], caps: Mapping[str, int], specs: Mapping[str, TaskSpec], rng: np.random.Generator
) -> list[MultiTaskExample]:
    """Each file's rows (capped per data set) with their targets; the files' records learn what was used."""
    rows: list[MultiTaskExample] = []
    for loaded in train_files:
        kept = subsample(loaded.examples, caps.get(loaded.record.dataset), rng)
        built, unused = build_examples(kept, specs)
        rows.extend(built)
        loaded.record.used = len(kept) - unused
        loaded.record.dropped = unused
    return rows


def _news_negatives(data_dir: Path | None, specs: Mapping[str, TaskSpec]) -> tuple[list[MultiTaskExample], list[DataFile]]:
    rows: list[MultiTaskExample] = []
    records: list[DataFile] = []
    for path in public_files(data_dir, (NEWS_NEGATIVES,)):
        loaded = load_file(path, data_dir)
        not_hostile = target_for(specs[HOSTILITY], NO_HOSTILITY)
        targets = {MISINFORMATION: 0.0, HOSTILITY: not_hostile}
        rows.extend(
            MultiTaskExample(e.text, e.language, e.origin, dict(targets), NEWS_NEGATIVE_WEIGHT) for e in loaded.examples
        )
        records.append(loaded.record)
    return rows, records


def prepare_rows(request: RetrainRequest, specs: Mapping[str, TaskSpec], rng: np.random.Generator) -> PreparedRows:
    train_paths = [*request.data_files, *public_files(request.data_dir, PUBLIC_TRAIN)]
    validation_paths = (
        list(request.validation_files)
        if request.validation_files is not None
        else public_files(request.data_dir, PUBLIC_VALIDATION)
    )
    train_files = [load_file(path, request.data_dir) for path in dict.fromkeys(train_paths)]
    validation_files = [load_file(path, request.data_dir) for path in dict.fromkeys(validation_paths)]
    rows = _labelled_rows(train_files, request.caps, specs, rng)
    counts = {task: sum(task in row.targets for row in rows) for task in specs}
    missing = [task for task, count in counts.items() if count == 0]
    if missing:
        raise TrainingDataError(f"no training rows for {', '.join(missing)}; give files with --data or a --data-dir")
    fit_rows, calibration_rows = stratified_holdout(
        rows, lambda row: (row.origin, repr(sorted(row.targets.items()))), request.calibration_fraction, rng
    )
    negatives, news_records = _news_negatives(request.data_dir, specs)
    fit_rows.extend(negatives)
    joined = [
        row
        for task in LENGTH_AUGMENTED_TASKS
        for row in length_augmented(fit_rows, task, LENGTH_AUGMENT_SHARE, LEAD_CHARS, rng)
    ]
    fit_rows.extend(joined)
    return PreparedRows(train_files, validation_files, rows, counts, fit_rows, calibration_rows, news_records, joined)
