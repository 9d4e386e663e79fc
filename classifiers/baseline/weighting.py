"""Sample weights that stop one large data set or language from drowning the others.

Without them the misinformation model would be mostly a LIAR + CONSTRAINT-English model and
sentiment mostly an SST-2 model, while Hindi is the language the war room cares about most.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from classifiers.task_views import TaskExample


def balanced_weights(
    examples: Sequence[TaskExample], proxy_shares: Mapping[str, float] | None = None
) -> np.ndarray:
    """Equal mass per language, per data set within a language, and per class within a data set.

    ``proxy_shares`` maps a data set whose labels are assumed rather than annotated (e.g. BBC news
    taken as not-misinformation) to the fraction of its language's mass it receives; the labelled
    sets of that language share the rest as above. Without a cap a one-class proxy set would be
    weighted like a whole labelled data set and drag the language's class balance with it.

    Class balancing here is safe because the calibration layer restores honest probabilities
    afterwards. Weights are scaled to mean 1 so the regularisation strength keeps its meaning.
    """
    if not examples:
        return np.zeros(0)
    shares = dict(proxy_shares or {})
    for origin, share in shares.items():
        if not 0.0 < share < 1.0:
            raise ValueError(f"proxy share of {origin!r} must be in (0, 1), got {share}")
    languages = {example.language for example in examples}
    labelled_per_language: dict[str, set[str]] = defaultdict(set)
    proxies_per_language: dict[str, set[str]] = defaultdict(set)
    classes_per_dataset: dict[str, set[str]] = defaultdict(set)
    for example in examples:
        group = proxies_per_language if example.origin in shares else labelled_per_language
        group[example.language].add(example.origin)
        classes_per_dataset[example.origin].add(example.label)
    labelled_share: dict[str, float] = {}
    for language in languages:
        labelled_share[language] = 1.0 - sum(shares[origin] for origin in proxies_per_language[language])
        if labelled_share[language] <= 0.0 or not labelled_per_language[language]:
            raise ValueError(f"proxy data sets leave no mass for labelled {language!r} data")
    cell_sizes = Counter((example.origin, example.label) for example in examples)

    def weight(example: TaskExample) -> float:
        language_mass = 1.0 / len(languages)
        if example.origin in shares:
            dataset_mass = language_mass * shares[example.origin]
        else:
            dataset_mass = (
                language_mass * labelled_share[example.language] / len(labelled_per_language[example.language])
            )
        return (
            dataset_mass
            / len(classes_per_dataset[example.origin])
            / cell_sizes[(example.origin, example.label)]
        )

    weights = np.array([weight(example) for example in examples])
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
