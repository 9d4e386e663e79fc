"""Fine-tuning the shared LoRA adapter and the task heads together, on CPU (bf16 where fast) or CUDA.

Batches mix tasks; each head's loss covers only the rows that carry its target, weighted per row, and
the task losses are summed, so every step moves the shared adapter for all tasks at once. Batches are
formed from length-sorted pools of shuffled rows, which keeps padding (and CPU time) low without
making batch composition predictable.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers import BertModel

from classifiers.e5.encoder import E5Encoder, pad_ids, padded_length
from classifiers.e5.examples import MultiTaskExample
from classifiers.e5.lora import LoraSettings
from classifiers.e5.network import MultiTaskNetwork
from classifiers.e5.options import EncoderOptions, Precision
from core.tasks import TaskKind, TaskSpec


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 2
    max_length: int = 128
    batch_size: int = 32
    learning_rate: float = 1.5e-3  # adapter: few epochs on CPU, so higher than LoRA's usual 5e-4
    head_learning_rate: float = 2e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    seed: int = 20261129
    device: str = "auto"
    precision: Precision = Precision.AUTO
    lora: LoraSettings = field(default_factory=LoraSettings)

    def to_dict(self) -> dict[str, object]:
        return {
            "epochs": self.epochs,
            "max_length": self.max_length,
            "batch_size": self.batch_size,
            "learning_rate": self.learning_rate,
            "head_learning_rate": self.head_learning_rate,
            "weight_decay": self.weight_decay,
            "warmup_fraction": self.warmup_fraction,
            "seed": self.seed,
            "lora": self.lora.to_dict(),
        }


@dataclass(frozen=True)
class StepReport:
    step: int
    steps: int
    epoch: int
    loss: float  # running mean over the epoch so far
    task_losses: Mapping[str, float]


StepCallback = Callable[[StepReport], None]


@dataclass
class TrainingHistory:
    epoch_losses: list[float] = field(default_factory=list)
    epoch_task_losses: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0
    examples_per_second: float = 0.0
    device: str = "cpu"
    dtype: str = "float32"
    frozen_seconds: float = 0.0  # computing the frozen layers' outputs once


def _batch_order(rows: Sequence[MultiTaskExample], batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled rows, sorted by length inside pools of 50 batches, cut into batches, batches shuffled."""
    order = rng.permutation(len(rows))
    pool = batch_size * 50
    batches: list[np.ndarray] = []
    for start in range(0, len(order), pool):
        chunk = order[start : start + pool]
        chunk = chunk[np.argsort([len(rows[i].text) for i in chunk], kind="stable")]
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def _task_loss(spec: TaskSpec, logits: torch.Tensor, rows: Sequence[MultiTaskExample]) -> torch.Tensor | None:
    task = spec.name
    present = [i for i, row in enumerate(rows) if task in row.targets]
    if not present:
        return None
    index = torch.tensor(present, device=logits.device)
    weights = torch.tensor([rows[i].weight for i in present], dtype=torch.float32, device=logits.device)
    selected = logits.index_select(0, index)
    if spec.kind is TaskKind.MULTICLASS:
        targets = torch.tensor([int(rows[i].targets[task]) for i in present], device=logits.device)  # type: ignore[arg-type]
        per_row = nn.functional.cross_entropy(selected, targets, reduction="none")
    else:
        values = [rows[i].targets[task] for i in present]
        targets = torch.tensor(
            [list(value) if isinstance(value, tuple) else [float(value)] for value in values],
            dtype=torch.float32,
            device=logits.device,
        )
        per_row = nn.functional.binary_cross_entropy_with_logits(selected, targets, reduction="none").mean(dim=1)
    return (per_row * weights).sum() / weights.sum()


@dataclass(frozen=True)
class TrainingBase:
    """What fine-tuning needs of the base encoder: its weights on a device, the autocast dtype, the pad id.

    Training reads token ids, not texts, so it can run where only the weights travel (classifiers.e5.offload).
    """

    model: BertModel
    device: torch.device
    dtype: torch.dtype
    pad_id: int

    @classmethod
    def of(cls, encoder: E5Encoder) -> TrainingBase:
        return cls(encoder.model, encoder.device, encoder.dtype, encoder.pad_id)

    def autocast(self) -> torch.autocast:
        return torch.autocast(self.device.type, dtype=self.dtype, enabled=self.dtype != torch.float32)


def _frozen_states(
    network: MultiTaskNetwork, ids: Sequence[Sequence[int]], base: TrainingBase, batch_size: int = 64
) -> list[torch.Tensor]:
    """Each row's hidden states after the frozen layers, computed once (bf16 on CPU to halve memory)."""
    states: list[torch.Tensor | None] = [None] * len(ids)
    store_dtype = torch.bfloat16 if base.device.type == "cpu" else base.dtype
    network.eval()
    order = np.argsort([len(row) for row in ids], kind="stable")
    for start in range(0, len(order), batch_size):
        positions = order[start : start + batch_size]
        input_ids, mask = pad_ids([ids[i] for i in positions], base.pad_id)
        mask = mask.to(base.device)
        with torch.inference_mode(), base.autocast():
            hidden = network.lower(input_ids.to(base.device), mask)
        lengths = mask.sum(dim=1).tolist()
        for position, row_hidden, length in zip(positions, hidden, lengths, strict=True):
            states[int(position)] = row_hidden[: int(length)].to(store_dtype).clone()
    return [state for state in states if state is not None]


def _padded(states: Sequence[torch.Tensor], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    longest = padded_length(max(state.shape[0] for state in states))
    hidden = torch.zeros((len(states), longest, states[0].shape[1]), dtype=torch.float32, device=device)
    mask = torch.zeros((len(states), longest), dtype=torch.long, device=device)
    for i, state in enumerate(states):
        hidden[i, : state.shape[0]] = state.to(device=device, dtype=torch.float32)
        mask[i, : state.shape[0]] = 1
    return hidden, mask


def _optimiser(
    network: MultiTaskNetwork, settings: TrainSettings, total: int
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW with the adapter's and the heads' learning rates; linear warm-up, then linear decay to zero."""
    adapter_params = [p for n, p in network.named_parameters() if p.requires_grad and not n.startswith("heads.")]
    head_params = list(network.heads.parameters())
    optimiser = torch.optim.AdamW(
        [
            {"params": adapter_params, "lr": settings.learning_rate},
            {"params": head_params, "lr": settings.head_learning_rate},
        ],
        weight_decay=settings.weight_decay,
    )
    warmup = max(1, int(settings.warmup_fraction * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))
    )
    return optimiser, scheduler


@dataclass
class _EpochLosses:
    """Running sums of one epoch's losses, overall and per task."""

    total: float = 0.0
    batches: int = 0
    task_sums: dict[str, float] = field(default_factory=dict)
    task_counts: dict[str, int] = field(default_factory=dict)

    def add(self, total: torch.Tensor, losses: Mapping[str, torch.Tensor]) -> None:
        self.total += total.item()
        self.batches += 1
        for task, loss in losses.items():
            self.task_sums[task] = self.task_sums.get(task, 0.0) + loss.item()
            self.task_counts[task] = self.task_counts.get(task, 0) + 1

    def by_task(self, specs: Mapping[str, TaskSpec]) -> dict[str, float]:
        return {t: self.task_sums[t] / self.task_counts[t] for t in specs if self.task_counts.get(t)}


def _batch_losses(
    network: MultiTaskNetwork,
    specs: Mapping[str, TaskSpec],
    batch_rows: Sequence[MultiTaskExample],
    states: Sequence[torch.Tensor],
    base: TrainingBase,
) -> dict[str, torch.Tensor]:
    """Each task's loss on the rows of the batch that carry its target (tasks without such rows are absent)."""
    hidden, mask = _padded(states, base.device)
    autocast_dtype = base.dtype if base.dtype != torch.float32 else None
    with torch.autocast(base.device.type, dtype=autocast_dtype or torch.float32, enabled=autocast_dtype is not None):
        logits = network.upper(hidden, mask)
    losses = {}
    for task, spec in specs.items():
        loss = _task_loss(spec, logits[task].float(), batch_rows)
        if loss is not None:
            losses[task] = loss
    return losses


def train_network(
    rows: Sequence[MultiTaskExample],
    ids: Sequence[Sequence[int]],
    specs: Mapping[str, TaskSpec],
    settings: TrainSettings,
    base: TrainingBase,
    on_step: StepCallback | None = None,
) -> tuple[MultiTaskNetwork, TrainingHistory]:
    """Fine-tune a fresh adapter + heads on ``rows`` (``ids``: their model input ids, one row each)."""
    if not rows:
        raise ValueError("no training rows")
    if len(ids) != len(rows):
        raise ValueError(f"{len(ids)} token-id rows for {len(rows)} training rows")
    torch.manual_seed(settings.seed)
    rng = np.random.default_rng(settings.seed)
    started = time.perf_counter()
    network = MultiTaskNetwork(base.model.float(), specs, settings.lora).to(base.device)
    states = _frozen_states(network, ids, base)
    autocast_dtype = base.dtype if base.dtype != torch.float32 else None
    history = TrainingHistory(device=str(base.device), dtype=str(autocast_dtype or torch.float32).replace("torch.", ""))
    history.frozen_seconds = time.perf_counter() - started
    steps_per_epoch = math.ceil(len(rows) / settings.batch_size)
    total = steps_per_epoch * settings.epochs
    optimiser, scheduler = _optimiser(network, settings, total)
    step = 0
    network.train()
    for epoch in range(settings.epochs):
        epoch_losses = _EpochLosses()
        for indices in _batch_order(rows, settings.batch_size, rng):
            losses = _batch_losses(network, specs, [rows[i] for i in indices], [states[i] for i in indices], base)
            total_loss = torch.stack(list(losses.values())).sum()
            optimiser.zero_grad(set_to_none=True)
            total_loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in network.parameters() if p.requires_grad], 1.0)
            optimiser.step()
            scheduler.step()
            step += 1
            epoch_losses.add(total_loss, losses)
            if on_step is not None:
                mean = epoch_losses.total / epoch_losses.batches
                on_step(StepReport(step, total, epoch, mean, epoch_losses.by_task(specs)))
        history.epoch_losses.append(epoch_losses.total / steps_per_epoch)
        history.epoch_task_losses.append(epoch_losses.by_task(specs))
    network.eval()
    history.seconds = time.perf_counter() - started
    history.examples_per_second = len(rows) * settings.epochs / max(history.seconds - history.frozen_seconds, 1e-9)
    return network, history


def encoder_for_training(settings: TrainSettings, cache_dir: Path | None = None) -> E5Encoder:
    """A float32 base encoder on the chosen device; bf16/fp16 only enters through autocast."""
    options = EncoderOptions(
        device=settings.device, precision=settings.precision, max_length=settings.max_length, cache_dir=cache_dir
    )
    encoder = E5Encoder.load(options)
    encoder.model.float()  # trainable copies start from float32; bf16 only enters through autocast
    return encoder
