"""A stored article flag model: one logistic head per task over e5 embeddings, and its operating points.

Layout (``models/article-flags/e5-lr/<version>/``): ``config.json`` (task, architecture, embedder, per-language
thresholds, the match threshold, the budget they were chosen for), ``heads.npz`` (float64 weight and bias per
task, no pickle) and ``card.json`` (data, figures, limitations). The registry entry ``article-flags`` names
the active version, so ``satark models list|promote|rollback`` move it like any other model.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.article_flags import TASK
from classifiers.errors import ModelFormatError
from classifiers.registry import CONFIG_FILE, active, model_dir, read_config

ARCHITECTURE = "e5-lr-flags"
NAME = "e5-lr"
HEADS_FILE = "heads.npz"
CARD_FILE = "card.json"
# Held-out real news sentences (their vectors and languages): what a chance match looks like against the claim
# store in use, so match thresholds can rise with the store (pipeline.claims_stage).
REFERENCE_FILE = "reference-news.npz"


@dataclass(frozen=True)
class ArticleFlagModel:
    version: str
    embedder: str  # the base encoder the heads and the match threshold were fitted for
    heads: Mapping[str, tuple[np.ndarray, float]]  # task -> (weight, bias)
    thresholds: Mapping[str, Mapping[str, float]]  # task -> language -> style threshold
    match_thresholds: Mapping[str, float]  # "same-language" and "cross-language" cosine similarity
    budget: float  # the false-flag rate on calibration news the thresholds were chosen for
    extra: Mapping[str, Any] = field(default_factory=dict)
    reference: tuple[np.ndarray, tuple[str, ...]] | None = None  # news sentence vectors and their languages

    @property
    def model_id(self) -> str:
        return f"{NAME}/{self.version}"

    @property
    def tasks(self) -> list[str]:
        return list(self.heads)

    def scores(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        """task -> probability per row of ``vectors`` (L2-normalised embeddings)."""
        rows = np.asarray(vectors, dtype=np.float64)
        out: dict[str, np.ndarray] = {}
        for task, (weight, bias) in self.heads.items():
            logits = rows @ weight + bias if len(rows) else np.zeros(0)
            out[task] = 1.0 / (1.0 + np.exp(-logits))
        return out

    def config(self) -> dict[str, Any]:
        return {
            "task": TASK,
            "architecture": ARCHITECTURE,
            "name": NAME,
            "version": self.version,
            "embedder": self.embedder,
            "thresholds": {task: dict(by_language) for task, by_language in self.thresholds.items()},
            "match_thresholds": dict(self.match_thresholds),
            "budget": self.budget,
            **dict(self.extra),
        }

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for task, (weight, bias) in self.heads.items():
            arrays[f"{task}.weight"] = np.asarray(weight, dtype=np.float64)
            arrays[f"{task}.bias"] = np.asarray([bias], dtype=np.float64)
        np.savez(folder / HEADS_FILE, **arrays)  # type: ignore[arg-type]
        if self.reference is not None:
            vectors, languages = self.reference
            np.savez(folder / REFERENCE_FILE, vectors=vectors.astype(np.float16), languages=np.asarray(languages))
        (folder / CONFIG_FILE).write_text(json.dumps(self.config(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_flag_model(folder: Path) -> ArticleFlagModel:
    config = read_config(folder)
    if config.get("architecture") != ARCHITECTURE:
        raise ModelFormatError(f"{folder}: not an {ARCHITECTURE} model")
    try:
        with np.load(folder / HEADS_FILE, allow_pickle=False) as arrays:
            heads = {
                task: (arrays[f"{task}.weight"].astype(np.float64), float(arrays[f"{task}.bias"][0]))
                for task in config["thresholds"]
            }
        known = {"task", "architecture", "name", "version", "embedder", "thresholds", "match_thresholds", "budget"}
        return ArticleFlagModel(
            version=str(config["version"]),
            embedder=str(config["embedder"]),
            heads=heads,
            thresholds={task: {lang: float(t) for lang, t in by.items()} for task, by in config["thresholds"].items()},
            match_thresholds={group: float(t) for group, t in config["match_thresholds"].items()},
            budget=float(config["budget"]),
            extra={key: value for key, value in config.items() if key not in known},
            reference=_reference(folder),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelFormatError(f"{folder}: cannot read the article flag model ({exc})") from None


def _reference(folder: Path) -> tuple[np.ndarray, tuple[str, ...]] | None:
    path = folder / REFERENCE_FILE
    if not path.is_file():
        return None  # a version trained before the reference existed: thresholds stay as validated
    with np.load(path, allow_pickle=False) as arrays:
        vectors = arrays["vectors"].astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), tuple(str(x) for x in arrays["languages"])


def load_active_flag_model(models_dir: Path | str | None = None) -> ArticleFlagModel | None:
    """The active version, or None when none was ever promoted (the pipeline then flags by matches alone)."""
    model_id = active(TASK, models_dir)
    if model_id is None:
        return None
    return load_flag_model(model_dir(TASK, model_id, models_dir))
