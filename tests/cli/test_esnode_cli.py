"""`satark esnode start|status|stop` against the real node from tools/esnode."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import run_satark

pytestmark = pytest.mark.slow  # builds and starts a real Elasticsearch node


def test_start_status_stop(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    started = run_satark(home, "esnode", "start", "--port", "0", timeout=180)
    assert started.returncode == 0, started.stderr
    try:
        status = run_satark(home, "esnode", "status")
        assert status.returncode == 0 and "running: Elasticsearch 9." in status.stdout
        url = status.stdout.split(" at ")[1].split()[0]
        with urllib.request.urlopen(url + "/_cluster/health") as response:
            assert json.load(response)["status"] in ("green", "yellow")
        again = run_satark(home, "esnode", "start", "--port", "0")
        assert again.returncode == 0 and "already running" in again.stdout
    finally:
        stopped = run_satark(home, "esnode", "stop")
    assert stopped.returncode == 0, stopped.stderr
    after = run_satark(home, "esnode", "status")
    assert after.returncode == 1 and "no Elasticsearch node is running" in after.stderr
