"""The baseline's training rows: one task's files from the shared layout, capped, split and recorded for the card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.card import DataFile, ProxyDataFile, sha256_file
from classifiers.catalogue import STANDARD_FILES, ProxyFile
from classifiers.datasets import LabelledExample, load_examples
from classifiers.holdout import stratified_holdout
from classifiers.task_views import TaskExample, TaskView, task_view


class MissingDataError(FileNotFoundError):
    """Training data files that are not where the standard layout expects them."""

    def __init__(self, data_dir: Path, missing: Sequence[str]) -> None:
        self.data_dir = data_dir
        self.missing = list(missing)
        if not data_dir.is_dir():
            message = f"data directory not found: {data_dir}"
        else:
            message = f"missing training data under {data_dir}: {', '.join(self.missing)}"
        super().__init__(message)


@dataclass(frozen=True)
class LoadedFiles:
    view: TaskView
    files: list[DataFile]


@dataclass(frozen=True)
class ProxyRows:
    examples: list[TaskExample]
    files: list[ProxyDataFile]

    @property
    def shares(self) -> dict[str, float]:
        """Data set -> its fixed share of its language's training weight."""
        return {record.dataset: record.share for record in self.files}


def check_data(data_dir: Path, tasks: Sequence[str]) -> None:
    """Fail before any training starts if a needed file is absent."""
    missing = [
        relative
        for task in tasks
        for relative in (
            *STANDARD_FILES[task].train,
            *STANDARD_FILES[task].validation,
            *(proxy.path for proxy in STANDARD_FILES[task].proxy),
        )
        if not (data_dir / relative).is_file()
    ]
    if missing:
        raise MissingDataError(data_dir, missing)


def subsample(examples: list[TaskExample], cap: int | None, rng: np.random.Generator) -> list[TaskExample]:
    if cap is None or len(examples) <= cap:
        return examples
    keep = np.sort(rng.choice(len(examples), size=cap, replace=False))
    return [examples[i] for i in keep]


def load_task_files(
    task: str, data_dir: Path, relatives: Sequence[str], caps: Mapping[str, int], rng: np.random.Generator
) -> LoadedFiles:
    """The task's labelled rows of each file (capped per data set), with a card record per file."""
    kept: list[TaskExample] = []
    records: list[DataFile] = []
    dropped_total = 0
    for relative in relatives:
        path = data_dir / relative
        raw: list[LabelledExample] = load_examples(path)
        view = task_view(task, raw)
        origin = raw[0].origin if raw else ""
        used = subsample(list(view.examples), caps.get(origin), rng)
        kept.extend(used)
        dropped_total += view.dropped
        records.append(
            DataFile(
                path=relative,
                sha256=sha256_file(path),
                rows=len(raw),
                used=len(used),
                dropped=view.dropped,
                dataset=origin,
                language=raw[0].language if raw else "",
            )
        )
    return LoadedFiles(TaskView(task, tuple(kept), dropped_total), records)


def load_proxy_files(
    proxies: Sequence[ProxyFile], data_dir: Path, caps: Mapping[str, int], rng: np.random.Generator
) -> ProxyRows:
    """Every row of each proxy file with the file's assumed label (the task view would drop them)."""
    kept: list[TaskExample] = []
    records: list[ProxyDataFile] = []
    for proxy in proxies:
        path = data_dir / proxy.path
        raw = load_examples(path)
        examples = [TaskExample(e.text, proxy.label, e.language, e.origin) for e in raw]
        origin = raw[0].origin if raw else ""
        used = subsample(examples, caps.get(origin), rng)
        kept.extend(used)
        records.append(
            ProxyDataFile(
                path=proxy.path,
                sha256=sha256_file(path),
                rows=len(raw),
                used=len(used),
                dataset=origin,
                language=raw[0].language if raw else "",
                label=proxy.label,
                share=proxy.share,
                rationale=proxy.rationale,
            )
        )
    return ProxyRows(kept, records)


def calibration_split(
    examples: Sequence[TaskExample], fraction: float, rng: np.random.Generator
) -> tuple[list[TaskExample], list[TaskExample]]:
    """(fit, calibration), stratified by data set and label so every cell is represented in both."""
    return stratified_holdout(examples, lambda example: (example.origin, example.label), fraction, rng)
