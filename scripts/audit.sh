#!/usr/bin/env bash
# Audit the pinned dependencies (requirements/*.txt) for known vulnerabilities: fails on one that has a fix
# (scripts/audit_deps.py says how). pip-audit gets an environment of its own in .venv/audit, so its dependencies
# never mix with the project's; like scripts/bootstrap.sh it installs only when requirements/audit.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv/audit
stamp="$venv/.satark-audit"
want=$(cat requirements/audit.txt scripts/audit.sh | sha256sum | cut -d' ' -f1)

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "satark: installing pip-audit into $venv..." >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet -r requirements/audit.txt
  echo "$want" > "$stamp"
fi
exec "$venv/bin/python" scripts/audit_deps.py
