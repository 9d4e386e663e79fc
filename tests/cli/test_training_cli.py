"""`satark train baseline`, `satark train article-flags`, `satark train claim-rerank` and `satark evaluate`
(cli.training), and the one promotion rule they follow."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from classifiers.article_flags import TASK as FLAGS
from classifiers.article_flags.evaluation import DEFAULT_PAIRS
from classifiers.article_flags.model import load_flag_model
from classifiers.baseline.training import train_baseline
from classifiers.catalogue import STANDARD_FILES
from classifiers.claim_rerank import TASK as RERANK
from classifiers.claim_rerank.model import load_reranker
from classifiers.claim_rerank.train import DEFAULT_FIT_PAIRS
from classifiers.registry import active, list_versions, model_dir, read_registry
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


@pytest.mark.slow  # loads the e5 encoder and embeds the samples (about 1,300 texts and the 560 claim pairs)
def test_train_article_flags_on_samples_stores_and_promotes_a_version(fixture_data: Path, tmp_path: Path) -> None:
    pairs = few_claim_pairs(tmp_path)
    result = CliRunner().invoke(
        train, ["article-flags", "--data-dir", str(fixture_data), "--models-dir", str(tmp_path), "--pairs", str(pairs)],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    model_id = active(FLAGS, tmp_path)
    assert model_id is not None and model_id.startswith("e5-lr/")
    assert read_registry(tmp_path) == {FLAGS: model_id}
    folder = model_dir(FLAGS, model_id, tmp_path)
    assert {p.name for p in folder.iterdir()} == {"config.json", "heads.npz", "card.json", "reference-news.npz"}
    assert load_flag_model(folder).reference is not None
    model = load_flag_model(folder)
    assert {task: set(by) for task, by in model.thresholds.items()} == {"misinformation": {"en", "hi"},
                                                                        "hostility": {"en", "hi"}}
    assert set(model.match_thresholds) == {"same-language", "cross-language"}
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["model"] == model_id and card["data"]["ag_news"] and card["data"]["bbc_hindi"]
    assert f"article-flags: {model_id} promoted" in result.output
    # Per task and language the operating point and the held-out news it flags (BBC Hindi DEV is held out whole).
    hindi_news = card["news_false_flags"]["misinformation"]["hi"]
    assert re.search(rf"misinformation +hi +{model.thresholds['misinformation']['hi']:.3f} +{hindi_news['items']} ",
                     result.output), result.output
    for dataset in ("constraint_english", "constraint_hindi", "liar"):
        assert re.search(rf"misinformation +{dataset} +\d\.\d{{3}} +\d\.\d{{3}}", result.output), dataset
    assert re.search(r"hostility +constraint_hindi", result.output)
    for group in ("all", "same-language", "cross-language"):
        figures = card["claim_pairs"]["test"][group]
        assert re.search(rf"{group} .* {figures['pairs']} +{figures['precision']:.3f} +{figures['recall']:.3f}", result.output)


def seed_subset(source: Path, path: Path, keep: Callable[[list[str]], set[str]]) -> Path:
    """The rows of a claim-pair file whose seed ``keep`` picks from the seeds in file order, written to ``path``."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        fields = list(reader.fieldnames or [])
    kept = keep(list(dict.fromkeys(row["seed_id"] for row in rows)))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(row for row in rows if row["seed_id"] in kept)
    return path


def few_claim_pairs(folder: Path, every: int = 10) -> Path:
    """Every tenth seed's claim pairs from the bundled set (all sources, Hindi and English, both splits)."""
    return seed_subset(DEFAULT_PAIRS, folder / "pairs.csv", lambda seeds: set(seeds[::every]))


@pytest.mark.slow  # loads the e5 encoder
def test_train_article_flags_no_promote_stores_only(fixture_data: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        train, ["article-flags", "--data-dir", str(fixture_data), "--models-dir", str(tmp_path), "--no-promote",
                "--pairs", str(few_claim_pairs(tmp_path))],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert active(FLAGS, tmp_path) is None
    (model_id,) = list_versions(FLAGS, tmp_path)
    assert f"article-flags: {model_id} stored, not promoted: --no-promote" in result.output


def test_train_article_flags_without_news_is_one_line_error(fixture_data: Path, tmp_path: Path) -> None:
    """The public sets alone are not enough: the operating points need real news; the error names the file."""
    shutil.copytree(fixture_data / "misinfo", tmp_path / "misinfo")
    result = CliRunner().invoke(train, ["article-flags", "--data-dir", str(tmp_path), "--models-dir", str(tmp_path / "m")])
    assert result.exit_code == 1
    missing = tmp_path / "news" / "ag_news_english_dev.csv"
    assert result.output.strip().splitlines() == [f"Error: {missing}: file not found"]
    assert not (tmp_path / "m").exists()


def test_train_article_flags_missing_data_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(train, ["article-flags", "--data-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: data directory not found: {tmp_path / 'nowhere'}"]


def few_fit_pairs(folder: Path, seeds_per_prefix: int = 3) -> Path:
    """The first few seeds of each writer (CONSTRAINT English and Hindi, LIAR, election; Hindi and English)."""
    return seed_subset(DEFAULT_FIT_PAIRS, folder / "fit.csv", lambda seeds: {
        seed for prefix in ("ce", "ch", "li", "we") for seed in [s for s in seeds if s.startswith(prefix)][:seeds_per_prefix]})


def test_train_claim_rerank_stores_a_version_with_its_card(fixture_data: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(train, [
        "claim-rerank", "--fit", str(few_fit_pairs(tmp_path)), "--pairs", str(few_claim_pairs(tmp_path, every=7)),
        "--data-dir", str(fixture_data), "--epochs", "1", "--models-dir", str(tmp_path / "models"), "--no-promote"],
        terminal_width=200)
    assert result.exit_code == 0, result.output
    [model_id] = list_versions(RERANK, tmp_path / "models")
    assert active(RERANK, tmp_path / "models") is None  # --no-promote
    folder = model_dir(RERANK, model_id, tmp_path / "models")
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
