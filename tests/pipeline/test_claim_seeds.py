"""Seeding the claim store from the public sets' fake-labelled TRAIN items (bundled small copies)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from classifiers.datasets import load_examples
from cli.main import satark
from pipeline.claim_seeds import public_fake_claims

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "data"


def test_only_fake_items_of_the_train_files_become_known_claims() -> None:
    claims = public_fake_claims(DATA)
    by_origin = {c.origin for c in claims}
    assert by_origin == {"dataset:constraint_english_train.csv", "dataset:constraint_hindi_train.csv",
                         "dataset:liar_train.tsv"}
    english_fakes = [e for e in load_examples(DATA / "misinfo/constraint_english_train.csv") if "fake" in e.labels]
    assert len([c for c in claims if c.origin.endswith("constraint_english_train.csv")]) == len(english_fakes)
    liar = [c for c in claims if c.origin.endswith("liar_train.tsv")]
    assert liar and {c.rating for c in liar} <= {"false", "pants-fire"}
    hindi = [c for c in claims if c.language == "hi"]
    assert hindi and all(c.rating == "फ़र्ज़ी" for c in hindi)
    assert any("\u0900" <= ch <= "\u097f" for c in hindi for ch in c.text)


def test_missing_files_are_skipped(tmp_path: Path) -> None:
    assert public_fake_claims(tmp_path) == []


def test_satark_factchecks_seed_stores_them_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = tmp_path / "satark.yaml"
    config.write_text("claims:\n  enabled: false\n", encoding="utf-8")
    runner = CliRunner()
    args = ["--config", str(config), "--home", str(home), "factchecks", "seed", "--data-dir", str(DATA)]
    first = runner.invoke(satark, args)
    assert first.exit_code == 0, first.output
    total = len(public_fake_claims(DATA))
    assert f"read {total} claim(s)" in first.output
    second = runner.invoke(satark, args)
    assert "0 new" in second.output
    listed = runner.invoke(satark, ["--config", str(config), "--home", str(home), "factchecks", "list", "--lang", "hi",
                                    "--limit", "3"])
    assert listed.exit_code == 0 and "फ़र्ज़ी" in listed.output
    missing = runner.invoke(satark, ["--home", str(home), "factchecks", "seed", "--data-dir", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "data directory not found" in missing.output
