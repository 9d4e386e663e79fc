"""Satark's text classifiers: the shared interface, data loaders, baseline models and registry.

Only the light-weight interface is re-exported here; import the submodules (``classifiers.suite``,
``classifiers.registry``, ``classifiers.training``) for the scikit-learn backed parts.
"""

from classifiers.base import TaskClassifier, TaskKind, TaskPrediction

__all__ = ["TaskClassifier", "TaskKind", "TaskPrediction"]
