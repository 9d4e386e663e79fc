"""Progress of long pipeline work as plain events, so any front end (terminal bars, the web desk, a scheduler's
log) can show it without the pipeline knowing how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Stage names a front end may see.
PROCESSING = "processing"
INDEXING = "indexing"
REEXTRACTING = "re-extracting"
REBUILDING = "rebuilding"


@dataclass(frozen=True, slots=True)
class ProgressUpdate:
    """`done` of `total` items of one stage; `total` is None when it is not known in advance. Every stage starts
    with an update where done == 0."""

    stage: str
    done: int
    total: int | None


ProgressCallback = Callable[[ProgressUpdate], None]


def stage_steps(callback: ProgressCallback | None, stage: str, total: int | None) -> Callable[[int], None] | None:
    """Adapt the stages' "n more items done" calls to ProgressUpdate events (announcing the stage at once)."""
    if callback is None:
        return None
    done = 0
    callback(ProgressUpdate(stage, 0, total))

    def advance(count: int) -> None:
        nonlocal done
        done += count
        callback(ProgressUpdate(stage, done, total))

    return advance
