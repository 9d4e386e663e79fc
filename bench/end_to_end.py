"""End-to-end throughput: `satark crawl` (crawl + extract + store + process + index) of the demo sites enlarged
with composed articles, on this machine. Prints articles/s. Then, on the same sites, the crawl alone
(`satark crawl --no-process`) beside its reference, stock Scrapy fetching the same feeds, sitemaps and pages with
no extraction or storage (bench/bare_scrapy.py), each with its peak memory (all its processes together).

    .venv/bin/python bench/end_to_end.py [--per-outlet 300]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import composed_articles  # noqa: E402
from bench.figures import record  # noqa: E402
from bench.memory import wait_with_peak  # noqa: E402
from demosites.feeds import RSS_PATH, SITEMAP_INDEX_PATH  # noqa: E402
from demosites.server import DemoServer  # noqa: E402
from store.store import Store  # noqa: E402


def sample_counts(crawl: subprocess.Popen[str], database: Path, started: float) -> list[tuple[float, int, int]]:
    """(seconds, stored, processed) every half second while the crawl runs: how much processing overlapped it."""
    samples: list[tuple[float, int, int]] = []
    while crawl.poll() is None:
        time.sleep(0.5)
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
                stored, processed = connection.execute(
                    "SELECT count(*), count(processed_at) FROM articles").fetchone()
        except sqlite3.Error:  # not created yet, or busy for a moment
            continue
        samples.append((time.perf_counter() - started, int(stored), int(processed)))
    return samples


def print_overlap(samples: list[tuple[float, int, int]], stored: int) -> None:
    crawled = next((t for t, s, _ in samples if s >= stored), None)
    processed = next((t for t, _, p in samples if p >= stored), None)
    if crawled is None or processed is None:
        return
    during = max((p for t, _, p in samples if t <= crawled), default=0)
    print(f"  last article stored at {crawled:.1f} s, {during} processed by then; all processed at {processed:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-outlet", type=int, default=300, help="composed articles added to each outlet")
    args = parser.parse_args()
    with DemoServer(slow_seconds=3.0) as demo, tempfile.TemporaryDirectory() as tmp:
        for i, (outlet, title, paragraphs) in enumerate(composed_articles(args.per_outlet)):
            demo.add_article(outlet, slug=f"bench-{i}", title=title, paragraphs=paragraphs)
        home = Path(tmp) / "home"
        sources = demo.write_sources(Path(tmp) / "sources.yaml")
        env = {**os.environ, "SATARK_HOME": str(home), "PYTHONPATH": str(REPO),
               "SATARK_CRAWL__AUTOTHROTTLE_START_DELAY": "0", "SATARK_CRAWL__DOWNLOAD_TIMEOUT": "2",
               "SATARK_CRAWL__RETRY_TIMES": "1", "SATARK_CRAWL__CONCURRENT_PER_DOMAIN": "8"}
        started = time.perf_counter()
        server_cpu = resource.getrusage(resource.RUSAGE_SELF)
        crawl = subprocess.Popen([sys.executable, "-m", "cli", "crawl", "--sources", str(sources)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        samples = sample_counts(crawl, home / "satark.sqlite", started)
        stdout, stderr = crawl.communicate()
        if crawl.returncode != 0:
            sys.exit(f"satark crawl failed ({crawl.returncode}):\n{stderr[-3000:]}")
        elapsed = time.perf_counter() - started
        server_after = resource.getrusage(resource.RUSAGE_SELF)
        crawler = resource.getrusage(resource.RUSAGE_CHILDREN)
        store = Store(f"sqlite:///{home / 'satark.sqlite'}")
        stored = store.articles.count()
        processed = store.articles.count(processed=True)
        print("end to end (crawl+extract+store+language+dedupe+classify+index, one process, 2 cores):")
        print(f"  {stored} articles stored, {processed} processed in {elapsed:.1f} s -> {stored / elapsed:.1f} articles/s")
        crawl_line = next((line for line in stdout.splitlines() if line.startswith("crawl run")), "")
        print(f"  of which the crawl itself: {crawl_line.split(': ', 1)[-1]}")
        print_overlap(samples, stored)
        serving = (server_after.ru_utime + server_after.ru_stime) - (server_cpu.ru_utime + server_cpu.ru_stime)
        print(f"  CPU seconds: satark {crawler.ru_utime + crawler.ru_stime:.1f}, demo web server {serving:.1f}")
        record("end to end: satark crawl (crawl, extract, store, process, index)", stored / elapsed, "articles/s")
        crawl_alone_and_bare_scrapy(demo, sources, Path(tmp), env)


def crawl_alone_and_bare_scrapy(demo: DemoServer, sources: Path, folder: Path, env: dict[str, str]) -> None:
    """The crawl with no processing against stock Scrapy doing the fetching alone, one after the other."""
    home = folder / "crawl-only"
    started = time.perf_counter()
    crawl = subprocess.Popen([sys.executable, "-m", "cli", "crawl", "--no-process", "--sources", str(sources)],
                             env={**env, "SATARK_HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    crawl_peak = wait_with_peak(crawl)
    crawl_s = time.perf_counter() - started
    stored = Store(f"sqlite:///{home / 'satark.sqlite'}").articles.count()
    feeds = [demo.url(outlet, RSS_PATH) for outlet in demo.outlets]
    sitemaps = [demo.url(outlet, SITEMAP_INDEX_PATH) for outlet in demo.outlets]
    bare = subprocess.Popen([sys.executable, str(REPO / "bench" / "bare_scrapy.py"),
                             *(f"--feed={u}" for u in feeds), *(f"--sitemap={u}" for u in sitemaps)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    bare_peak = wait_with_peak(bare)
    pages, bare_s = (float(v) for v in bare.communicate()[0].split()[-2:])
    mib = 2**20
    print(f"crawl alone: {stored} articles in {crawl_s:.1f} s -> {stored / crawl_s:.1f} articles/s, "
          f"peak memory {crawl_peak / mib:.0f} MiB")
    print(f"  stock Scrapy, same feeds and sitemaps, no extraction: {pages:.0f} pages in {bare_s:.1f} s -> "
          f"{pages / bare_s:.1f} pages/s, peak memory {bare_peak / mib:.0f} MiB")
    record("crawl alone: satark crawl --no-process", stored / crawl_s, "articles/s", reference="bare Scrapy (no extraction)",
           reference_value=pages / bare_s, reference_unit="pages/s")
    record("peak memory: satark crawl --no-process", crawl_peak / mib, "MiB", higher_is_better=False,
           reference="bare Scrapy", reference_value=bare_peak / mib)


if __name__ == "__main__":
    main()
