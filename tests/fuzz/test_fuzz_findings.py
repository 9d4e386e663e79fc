"""What the fuzz tests found in the sources and settings loaders and in `classify`'s reader, each kept as a regression
test: the documented one-line error, never a traceback (or, for libyaml's C stack, a dead process)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest

from cli.inspect import _read_lines
from core.settings import SettingsError, load_settings
from core.sources import SourcesError, load_sources, parse_sources

REPO = Path(__file__).resolve().parents[2]
_FEED = "https://samachar.example/rss"


def _sources_file(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "sources.yaml"
    path.write_bytes(body)
    load_sources(path)


def _settings(tmp_path: Path, body: bytes, **env: str) -> None:
    path = tmp_path / "satark.yaml"
    path.write_bytes(body)
    with mock.patch.dict(os.environ, env):
        load_settings(path)


def _interval(value: object) -> Callable[[Path], object]:
    return lambda _: parse_sources({"sources": [{"name": "samachar", "feeds": [_FEED], "crawl_interval": value}]})


# (reproducer, the error it must end in, words the message must hold)
CASES: dict[str, tuple[Callable[[Path], object], type[Exception], str]] = {
    "sources file: impossible date": (lambda t: _sources_file(t, b"sources: 2024-13-45"), SourcesError, "not valid YAML"),
    "sources file: !!float with no value": (lambda t: _sources_file(t, b"x: !!float"), SourcesError, "not valid YAML"),
    "sources file: !!bool maybe": (lambda t: _sources_file(t, b"x: !!bool maybe"), SourcesError, "not valid YAML"),
    "sources file: !!timestamp yesterday": (lambda t: _sources_file(t, b"x: !!timestamp yesterday"), SourcesError,
                                            "not valid YAML"),
    "sources file: 5,000 nested lists": (lambda t: _sources_file(t, b"x: " + b"[" * 5000 + b"]" * 5000), SourcesError,
                                         "nested too deeply"),
    "crawl_interval 99999999999999d": (_interval("99999999999999d"), SourcesError, "366 days"),
    "crawl_interval .inf": (_interval(float("inf")), SourcesError, "366 days"),
    "crawl_interval NaN": (_interval(float("nan")), SourcesError, "366 days"),
    "allow a{4294967296}": (lambda _: parse_sources({"sources": [{"name": "samachar", "sections": [
        {"start_urls": ["https://samachar.example/"], "allow": ["a{4294967296}"]}]}]}), SourcesError,
        "bad regular expression"),
    "satark.yaml: impossible date": (lambda t: _settings(t, b"web: {port: 0000-00-00}"), SettingsError, "not valid YAML"),
    "satark.yaml: 5,000 nested lists": (lambda t: _settings(t, b"[" * 5000 + b"]" * 5000), SettingsError,
                                        "nested too deeply"),
    "satark.yaml: a number as a key": (lambda t: _settings(t, b"1: 2"), SettingsError, "is not a setting name"),
    "satark.yaml: a NUL": (lambda t: _settings(t, b"\x00"), SettingsError, "not valid YAML"),
    "SATARK_CLAIMS__STYLE_THRESHOLDS: 5,000 nested lists": (lambda t: _settings(
        t, b"", SATARK_CLAIMS__STYLE_THRESHOLDS="[" * 5000), SettingsError, "SATARK_"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_finding_ends_in_the_documented_one_line_error(name: str, tmp_path: Path) -> None:
    run, error, words = CASES[name]
    with pytest.raises(error) as raised:
        run(tmp_path)
    assert words in str(raised.value) and "\n" not in str(raised.value)


def test_a_classify_line_with_a_5000_digit_number_is_reported_and_the_next_line_read() -> None:
    lines = b'{"text": "x", "id": ' + b"9" * 5000 + b"}\n" + '{"text": "चुनाव"}\n'.encode()
    with mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines), encoding="utf-8")):
        read = list(_read_lines())
    assert isinstance(read[0][1], str) and "not JSON" in read[0][1]
    assert read[1] == (2, {"text": "चुनाव"})


def test_40000_nested_lists_in_a_sources_file_are_an_error_not_a_dead_process(tmp_path: Path) -> None:
    """libyaml (the fast loader) recurses in C until the process dies with SIGSEGV, which no except clause sees; such
    text goes to the pure-Python loader. In a subprocess, so that a regression costs only it."""
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"x: " + b"[" * 40_000 + b"]" * 40_000)
    code = ("import sys; from pathlib import Path; from core.sources import SourcesError, load_sources\n"
            "try:\n    load_sources(Path(sys.argv[1]))\nexcept SourcesError as exc:\n    print(exc)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit status {proc.returncode}: {proc.stderr[-500:]}"
    assert "nested too deeply" in proc.stdout
