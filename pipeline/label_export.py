"""Reviewers' effective decisions as labelled training data (the ``satark_labels`` CSV format).

Used by ``satark labels export`` and by the retraining notebook; ``classifiers.datasets`` reads the file
back, so exported labels mix with the public sets in ``satark train --data``.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from classifiers.datasets import SATARK_LABELS_COLUMNS, SATARK_LANGUAGES
from core.text import classification_text
from store.reviews import ReviewedExample
from store.store import Store


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (task, language) -> rows
    left_out: int = 0  # effective decisions with nothing to learn (sentiment without a label, other languages)


def _csv_row(example: ReviewedExample) -> list[str]:
    return [classification_text(example.title, example.text), ",".join(example.labels), example.language or "",
            example.task, example.article_id, example.decided_at.isoformat(timespec="seconds")]


def write_rows(stream: TextIO, rows: list[list[str]]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SATARK_LABELS_COLUMNS)
    writer.writerows(rows)


def _write_file(path: Path, rows: list[list[str]]) -> None:
    # Written beside and renamed, so an interrupted export never leaves a truncated file that trains silently.
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            write_rows(handle, rows)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def export_labels(
    store: Store, out: Path | TextIO, tasks: Collection[str] | None = None, since: datetime | None = None
) -> ExportSummary:
    """Write every effective decision (optionally of ``tasks``, taken since ``since``) to ``out``."""
    rows: list[list[str]] = []
    counts: Counter[tuple[str, str]] = Counter()
    for example in store.reviews.iter_labelled_examples(tasks=tasks, since=since):
        # Training data is Hindi and English only; another language would be a class of one.
        if example.language not in SATARK_LANGUAGES:
            continue
        rows.append(_csv_row(example))
        counts[(example.task, example.language)] += 1
    left_out = len(store.reviews.latest_decisions(tasks=tasks, since=since)) - len(rows)
    if isinstance(out, Path):
        _write_file(out, rows)
    else:
        write_rows(out, rows)
        out.flush()
    return ExportSummary(len(rows), counts, left_out)
