#!/usr/bin/env bash
# Create or update the project's virtual environment in .venv/ (idempotent: a no-op when nothing changed).
# Usage: scripts/bootstrap.sh [runtime|test|bench]   (bench: runtime plus what bench/onnx_int8.py needs)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-runtime}
venv=.venv
stamp="$venv/.satark-$profile"

pick_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "satark: Python 3.11 or newer is required" >&2; return 1
}

inputs=(requirements/lock.txt setup.cfg pyproject.toml scripts/bootstrap.sh)
[ "$profile" = test ] && inputs+=(requirements/test.txt)
[ "$profile" = bench ] && inputs+=(requirements/bench.txt)
want=$(cat "${inputs[@]}" | sha256sum | cut -d' ' -f1)

# The desk's browser tests drive Debian's Chromium through Playwright (no browser download from the internet), with
# a Devanagari font so that the screenshots show Hindi rather than empty boxes.
if [ "$profile" = test ] && { ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi devanagari; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "satark: installing chromium and a Devanagari font for the browser tests..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-lohit-deva >/dev/null
  else
    echo "satark: the browser tests need Chromium and a Devanagari font: sudo apt-get install chromium fonts-lohit-deva" >&2
    exit 1
  fi
fi

if [ ! -x "$venv/bin/python" ]; then
  "$(pick_python)" -m venv "$venv"
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "satark: installing Python packages into $venv ($profile)..." >&2
"$venv/bin/python" -m pip install --quiet -r requirements/lock.txt
[ "$profile" = test ] && "$venv/bin/python" -m pip install --quiet -r requirements/test.txt
[ "$profile" = bench ] && "$venv/bin/python" -m pip install --quiet -r requirements/bench.txt
# compat mode puts the checkout on sys.path, so packages added later need no reinstall.
"$venv/bin/python" -m pip install --quiet --no-deps --config-settings editable_mode=compat -e .
echo "$want" > "$stamp"
