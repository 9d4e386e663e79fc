"""The held-out news probe: how often a model flags real BBC Hindi news, as headlines and at article length.

The BBC Hindi topics DEV file never enters training (its TRAIN file is a proxy-labelled negative
set for misinformation), so it is the only held-out real-news text with which design choices may
be made. Its headlines are short; joining random ones into texts of article length (a lead of
:data:`pipeline.classify.LEAD_CHARS`) shows whether scores drift with length alone, which is how the
first baseline came to flag nearly every article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from classifiers.base import TaskClassifier
from classifiers.datasets import load_examples
from core.records import TaskPrediction
from core.tasks import task_spec
from core.text import LEAD_CHARS

NEWS_PROBE_FILE = "news/bbc_hindi_topics_dev.tsv"
PROBE_LANGUAGE = "hi"
LONG_TEXTS = 200
LONG_SEED = 7


class ProbeFigures(BaseModel):
    texts: int
    flag_rate: float | None = None  # binary tasks
    mean_score: float | None = None  # binary tasks: mean positive-class probability
    label_share: dict[str, float] = {}  # multi-class tasks


class NewsProbe(BaseModel):
    file: str
    headlines: ProbeFigures
    article_length: ProbeFigures  # headlines joined line by line up to LEAD_CHARS characters


def article_length_texts(headlines: Sequence[str], count: int = LONG_TEXTS, seed: int = LONG_SEED) -> list[str]:
    """``count`` texts of at least LEAD_CHARS characters, each random headlines one per line (seeded)."""
    if not headlines:
        return []
    rng = np.random.default_rng(seed)
    texts = []
    for _ in range(count):
        lines: list[str] = []
        while sum(len(line) + 1 for line in lines) < LEAD_CHARS:
            lines.append(headlines[int(rng.integers(len(headlines)))])
        texts.append("\n".join(lines))
    return texts


def _figures(task: str, predictions: Sequence[TaskPrediction]) -> ProbeFigures:
    spec = task_spec(task)
    if not predictions:
        return ProbeFigures(texts=0)
    if spec.positive:
        return ProbeFigures(
            texts=len(predictions),
            flag_rate=float(np.mean([p.flagged for p in predictions])),
            mean_score=float(np.mean([p.scores[spec.positive] for p in predictions])),
        )
    counts = Counter(p.label for p in predictions)
    return ProbeFigures(
        texts=len(predictions), label_share={label: counts[label] / len(predictions) for label in spec.classes}
    )


def news_probe(classifier: TaskClassifier, data_dir: Path) -> NewsProbe | None:
    """Figures on the probe file under ``data_dir``, or None where the file is absent."""
    path = data_dir / NEWS_PROBE_FILE
    if not path.is_file():
        return None
    headlines = [example.text for example in load_examples(path)]
    long_texts = article_length_texts(headlines)
    return NewsProbe(
        file=NEWS_PROBE_FILE,
        headlines=_figures(classifier.task, classifier.predict(headlines, [PROBE_LANGUAGE] * len(headlines))),
        article_length=_figures(classifier.task, classifier.predict(long_texts, [PROBE_LANGUAGE] * len(long_texts))),
    )
