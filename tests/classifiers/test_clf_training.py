"""Training on the shipped samples: it learns, stores arrays only, and reloads to identical predictions."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from classifiers.baseline.data import calibration_split
from classifiers.baseline.model import BaselineClassifier
from classifiers.baseline.training import TrainingOptions, TrainingResult, train_baseline
from classifiers.card import ModelCard, sha256_file
from classifiers.catalogue import BBC_NEWS_NEGATIVES, STANDARD_FILES
from classifiers.datasets import load_examples
from classifiers.news_probe import NEWS_PROBE_FILE
from classifiers.registry import active, load_active
from classifiers.task_views import task_view
from core.tasks import MISINFORMATION, NOT_MISINFORMATION, SENTIMENT, task_spec

FixtureTraining = tuple[Path, list[TrainingResult]]


def train_view(fixture_data: Path, task: str) -> tuple[list[str], list[str]]:
    examples = [
        e for relative in STANDARD_FILES[task].train
        for e in task_view(task, load_examples(fixture_data / relative)).examples
    ]
    return [e.text for e in examples], [e.label for e in examples]


def result_for(training: FixtureTraining, task: str) -> TrainingResult:
    return next(r for r in training[1] if r.task == task)


@pytest.mark.parametrize("task", [MISINFORMATION, SENTIMENT])
def test_fixture_models_learn_their_training_data(
    fixture_training: FixtureTraining, fixture_data: Path, task: str
) -> None:
    model = load_active(task, fixture_training[0])
    texts, gold = train_view(fixture_data, task)
    spec = task_spec(task)
    predictions = model.predict(texts)
    if spec.positive:
        guessed = [spec.positive if p.flagged else spec.classes[0] for p in predictions]
    else:
        guessed = [p.label for p in predictions]
    accuracy = np.mean([g == t for g, t in zip(guessed, gold)])
    majority = max(gold.count(label) for label in set(gold)) / len(gold)
    assert accuracy > majority + 0.2, (accuracy, majority)


@pytest.mark.parametrize("task", [MISINFORMATION, SENTIMENT])
def test_saved_model_reloads_to_identical_predictions(fixture_training: FixtureTraining, task: str) -> None:
    result = result_for(fixture_training, task)
    reloaded = BaselineClassifier.load(result.directory)
    again = BaselineClassifier.load(result.directory)
    texts = ["चुनाव आयोग ने नई तारीखों की घोषणा की", "Vaccines contain microchips, share before it is deleted!", ""]
    first = reloaded.predict(texts, ["hi", "en", None])
    assert first == again.predict(texts, ["hi", "en", None])
    assert np.array_equal(reloaded.probabilities(texts), again.probabilities(texts))
    assert all(p.model == result.model_id and p.task == task for p in first)


def test_artefact_is_arrays_and_json_only(fixture_training: FixtureTraining) -> None:
    directory = result_for(fixture_training, MISINFORMATION).directory
    assert sorted(p.name for p in directory.iterdir()) == ["card.json", "config.json", "model.npz"]
    with zipfile.ZipFile(directory / "model.npz") as archive:
        names = sorted(archive.namelist())
    assert names == sorted(f"{n}.npy" for n in ("idf", "coef", "intercept", "calibration_coef", "calibration_intercept"))
    with np.load(directory / "model.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype == np.float32 for name in arrays.files)
    assert (directory / "model.npz").stat().st_size < 8 * 1024 * 1024


def test_threshold_is_stored_and_used(fixture_training: FixtureTraining, fixture_data: Path) -> None:
    result = result_for(fixture_training, MISINFORMATION)
    config = json.loads((result.directory / "config.json").read_text(encoding="utf-8"))
    model = BaselineClassifier.load(result.directory)
    assert config["threshold"] == model.threshold == result.card.threshold
    assert 0.0 < model.threshold < 1.0
    texts, _ = train_view(fixture_data, MISINFORMATION)
    for prediction in model.predict(texts[:60]):  # no language given: the global threshold applies
        assert prediction.flagged == (prediction.scores[MISINFORMATION] >= model.threshold)
    assert result_for(fixture_training, SENTIMENT).card.threshold is None


def test_card_traces_training_files_and_reports_breakdowns(
    fixture_training: FixtureTraining, fixture_data: Path
) -> None:
    result = result_for(fixture_training, MISINFORMATION)
    card = ModelCard.load(result.directory)
    assert card.model_id == result.model_id == active(MISINFORMATION, fixture_training[0])
    assert [f.path for f in card.training_files] == list(STANDARD_FILES[MISINFORMATION].train)
    for record in card.training_files + card.validation_files + card.proxy_files:
        path = fixture_data / record.path
        assert record.sha256 == sha256_file(path)
        assert record.rows == len(load_examples(path))
    assert set(card.validation.by_language) == {"en", "hi"}
    assert set(card.validation.by_dataset) == {"constraint_hindi", "constraint_english", "liar"}
    overall = card.validation.overall
    assert overall.n == sum(f.used for f in card.validation_files)
    assert sum(map(sum, overall.confusion)) == overall.n
    assert overall.calibration is not None and len(overall.calibration.bins) == 10
    assert card.training["calibration_rows"] > 0


def test_sentiment_card_counts_dropped_conflict_rows(fixture_training: FixtureTraining) -> None:
    card = result_for(fixture_training, SENTIMENT).card
    iitp = next(f for f in card.training_files if f.dataset == "iitp_pr_hindi")
    assert iitp.dropped > 0 and iitp.used == iitp.rows - iitp.dropped


def test_subsample_cap_is_applied_and_recorded(fixture_data: Path, tmp_path: Path) -> None:
    options = TrainingOptions(max_rows={"sst2_english": 40})
    (result,) = train_baseline(fixture_data, tmp_path, tasks=[SENTIMENT], options=options)
    sst = next(f for f in result.card.training_files if f.dataset == "sst2_english")
    assert (sst.rows, sst.used) == (150, 40)
    assert result.card.training["subsample_caps"] == {"sst2_english": 40}


def test_training_is_deterministic(fixture_data: Path, tmp_path: Path) -> None:
    first = train_baseline(fixture_data, tmp_path / "a", tasks=[MISINFORMATION])[0]
    second = train_baseline(fixture_data, tmp_path / "b", tasks=[MISINFORMATION])[0]
    with np.load(first.directory / "model.npz") as a, np.load(second.directory / "model.npz") as b:
        for name in a.files:
            assert np.array_equal(a[name], b[name]), name
    assert first.card.threshold == second.card.threshold


def test_calibration_split_is_stratified_and_disjoint(fixture_data: Path) -> None:
    examples = [
        e for relative in STANDARD_FILES[MISINFORMATION].train
        for e in task_view(MISINFORMATION, load_examples(fixture_data / relative)).examples
    ]
    fit, held_out = calibration_split(examples, 0.2, np.random.default_rng(0))
    assert len(fit) + len(held_out) == len(examples)
    assert not {id(e) for e in fit} & {id(e) for e in held_out}
    cells = {(e.origin, e.label) for e in examples}
    assert {(e.origin, e.label) for e in held_out} == cells == {(e.origin, e.label) for e in fit}


def test_proxy_news_rows_are_recorded_and_fit_only(fixture_training: FixtureTraining, fixture_data: Path) -> None:
    card = result_for(fixture_training, MISINFORMATION).card
    (proxy,) = card.proxy_files
    path = fixture_data / BBC_NEWS_NEGATIVES.path
    assert (proxy.path, proxy.label) == (BBC_NEWS_NEGATIVES.path, NOT_MISINFORMATION)
    assert proxy.share == BBC_NEWS_NEGATIVES.share
    assert proxy.sha256 == sha256_file(path) and proxy.rows == proxy.used == len(load_examples(path))
    assert "proxy label" in proxy.rationale and any("BBC Hindi" in source for source in card.sources)
    labelled = sum(f.used for f in card.training_files)
    # Every proxy row went to the fit; calibration (and so the thresholds) saw annotated rows only.
    assert card.training["fit_rows"] == labelled - card.training["calibration_rows"] + proxy.used
    assert result_for(fixture_training, SENTIMENT).card.proxy_files == []


def test_proxy_news_rows_lower_scores_on_held_out_news(
    fixture_training: FixtureTraining, fixture_data: Path, tmp_path: Path
) -> None:
    with_proxy = load_active(MISINFORMATION, fixture_training[0])
    options = TrainingOptions(proxy_labels=False)
    (ablation,) = train_baseline(fixture_data, tmp_path, tasks=[MISINFORMATION], options=options)
    without_proxy = BaselineClassifier.load(ablation.directory)
    assert ablation.card.proxy_files == []
    headlines = [e.text for e in load_examples(fixture_data / NEWS_PROBE_FILE)]  # never trained on
    assert with_proxy.probabilities(headlines)[:, 1].mean() < without_proxy.probabilities(headlines)[:, 1].mean()


def test_card_reports_the_demo_corpus_and_news_probe(fixture_training: FixtureTraining) -> None:
    card = result_for(fixture_training, MISINFORMATION).card
    demo = card.demo_corpus
    assert demo is not None and demo.articles == sum(m.n for m in demo.evaluation.by_language.values())
    assert set(demo.flag_rate_by_language) == {"en", "hi"} and "reported only" in demo.note
    probe = card.training["news_probe"]
    assert probe["file"] == NEWS_PROBE_FILE and probe["headlines"]["texts"] == 60
    assert 0.0 <= probe["article_length"]["flag_rate"] <= 1.0
    sentiment_demo = result_for(fixture_training, SENTIMENT).card.demo_corpus
    assert sentiment_demo is not None and sentiment_demo.flag_rate is None
