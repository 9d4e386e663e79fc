"""One pass through the lower layers for two encoders that differ only in their top layers.

The multi-task bundle adapts only its top ``tuned_layers`` (LoRA merged into layers 8-11 of 12): below them
its weights are the base encoder's, byte for byte. The article flag model reads the base encoder's vector of
the very same title + lead. Running the shared layers once and branching for the top ones saves a third of
the two passes (8 of 24 layer passes an article), with the same vectors as two separate passes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import torch
from torch import nn
from transformers import BertModel
from transformers.masking_utils import create_bidirectional_mask

from classifiers.e5.encoder import E5Encoder, mean_pool


def _lower_parameters(model: BertModel, split: int) -> Iterator[tuple[str, torch.Tensor]]:
    yield from model.embeddings.named_parameters(prefix="embeddings")
    for i, layer in enumerate(model.encoder.layer[:split]):
        yield from layer.named_parameters(prefix=f"layer.{i}")


def same_lower_layers(first: BertModel, second: BertModel, split: int) -> bool:
    """True when both models have the same embeddings and layers below ``split``, value for value."""
    ours = dict(_lower_parameters(first, split))
    theirs = dict(_lower_parameters(second, split))
    return ours.keys() == theirs.keys() and all(
        ours[name].shape == theirs[name].shape and ours[name].dtype == theirs[name].dtype
        and bool(torch.equal(ours[name], theirs[name]))
        for name in ours
    )


class ForkedPass:
    """``encoder``'s pooled vectors plus ``branch``'s (L2-normalised), from one pass through the layers below
    ``split``. Refuses models whose lower layers differ: the branch's vectors would silently be wrong."""

    def __init__(self, encoder: E5Encoder, branch: BertModel, split: int) -> None:
        layers = len(encoder.model.encoder.layer)
        if not 0 < split < layers or len(branch.encoder.layer) != layers:
            raise ValueError(f"cannot fork a {layers}-layer encoder at layer {split}")
        if not same_lower_layers(encoder.model, branch, split):
            raise ValueError(f"the two encoders differ below layer {split}: no shared pass")
        self.encoder = encoder
        self.split = split
        self.top: nn.ModuleList = encoder.model.encoder.layer[split:]
        self.branch_top: nn.ModuleList = branch.encoder.layer[split:]

    def embed(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(encoder vectors as ``E5Encoder.embed(normalise=False)`` gives them, branch vectors normalised)."""
        size = self.encoder.hidden_size
        own = np.zeros((len(texts), size), dtype=np.float32)
        branched = np.zeros((len(texts), size), dtype=np.float32)
        model = self.encoder.model
        device = self.encoder.device
        for batch in self.encoder.batches(texts):
            with torch.inference_mode(), self.encoder.autocast():
                mask = batch.attention_mask.to(device)
                hidden = model.embeddings(input_ids=batch.input_ids.to(device))
                attention = create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=mask)
                for layer in model.encoder.layer[: self.split]:
                    hidden = layer(hidden, attention)
                upper, other = hidden, hidden
                for layer in self.top:
                    upper = layer(upper, attention)
                for layer in self.branch_top:
                    other = layer(other, attention)
                own[batch.positions] = mean_pool(upper, mask).float().cpu().numpy()
                other_pooled = torch.nn.functional.normalize(mean_pool(other, mask).float(), dim=-1)
                branched[batch.positions] = other_pooled.cpu().numpy()
        return own, branched
