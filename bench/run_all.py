"""Run every benchmark and print one table of their headline figures: `make bench`.

Each script prints its own lines as it runs; their headline figures (bench/figures.py), with the reference tool
measured beside them in the same run, are gathered into one table headed by the CPU and its bf16/AMX/VNNI flags.
A full run also writes the table to docs/performance.md; `--quick` runs every script on small inputs to check
that they work (figures not comparable, nothing written).

    .venv/bin/python bench/run_all.py [--quick] [--only end_to_end --only desk ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from bench.figures import FIGURES_ENV, Figure, cpu_description, read_figures  # noqa: E402

# script -> (arguments of a full run, arguments of a quick run); quality benchmarks (search_relevance, flags) print
# their own tables and add nothing to this one.
SCRIPTS: dict[str, tuple[list[str], list[str]]] = {
    "cli_startup": ([], ["--runs", "2"]),
    "classifiers": ([], ["--articles", "64"]),
    "onnx_int8": ([], ["--articles", "64"]),
    "stages": ([], ["--docs", "200"]),
    "processing": ([], ["--per-outlet", "10", "--repeat", "1"]),
    "end_to_end": ([], ["--per-outlet", "10"]),
    "search_backends": ([], ["--docs", "2000", "--queries", "30"]),
    "search_relevance": ([], ["--no-elasticsearch"]),
    "desk": ([], ["--docs", "2000", "--seconds", "5", "--clients", "4"]),
    "claims": ([], ["--claims", "5000", "--queries", "100"]),
    "flags": ([], []),
}
PERFORMANCE_DOC = REPO / "docs" / "performance.md"


def table(figures: list[Figure]) -> list[str]:
    rows = [("figure", "value", "reference tool, same run", "ratio"), ("---", "---:", "---", "---:")]
    for figure in figures:
        unit = figure.reference_unit or figure.unit
        reference = f"{figure.reference}: {figure.reference_value:,.4g} {unit}" if figure.reference else ""
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
        name = f"{figure.name} ({figure.note})" if figure.note else figure.name
        rows.append((name, f"{figure.value:,.4g} {figure.unit}", reference, ratio))
    return ["| " + " | ".join(row) + " |" for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs: check the scripts work")
    parser.add_argument("--only", action="append", choices=sorted(SCRIPTS), help="run only these scripts")
    args = parser.parse_args()
    chosen = args.only or list(SCRIPTS)
    started = time.perf_counter()
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        figures_file = Path(tmp) / "figures.jsonl"
        env = {**os.environ, FIGURES_ENV: str(figures_file), "PYTHONPATH": str(REPO)}
        for name in chosen:
            full, quick = SCRIPTS[name]
            print(f"\n=== bench/{name}.py", flush=True)
            done = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *(quick if args.quick else full)], env=env,
                                  check=False)
            if done.returncode != 0:
                failed.append(name)
        figures = read_figures(figures_file)
    minutes = (time.perf_counter() - started) / 60
    header = [f"CPU: {cpu_description()}",
              f"{datetime.now(UTC):%Y-%m-%d}, {'quick run' if args.quick else 'full run'} of {', '.join(chosen)} "
              f"in {minutes:.0f} min"]
    print("\n" + "\n".join(header))
    lines = table(figures)
    print("\n".join(lines))
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")
    if not args.quick and not args.only:
        PERFORMANCE_DOC.write_text(document(header, lines), encoding="utf-8")
        print(f"written to {PERFORMANCE_DOC.relative_to(REPO)}")


def document(header: list[str], lines: list[str]) -> str:
    return "\n".join([
        "# Performance",
        "",
        "The latest table of `make bench` (`.venv/bin/python bench/run_all.py`), written by it. Each figure comes from",
        "the script named in docs/decisions.md; a reference tool doing the same work was measured in the same run, and",
        "the ratio says how many times better Satark's figure is (below 1: worse; a transformer classifier is slower",
        "than TF-IDF by design, and the crawl does more work than bare Scrapy). Figures vary between machines of the",
        "same kind: compare only figures of one table.",
        "",
        *(f"- {line}" for line in header),
        "",
        *lines,
        "",
    ])


if __name__ == "__main__":
    main()
