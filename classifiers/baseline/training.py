"""Training the baseline models from the standard shared data layout and releasing them.

For each task: read the known train files under ``data_dir``, hold out a stratified calibration split (for
probability calibration and the misinformation threshold), add any proxy-labelled files to the fit only, fit,
evaluate on the untouched shared validation files and the held-out news probe, report the out-of-domain
demo-corpus check, write a new registry version with its card, and promote it under the release rule
(classifiers.release: only if the task does not get worse than the version in use, unless told otherwise).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classifiers.baseline import ARCHITECTURE
from classifiers.baseline.data import (
    LoadedFiles,
    ProxyRows,
    calibration_split,
    check_data,
    load_proxy_files,
    load_task_files,
)
from classifiers.baseline.fitting import TrainingSet, fit_baseline
from classifiers.baseline.model import BaselineClassifier, BaselineParams
from classifiers.baseline.weighting import balanced_weights, language_weights
from classifiers.card import ModelCard
from classifiers.catalogue import STANDARD_FILES, sources
from classifiers.datasets import DataFormat
from classifiers.demo_check import DemoCorpusCheck, check_demo_corpus
from classifiers.evaluation import TaskEvaluation, evaluate
from classifiers.news_probe import NewsProbe, news_probe
from classifiers.registry import model_dir, next_version, resolve_models_dir
from classifiers.release import (
    CardStem,
    Comparison,
    PromotePolicy,
    compare_with_active,
    comparison_fields,
    release,
    write_folder,
)
from classifiers.task_views import TaskExample
from core.tasks import TaskSpec, task_spec

BASELINE_TASKS: tuple[str, ...] = tuple(STANDARD_FILES)
SUMMARY = (
    "Hashed character n-gram TF-IDF (char_wb) + logistic regression, trained jointly on Hindi and "
    "English with language/data-set/class balancing weights, then Platt/multinomial calibration. "
    "Long texts score as the mean of their sentence-packed segments."
)


@dataclass(frozen=True)
class TrainingOptions:
    calibration_fraction: float = 0.15
    # Per data-set row caps (deterministic subsample) to keep training within minutes on 2 cores.
    max_rows: Mapping[str, int] = field(default_factory=lambda: {DataFormat.SST2_ENGLISH.value: 30_000})
    params: BaselineParams = field(default_factory=BaselineParams)
    seed: int = 20261129
    # Off only for ablations: measuring what the proxy-labelled news rows change.
    proxy_labels: bool = True


@dataclass(frozen=True)
class BaselineRequest:
    """One ``satark train baseline`` run: which tasks, from which data, into which registry, promoted how."""

    data_dir: Path
    models_dir: Path | None = None
    tasks: tuple[str, ...] = BASELINE_TASKS
    options: TrainingOptions = field(default_factory=TrainingOptions)
    promote: PromotePolicy = PromotePolicy.IF_NOT_WORSE
    today: dt.date | None = None


@dataclass(frozen=True)
class ProgressEvent:
    task: str
    stage: str  # "load" | "fit" | "evaluate" | "save" | "done"
    step: int  # 0-based count of completed steps for this task
    steps: int
    detail: str = ""


ProgressCallback = Callable[[ProgressEvent], None]
_STAGES = ("load", "fit", "evaluate", "save")


@dataclass(frozen=True)
class TrainingResult:
    task: str
    model_id: str
    directory: Path
    evaluation: TaskEvaluation
    card: ModelCard
    promoted: bool
    promotion_note: str = ""


@dataclass(frozen=True)
class _Rows:
    """One task's rows as a run uses them; the same options give the same rows."""

    train: LoadedFiles
    validation: LoadedFiles
    fit: list[TaskExample]
    calibration: list[TaskExample]
    proxy: ProxyRows


@dataclass(frozen=True)
class _Checks:
    evaluation: TaskEvaluation
    comparison: Comparison
    probe: NewsProbe | None
    demo: DemoCorpusCheck


def _load_rows(task: str, data_dir: Path, options: TrainingOptions, rng: np.random.Generator) -> _Rows:
    files = STANDARD_FILES[task]
    train = load_task_files(task, data_dir, files.train, options.max_rows, rng)
    validation = load_task_files(task, data_dir, files.validation, {}, rng)
    fit, calibration = calibration_split(train.view.examples, options.calibration_fraction, rng)
    proxy = load_proxy_files(files.proxy if options.proxy_labels else (), data_dir, options.max_rows, rng)
    return _Rows(train, validation, fit + proxy.examples, calibration, proxy)


def _training_set(spec: TaskSpec, examples: Sequence[TaskExample], weights: np.ndarray) -> TrainingSet:
    targets = np.array([spec.classes.index(example.label) for example in examples], dtype=np.int64)
    return TrainingSet(
        [example.text for example in examples], targets, weights, [example.language for example in examples]
    )


def _fit(task: str, version: str, rows: _Rows, params: BaselineParams) -> BaselineClassifier:
    spec = task_spec(task)
    return fit_baseline(
        task,
        version,
        _training_set(spec, rows.fit, balanced_weights(rows.fit, rows.proxy.shares)),
        _training_set(spec, rows.calibration, language_weights(rows.calibration)),
        params,
    )


def _check(classifier: BaselineClassifier, rows: _Rows, data_dir: Path, models_dir: Path) -> _Checks:
    evaluation = evaluate(classifier, rows.validation.view)
    comparison = compare_with_active(classifier.task, evaluation, rows.validation.view, models_dir)
    # The news probe and the demo corpus are reported only; they choose nothing.
    return _Checks(evaluation, comparison, news_probe(classifier, data_dir), check_demo_corpus(classifier))


def _card(
    classifier: BaselineClassifier, rows: _Rows, checks: _Checks, options: TrainingOptions, fit_seconds: float
) -> ModelCard:
    stem = CardStem(classifier.name, classifier.version, ARCHITECTURE, SUMMARY, options.params.to_dict())
    datasets = {record.dataset for record in rows.train.files}
    training = {
        "fit_rows": len(rows.fit),
        "calibration_rows": len(rows.calibration),
        "calibration_fraction": options.calibration_fraction,
        "calibration_note": "held out from the train files, stratified by data set and label; "
        "calibration and the decision threshold are fitted there, never on validation files",
        "subsample_caps": {name: cap for name, cap in options.max_rows.items() if name in datasets},
        "weighting": "fit: equal mass per language, per data set within language, per class within "
        "data set; a proxy-labelled set gets its fixed share of its language's mass and the labelled "
        "sets split the rest; calibration: equal mass per language",
        "proxy_note": "proxy-labelled rows are fit-only: calibration and thresholds use annotated "
        "labels alone" if rows.proxy.files else None,
        "label_counts": dict(Counter(f"{e.origin}:{e.label}" for e in rows.train.view.examples)),
        "seed": options.seed,
        "fit_seconds": round(fit_seconds, 1),
        "news_probe": checks.probe.model_dump(mode="json") if checks.probe else None,
        **comparison_fields(checks.comparison),
    }
    return stem.card(
        classifier.task,
        training_files=rows.train.files,
        proxy_files=rows.proxy.files,
        validation_files=rows.validation.files,
        validation=checks.evaluation,
        training=training,
        sources=sources([record.dataset for record in [*rows.train.files, *rows.proxy.files]]),
        threshold=classifier.threshold,
        language_thresholds=classifier.language_thresholds,
        demo_corpus=checks.demo,
    )


def train_task(
    task: str, request: BaselineRequest, progress: ProgressCallback, models_dir: Path
) -> TrainingResult:
    """Load, fit, evaluate and compare, write the version, then release it under ``request.promote``."""
    options, steps = request.options, len(_STAGES)
    rng = np.random.default_rng(options.seed)
    started = time.perf_counter()

    progress(ProgressEvent(task, "load", 0, steps, "reading train and validation files"))
    rows = _load_rows(task, request.data_dir, options, rng)
    model_id = next_version(task, ARCHITECTURE, models_dir, request.today)
    progress(ProgressEvent(task, "fit", 1, steps, f"{len(rows.fit)} rows, {len(rows.calibration)} held out"))
    classifier = _fit(task, model_id.split("/", 1)[1], rows, options.params)
    fit_seconds = time.perf_counter() - started

    progress(ProgressEvent(task, "evaluate", 2, steps, f"{len(rows.validation.view.examples)} validation rows"))
    checks = _check(classifier, rows, request.data_dir, models_dir)

    progress(ProgressEvent(task, "save", 3, steps, model_id))
    card = _card(classifier, rows, checks, options, fit_seconds)
    directory = model_dir(task, model_id, models_dir)

    def fill(staging: Path) -> None:
        classifier.save(staging)
        card.save(staging)

    write_folder(directory, fill)
    promotion = release(model_id, [checks.comparison], request.promote, models_dir)
    progress(ProgressEvent(task, "done", steps, steps, model_id))
    return TrainingResult(task, model_id, directory, checks.evaluation, card, promotion.promoted, promotion.note)


def run_baseline(request: BaselineRequest, progress: ProgressCallback | None = None) -> list[TrainingResult]:
    """Train, evaluate, store and release a new baseline version for each task of ``request``."""
    for task in request.tasks:
        task_spec(task)
        if task not in STANDARD_FILES:
            raise ValueError(f"no baseline training recipe for task {task!r}")
    check_data(request.data_dir, request.tasks)
    models_dir = resolve_models_dir(request.models_dir)
    report: ProgressCallback = progress or (lambda event: None)
    return [train_task(task, request, report, models_dir) for task in request.tasks]


def train_baseline(
    data_dir: Path | str,
    models_dir: Path | str | None = None,
    tasks: Sequence[str] = BASELINE_TASKS,
    progress: ProgressCallback | None = None,
    options: TrainingOptions | None = None,
    promote: PromotePolicy = PromotePolicy.IF_NOT_WORSE,
    today: dt.date | None = None,
) -> list[TrainingResult]:
    """:func:`run_baseline` with the request given as arguments (tests, notebooks)."""
    request = BaselineRequest(
        data_dir=Path(data_dir),
        models_dir=Path(models_dir) if models_dir is not None else None,
        tasks=tuple(tasks),
        options=options or TrainingOptions(),
        promote=promote,
        today=today,
    )
    return run_baseline(request, progress)
