"""A stored bundle's adapter and heads as a network again, to add heads or recalibrate without fine-tuning."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from classifiers.e5.bundle import ADAPTER_FILE, HEADS_FILE, read_bundle_config
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.examples import MultiTaskExample
from classifiers.e5.network import MultiTaskNetwork
from classifiers.e5.offload import history_of, read_training_report, rows_digest
from classifiers.e5.request import TrainingDataError
from classifiers.e5.trainer import TrainingHistory, TrainSettings
from core.tasks import TaskSpec


def reuse_network(
    folder: Path,
    specs: Mapping[str, TaskSpec],
    settings: TrainSettings,
    base: E5Encoder,
    joint_rows: Sequence[MultiTaskExample] = (),
) -> tuple[MultiTaskNetwork, TrainingHistory, frozenset[str]]:
    """A network holding a stored bundle's adapter and heads, to add heads or recalibrate without fine-tuning.

    Also returns the tasks whose heads the bundle held; the others are left for probe fitting. Weights
    trained elsewhere from a pack (classifiers.e5.offload) bring their training history, and must come
    from a pack of exactly ``joint_rows``: otherwise the held-out calibration rows may have been trained on.
    """
    from safetensors.torch import load_file

    report = read_training_report(folder)
    if report is not None and report["pack_rows_sha256"] != rows_digest(joint_rows):
        raise TrainingDataError(
            f"{folder} was trained from a pack of other rows than this run prepares; "
            "pass the same --data, --data-dir, --no-public, --cap and --seed as for --offload"
        )
    stored = read_bundle_config(folder)
    if stored.lora != settings.lora or stored.max_length != settings.max_length:
        raise TrainingDataError(
            f"{folder} was trained with {stored.lora} and max_length {stored.max_length}; "
            "pass the same --tuned-layers and --max-length"
        )
    network = MultiTaskNetwork(base.model.float(), specs, stored.lora).to(base.device)
    network.load_adapter(load_file(str(folder / ADAPTER_FILE)))
    heads = load_file(str(folder / HEADS_FILE))
    result = network.heads.load_state_dict(heads, strict=False)
    if result.unexpected_keys:
        raise TrainingDataError(f"{folder} has heads for unknown tasks: {result.unexpected_keys[:3]}")
    held = frozenset(task for task in specs if f"heads.{task}.weight" in heads)
    network.eval()
    history = (
        history_of(report)
        if report is not None
        else TrainingHistory(device=str(base.device), dtype=str(base.dtype).replace("torch.", ""))
    )
    return network, history, held
