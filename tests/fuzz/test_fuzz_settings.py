"""The settings loader under generated input: `load_settings` with any bytes in satark.yaml and any SATARK_* environment
raises only SettingsError (one line for the user); what it accepts honours the layers (environment over file)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from core.settings import SatarkSettings, SettingsError, load_settings
from tests.fuzz.strategies import mixed_text, mutated

_ENV_NAMES = st.sampled_from([
    "SATARK_WEB__PORT", "SATARK_CRAWL__CONCURRENT_REQUESTS", "SATARK_CRAWL", "SATARK_CRAWL__LOG_LEVEL", "SATARK_HOME",
    "SATARK_CLAIMS__STYLE_THRESHOLDS", "SATARK_SEARCH__BACKEND", "SATARK_SEARCH__ELASTICSEARCH", "SATARK_ALERTS__SMTP",
    "SATARK_ALERTS__SMTP__PASSWORD", "SATARK_CLASSIFY__DEVICE", "SATARK_DATABASE_URL", "SATARK_SCHEDULER__BACKUP_TIME",
    "SATARK_UNKNOWN", "SATARK_CRAWL__UNKNOWN", "SATARK_WEB__", "SATARK___",
])
# Environment values are text without NUL (the OS cannot hold one) or lone surrogates (not encodable).
_ENV_VALUES = st.one_of(
    mixed_text(4).map(lambda v: v.replace("\x00", "").encode("utf-8", "ignore").decode()),
    st.sampled_from(["8001", "0", "-1", "1e999", "nan", "true", "{}", "[]", "null", '{"concurrent_requests": 2}', "{bad",
                     '{"hi": {"misinformation": 2}}', "[" * 5000, "cuda:0", "elasticsearch", "25:00"]),
)
_FILE_DATA = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), mixed_text(3)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(
        st.sampled_from(["crawl", "web", "port", "concurrent_requests", "claims", "style_thresholds", "search", "backend",
                         "home", "alerts", "smtp", "password", "scheduler", "x"]), inner, max_size=4)),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def config_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz-settings") / "satark.yaml"


def load(path: Path, body: bytes, env: dict[str, str]) -> SatarkSettings | None:
    path.write_bytes(body)
    with mock.patch.dict(os.environ):  # restores the environment afterwards
        for name in [name for name in os.environ if name.startswith("SATARK_")]:
            del os.environ[name]
        os.environ.update(env)
        try:
            return load_settings(path)
        except SettingsError as exc:
            assert str(exc) and "\n" not in str(exc)  # "one line for the user"
            return None


@given(st.one_of(st.binary(max_size=300), _FILE_DATA.map(lambda d: yaml.safe_dump({"crawl": d, "web": d}).encode())),
       st.dictionaries(_ENV_NAMES, _ENV_VALUES, max_size=3))
@example(b"web: {port: 8001}\n\xff", {})  # not UTF-8
@example(b"", {"SATARK_CLAIMS__STYLE_THRESHOLDS": "[" * 5000})
def test_any_file_and_environment_give_settings_or_settings_error(config_file: Path, body: bytes,
                                                                   env: dict[str, str]) -> None:
    load(config_file, body, env)


@given(st.integers(1, 65535), st.integers(1, 65535), st.data())
def test_the_environment_overrides_the_file(config_file: Path, file_port: int, env_port: int, data: st.DataObject) -> None:
    body = yaml.safe_dump({"web": {"port": file_port, "host": "127.0.0.1"}, "crawl": {"concurrent_requests": 3}}).encode()
    settings = load(config_file, body, {"SATARK_WEB__PORT": str(env_port)})
    assert settings is not None and (settings.web.port, settings.crawl.concurrent_requests) == (env_port, 3)
    mutated_settings = load(config_file, data.draw(mutated(body)), {"SATARK_WEB__PORT": str(env_port)})
    assert mutated_settings is None or mutated_settings.web.port == env_port
