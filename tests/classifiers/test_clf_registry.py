"""Registry: versions, promotion, rollback, and refusing inconsistent artefacts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from classifiers.baseline.training import train_baseline
from classifiers.registry import (
    DEFAULT_MODELS_DIR,
    ModelFormatError,
    RegistryError,
    active,
    list_versions,
    load_active,
    load_model,
    next_version,
    promote,
    rollback,
)
from core.tasks import MISINFORMATION, SENTIMENT


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory, fixture_data: Path) -> Path:
    models_dir = tmp_path_factory.mktemp("registry")
    for day in (dt.date(2026, 11, 27), dt.date(2026, 11, 28)):
        train_baseline(fixture_data, models_dir, tasks=[MISINFORMATION], today=day)
    return models_dir


@pytest.fixture()
def registry(two_versions: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "models"
    shutil.copytree(two_versions, copy)
    return copy


def test_versions_are_ordered_and_newest_is_active(registry: Path) -> None:
    versions = list_versions(MISINFORMATION, registry)
    assert versions == ["tfidf-lr/2026.11.27-1", "tfidf-lr/2026.11.28-1"]
    assert active(MISINFORMATION, registry) == versions[-1]
    assert json.loads((registry / "registry.json").read_text()) == {MISINFORMATION: versions[-1]}
    assert list_versions(SENTIMENT, registry) == [] and active(SENTIMENT, registry) is None


def test_same_day_versions_get_increasing_serials(registry: Path) -> None:
    assert next_version(MISINFORMATION, "tfidf-lr", registry, dt.date(2026, 11, 28)) == "tfidf-lr/2026.11.28-2"
    assert next_version(MISINFORMATION, "tfidf-lr", registry, dt.date(2026, 12, 1)) == "tfidf-lr/2026.12.01-1"


def test_deleted_version_ids_are_not_handed_out_again(registry: Path) -> None:
    day = dt.date(2026, 11, 28)
    source = registry / MISINFORMATION / "tfidf-lr" / "2026.11.28-1"
    shutil.copytree(source, source.parent / "2026.11.28-2")
    shutil.rmtree(source)  # an old version removed to keep the repository small
    assert next_version(MISINFORMATION, "tfidf-lr", registry, day) == "tfidf-lr/2026.11.28-3"


def test_promote_and_rollback(registry: Path) -> None:
    old, new = list_versions(MISINFORMATION, registry)
    assert rollback(MISINFORMATION, registry) == old
    assert load_active(MISINFORMATION, registry).version == old.split("/")[1]
    with pytest.raises(RegistryError, match="oldest"):
        rollback(MISINFORMATION, registry)
    assert promote(MISINFORMATION, new, registry) == old
    assert active(MISINFORMATION, registry) == new


def test_promote_rejects_unknown_or_wrong_task(registry: Path) -> None:
    with pytest.raises(RegistryError, match="no model"):
        promote(MISINFORMATION, "tfidf-lr/2030.01.01-1", registry)
    with pytest.raises(RegistryError, match="bad model id"):
        promote(MISINFORMATION, "../../etc/passwd", registry)
    misplaced = registry / SENTIMENT / "tfidf-lr" / "2026.11.27-1"
    shutil.copytree(registry / MISINFORMATION / "tfidf-lr" / "2026.11.27-1", misplaced)
    with pytest.raises(RegistryError, match="not 'sentiment'"):
        promote(SENTIMENT, "tfidf-lr/2026.11.27-1", registry)


def test_copied_folder_with_wrong_version_is_refused(registry: Path) -> None:
    family = registry / MISINFORMATION / "tfidf-lr"
    shutil.copytree(family / "2026.11.27-1", family / "2026.11.29-1")
    with pytest.raises(RegistryError, match="holds 'tfidf-lr/2026.11.27-1'"):
        load_model(MISINFORMATION, "tfidf-lr/2026.11.29-1", registry)


def test_corrupt_artefacts_are_format_errors(registry: Path) -> None:
    version = list_versions(MISINFORMATION, registry)[-1]
    directory = registry / MISINFORMATION / version
    config = json.loads((directory / "config.json").read_text())
    config["features"]["preprocess"] = "some-older-cleanup"
    (directory / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelFormatError, match="preprocessing"):
        load_active(MISINFORMATION, registry)
    (directory / "model.npz").unlink()
    with pytest.raises(RegistryError, match="model.npz missing"):
        load_active(MISINFORMATION, registry)


def test_format_1_models_load_unsegmented_and_unknown_formats_are_refused(registry: Path) -> None:
    version = list_versions(MISINFORMATION, registry)[-1]
    directory = registry / MISINFORMATION / version
    config = json.loads((directory / "config.json").read_text())
    assert config["format_version"] == 2 and config["features"]["segment_chars"] > 0
    # A config as the pre-segmenting code wrote it: format 1, no segment_chars key.
    del config["features"]["segment_chars"]
    (directory / "config.json").write_text(json.dumps({**config, "format_version": 1}))
    assert load_active(MISINFORMATION, registry).featuriser.config.segment_chars == 0  # type: ignore[attr-defined]
    (directory / "config.json").write_text(json.dumps({**config, "format_version": 3}))
    with pytest.raises(ModelFormatError, match="format_version=3"):
        load_active(MISINFORMATION, registry)


def test_missing_active_model_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no active model for task 'sentiment'"):
        load_active(SENTIMENT, tmp_path)


def test_default_models_dir_is_the_repository_models_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "models" == DEFAULT_MODELS_DIR
