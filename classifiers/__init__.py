"""Satark's text classifiers: the shared interface, data catalogue, model families, registry and releases.

Only the light-weight interface is re-exported here; import the submodules (``classifiers.suite``,
``classifiers.registry``, ``classifiers.baseline.training``, ``classifiers.e5.retrain``) for the parts backed
by scikit-learn or torch. Importing the package registers every model family's loader (classifiers.families).
"""

from classifiers import families as _families  # noqa: F401  registers the families' loaders
from classifiers.base import TaskClassifier
from core.records import TaskPrediction
from core.tasks import TaskKind

__all__ = ["TaskClassifier", "TaskKind", "TaskPrediction"]
