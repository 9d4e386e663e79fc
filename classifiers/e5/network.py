"""The multi-task network: one (LoRA-adapted) e5 encoder pass, mean pooling, one linear head per task."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import cast

import torch
from peft import (
    LoraConfig,
    PeftModel,
    get_peft_model,
    get_peft_model_state_dict,
    set_peft_model_state_dict,
)
from torch import nn
from transformers import BertModel
from transformers.masking_utils import create_bidirectional_mask

from classifiers.e5.encoder import mean_pool
from classifiers.e5.lora import LoraSettings
from core.tasks import TaskKind, TaskSpec


def quiet_peft_model(model: BertModel, config: LoraConfig) -> PeftModel:
    """``get_peft_model`` without transformers' deprecation notice about gradient checkpointing (peft's to fix)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        return get_peft_model(model, config)


def head_outputs(spec: TaskSpec) -> int:
    """Logit columns of a task's head: one for binary, one per class otherwise."""
    return 1 if spec.kind is TaskKind.BINARY else len(spec.classes)


class TaskHeads(nn.Module):
    """A dropout + linear layer per task over the pooled encoder vector."""

    def __init__(self, specs: Mapping[str, TaskSpec], hidden: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({task: nn.Linear(hidden, head_outputs(spec)) for task, spec in specs.items()})

    def linear(self, task: str) -> nn.Linear:
        head = self.heads[task]
        assert isinstance(head, nn.Linear)
        return head

    def forward(self, pooled: torch.Tensor) -> dict[str, torch.Tensor]:
        features = self.dropout(pooled)
        return {task: head(features) for task, head in self.heads.items()}


class MultiTaskNetwork(nn.Module):
    """Encoder with a LoRA adapter on its top layers plus task heads; only adapter and heads are trained.

    ``lower`` runs the frozen embeddings and lower layers, ``upper`` the adapted top layers, so training
    can compute ``lower`` once per text and reuse it every epoch.
    """

    def __init__(self, encoder: BertModel, specs: Mapping[str, TaskSpec], lora: LoraSettings) -> None:
        super().__init__()
        self.lora = lora
        layers = int(encoder.config.num_hidden_layers)
        self.split = lora.first_tuned_layer(layers)
        self.encoder = quiet_peft_model(encoder, lora.peft_config(layers))
        self.heads = TaskHeads(specs, int(encoder.config.hidden_size))

    @property
    def bert(self) -> BertModel:
        return cast(BertModel, self.encoder.base_model.model)

    def _mask(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor | None:
        return create_bidirectional_mask(config=self.bert.config, inputs_embeds=hidden, attention_mask=attention_mask)

    def lower(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Hidden states after the frozen layers (no gradient needed)."""
        hidden = self.bert.embeddings(input_ids=input_ids)
        mask = self._mask(hidden, attention_mask)
        for layer in self.bert.encoder.layer[: self.split]:
            hidden = layer(hidden, mask)
        return hidden

    def upper_pooled(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The pooled vector from the frozen layers' output, through the adapted layers."""
        mask = self._mask(hidden, attention_mask)
        for layer in self.bert.encoder.layer[self.split :]:
            hidden = layer(hidden, mask)
        return mean_pool(hidden, attention_mask).float()

    def upper(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        """Task logits from the frozen layers' output, through the adapted layers, pooling and heads."""
        return self.heads(self.upper_pooled(hidden, attention_mask))

    def pooled(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """What the heads read: the adapted encoder's mean-pooled vector."""
        return self.upper_pooled(self.lower(input_ids, attention_mask), attention_mask)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict[str, torch.Tensor]:
        return self.upper(self.lower(input_ids, attention_mask), attention_mask)

    def adapter_state(self) -> dict[str, torch.Tensor]:
        return {name: tensor.detach().cpu().contiguous() for name, tensor in get_peft_model_state_dict(self.encoder).items()}

    def head_state(self) -> dict[str, torch.Tensor]:
        return {name: tensor.detach().cpu().contiguous() for name, tensor in self.heads.state_dict().items()}

    def load_adapter(self, state: Mapping[str, torch.Tensor]) -> None:
        result = set_peft_model_state_dict(self.encoder, dict(state))
        unexpected = getattr(result, "unexpected_keys", [])
        if unexpected:
            raise ValueError(f"adapter weights do not fit: unexpected {unexpected[:3]}")

    def merged_encoder(self) -> BertModel:
        """The encoder with the adapter folded into its weights: inference costs the same as the base model."""
        return self.encoder.merge_and_unload()


def trainable_parameters(module: nn.Module) -> int:
    return sum(parameter.numel() for parameter in module.parameters() if parameter.requires_grad)
