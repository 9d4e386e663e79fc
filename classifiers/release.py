"""Releasing a trained version, for every model family: its folders, its cards, the comparison with the versions
in use, and the one promotion rule.

A new version becomes active only if no task it covers does worse on the validation rows than the version in use
(its headline F1 more than :data:`DEGRADATION_TOLERANCE` below), unless the caller asks for ``always`` (or
``never``). The version in use is evaluated afresh on the same rows through the same code path, whatever its
family, so a TF-IDF run compares with an active transformer and the other way round (docs/decisions.md, 37).
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifiers.base import model_id as model_id_of
from classifiers.card import DataFile, ModelCard, ProxyDataFile
from classifiers.catalogue import limitations
from classifiers.demo_check import DemoCorpusCheck
from classifiers.errors import RegistryError
from classifiers.evaluation import TaskEvaluation, evaluate
from classifiers.registry import load_active, promote
from classifiers.task_views import TaskView

if TYPE_CHECKING:
    from classifiers.e5.options import EncoderOptions

# A new version may lose this much on a task's headline figure and still be promoted (the transformer's rule
# before the families shared one).
DEGRADATION_TOLERANCE = 0.01


class PromotePolicy(str, enum.Enum):
    IF_NOT_WORSE = "if-not-worse"
    ALWAYS = "always"
    NEVER = "never"


def headline(evaluation: TaskEvaluation) -> float:
    """The figure promotion compares: positive-class F1 for binary tasks, macro F1 otherwise."""
    return evaluation.overall.f1


@dataclass(frozen=True)
class Comparison:
    """One task of a new version beside the version in use, both evaluated on the same validation rows."""

    task: str
    evaluation: TaskEvaluation | None  # None: no validation rows for this task
    previous_model: str | None = None  # None: nothing was active (or nothing to compare on)
    previous: TaskEvaluation | None = None

    @property
    def change(self) -> float | None:
        if self.evaluation is None or self.previous is None:
            return None
        return headline(self.evaluation) - headline(self.previous)

    def worse(self, tolerance: float = DEGRADATION_TOLERANCE) -> bool:
        change = self.change
        return change is not None and change < -tolerance

    def describe(self) -> str:
        """"sentiment F1 0.709 < e5-mt/2026.11.30-7 0.818, down 0.109"."""
        assert self.evaluation is not None and self.previous is not None and self.change is not None
        return (
            f"{self.task} F1 {headline(self.evaluation):.3f} < {self.previous_model} {headline(self.previous):.3f}, "
            f"down {-self.change:.3f}"
        )


def compare_with_active(
    task: str,
    evaluation: TaskEvaluation | None,
    view: TaskView,
    models_dir: Path,
    options: EncoderOptions | None = None,
) -> Comparison:
    """Evaluate the version in use for ``task`` on ``view``, the rows ``evaluation`` was computed on."""
    if evaluation is None or not view.examples:
        return Comparison(task, evaluation)
    try:
        classifier = load_active(task, models_dir, options=options)
    except RegistryError:
        return Comparison(task, evaluation)
    return Comparison(task, evaluation, model_id_of(classifier), evaluate(classifier, view))


@dataclass(frozen=True)
class Promotion:
    promoted: bool
    note: str  # one line for the user: what became active, or which task got worse and by how much


def decide(model_id: str, comparisons: Sequence[Comparison], policy: PromotePolicy) -> Promotion:
    """The promotion rule, without side effects."""
    if policy is PromotePolicy.NEVER:
        return Promotion(False, f"stored {model_id}; not promoted (--promote never)")
    worse = [comparison for comparison in comparisons if comparison.worse()]
    if worse and policy is PromotePolicy.IF_NOT_WORSE:
        reasons = "; ".join(comparison.describe() for comparison in worse)
        return Promotion(False, f"stored {model_id}; not promoted because {reasons} (use --promote always)")
    return Promotion(True, f"promoted {model_id} for {', '.join(comparison.task for comparison in comparisons)}")


def release(model_id: str, comparisons: Sequence[Comparison], policy: PromotePolicy, models_dir: Path) -> Promotion:
    """Apply :func:`decide`: make ``model_id`` active for every compared task, or for none."""
    decision = decide(model_id, comparisons, policy)
    if decision.promoted:
        for comparison in comparisons:
            promote(comparison.task, model_id, models_dir)
    return decision


def staging_folder(target: Path) -> Path:
    return target.parent / f".staging-{target.name}-{os.getpid()}"


def write_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Build a version folder beside ``target`` and rename it into place, so a crash never leaves a half-written
    version that the registry would list or offer for promotion."""
    staging = staging_folder(target)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    fill(staging)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, target)


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class CardStem:
    """What the cards of one version share; :meth:`card` adds one task's files, figures and limitations."""

    name: str
    version: str
    architecture: str
    summary: str
    parameters: dict[str, Any]
    created: str = field(default_factory=utc_now)

    def card(
        self,
        task: str,
        *,
        training_files: Sequence[DataFile],
        validation_files: Sequence[DataFile],
        validation: TaskEvaluation,
        training: dict[str, Any],
        sources: Sequence[str],
        proxy_files: Sequence[ProxyDataFile] = (),
        threshold: float | None = None,
        language_thresholds: dict[str, float] | None = None,
        demo_corpus: DemoCorpusCheck | None = None,
    ) -> ModelCard:
        return ModelCard(
            name=self.name,
            version=self.version,
            task=task,
            created=self.created,
            architecture=self.architecture,
            summary=self.summary,
            training_files=list(training_files),
            proxy_files=list(proxy_files),
            validation_files=list(validation_files),
            parameters=dict(self.parameters),
            training=training,
            threshold=threshold,
            language_thresholds=dict(language_thresholds or {}),
            validation=validation,
            demo_corpus=demo_corpus,
            limitations=limitations(task, self.architecture),
            sources=list(sources),
        )


def comparison_fields(comparison: Comparison) -> dict[str, Any]:
    """The card's record of the version it was compared with."""
    previous = comparison.previous
    return {
        "previous_model": comparison.previous_model,
        "previous_validation": previous.model_dump(mode="json") if previous is not None else None,
    }
