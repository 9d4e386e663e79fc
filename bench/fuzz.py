"""The fuzz tests (tests/fuzz) with the long Hypothesis profile: 100,000 generated examples per test instead of CI's few
hundred, random rather than derandomized. Prints, per input handler, the examples run, whether it passed and how long
it took; a failure prints the falsifying example Hypothesis reported (keep it with @example in the test).

    .venv/bin/python bench/fuzz.py [--examples N] [--target canonical --target feeds ...]

Each target runs in its own pytest process on one core, one after another; at 100,000 examples the whole run takes
hours, so a shorter look is `--examples 2000` (also SATARK_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FUZZ = REPO / "tests" / "fuzz"
# Test cases Hypothesis ran, per phase (explicit, generate, shrink), from --hypothesis-show-statistics.
_CASES = re.compile(r"(\d+) passing, (\d+) failing")
_SUMMARY = re.compile(r"^=+ .*(passed|failed|error).* =+$", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    target: str
    tests: int
    examples: int
    passed: bool
    seconds: float
    output: str


def targets() -> list[str]:
    """Every tests/fuzz/test_fuzz_<target>.py but the regression tests of what fuzzing found (no generated input)."""
    names = sorted(path.stem.removeprefix("test_fuzz_") for path in FUZZ.glob("test_fuzz_*.py"))
    return [name for name in names if name != "findings"]


def run(target: str, examples: int) -> Outcome:
    env = {**os.environ, "SATARK_FUZZ_PROFILE": "long", "SATARK_FUZZ_EXAMPLES": str(examples), "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    # -n 0: one process on one core; no timeout per test, since 100,000 examples of a page extraction take long.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", str(FUZZ / f"test_fuzz_{target}.py"), "-n", "0", "-q", "-p", "no:cacheprovider",
         "--timeout", "0", "--hypothesis-show-statistics"],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
    )
    seconds = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    examples_run = sum(int(passing) + int(failing) for passing, failing in _CASES.findall(output))
    tests = len(re.findall(r"^tests/fuzz/\S+::\S+:$", output, re.MULTILINE))
    return Outcome(target, tests, examples_run, proc.returncode == 0, seconds, output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("SATARK_FUZZ_EXAMPLES") or 100_000),
                        help="generated examples per test (default 100,000)")
    parser.add_argument("--target", action="append", choices=targets(), help="only these targets (repeatable)")
    args = parser.parse_args()
    chosen = args.target or targets()
    print(f"fuzz: long profile, up to {args.examples:,} examples per test, {len(chosen)} targets")
    print(f"  {'target':18} {'tests':>5} {'examples':>10}  {'result':7} {'seconds':>8}")
    failed: list[Outcome] = []
    for target in chosen:
        outcome = run(target, args.examples)
        print(f"  {target:18} {outcome.tests:>5} {outcome.examples:>10,}  {'passed' if outcome.passed else 'FAILED':7} "
              f"{outcome.seconds:>8.1f}", flush=True)
        if not outcome.passed:
            failed.append(outcome)
    for outcome in failed:
        summary = _SUMMARY.search(outcome.output)
        # pytest's "E" lines hold the error and Hypothesis's failing test case (the example to keep with @example).
        errors = [line for line in outcome.output.splitlines() if line.startswith(("E ", "    | E", "    |     "))]
        print(f"\n{outcome.target}: {summary.group(0) if summary else 'pytest failed'}")
        print("\n".join(line[:300] for line in errors[:60]) or outcome.output[-3000:])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
