"""Sample weights that stop one large data set or language from drowning the others.

Without them the misinformation model would be mostly a LIAR + CONSTRAINT-English model and
sentiment mostly an SST-2 model, while Hindi is the language the war room cares about most.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from classifiers.tasks import TaskExample


def balanced_weights(examples: Sequence[TaskExample]) -> np.ndarray:
    """Equal mass per language, per data set within a language, and per class within a data set.

    Class balancing here is safe because the calibration layer restores honest probabilities
    afterwards. Weights are scaled to mean 1 so the regularisation strength keeps its meaning.
    """
    if not examples:
        return np.zeros(0)
    languages = {example.language for example in examples}
    datasets_per_language: dict[str, set[str]] = defaultdict(set)
    classes_per_dataset: dict[str, set[str]] = defaultdict(set)
    for example in examples:
        datasets_per_language[example.language].add(example.origin)
        classes_per_dataset[example.origin].add(example.label)
    cell_sizes = Counter((example.origin, example.label) for example in examples)
    weights = np.array(
        [
            1.0
            / len(languages)
            / len(datasets_per_language[example.language])
            / len(classes_per_dataset[example.origin])
            / cell_sizes[(example.origin, example.label)]
            for example in examples
        ]
    )
    return weights * (len(weights) / weights.sum())


def language_weights(examples: Sequence[TaskExample]) -> np.ndarray:
    """Equal mass per language only, keeping each language's natural class mix.

    Used for calibration, where class priors must stay real but Hindi must not be an afterthought.
    """
    if not examples:
        return np.zeros(0)
    sizes = Counter(example.language for example in examples)
    weights = np.array([1.0 / sizes[example.language] for example in examples])
    return weights * (len(weights) / weights.sum())
