"""The dependency audit's verdict (scripts/audit_deps.py): fail on a vulnerability with a fix, report one without,
never pass an audit that audited nothing. pip-audit and PyPI are replaced here; `make test` runs the real audit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_deps.py"


@pytest.fixture()
def audit(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "audit_deps", module)  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "GROUPS", {"project": ["lock.txt"]})
    monkeypatch.setattr(module, "pinned", lambda files: {"jinja2": "3.1.6", "lxml": "6.1.3", "rich": "15.0.0"})
    return module


def fake_pip_audit(*dependencies: dict[str, Any]) -> Any:
    return lambda files: list(dependencies)


def fake_pypi(answers: dict[str, dict[str, Any] | None]) -> Any:
    return lambda session, name: answers[name]


def test_a_vulnerability_with_a_fix_fails(audit: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    audit.pip_audit = fake_pip_audit(
        {"name": "jinja2", "version": "3.1.6", "vulns": [{"id": "PYSEC-1", "fix_versions": ["3.1.7"]}]},
        {"name": "rich", "version": "15.0.0", "vulns": [{"id": "GHSA-2", "fix_versions": []}]})
    assert audit.main() == 1
    out = capsys.readouterr().out
    assert "jinja2 3.1.6: PYSEC-1, fixed in 3.1.7" in out
    assert "rich 15.0.0: GHSA-2, no fix released yet" in out


def test_a_vulnerability_without_a_fix_is_reported_not_failed(audit: ModuleType,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    audit.pip_audit = fake_pip_audit({"name": "rich", "version": "15.0.0", "vulns": [{"id": "GHSA-2", "fix_versions": []}]})
    assert audit.main() == 0
    assert "GHSA-2, no fix released yet" in capsys.readouterr().out


def test_without_per_release_data_the_latest_release_is_checked_and_an_older_pin_is_listed(
        audit: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    skipped = "Dependency not found on PyPI and could not be audited"
    audit.pip_audit = fake_pip_audit(*({"name": name, "skip_reason": skipped} for name in ("jinja2", "lxml", "rich")))
    audit.latest_release = fake_pypi({
        "jinja2": {"info": {"version": "3.1.6"}, "vulnerabilities": [{"id": "PYSEC-9", "fixed_in": ["3.1.6", "3.2.0"]}]},
        "lxml": {"info": {"version": "6.2.1"}, "vulnerabilities": []},
        "rich": {"info": {"version": "15.0.0"}, "vulnerabilities": [{"id": "OLD", "fixed_in": [], "withdrawn": "2026-01-01"}]},
    })
    assert audit.main() == 1
    out = capsys.readouterr().out
    assert "jinja2 3.1.6: PYSEC-9, fixed in 3.2.0" in out
    assert "lxml 6.1.3 (latest 6.2.1)" in out
    assert "OLD" not in out
    assert "2 pinned package(s) audited; known vulnerabilities: 1, with a fix: 1" in out


def test_an_audit_that_reached_nothing_fails(audit: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    audit.pip_audit = fake_pip_audit({"name": "jinja2", "skip_reason": "Connection refused"})
    audit.latest_release = fake_pypi({"jinja2": None})
    assert audit.main() == 2
    assert "is PyPI reachable?" in capsys.readouterr().err
