"""A multi-task version's model cards (one per task) and its folders: the bundle, then one registry folder per task.

Limitations and data-set citations come from the shared catalogue (classifiers.catalogue), the card layout and
the folder writer from classifiers.release, as for every family.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifiers.card import ModelCard
from classifiers.catalogue import sources
from classifiers.datasets import DataFormat
from classifiers.demo_check import DemoCorpusCheck
from classifiers.e5 import ARCHITECTURE
from classifiers.e5.bundle import BUNDLES_DIR, NAME, HeadCalibration
from classifiers.e5.cache import BASE_MODEL
from classifiers.e5.plots import save_confusion_png
from classifiers.e5.probe import ProbeFit
from classifiers.e5.request import RetrainRequest
from classifiers.e5.rows import LENGTH_AUGMENT_SHARE, NEWS_NEGATIVE_WEIGHT, REFIT_TASKS, PreparedRows
from classifiers.e5.trainer import TrainingHistory
from classifiers.evaluation import TaskEvaluation, compute_metrics, compute_multilabel_metrics
from classifiers.registry import model_dir
from classifiers.release import CardStem, Comparison, comparison_fields, write_folder
from core.tasks import HOSTILE, TASKS, TaskKind


@dataclass(frozen=True)
class TaskOutcome:
    """One task of a new version: its figures beside the version in use, and its card."""

    comparison: Comparison
    card: ModelCard

    @property
    def task(self) -> str:
        return self.comparison.task

    @property
    def evaluation(self) -> TaskEvaluation | None:
        return self.comparison.evaluation

    @property
    def previous_model(self) -> str | None:
        return self.comparison.previous_model

    @property
    def previous(self) -> TaskEvaluation | None:
        return self.comparison.previous


@dataclass(frozen=True)
class RunRecord:
    """What every card of one run records about how it was trained."""

    request: RetrainRequest
    prepared: PreparedRows
    history: TrainingHistory
    probes: Mapping[str, ProbeFit]
    kept_calibration: frozenset[str]  # tasks whose calibration came with the reused weights


def card_stem(record: RunRecord, version: str, created: str, tasks: tuple[str, ...]) -> CardStem:
    settings, probes = record.request.settings, record.probes
    adapted = ", ".join(task for task in tasks if task not in probes or task in REFIT_TASKS)
    probed = f"; {', '.join(probes)}: logistic regression on the adapted encoder's pooled vectors" if probes else ""
    summary = (
        f"{BASE_MODEL} as a transformers BertModel; one LoRA adapter on the top {settings.lora.tuned_layers} layers "
        f"shared by the {adapted} heads (mean pooling + linear head each), fine-tuned jointly{probed}; "
        "Platt/multinomial calibration and thresholds fitted on a held-out split of the training files."
    )
    parameters = {**settings.to_dict(), "caps": dict(record.request.caps), "base_model": BASE_MODEL}
    return CardStem(NAME, version, ARCHITECTURE, summary, parameters, created)


def _training_fields(task: str, record: RunRecord, version: str) -> dict[str, Any]:
    request, prepared, history = record.request, record.prepared, record.history
    return {
        "fit_rows": len(prepared.fit_rows),
        "calibration_rows": len(prepared.calibration_rows),
        "task_rows": prepared.counts,
        "news_negatives": [r.model_dump() for r in prepared.news_records],
        "news_negative_weight": NEWS_NEGATIVE_WEIGHT,
        "length_augmented_rows": dict(Counter(f"{next(iter(r.targets))}:{r.origin}" for r in prepared.joined)),
        "length_augment_share": LENGTH_AUGMENT_SHARE,
        "label_counts": dict(Counter(f"{r.origin}:{r.targets.get(task)}" for r in prepared.rows if task in r.targets)),
        "epoch_losses": [round(x, 4) for x in history.epoch_losses],
        "epoch_task_losses": [{k: round(v, 4) for k, v in e.items()} for e in history.epoch_task_losses],
        "device": history.device,
        "dtype": history.dtype,
        "frozen_pass_seconds": round(history.frozen_seconds, 1),
        "train_seconds": round(history.seconds, 1),
        "train_examples_per_second": round(history.examples_per_second, 1),
        "focus": request.focus,
        "weights_from": str(request.reuse_weights.name) if request.reuse_weights else None,
        "calibration_from": str(request.reuse_weights.name)
        if request.reuse_weights and task in record.kept_calibration
        else None,
        "probe_heads": {
            name: {"C": fit.c, "held_out_log_loss": fit.held_out_log_loss, "rows": fit.rows}
            for name, fit in record.probes.items()
        },
        "bundle": f"{BUNDLES_DIR}/{NAME}/{version}",
    }


def task_card(
    stem: CardStem,
    record: RunRecord,
    comparison: Comparison,
    calibration: HeadCalibration,
    demo: DemoCorpusCheck | None,
    demo_shares: dict[str, dict[str, float]] | None,
) -> ModelCard:
    task, prepared = comparison.task, record.prepared
    training = {
        **_training_fields(task, record, stem.version),
        **comparison_fields(comparison),
        # Tasks without demo ground truth: how often the bundled news articles get each label.
        "demo_label_shares": demo_shares,
    }
    return stem.card(
        task,
        training_files=[loaded.record for loaded in prepared.train_files],
        validation_files=[loaded.record for loaded in prepared.validation_files],
        validation=comparison.evaluation or empty_evaluation(task, stem.version),
        training=training,
        sources=sorted(set(sources([loaded.record.dataset for loaded in prepared.train_files]))),
        threshold=calibration.threshold,
        language_thresholds=calibration.language_thresholds,
        demo_corpus=demo,
    )


def empty_evaluation(task: str, version: str) -> TaskEvaluation:
    """A card for a task without validation data says so with n=0 instead of inventing figures."""
    spec = TASKS[task]
    multilabel = spec.kind is TaskKind.MULTILABEL
    empty = compute_multilabel_metrics(spec, [], [], []) if multilabel else compute_metrics(spec, [], [], [])
    return TaskEvaluation(
        task=task, model=f"{NAME}/{version}", threshold=None, dropped=0, overall=empty, by_language={}, by_dataset={}
    )


def hostile_vs_not(evaluation: TaskEvaluation | None) -> dict[str, float]:
    """CONSTRAINT Hindi's coarse hostile-vs-not figures, read off the hostility head's "hostile" label."""
    if evaluation is None:
        return {}
    metrics = evaluation.by_dataset.get(DataFormat.CONSTRAINT_HINDI.value)
    if metrics is None or HOSTILE not in metrics.per_label:
        return {}
    label = metrics.per_label[HOSTILE]
    return {
        "constraint_hindi_hostile_f1": round(label.f1, 4),
        "constraint_hindi_hostile_precision": round(label.precision, 4),
        "constraint_hindi_hostile_recall": round(label.recall, 4),
    }


def _summary(model_id: str, outcomes: Mapping[str, TaskOutcome], system: Mapping[str, float]) -> dict[str, Any]:
    return {
        "model": model_id,
        "tasks": {
            task: {
                "validation_f1": outcome.evaluation.overall.f1 if outcome.evaluation else None,
                "validation_accuracy": outcome.evaluation.overall.accuracy if outcome.evaluation else None,
                "previous_model": outcome.previous_model,
                "previous_f1": outcome.previous.overall.f1 if outcome.previous else None,
            }
            for task, outcome in outcomes.items()
        },
        "system_figures": dict(system),
    }


def write_version(
    models_dir: Path,
    staging: Path,
    folder: Path,
    model_id: str,
    outcomes: Mapping[str, TaskOutcome],
    system: Mapping[str, float],
    seconds: float,
) -> None:
    """Bundle folder first (from ``staging``, where the weights already are), then one registry folder per task;
    each appears whole (rename) or not at all."""
    for task, outcome in outcomes.items():
        outcome.card.training["system_figures"] = dict(system)
        outcome.card.training["total_seconds"] = round(seconds, 1)
        if outcome.evaluation is not None:
            save_confusion_png(outcome.evaluation, staging / f"confusion-{task}.png")
    summary = json.dumps(_summary(model_id, outcomes, system), indent=2, ensure_ascii=False) + "\n"
    (staging / "summary.json").write_text(summary, encoding="utf-8")
    folder.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, folder)
    for task, outcome in outcomes.items():
        target = model_dir(task, model_id, models_dir)
        config = {
            "architecture": ARCHITECTURE,
            "task": task,
            "name": outcome.card.name,
            "version": outcome.card.version,
            "bundle": os.path.relpath(folder, target),
        }

        def fill(staging_task: Path, config: dict[str, Any] = config, card: ModelCard = outcome.card) -> None:
            (staging_task / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
            card.save(staging_task)

        write_folder(target, fill)
