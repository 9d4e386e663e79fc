"""Audit the pinned dependencies (requirements/*.txt) for known vulnerabilities; fail only on those that have a fix.

Run by scripts/audit.sh with the audit environment's Python (pip-audit and packaging live there, not in .venv).
pip-audit asks PyPI's vulnerability data for each pinned release (https://pypi.org/pypi/NAME/VERSION/json). Where
that per-release answer is missing (some PyPI mirrors and proxies serve only the project-wide
https://pypi.org/pypi/NAME/json, whose `vulnerabilities` describe the latest release), a pin that is the latest
release is checked against the project-wide answer instead; an older pin is then listed as not audited rather than
passed in silence. Exit status: 0 clean or only unfixed vulnerabilities, 1 a vulnerability with a fix, 2 nothing
could be audited (PyPI unreachable) or pip-audit failed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import requests
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

REPO = Path(__file__).resolve().parents[1]
# One pip-audit run per environment: pip-audit refuses one name pinned to two versions across its files, and the
# audit tool's own environment may pin a shared library differently from the project's.
GROUPS = {"project": ["lock.txt", "runtime.txt", "test.txt", "bench.txt"], "audit tool": ["audit.txt"]}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
TIMEOUT_S = 30


@dataclass(frozen=True)
class Vuln:
    package: str
    version: str
    id: str
    fixes: tuple[str, ...]


@dataclass
class Outcome:
    vulns: list[Vuln] = field(default_factory=list)
    audited: set[str] = field(default_factory=set)  # "name version"
    not_audited: dict[str, str] = field(default_factory=dict)  # "name version" -> why


def pinned(files: list[str]) -> dict[str, str]:
    pins: dict[str, str] = {}
    for name in files:
        for line in (REPO / "requirements" / name).read_text(encoding="utf-8").splitlines():
            if match := PIN.match(line.strip()):
                pins[canonicalize_name(match[1])] = match[2]
    return pins


def pip_audit(files: list[str]) -> list[dict]:
    args = [sys.executable, "-m", "pip_audit", "--disable-pip", "--no-deps", "--vulnerability-service", "pypi",
            "--format", "json", "--progress-spinner", "off", "--timeout", str(TIMEOUT_S)]
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        for name in files:
            args += ["--requirement", str(REPO / "requirements" / name)]
        done = subprocess.run([*args, "--output", out.name], capture_output=True, text=True)
        report = Path(out.name).read_text(encoding="utf-8")
    if not report:  # pip-audit exits 1 for vulnerabilities found too: only a missing report is its failure
        print(f"audit: pip-audit failed ({done.returncode}): {done.stderr.strip()[-2000:]}", file=sys.stderr)
        sys.exit(2)
    return list(json.loads(report)["dependencies"])


def latest_release(session: requests.Session, name: str) -> dict | None:
    try:
        response = session.get(f"https://pypi.org/pypi/{name}/json", timeout=TIMEOUT_S)
        response.raise_for_status()
        return dict(response.json())
    except (requests.RequestException, ValueError):
        return None


def fixes_after(version: str, fixed_in: list[str]) -> tuple[str, ...]:
    try:
        current = Version(version)
        return tuple(fix for fix in fixed_in if Version(fix) > current)
    except InvalidVersion:
        return tuple(fixed_in)


def from_project_json(pins: dict[str, str], outcome: Outcome) -> None:
    # One kept-alive connection pool: 150 MB of project JSON over fresh TLS connections costs ten times the CPU.
    with requests.Session() as session, ThreadPoolExecutor(max_workers=8) as pool:
        session.mount("https://", requests.adapters.HTTPAdapter(pool_maxsize=8))
        answers = dict(zip(pins, pool.map(partial(latest_release, session), pins)))
    for name, answer in answers.items():
        version = pins[name]
        if answer is None:
            outcome.not_audited[f"{name} {version}"] = "PyPI did not answer"
        elif answer["info"]["version"] != version:
            outcome.not_audited[f"{name} {version}"] = f"latest {answer['info']['version']}"
        else:
            outcome.audited.add(f"{name} {version}")
            for vuln in answer.get("vulnerabilities") or []:
                if not vuln.get("withdrawn"):
                    outcome.vulns.append(Vuln(name, version, vuln["id"], fixes_after(version, vuln.get("fixed_in") or [])))


def audit(files: list[str], outcome: Outcome) -> None:
    pins = pinned(files)
    missing: dict[str, str] = {}
    for dependency in pip_audit(files):
        name = canonicalize_name(dependency["name"])
        if "skip_reason" in dependency:
            missing[name] = pins.get(name, "")
            continue
        outcome.audited.add(f"{name} {dependency['version']}")
        for vuln in dependency.get("vulns", []):
            outcome.vulns.append(Vuln(name, dependency["version"], vuln["id"], tuple(vuln.get("fix_versions") or [])))
    if missing:
        from_project_json(missing, outcome)


def report(outcome: Outcome) -> int:
    for vuln in sorted(set(outcome.vulns), key=lambda v: (not v.fixes, v.package, v.id)):
        fix = f"fixed in {', '.join(vuln.fixes)}" if vuln.fixes else "no fix released yet (reported, not failed)"
        print(f"audit: {vuln.package} {vuln.version}: {vuln.id}, {fix}")
    if outcome.not_audited:
        print(f"audit: {len(outcome.not_audited)} pin(s) not audited: this index gives vulnerability data only for a "
              f"project's latest release: " + ", ".join(f"{n} ({why})" for n, why in sorted(outcome.not_audited.items())))
    fixable = {v for v in outcome.vulns if v.fixes}
    print(f"audit: {len(outcome.audited)} pinned package(s) audited; known vulnerabilities: {len(set(outcome.vulns))}, "
          f"with a fix: {len(fixable)}")
    if not outcome.audited:
        print("audit: nothing could be audited: is PyPI reachable?", file=sys.stderr)
        return 2
    if fixable:
        print("audit: FAILED: bump the pins above to a fixed version in requirements/ (then scripts/bootstrap.sh test)",
              file=sys.stderr)
        return 1
    return 0


def main() -> int:
    outcome = Outcome()
    with ThreadPoolExecutor(max_workers=len(GROUPS)) as pool:
        list(pool.map(lambda files: audit(files, outcome), GROUPS.values()))
    return report(outcome)


if __name__ == "__main__":
    sys.exit(main())
