"""What a multi-task training run is asked to do, and the stages it reports while doing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from classifiers.datasets import DataFormat
from classifiers.e5.trainer import TrainSettings
from classifiers.release import PromotePolicy

# Examples per data set at most: SST-2's 67k short phrases would otherwise outnumber every other set.
DEFAULT_CAPS: dict[str, int] = {DataFormat.SST2_ENGLISH.value: 8_000}


class TrainingDataError(ValueError):
    """Training was asked for without data for some task, or with files that cannot be read."""


@dataclass(frozen=True)
class RetrainRequest:
    focus: str  # the task whose new data prompted the run, or "all"; every task is trained and reported
    models_dir: Path
    data_files: tuple[Path, ...] = ()
    data_dir: Path | None = None  # public sets (standard layout); None or missing -> only data_files
    validation_files: tuple[Path, ...] | None = None  # default: the public validation files in data_dir
    settings: TrainSettings = field(default_factory=TrainSettings)
    caps: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_CAPS))
    calibration_fraction: float = 0.1
    promote: PromotePolicy = PromotePolicy.IF_NOT_WORSE
    cache_dir: Path | None = None
    demo_check: bool = True
    today: dt.date | None = None
    # Skip fine-tuning: take adapter, heads and (unless recalibrate) calibration from this bundle folder, fit
    # probe heads and any head it lacks, and evaluate and store the result as a new version.
    reuse_weights: Path | None = None
    recalibrate: bool = False  # with reuse_weights: refit the reused heads' calibration and thresholds too


@dataclass(frozen=True)
class Stage:
    name: str  # load | encode | reuse | probe | calibrate | evaluate | save | done (offload: tokenise, pack)
    detail: str = ""


StageCallback = Callable[[Stage], None]
