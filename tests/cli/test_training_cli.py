"""`satark train baseline` and `satark evaluate` (cli.training), and the one promotion rule they follow."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from classifiers.baseline.training import train_baseline
from classifiers.catalogue import STANDARD_FILES
from classifiers.registry import active, list_versions, read_registry
from classifiers.release import PromotePolicy
from cli.training import POLICIES, evaluate_command, train


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread() -> Iterator[None]:
    """`satark evaluate` runs the active transformer here; on one thread, as in tests/classifiers (see its conftest)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_train_baseline_on_samples_prints_metrics_and_promotes(fixture_data: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        train,
        ["baseline", "--data-dir", str(fixture_data), "--models-dir", str(tmp_path), "--task", "misinformation"],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    model_id = active("misinformation", tmp_path)
    assert model_id is not None and model_id in result.output
    assert "constraint_hindi" in result.output and "lang hi" in result.output
    assert "demo articles, reported only" in result.output and "flag rate" in result.output
    assert active("sentiment", tmp_path) is None


def test_missing_data_is_one_line_and_non_zero(tmp_path: Path) -> None:
    result = CliRunner().invoke(train, ["baseline", "--data-dir", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"Error: data directory not found: {tmp_path / 'nowhere'}"]


def test_evaluate_prints_report_and_writes_json(fixture_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        evaluate_command,
        [
            "sentiment",
            "--data", str(fixture_data / "sentiment/iitp_pr_hindi_dev.tsv"),
            "--data", str(fixture_data / "sentiment/sst2_english_dev.tsv"),
            "--json", str(out),
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "iitp_pr_hindi" in result.output and "sst2_english" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["overall"]["n"] == 394 and report["dropped"] == 6
    assert set(report["by_language"]) == {"hi", "en"}


def test_evaluate_bad_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Sentence\tSentiment_Label\nअच्छा फ़ोन\tgreat\n", encoding="utf-8")
    result = CliRunner().invoke(evaluate_command, ["sentiment", "--data", str(bad)])
    assert result.exit_code == 1
    expected = "(expected one of ['conflict', 'negative', 'neutral', 'positive'])"
    assert result.output.strip() == f"Error: {bad}:2: unknown label 'great' {expected}"


@pytest.fixture(scope="module")
def better_registry(fixture_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry whose active baselines beat anything trained on the samples: they were fitted on the very
    validation rows (Hindi and English) that the comparison scores both versions on."""
    root = tmp_path_factory.mktemp("better")
    leaked = root / "data"
    shutil.copytree(fixture_data, leaked)
    for files in STANDARD_FILES.values():
        for train_file, validation_file in zip(files.train, files.validation, strict=True):
            shutil.copyfile(fixture_data / validation_file, leaked / train_file)
    train_baseline(leaked, root / "models", today=dt.date(2026, 11, 20))
    return root / "models"


def _copy(registry: Path, tmp_path: Path) -> Path:
    shutil.copytree(registry, tmp_path / "models")
    return tmp_path / "models"


@pytest.mark.slow  # three baseline trainings
def test_a_baseline_worse_than_the_version_in_use_is_stored_but_not_promoted(
    better_registry: Path, fixture_data: Path, tmp_path: Path
) -> None:
    models_dir = _copy(better_registry, tmp_path)
    before = read_registry(models_dir)
    result = CliRunner().invoke(
        train, ["baseline", "--data-dir", str(fixture_data), "--models-dir", str(models_dir)], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    assert read_registry(models_dir) == before  # nothing promoted
    for task in ("misinformation", "sentiment"):
        (new,) = [model for model in list_versions(task, models_dir) if model != before[task]]  # but stored
        (note,) = [line for line in result.output.splitlines() if f" because {task} F1 " in line]
        found = re.fullmatch(
            rf"stored {new}; not promoted because {task} F1 (0\.\d+) < {before[task]} (0\.\d+), down (0\.\d+) "
            r"\(use --promote always\)", note)
        assert found, note
        new_f1, old_f1, drop = (float(value) for value in found.groups())
        assert abs(old_f1 - new_f1 - drop) < 0.0015 and drop > 0.01


@pytest.mark.slow  # three baseline trainings
def test_promote_always_makes_the_worse_baseline_active(better_registry: Path, fixture_data: Path, tmp_path: Path) -> None:
    models_dir = _copy(better_registry, tmp_path)
    before = read_registry(models_dir)
    result = CliRunner().invoke(
        train,
        ["baseline", "--data-dir", str(fixture_data), "--models-dir", str(models_dir), "--task", "misinformation",
         "--promote", "always"],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    newest = list_versions("misinformation", models_dir)[-1]
    assert newest != before["misinformation"] and f"{newest} promoted" in result.output
    assert read_registry(models_dir) == {**before, "misinformation": newest}


def test_the_command_line_offers_every_promotion_policy() -> None:
    assert POLICIES == tuple(policy.value for policy in PromotePolicy)
