"""`satark train claim-rerank` on a few written pairs: a version is stored with its card, promoted only where it
beats cosine; bad input is a one-line error."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from classifiers.claim_rerank import TASK
from classifiers.claim_rerank.model import load_reranker
from classifiers.claim_rerank.train import DEFAULT_FIT_PAIRS
from classifiers.registry import active, list_versions, model_dir
from cli.training import train
from tests.cli.test_training_cli import few_claim_pairs


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread() -> Iterator[None]:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def few_fit_pairs(folder: Path, seeds_per_prefix: int = 3) -> Path:
    """The first few seeds of each writer (CONSTRAINT English and Hindi, LIAR, election; Hindi and English)."""
    with DEFAULT_FIT_PAIRS.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        fields = list(reader.fieldnames or [])
    seeds = list(dict.fromkeys(row["seed_id"] for row in rows))
    kept = {seed for prefix in ("ce", "ch", "li", "we") for seed in [s for s in seeds if s.startswith(prefix)][:seeds_per_prefix]}
    path = folder / "fit.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(row for row in rows if row["seed_id"] in kept)
    return path


def test_train_claim_rerank_stores_a_version_with_its_card(fixture_data: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(train, [
        "claim-rerank", "--fit", str(few_fit_pairs(tmp_path)), "--pairs", str(few_claim_pairs(tmp_path, every=7)),
        "--data-dir", str(fixture_data), "--epochs", "1", "--models-dir", str(tmp_path / "models"), "--no-promote"],
        terminal_width=200)
    assert result.exit_code == 0, result.output
    [model_id] = list_versions(TASK, tmp_path / "models")
    assert active(TASK, tmp_path / "models") is None  # --no-promote
    folder = model_dir(TASK, model_id, tmp_path / "models")
    assert {p.name for p in folder.iterdir()} == {"config.json", "adapter.safetensors", "head.safetensors", "card.json"}
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["fit_pairs"] == 60 and card["mined_negatives"] == 36  # 3 per seed, between different seeds
    assert set(card["pairings"]) == {"same-language", "cross-language"}
    assert card["news"]["sentences"] > 0 and set(card["news"]["languages"]) == {"en", "hi"}
    assert set(card["news"]["thresholds"]) == {"same-language", "cross-language"}
    for row in card["pairings"].values():
        assert 0.0 < row["floor"] < 1.0 and row["test_cosine"]["pairs"] > 0 and row["test_reranker"]["pairs"] > 0
        assert row["reranker_threshold"] >= row["reranker_threshold_pairs"]  # raised by real news, never lowered
    reranker = load_reranker(folder)
    assert set(reranker.thresholds) == set(card["adopted"]) and set(reranker.floors) == {"same-language", "cross-language"}
    probabilities = reranker.probabilities([("ईवीएम में चिप लगी है", "EVMs have a chip inside"), ("a", "b")])
    assert probabilities.shape == (2,) and ((probabilities >= 0) & (probabilities <= 1)).all()
    assert "reranker" in result.output and "cosine" in result.output and f"claim-rerank: {model_id} stored" in result.output


def test_a_pairs_file_without_the_columns_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(train, ["claim-rerank", "--fit", str(bad), "--models-dir", str(tmp_path / "m")])
    assert result.exit_code == 1 and "missing a column" in result.output
