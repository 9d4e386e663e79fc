"""Satark's text classifiers: the shared interface, data loaders, baseline models and registry.

Only the light-weight interface is re-exported here; import the submodules (``classifiers.suite``,
``classifiers.registry``, ``classifiers.training``) for the scikit-learn backed parts.
"""

from classifiers.base import TaskClassifier
from core.records import TaskPrediction
from core.tasks import TaskKind

__all__ = ["TaskClassifier", "TaskKind", "TaskPrediction"]
