"""The TF-IDF baselines committed under models/: the fast fallback, usable without the shared data, and a
quality gate. (The transformer versions, active by default, have their own gate in tests/classifiers/e5.)

Floors sit a little below the figures measured when the bundled versions (2026.11.29-2) were
trained; retraining or code changes that lose quality fail here. The -2 misinformation model trades
some LIAR F1 for far fewer alerts on news: its thresholds no longer flag more rows than there are
positives (LIAR flag rate .78 -> .47, accuracy .569 -> .610), see models/README.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from classifiers.base import TaskClassifier
from classifiers.card import ModelCard
from classifiers.catalogue import STANDARD_FILES
from classifiers.datasets import load_examples
from classifiers.demo_check import check_demo_corpus
from classifiers.evaluation import Metrics, evaluate
from classifiers.news_probe import NEWS_PROBE_FILE, article_length_texts
from classifiers.registry import DEFAULT_MODELS_DIR, list_versions, load_model
from classifiers.task_views import task_view
from core.tasks import MISINFORMATION, SENTIMENT, TaskKind

TEXTS = [
    "चुनाव आयोग ने मतदान की नई तारीखों की घोषणा की।",
    "वायरल वीडियो का सच: ईवीएम हैक करने का दावा झूठा है, शेयर करें",
    "The election commission announced the schedule for the state assembly polls.",
    "BREAKING: drinking hot water with garlic cures COVID-19, doctors are hiding this!",
]
LANGUAGES = ["hi", "hi", "en", "en"]

# data set -> (min accuracy, min F1, max Brier). F1 is the misinformation class F1, or macro F1
# over the classes present for sentiment. Measured on the shipped 200-row samples:
# constraint_english .895/.896/.085, constraint_hindi .860/.650/.097, liar .565/.535/.250,
# iitp_pr_hindi .588/.523/.224, sst2_english .850/.850/.110.
SAMPLE_FLOORS: dict[str, tuple[float, float, float]] = {
    "constraint_english": (0.87, 0.87, 0.105),
    "constraint_hindi": (0.83, 0.62, 0.12),
    "liar": (0.53, 0.50, 0.27),
    "iitp_pr_hindi": (0.55, 0.49, 0.25),
    "sst2_english": (0.82, 0.82, 0.13),
}
# Measured on the full shared validation files: constraint_english .920/.914/.068,
# constraint_hindi .868/.667/.098, liar .610/.587/.241, iitp_pr_hindi .590/.524/.229,
# sst2_english .792/.792/.142.
FULL_FLOORS: dict[str, tuple[float, float, float]] = {
    "constraint_english": (0.90, 0.89, 0.085),
    "constraint_hindi": (0.85, 0.64, 0.115),
    "liar": (0.58, 0.56, 0.26),
    "iitp_pr_hindi": (0.56, 0.50, 0.25),
    "sst2_english": (0.77, 0.77, 0.16),
}
# Real BBC Hindi headlines (held-out DEV file) are not misinformation; measured flag rates .050
# (60-row sample) and .037 (216 rows), .183/.144 before BBC TRAIN became proxy negatives. Guards
# against the model relearning "no link in the post" or "formal news prose" as a fake-news cue.
MAX_NEWS_FLAG_RATE = 0.10
# The same headlines joined into article-length texts: measured 0.0 on both (.595 for the unsegmented
# 2026.11.29-1 model, whose scores rose with length alone).
MAX_NEWS_ARTICLE_LENGTH_FLAG_RATE = 0.05
# Out-of-domain demo articles (title + lead, 7 misinformation in 50 per language); measured flag
# rates hi .36 / en .42 and recall hi 1.0 / en .857 (2026.11.29-1: .98 / .68 flagged). Ceilings sit
# two articles above the measured rates; the recall floor allows at most two misses in seven.
MAX_DEMO_FLAG_RATE = {"hi": 0.40, "en": 0.46}
MIN_DEMO_RECALL = 0.70


def baseline_id(task: str) -> str:
    """The newest committed TF-IDF version of ``task`` (kept registered as the fallback)."""
    return [model for model in list_versions(task) if model.startswith("tfidf-lr/")][-1]


def load_baseline(task: str) -> TaskClassifier:
    return load_model(task, baseline_id(task))


def check_floors(by_dataset: dict[str, Metrics], floors: dict[str, tuple[float, float, float]]) -> None:
    failures = []
    for dataset, metrics in by_dataset.items():
        min_accuracy, min_f1, max_brier = floors[dataset]
        brier = metrics.calibration.brier if metrics.calibration else 1.0
        if metrics.accuracy < min_accuracy or metrics.f1 < min_f1 or brier > max_brier:
            failures.append(f"{dataset}: acc {metrics.accuracy:.3f} F1 {metrics.f1:.3f} Brier {brier:.3f}")
    assert not failures, "below recorded floors: " + "; ".join(failures)


def gate(task: str, data_dir: Path, floors: dict[str, tuple[float, float, float]]) -> None:
    examples = [e for relative in STANDARD_FILES[task].validation for e in load_examples(data_dir / relative)]
    report = evaluate(load_baseline(task), task_view(task, examples))
    assert set(report.by_dataset) == {e.origin for e in examples}
    check_floors(report.by_dataset, floors)


def test_a_bundled_baseline_stays_available_for_each_baseline_task() -> None:
    for task in (MISINFORMATION, SENTIMENT):
        directory = DEFAULT_MODELS_DIR / task / baseline_id(task)
        assert {p.name for p in directory.iterdir()} == {"card.json", "config.json", "model.npz"}
        assert (directory / "model.npz").stat().st_size <= 8 * 1024 * 1024
        card = ModelCard.load(directory)
        assert card.model_id == baseline_id(task) and card.task == task
        assert set(card.validation.by_language) == {"en", "hi"}
        assert card.demo_corpus is not None and set(card.demo_corpus.evaluation.by_language) == {"en", "hi"}
        assert [f.path for f in card.proxy_files] == [proxy.path for proxy in STANDARD_FILES[task].proxy]


@pytest.mark.parametrize("task", [MISINFORMATION, SENTIMENT])
def test_predictions_have_the_right_shape_and_are_deterministic(task: str) -> None:
    first = load_baseline(task).predict(TEXTS, LANGUAGES)
    second = load_baseline(task).predict(TEXTS, LANGUAGES)
    assert first == second
    assert len(first) == len(TEXTS)
    for prediction in first:
        assert prediction.task == task and prediction.model == baseline_id(task)
        assert all(0.0 <= value <= 1.0 for value in prediction.scores.values())
        if task == MISINFORMATION:
            assert prediction.kind is TaskKind.BINARY
            assert list(prediction.scores) == [MISINFORMATION]
            assert prediction.labels in ((), (MISINFORMATION,))
        else:
            assert prediction.kind is TaskKind.MULTICLASS
            assert list(prediction.scores) == ["negative", "neutral", "positive"]
            assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-5)
            assert prediction.labels == (max(prediction.scores, key=prediction.scores.__getitem__),)


def test_misinformation_decisions_use_the_language_threshold() -> None:
    model = load_baseline(MISINFORMATION)
    thresholds = model.language_thresholds  # type: ignore[attr-defined]
    assert set(thresholds) == {"en", "hi"}
    for text in TEXTS:
        for language in ("hi", "en", None):
            (prediction,) = model.predict([text], [language])
            limit = model.threshold_for(language)  # type: ignore[attr-defined]
            assert prediction.flagged == (prediction.scores[MISINFORMATION] >= limit)


@pytest.mark.parametrize("task", [MISINFORMATION, SENTIMENT])
def test_quality_gate_on_shipped_samples(task: str, fixture_data: Path) -> None:
    gate(task, fixture_data, SAMPLE_FLOORS)


@pytest.mark.slow  # every shared validation file
@pytest.mark.parametrize("task", [MISINFORMATION, SENTIMENT])
def test_quality_gate_on_full_shared_validation(task: str, shared_data: Path) -> None:
    gate(task, shared_data, FULL_FLOORS)


@pytest.mark.parametrize("root", ["fixture", "shared"])
def test_real_news_headlines_are_rarely_flagged(root: str, request: pytest.FixtureRequest) -> None:
    data_dir: Path = request.getfixturevalue("fixture_data" if root == "fixture" else "shared_data")
    texts = [e.text for e in load_examples(data_dir / NEWS_PROBE_FILE)]
    predictions = load_baseline(MISINFORMATION).predict(texts, ["hi"] * len(texts))
    rate = float(np.mean([p.flagged for p in predictions]))
    assert rate <= MAX_NEWS_FLAG_RATE, rate
    long_texts = article_length_texts(texts)
    long_predictions = load_baseline(MISINFORMATION).predict(long_texts, ["hi"] * len(long_texts))
    long_rate = float(np.mean([p.flagged for p in long_predictions]))
    assert long_rate <= MAX_NEWS_ARTICLE_LENGTH_FLAG_RATE, long_rate


def test_demo_articles_are_rarely_flagged_and_their_misinformation_is_caught() -> None:
    # Reported-only data: these bounds record today's behaviour so a regression shows, they were
    # never used to fit or tune the model.
    check = check_demo_corpus(load_baseline(MISINFORMATION))
    for language, ceiling in MAX_DEMO_FLAG_RATE.items():
        recall = check.evaluation.by_language[language].recall
        assert check.flag_rate_by_language[language] <= ceiling, (language, check.flag_rate_by_language)
        assert recall >= MIN_DEMO_RECALL, (language, recall)
