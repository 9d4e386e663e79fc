"""Classify a batch of texts for every task at once with each task's active model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from classifiers.base import TaskClassifier, check_languages, model_id
from classifiers.registry import load_active, read_registry
from core.records import TaskPrediction
from core.tasks import TASKS

if TYPE_CHECKING:
    from classifiers.e5.options import EncoderOptions


class ClassifierSuite:
    """One active model per task; the pipeline's single entry point to classification."""

    def __init__(self, classifiers: Mapping[str, TaskClassifier]) -> None:
        for task, classifier in classifiers.items():
            if classifier.task != task:
                raise ValueError(f"classifier for {task!r} is a {classifier.task!r} model")
        self._classifiers = dict(classifiers)

    @classmethod
    def from_registry(
        cls,
        models_dir: Path | str | None = None,
        tasks: Sequence[str] | None = None,
        *,
        options: EncoderOptions | None = None,
    ) -> ClassifierSuite:
        """Load the active model of ``tasks`` (default: every task in registry.json that runs on articles).

        ``options`` (device, precision, threads, encoder cache) reach the loaders of families that use them.
        """
        selected = (
            list(tasks)
            if tasks is not None
            # Entries that are not tasks (the article flag model) are loaded by their own users.
            else sorted(task for task in read_registry(models_dir) if task in TASKS and TASKS[task].on_articles)
        )
        return cls({task: load_active(task, models_dir, options=options) for task in selected})

    @property
    def members(self) -> Mapping[str, TaskClassifier]:
        """task -> the classifier that runs it (read-only view)."""
        return MappingProxyType(self._classifiers)

    @property
    def tasks(self) -> list[str]:
        return list(self._classifiers)

    @property
    def models(self) -> dict[str, str]:
        """task -> "NAME/VERSION" of the model in use, for provenance in stored results."""
        return {task: model_id(classifier) for task, classifier in self._classifiers.items()}

    def classify(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[dict[str, TaskPrediction]]:
        """One {task: prediction} dict per text, in input order."""
        expanded = check_languages(texts, languages)
        results: list[dict[str, TaskPrediction]] = [{} for _ in texts]
        for task, classifier in self._classifiers.items():
            for row, prediction in zip(results, classifier.predict(texts, expanded), strict=True):
                row[task] = prediction
        return results
