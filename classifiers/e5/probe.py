"""Task heads fitted on the finished encoder instead of trained with it (linear probes).

Some labels are too noisy to shape a shared adapter: LIAR's six grades, trained jointly, reached 0.238
validation accuracy and pulled the sentiment figures down, while a logistic regression on the adapted
encoder's pooled vectors reaches about 0.27. Heads that did shape the adapter can be refitted the same way
once it is trained (hostility: a converged regression beats the head trained through dropout). A probe head is
an ordinary linear head in the bundle, so inference, calibration and evaluation treat it like any other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from classifiers.e5.encoder import E5Encoder
from classifiers.e5.examples import MultiTaskExample
from classifiers.e5.network import MultiTaskNetwork
from core.tasks import TaskKind, TaskSpec

# Inverse L2 strengths tried per head; the one with the lowest held-out log loss is kept.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


@dataclass(frozen=True)
class ProbeFit:
    task: str
    c: float
    held_out_log_loss: float
    rows: int


def pooled_vectors(network: MultiTaskNetwork, base: E5Encoder, texts: Sequence[str]) -> np.ndarray:
    """The network's pooled vectors (adapter applied, before the heads) for ``texts``."""
    output = np.zeros((len(texts), base.hidden_size), dtype=np.float32)
    network.eval()
    for batch in base.batches(texts):
        with torch.inference_mode(), base.autocast():
            pooled = network.pooled(batch.input_ids.to(base.device), batch.attention_mask.to(base.device))
        output[batch.positions] = pooled.float().cpu().numpy()
    return output


def _columns(spec: TaskSpec, rows: Sequence[MultiTaskExample]) -> list[np.ndarray]:
    """One target vector per logistic regression: the class index, or 0/1 per label for multi-label heads."""
    if spec.kind is TaskKind.MULTILABEL:
        table = np.array([row.targets[spec.name] for row in rows], dtype=float)
        return [table[:, column].astype(int) for column in range(table.shape[1])]
    return [np.array([int(row.targets[spec.name]) for row in rows])]  # type: ignore[arg-type]


def _fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float, seed: int, classes: int) -> LogisticRegression:
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(x, y, sample_weight=weights)
    if len(model.classes_) != classes:
        raise ValueError(f"probe training rows hold {len(model.classes_)} of {classes} classes")
    return model


def fit_probe_heads(
    network: MultiTaskNetwork,
    base: E5Encoder,
    specs: Mapping[str, TaskSpec],
    fit_rows: Sequence[MultiTaskExample],
    held_out: Sequence[MultiTaskExample],
    seed: int,
) -> dict[str, ProbeFit]:
    """Replace the heads of ``specs`` by logistic regressions on the pooled vectors of their rows."""
    fits: dict[str, ProbeFit] = {}
    for task, spec in specs.items():
        train = [row for row in fit_rows if task in row.targets]
        valid = [row for row in held_out if task in row.targets]
        if not train or not valid:
            raise ValueError(f"no rows to fit or check the {task!r} probe head")
        x_train = pooled_vectors(network, base, [row.text for row in train])
        x_valid = pooled_vectors(network, base, [row.text for row in valid])
        weights = np.array([row.weight for row in train])
        classes = 2 if spec.kind is not TaskKind.MULTICLASS else len(spec.classes)
        best: tuple[float, float, list[LogisticRegression]] | None = None
        for c in C_GRID:
            models, loss = [], 0.0
            for y_train, y_valid in zip(_columns(spec, train), _columns(spec, valid), strict=True):
                model = _fit(x_train, y_train, weights, c, seed, classes)
                loss += log_loss(y_valid, model.predict_proba(x_valid), labels=model.classes_)
                models.append(model)
            if best is None or loss < best[0]:
                best = (loss, c, models)
        assert best is not None
        loss, c, models = best
        if spec.kind is TaskKind.MULTILABEL:
            weight = np.vstack([model.coef_ for model in models])
            bias = np.concatenate([model.intercept_ for model in models])
        else:
            weight, bias = models[0].coef_, models[0].intercept_  # binary: (1, d), the positive class's logit
        head = network.heads.linear(task)
        with torch.no_grad():
            head.weight.copy_(torch.as_tensor(weight, dtype=head.weight.dtype))
            head.bias.copy_(torch.as_tensor(bias, dtype=head.bias.dtype))
        fits[task] = ProbeFit(task, c, round(float(loss), 4), len(train))
    return fits
