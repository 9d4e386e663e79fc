"""Inference options for the e5 models: a plain record, importable without torch.

Callers pass them explicitly (``ClassifierSuite.from_registry(options=...)``, ``load_model(..., options=...)``);
there is no process-wide setting, so two suites in one process can run with different options.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path


class Precision(str, enum.Enum):
    AUTO = "auto"  # bf16 on CPUs with bf16 matrix units and on CUDA, float32 elsewhere
    FP32 = "fp32"
    BF16 = "bf16"


@dataclass(frozen=True)
class EncoderOptions:
    device: str = "auto"  # auto | cpu | cuda
    precision: Precision = Precision.AUTO
    threads: int | None = None  # torch intra-op threads; None keeps torch's default (all cores)
    max_length: int = 128
    batch_size: int = 32
    cache_dir: Path | None = None

    def with_changes(self, **changes: object) -> EncoderOptions:
        return replace(self, **changes)  # type: ignore[arg-type]

