"""Inference options for the e5 models, settable before torch is imported (the CLI sets them from settings)."""

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


_current = EncoderOptions()


def configure(options: EncoderOptions) -> None:
    """Options for bundles loaded from now on in this process."""
    global _current
    _current = options


def current_options() -> EncoderOptions:
    return _current
