"""The click commands the lead mounts as `satark train baseline` and `satark evaluate`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from classifiers.cli import evaluate_command, train
from classifiers.registry import active


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
    assert result.output.strip() == f"Error: {bad}:2: unknown label 'great' (expected one of ['conflict', 'negative', 'neutral', 'positive'])"
