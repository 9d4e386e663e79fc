"""Held-out splits for calibration, stratified so that every cell is represented on both sides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def stratified_holdout(
    items: Sequence[T], key: Callable[[T], tuple[str, ...]], fraction: float, rng: np.random.Generator
) -> tuple[list[T], list[T]]:
    """(kept, held out): ``fraction`` of each cell of ``key``, at least one row of every cell of two or more
    and never the whole cell, so each cell is represented on both sides."""
    cells: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        cells[key(item)].append(index)
    held_out: set[int] = set()
    for cell in sorted(cells):
        members = cells[cell]
        take = min(max(round(fraction * len(members)), 1), len(members) - 1) if len(members) >= 2 else 0
        held_out.update(rng.permutation(members)[:take].tolist())
    kept = [item for index, item in enumerate(items) if index not in held_out]
    return kept, [item for index, item in enumerate(items) if index in held_out]
