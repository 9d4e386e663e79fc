"""Hostile settings and inputs end in one line naming what is wrong, never a traceback (issue 15, finding 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliResult, run_satark

HINDI_SETTING = 'crawl:\n  user_agent: "सतर्क निगरानी bot"\n'


def one_line_error(result: CliResult) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("content", [
    'crawl:\n  user_agent: "Café bot"\n'.encode("latin-1"),
    HINDI_SETTING.encode("utf-16"),  # Notepad's "Unicode": a BOM, then two bytes a character
    bytes(range(256)),
], ids=["latin-1", "utf-16-hindi", "binary"])
def test_a_config_file_that_is_not_utf8_is_named_in_one_line(home: Path, content: bytes) -> None:
    found = home.parent / "satark.yaml"  # ./satark.yaml: the CLI runs in home's parent
    found.write_bytes(content)
    message = one_line_error(run_satark(home, "status"))
    assert message.startswith("Error: satark.yaml: not UTF-8 text (byte 0x")
    named = home.parent / "named.yaml"
    named.write_bytes(content)
    found.unlink()
    message = one_line_error(run_satark(home, "search", "चुनाव", SATARK_CONFIG=str(named)))
    assert f"{named}: not UTF-8" in message


def test_a_utf8_config_file_with_hindi_is_read(home: Path) -> None:
    (home.parent / "satark.yaml").write_text(HINDI_SETTING, encoding="utf-8")
    result = run_satark(home, "status")
    assert result.returncode == 0, result.stderr


def test_an_environment_setting_that_is_not_json_names_the_variable(home: Path) -> None:
    message = one_line_error(run_satark(home, "status", SATARK_CRAWL="{not json"))
    assert message.startswith("Error: environment variable SATARK_CRAWL: not valid JSON (")
    assert "SATARK_CRAWL__NAME=value" in message
    nested = one_line_error(run_satark(home, "status", SATARK_CLAIMS__STYLE_THRESHOLDS='{"misinformation": {"hi": 0.5}'))
    assert nested.startswith("Error: environment variable SATARK_CLAIMS__STYLE_THRESHOLDS: not valid JSON (")


def test_elasticsearch_with_both_an_api_key_and_a_username_is_refused_when_settings_load(home: Path) -> None:
    (home.parent / "satark.yaml").write_text(
        "search:\n  backend: elasticsearch\n  elasticsearch:\n    api_key: abc\n    username: elastic\n"
        "    password: पासवर्ड-123\n", encoding="utf-8")
    for args in (("status",), ("search", "ईवीएम")):  # status never opens the index: the settings themselves refuse
        message = one_line_error(run_satark(home, *args))
        assert message.startswith("Error: setting search.elasticsearch: both api_key and username are set: choose one")
        assert "पासवर्ड" not in message


@pytest.mark.parametrize("command", ["extract", "feed"])
def test_a_malformed_url_is_one_line(home: Path, command: str) -> None:
    assert one_line_error(run_satark(home, command, "http://[::1")) == "Error: http://[::1: Invalid IPv6 URL"
    spaced = one_line_error(run_satark(home, command, "https://समाचार .example/"))
    assert spaced.startswith("Error: https://समाचार .example/: URL can't contain control characters")


@pytest.mark.parametrize("command", ["extract", "feed"])
def test_an_endless_local_file_is_refused_at_the_size_limit(home: Path, command: str) -> None:
    # Finishing at all is the point: /dev/zero read whole would fill the memory.
    message = one_line_error(run_satark(home, command, "/dev/zero", timeout=60))
    assert message == "Error: /dev/zero: larger than 10485760 bytes"
