"""Train a new multi-task version: data in, evaluated and released version out.

Steps: read the training files (any known format, including reviewers' exported labels) and the public sets, cap
the largest sets and hold out a stratified calibration split (classifiers.e5.rows); fit: fine-tune adapter + heads
(or reuse stored ones) and fit the probe heads; calibrate each head and choose thresholds on the held-out split
(classifiers.e5.calibrate); evaluate every task on the validation files through the same code path the pipeline
uses and compare with the versions in use; write the bundle with model cards and confusion-matrix plots
(classifiers.e5.cards); and promote it under the release rule (classifiers.release: only if no task got worse,
unless told otherwise).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from classifiers.demo_check import check_demo_corpus, demo_corpus_view, demo_label_shares
from classifiers.e5.bundle import (
    NAME,
    BundleConfig,
    E5Bundle,
    HeadCalibration,
    bundle_dir,
    head_arrays,
    read_bundle_config,
    save_bundle,
    write_bundle_config,
)
from classifiers.e5.cache import cached_base
from classifiers.e5.calibrate import calibrate_bundle
from classifiers.e5.cards import RunRecord, TaskOutcome, card_stem, hostile_vs_not, task_card, write_version
from classifiers.e5.checkpoint import E5Checkpoint, bundled_checkpoint_path
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.network import MultiTaskNetwork
from classifiers.e5.offload import PackSummary, write_pack
from classifiers.e5.probe import ProbeFit, fit_probe_heads
from classifiers.e5.request import DEFAULT_CAPS, RetrainRequest, Stage, StageCallback, TrainingDataError
from classifiers.e5.reuse import reuse_network
from classifiers.e5.rows import FITTED_AFTER_TRAINING, PROBE_TASKS, REFIT_TASKS, PreparedRows, prepare_rows
from classifiers.e5.trainer import StepCallback, TrainingBase, TrainingHistory, encoder_for_training, train_network
from classifiers.evaluation import evaluate
from classifiers.registry import next_version
from classifiers.release import PromotePolicy, compare_with_active, release, staging_folder, utc_now
from classifiers.task_views import task_view
from core.tasks import HOSTILITY, MISINFORMATION, SENTIMENT, TASKS, TaskSpec

__all__ = [
    "DEFAULT_CAPS",
    "PROBE_TASKS",
    "REFIT_TASKS",
    "PromotePolicy",
    "RetrainRequest",
    "RetrainResult",
    "Stage",
    "TaskOutcome",
    "TrainingDataError",
    "offload_pack",
    "retrain",
]


@dataclass(frozen=True)
class RetrainResult:
    model_id: str
    bundle_folder: Path
    outcomes: dict[str, TaskOutcome]
    promoted: bool
    promotion_note: str
    system_figures: dict[str, float]


@dataclass(frozen=True)
class _Fitted:
    """The network after fine-tuning (or reuse) and probe fitting, with what the cards record of it."""

    network: MultiTaskNetwork
    history: TrainingHistory
    probes: dict[str, ProbeFit]


@dataclass(frozen=True)
class _Calibrated:
    bundle: E5Bundle
    staging: Path  # the bundle folder being written, renamed into place once the cards are in
    kept: frozenset[str]  # tasks whose calibration came with the reused weights


def _fit(
    request: RetrainRequest,
    prepared: PreparedRows,
    specs: Mapping[str, TaskSpec],
    base: E5Encoder,
    stage: StageCallback,
    on_step: StepCallback | None,
) -> _Fitted:
    settings, joint_rows = request.settings, prepared.joint_rows
    if request.reuse_weights is None:
        stage(Stage("encode", f"{len(joint_rows)} training rows through the frozen layers"))
        ids = base.token_ids([row.text for row in joint_rows])
        network, history = train_network(joint_rows, ids, specs, settings, TrainingBase.of(base), on_step)
        probed = {task: specs[task] for task in FITTED_AFTER_TRAINING if task in specs}
    else:
        stage(Stage("reuse", f"adapter and heads of {request.reuse_weights}"))
        network, history, held = reuse_network(request.reuse_weights, specs, settings, base, joint_rows)
        probed = {task: spec for task, spec in specs.items() if task in FITTED_AFTER_TRAINING or task not in held}
    probes: dict[str, ProbeFit] = {}
    if probed:
        stage(Stage("probe", f"{', '.join(probed)} head(s) fitted on the adapted encoder"))
        probes = fit_probe_heads(
            network, base, probed, prepared.fit_rows, prepared.calibration_rows, settings.seed
        )
    return _Fitted(network, history, probes)


def _calibrate(
    request: RetrainRequest,
    prepared: PreparedRows,
    specs: Mapping[str, TaskSpec],
    base: E5Encoder,
    fitted: _Fitted,
    version: str,
    created: str,
) -> _Calibrated:
    """Save the weights, merge the adapter into the encoder, and calibrate every head on the held-out rows."""
    settings = request.settings
    adapter_heads = head_arrays(fitted.network)
    identity = {task: HeadCalibration() for task in specs}
    draft = BundleConfig(NAME, version, tuple(specs), settings.lora, settings.max_length, "", identity, created)
    # Save before merging: merging folds the adapter into the encoder and removes it from the network.
    staging = staging_folder(bundle_dir(request.models_dir, version))
    shutil.rmtree(staging, ignore_errors=True)
    save_bundle(staging, draft, fitted.network)
    merged = E5Encoder(fitted.network.merged_encoder(), base.tokenizer, base.options)
    # Reused heads keep the calibration they were evaluated with unless told otherwise: a new held-out split
    # alone moves decisions (recalibrating -3's sentiment head moved IITP accuracy 0.767 -> 0.748).
    reused = request.reuse_weights is not None and not request.recalibrate
    stored = read_bundle_config(request.reuse_weights).calibration if request.reuse_weights and reused else {}
    kept = {task: head for task, head in stored.items() if task in specs and task not in fitted.probes}
    calibration = calibrate_bundle(
        E5Bundle(draft, merged, adapter_heads), specs, prepared.calibration_rows, settings.seed, kept
    )
    base_sha = cached_base(request.cache_dir).source_sha256
    config = BundleConfig(
        NAME, version, tuple(specs), settings.lora, settings.max_length, base_sha, calibration, created
    )
    write_bundle_config(staging, config)
    return _Calibrated(E5Bundle(config, merged, adapter_heads), staging, frozenset(kept))


def _evaluate(
    request: RetrainRequest, prepared: PreparedRows, specs: Mapping[str, TaskSpec], fitted: _Fitted, calibrated: _Calibrated
) -> dict[str, TaskOutcome]:
    """Each task on the validation rows beside the version in use, the demo articles, and its card."""
    bundle, config = calibrated.bundle, calibrated.bundle.config
    record = RunRecord(request, prepared, fitted.history, fitted.probes, calibrated.kept)
    stem = card_stem(record, config.version, config.created, tuple(specs))
    validation = prepared.validation_examples
    outcomes: dict[str, TaskOutcome] = {}
    for task in specs:
        view = task_view(task, validation)
        classifier = E5TaskClassifier(task, bundle)
        evaluation = evaluate(classifier, view) if view.examples else None
        comparison = compare_with_active(task, evaluation, view, request.models_dir)
        # The demo articles have gold labels for misinformation and sentiment only.
        demo = check_demo_corpus(classifier) if request.demo_check and task in (MISINFORMATION, SENTIMENT) else None
        shares = demo_label_shares(classifier) if request.demo_check and task == HOSTILITY else None
        card = task_card(stem, record, comparison, config.calibration[task], demo, shares)
        outcomes[task] = TaskOutcome(comparison, card)
    return outcomes


def retrain(
    request: RetrainRequest, on_stage: StageCallback | None = None, on_step: StepCallback | None = None
) -> RetrainResult:
    stage: StageCallback = on_stage or (lambda _: None)
    specs = dict(TASKS)
    started = time.perf_counter()

    stage(Stage("load", "reading training and validation files"))
    prepared = prepare_rows(request, specs, np.random.default_rng(request.settings.seed))
    base = encoder_for_training(request.settings, request.cache_dir)
    fitted = _fit(request, prepared, specs, base, stage, on_step)

    stage(Stage("calibrate", f"{len(prepared.calibration_rows)} held-out rows"))
    model_id = next_version(MISINFORMATION, NAME, request.models_dir, request.today)
    version = model_id.split("/", 1)[1]
    calibrated = _calibrate(request, prepared, specs, base, fitted, version, utc_now())

    stage(Stage("evaluate", "validation files, versions in use, demo articles"))
    outcomes = _evaluate(request, prepared, specs, fitted, calibrated)
    system = hostile_vs_not(outcomes[HOSTILITY].evaluation)

    stage(Stage("save", model_id))
    folder = bundle_dir(request.models_dir, version)
    seconds = time.perf_counter() - started
    write_version(request.models_dir, calibrated.staging, folder, model_id, outcomes, system, seconds)
    comparisons = [outcome.comparison for outcome in outcomes.values()]
    promotion = release(model_id, comparisons, request.promote, request.models_dir)
    stage(Stage("done", promotion.note))
    return RetrainResult(model_id, folder, outcomes, promotion.promoted, promotion.note, system)


def offload_pack(request: RetrainRequest, folder: Path, on_stage: StageCallback | None = None) -> PackSummary:
    """Write a training pack for another machine instead of fine-tuning here (see classifiers.e5.offload).

    The rows are exactly those :func:`retrain` would fine-tune on for this request; bringing the weights back
    with ``reuse_weights`` and ``recalibrate`` then calibrates on the same held-out split.
    """
    stage: StageCallback = on_stage or (lambda _: None)
    settings = request.settings
    stage(Stage("load", "reading training files"))
    prepared = prepare_rows(request, dict(TASKS), np.random.default_rng(settings.seed))
    joint_rows = prepared.joint_rows
    stage(Stage("tokenise", f"{len(joint_rows)} training rows"))
    base = encoder_for_training(replace(settings, device="cpu"), request.cache_dir)
    ids = base.token_ids([row.text for row in joint_rows])
    articles = demo_corpus_view(MISINFORMATION).examples
    stage(Stage("pack", str(folder)))
    return write_pack(
        folder, joint_rows, ids, settings, E5Checkpoint(bundled_checkpoint_path()),
        bench_ids=base.token_ids([article.text for article in articles]),
        provenance={
            "training_files": [loaded.record.model_dump() for loaded in prepared.train_files],
            "news_negatives": [record.model_dump() for record in prepared.news_records],
            "caps": dict(request.caps),
            "calibration_rows": len(prepared.calibration_rows),
            "focus": request.focus,
        },
    )
