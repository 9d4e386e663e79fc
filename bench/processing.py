"""Processing alone (language, near-duplicates, classification, claim analysis, store writes, index sync) over
the composed demo articles, crawled once beforehand; beside it, in the same run, the same articles with the
claim reranker off and with claim analysis off. Prints articles/s and the misinformation flags of each.

    .venv/bin/python bench/processing.py [--per-outlet 300] [--repeat 2]

Each variant runs in a fresh process on a copy of the crawled home; model loading is not timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import record  # noqa: E402
from bench.memory import wait_with_peak  # noqa: E402

VARIANTS = {
    "claim analysis with the reranker (default)": {},
    "claims.rerank: false": {"SATARK_CLAIMS__RERANK": "false"},
    "claims.enabled: false": {"SATARK_CLAIMS__ENABLED": "false"},
}
CRAWL_ENV = {"SATARK_CRAWL__AUTOTHROTTLE_START_DELAY": "0", "SATARK_CRAWL__CONCURRENT_PER_DOMAIN": "8"}


def crawl_once(per_outlet: int, home: Path, folder: Path) -> None:
    from bench.corpus import composed_articles
    from demosites.server import DemoServer

    with DemoServer() as demo:
        for i, (outlet, title, paragraphs) in enumerate(composed_articles(per_outlet)):
            demo.add_article(outlet, slug=f"bench-{i}", title=title, paragraphs=paragraphs)
        sources = demo.write_sources(folder / "sources.yaml")
        env = {**os.environ, **CRAWL_ENV, "SATARK_HOME": str(home), "PYTHONPATH": str(REPO)}
        run = subprocess.run([sys.executable, "-m", "cli", "crawl", "--no-process", "--sources", str(sources)],
                             env=env, check=False, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(f"satark crawl failed ({run.returncode}):\n{run.stderr[-3000:]}")


def measure(home: Path) -> None:
    """In the child process: load the models, then time processing what the crawl stored."""
    from core.settings import load_settings
    from pipeline.app import SatarkApp

    with SatarkApp(load_settings(home=home)) as app:
        app.classifier, app.claims  # noqa: B018 - loaded before the clock starts
        started = time.perf_counter()
        report = app.process(sync=True)
        elapsed = time.perf_counter() - started
    print(f"{report.processed} {elapsed:.3f} {report.flagged}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-outlet", type=int, default=300, help="composed articles added to each outlet")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each variant, alternating")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    with tempfile.TemporaryDirectory() as tmp:
        crawled = Path(tmp) / "crawled"
        crawl_once(args.per_outlet, crawled, Path(tmp))
        print("processing alone, composed Hindi and English articles, this machine (articles/s, misinformation flags):")
        for run in range(args.repeat):
            for name, extra in VARIANTS.items():
                home = Path(tmp) / f"run-{run}"
                shutil.rmtree(home, ignore_errors=True)
                shutil.copytree(crawled, home)
                env = {k: v for k, v in os.environ.items() if not k.startswith("SATARK_")}
                env.update({**extra, "PYTHONPATH": str(REPO)})
                with tempfile.TemporaryFile("w+") as errors:
                    child = subprocess.Popen([sys.executable, __file__, "--measure", str(home)], env=env,
                                             stdout=subprocess.PIPE, stderr=errors, text=True)
                    peak = wait_with_peak(child) / 2**20  # models included: what `satark process` holds
                    if child.returncode != 0:
                        errors.seek(0)
                        sys.exit(f"{name} failed:\n{errors.read()[-3000:]}")
                processed, elapsed, flagged = child.communicate()[0].split()[-3:]
                rate = int(processed) / float(elapsed)
                print(f"  {name:<44} {rate:6.1f} articles/s  ({processed} in {float(elapsed):.1f} s, {flagged} flagged, "
                      f"peak memory {peak:.0f} MiB)")
                if run == args.repeat - 1:
                    record(f"processing: {name}", rate, "articles/s")
                    if not extra:
                        record("peak memory: satark process", peak, "MiB", higher_is_better=False)


if __name__ == "__main__":
    main()
