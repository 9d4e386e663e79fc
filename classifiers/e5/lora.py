"""The adapter's settings, and folding a trained adapter into the base encoder for inference.

Inference needs only the merged weights, ``W + (alpha / rank) * B @ A`` for each adapted projection; peft is
needed to train the adapter, not to apply it, and importing it costs about 3.5 s of every process that
classifies (``satark classify``, ``satark process``, the desk, the worker beside a crawl).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import torch
from transformers import BertModel

if TYPE_CHECKING:
    from peft import LoraConfig

# peft's names for the adapter tensors: <PREFIX><module path>.lora_A.weight / .lora_B.weight
PEFT_PREFIX = "base_model.model."
A_SUFFIX = ".lora_A.weight"
B_SUFFIX = ".lora_B.weight"


@dataclass(frozen=True)
class LoraSettings:
    """One adapter shared by every task head (peft LoRA on attention and feed-forward projections)."""

    rank: int = 8
    alpha: int = 16
    dropout: float = 0.1
    targets: tuple[str, ...] = ("query", "key", "value", "dense")
    # Adapt only the top layers: the frozen lower layers' outputs are then fixed per text and can be
    # computed once per training run instead of once per epoch (what makes CPU training practical).
    tuned_layers: int = 4

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "targets": list(self.targets)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LoraSettings:
        values = dict(data)
        values["targets"] = tuple(values.get("targets", cls.targets))  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]

    def first_tuned_layer(self, layers: int) -> int:
        return max(0, layers - self.tuned_layers)

    @property
    def scaling(self) -> float:
        return self.alpha / self.rank

    def peft_config(self, layers: int) -> LoraConfig:
        from peft import LoraConfig

        return LoraConfig(
            r=self.rank,
            lora_alpha=self.alpha,
            lora_dropout=self.dropout,
            target_modules=list(self.targets),
            layers_to_transform=list(range(self.first_tuned_layer(layers), layers)),
        )


def merge_adapter(model: BertModel, adapter: Mapping[str, torch.Tensor], lora: LoraSettings) -> BertModel:
    """Fold ``adapter`` (peft's saved state) into ``model``'s weights in place and return it.

    Raises ValueError when a tensor names no module of the model or an A lacks its B: a wrong adapter must
    not load as a silently different model."""
    modules = dict(model.named_modules())
    pairs: dict[str, dict[str, torch.Tensor]] = {}
    for name, tensor in adapter.items():
        if not name.startswith(PEFT_PREFIX) or not name.endswith((A_SUFFIX, B_SUFFIX)):
            raise ValueError(f"not a LoRA adapter tensor: {name}")
        path = name[len(PEFT_PREFIX) : -len(A_SUFFIX)]
        pairs.setdefault(path, {})["A" if name.endswith(A_SUFFIX) else "B"] = tensor
    for path, pair in pairs.items():
        module = modules.get(path)
        if not isinstance(module, torch.nn.Linear) or pair.keys() != {"A", "B"}:
            raise ValueError(f"adapter does not fit the encoder at {path}")
        delta = (pair["B"].float() @ pair["A"].float()) * lora.scaling
        if delta.shape != module.weight.shape:
            raise ValueError(f"adapter shape {tuple(delta.shape)} does not fit {path} {tuple(module.weight.shape)}")
        with torch.no_grad():
            module.weight += delta.to(module.weight.dtype)
    return model
