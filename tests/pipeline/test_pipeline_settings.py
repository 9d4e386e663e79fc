"""Settings layering: defaults < config file < environment < explicit overrides, and one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.settings import CONFIG_FILE_NAME, SatarkSettings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No SATARK_* variable from the caller's shell and no satark.yaml in the working folder leaks in."""
    for name in list(os.environ):
        if name.startswith("SATARK_"):
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return workdir


def write_config(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_layer() -> None:
    settings = load_settings()
    assert settings.crawl.download_timeout == 20.0
    assert settings.crawl.obey_robots is True
    assert settings.home == Path("satark-data")


def test_each_layer_overrides_the_one_below(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = write_config(tmp_path, "crawl:\n  download_timeout: 5\n  retry_times: 4\n")
    assert load_settings(config).crawl.download_timeout == 5.0

    monkeypatch.setenv("SATARK_CRAWL__DOWNLOAD_TIMEOUT", "7")
    from_env = load_settings(config)
    assert from_env.crawl.download_timeout == 7.0
    assert from_env.crawl.retry_times == 4  # the file still supplies what the environment does not set

    explicit = load_settings(config, crawl={"download_timeout": 9})
    assert explicit.crawl.download_timeout == 9.0
    assert explicit.crawl.retry_times == 4


def test_partial_nested_override_keeps_lower_layers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = write_config(tmp_path, "crawl:\n  download_timeout: 5\n")
    monkeypatch.setenv("SATARK_CRAWL__MAX_ATTEMPTS", "6")
    settings = load_settings(config, crawl={"refresh": True})
    assert settings.crawl.refresh is True
    assert settings.crawl.download_timeout == 5.0
    assert settings.crawl.max_attempts == 6


def test_home_from_environment_beats_file_and_none_override_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = write_config(tmp_path, f"home: {tmp_path / 'from-file'}\n")
    assert load_settings(config, home=None).home == tmp_path / "from-file"
    monkeypatch.setenv("SATARK_HOME", str(tmp_path / "from-env"))
    settings = load_settings(config, home=None)
    assert settings.home == tmp_path / "from-env"
    assert settings.db_url == f"sqlite:///{tmp_path / 'from-env' / 'satark.sqlite'}"
    assert settings.sources_path == tmp_path / "from-env" / "sources.yaml"
    assert load_settings(config, home=tmp_path / "cli").home == tmp_path / "cli"


def test_database_url_setting_wins_over_derived_path(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path, database_url="sqlite:///elsewhere.sqlite")
    assert settings.db_url == "sqlite:///elsewhere.sqlite"
    assert settings.index_path == tmp_path.resolve() / "index.sqlite"


def test_config_file_found_via_env_and_working_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, isolated: Path
) -> None:
    (isolated / CONFIG_FILE_NAME).write_text("process:\n  batch_size: 11\n", encoding="utf-8")
    assert load_settings().process.batch_size == 11
    other = write_config(tmp_path, "process:\n  batch_size: 22\n")
    monkeypatch.setenv("SATARK_CONFIG", str(other))
    assert load_settings().process.batch_size == 22


def test_missing_explicit_config_file_is_a_settings_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(SettingsError, match="nope.yaml"):
        load_settings(missing)


def test_bad_value_in_file_is_one_line_naming_file_and_field(tmp_path: Path) -> None:
    config = write_config(tmp_path, "crawl:\n  download_timeout: -1\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    message = str(caught.value)
    assert "\n" not in message
    assert str(config) in message
    assert "crawl.download_timeout" in message


def test_bad_value_in_environment_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATARK_CRAWL__CONCURRENT_REQUESTS", "many")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "crawl.concurrent_requests" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_literal_value_is_rejected(tmp_path: Path) -> None:
    config = write_config(tmp_path, "crawl:\n  log_level: LOUD\n")
    with pytest.raises(SettingsError, match="crawl.log_level"):
        load_settings(config)


def test_unknown_top_level_key_rejected(tmp_path: Path) -> None:
    config = write_config(tmp_path, "hom: /tmp/typo\n")
    with pytest.raises(SettingsError, match="hom"):
        load_settings(config)


def test_unknown_nested_key_rejected(tmp_path: Path) -> None:
    # A typo inside a section must not be silently ignored: the operator would believe the timeout is 5 s.
    config = write_config(tmp_path, "crawl:\n  download_timout: 5\n")
    with pytest.raises(SettingsError, match="download_timout"):
        load_settings(config)


def test_yaml_syntax_error_is_a_one_line_settings_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, "crawl:\n  download_timeout: [5\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    assert str(config) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_settings_object_is_typed() -> None:
    settings = load_settings(crawl={"download_timeout": "12.5"})
    assert isinstance(settings, SatarkSettings)
    assert settings.crawl.download_timeout == 12.5
