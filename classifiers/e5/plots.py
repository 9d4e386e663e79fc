"""Confusion-matrix pictures for model cards (matplotlib, headless)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers or in CI

import matplotlib.pyplot as plt
import numpy as np

from classifiers.evaluation import TaskEvaluation


def save_confusion_png(evaluation: TaskEvaluation, path: Path) -> Path:
    """Rows: true label, columns: predicted label; counts in the cells, colour by row share."""
    metrics = evaluation.overall
    counts = np.asarray(metrics.confusion, dtype=float)
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    size = max(3.5, 1.1 * len(metrics.labels) + 1.5)
    figure, axes = plt.subplots(figsize=(size, size * 0.85))
    axes.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    axes.set_xticks(range(len(metrics.labels)), metrics.labels, rotation=30, ha="right")
    axes.set_yticks(range(len(metrics.labels)), metrics.labels)
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    for (row, column), value in np.ndenumerate(counts):
        axes.text(column, row, f"{int(value)}", ha="center", va="center", color="white" if shares[row, column] > 0.6 else "black")
    figures = f"F1 {metrics.f1:.3f}, accuracy {metrics.accuracy:.3f}, n={metrics.n}"
    axes.set_title(f"{evaluation.task}: {evaluation.model}\n{figures}", fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
