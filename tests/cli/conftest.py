"""Fixtures of the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty data folder for one command line run (modules that need a filled one override this)."""
    path = tmp_path / "home"
    path.mkdir()
    return path
