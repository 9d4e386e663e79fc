"""`python -m demosites.server` runs the sites in the foreground and prints their URLs."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml

from tests.conftest import free_port_block

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
REPO_ROOT = Path(__file__).resolve().parents[2]


def test_cli_serves_on_consecutive_ports(tmp_path: Path) -> None:
    base = free_port_block(4)
    sources = tmp_path / "sources.yaml"
    command = [
        sys.executable,
        "-m",
        "demosites.server",
        "--port-base",
        str(base),
        "--content-dir",
        str(FIXTURE_CONTENT),
        "--write-sources",
        str(sources),
    ]
    process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        urls = [line.split()[1] for line in lines[:4]]
        assert urls == [f"http://127.0.0.1:{base + i}/" for i in range(4)]
        with urllib.request.urlopen(urls[0] + "rss.xml", timeout=5) as response:
            assert response.status == 200
        names = [s["name"] for s in yaml.safe_load(sources.read_text(encoding="utf-8"))["sources"]]
        assert names == [line.split()[0] for line in lines[:4]]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
