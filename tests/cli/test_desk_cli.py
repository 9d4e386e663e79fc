"""`satark users`, `satark tokens` and `satark serve` through the real command line."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import free_port_block, run_satark, satark_env

PASSWORD = "correct horse battery staple\n"


def test_users_are_added_listed_changed_and_disabled(tmp_path: Path) -> None:
    home = tmp_path / "home"
    added = run_satark(home, "users", "add", "प्रिया", "--role", "reviewer", "--password-stdin", input=PASSWORD)
    assert added.returncode == 0, added.stderr
    assert "added प्रिया (reviewer)" in added.stdout
    assert run_satark(home, "users", "add", "प्रिया", "--password-stdin", input=PASSWORD).returncode == 1
    short = run_satark(home, "users", "add", "ravi", "--password-stdin", input="short\n")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr and "Traceback" not in short.stderr
    assert run_satark(home, "users", "set-role", "प्रिया", "admin").returncode == 0
    assert run_satark(home, "users", "disable", "प्रिया").returncode == 0
    listed = run_satark(home, "users", "list").stdout
    assert "प्रिया\tadmin\tdisabled" in listed
    missing = run_satark(home, "users", "disable", "nobody")
    assert missing.returncode == 1 and "no user named" in missing.stderr


def test_tokens_are_shown_once_listed_without_secret_and_revoked(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_satark(home, "users", "add", "bot", "--role", "viewer", "--password-stdin", input=PASSWORD).returncode == 0
    created = run_satark(home, "tokens", "create", "bot", "--label", "nightly export")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith("stk_") and "not shown again" in created.stderr
    listed = run_satark(home, "tokens", "list")
    assert "bot\tnightly export" in listed.stdout and secret not in listed.stdout and "live" in listed.stdout
    assert run_satark(home, "tokens", "revoke", "1").returncode == 0
    assert "revoked" in run_satark(home, "tokens", "list").stdout


def _serve(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cli", "serve", *args], cwd=home.parent, env=satark_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _wait_for(url: str, server: subprocess.Popen[str], seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_serve_listens_on_loopback_and_warns_when_exposed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    port = free_port_block(1)
    server = _serve(home, "--port", str(port))
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/login", server) == 200
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "no desk accounts yet" in stderr and f"http://127.0.0.1:{port}/" in stderr and "warning" not in stderr
    port = free_port_block(1)
    exposed = _serve(home, "--host", "0.0.0.0", "--port", str(port))
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/login", exposed) == 200
    finally:
        exposed.terminate()
        _, stderr = exposed.communicate(timeout=30)
    assert "without TLS" in stderr
