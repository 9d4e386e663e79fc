"""The TF-IDF baseline family: hashed char n-gram TF-IDF + logistic regression, one model per task.

``model`` holds the classifier and its on-disk format, ``features`` the hashed TF-IDF, ``fitting`` the fit
and calibration, ``weighting`` the balancing weights and ``training`` the run that reads the shared data
layout and releases a version per task. Importing this package registers the family's loader with the
registry; scikit-learn is imported only when a model is loaded or trained.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classifiers.registry import register_loader

if TYPE_CHECKING:
    from classifiers.base import TaskClassifier
    from classifiers.e5.options import EncoderOptions

ARCHITECTURE = "tfidf-lr"


def _load(directory: Path, options: EncoderOptions | None) -> TaskClassifier:
    from classifiers.baseline.model import BaselineClassifier

    return BaselineClassifier.load(directory)  # no inference options: it runs on numpy alone


register_loader(ARCHITECTURE, _load)
