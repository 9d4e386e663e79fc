"""Crawl state across runs: resume after a killed crawl, new articles, edited feeds and --refresh."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from core.records import Reason
from crawlers.canonical import article_id
from demosites.server import DemoServer
from store.store import Store
from tests.conftest import process_ended, run_satark, satark_env

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def _expected_ids(demo: DemoServer) -> set[str]:
    return {article_id(e.url) for e in demo.expectations() if e.is_article}


def _article_fetches(demo: DemoServer) -> int:
    paths = {(e.outlet, e.path) for e in demo.expectations() if e.is_article}
    return sum(demo.hits(outlet, status=200)[path] for outlet, path in paths)


def _start_crawl(home: Path, sources: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cli", "crawl", "--sources", str(sources), "--no-process"],
                            cwd=home.parent, env=satark_env(home, **env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def _wait_for_articles(store: Store, at_least: int, process: subprocess.Popen[str], timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = store.articles.count()
        if count >= at_least or process.poll() is not None:
            return count
        time.sleep(0.05)
    return store.articles.count()


@pytest.mark.parametrize("stop_signal", [signal.SIGKILL, signal.SIGINT], ids=["killed", "interrupted"])
def test_a_stopped_crawl_resumes_with_nothing_lost_or_doubled(
    demo_server: DemoServer, tmp_path: Path, stop_signal: signal.Signals
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    sources = demo_server.write_sources(tmp_path / "sources.yaml")
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    demo_server.reset_hits()
    # Slow and polite enough that the crawl is surely still running when it is stopped.
    crawl = _start_crawl(home, sources, SATARK_CRAWL__CONCURRENT_PER_DOMAIN="1", SATARK_CRAWL__DOWNLOAD_DELAY="0.15",
                         SATARK_CRAWL__AUTOTHROTTLE="false")
    stored_before = _wait_for_articles(store, 15, crawl)
    assert crawl.poll() is None, f"the crawl ended before it could be stopped: {crawl.stderr.read() if crawl.stderr else ''}"
    # The extraction worker and multiprocessing's resource tracker (started for the pool's locks and queues).
    children = {c.pid: " ".join(c.cmdline())[-60:] for c in psutil.Process(crawl.pid).children(recursive=True)}
    assert len(children) >= 2, children
    crawl.send_signal(stop_signal)
    crawl.wait(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(process_ended(pid) for pid in children):
        time.sleep(0.1)
    assert all(process_ended(pid) for pid in children), {p: c for p, c in children.items() if not process_ended(p)}
    partial = store.articles.count()
    expected = _expected_ids(demo_server)
    assert stored_before <= partial < len(expected)
    if stop_signal is signal.SIGINT:
        assert crawl.returncode != 0  # an interrupted crawl says so
        assert store.crawl.last_run() is not None and store.crawl.last_run().finish_reason == "interrupted"
    assert store.crawl.frontier_counts()["pending"] > 0

    resumed = run_satark(home, "crawl", "--sources", str(sources), "--no-process")
    assert resumed.returncode == 0, resumed.stderr
    stored = {a.id for a in store.articles.all()}
    assert stored == expected  # nothing lost, nothing extra; the primary key rules out doubles
    # Only requests in flight at the stop may be fetched twice (one per outlet at this concurrency, plus retries).
    assert _article_fetches(demo_server) <= len(expected) + 2 * len(demo_server.outlets)
    # What is still pending failed transiently (timeouts, 5xx) and waits for the next crawl.
    still_pending = store.crawl.pending(demo_server.outlets)
    assert all(Reason(e.last_reason).is_transient for e in still_pending), still_pending


def test_new_and_edited_articles_and_refresh(demo_server: DemoServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    sources = demo_server.write_sources(tmp_path / "sources.yaml")
    assert run_satark(home, "crawl", "--sources", str(sources), "--no-process").returncode == 0
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    before = store.articles.count()

    fresh = demo_server.add_article(
        "jan-awaaz", slug="nayi-khabar-matdan-kendra",
        title="मतदान केंद्रों पर दिव्यांग मतदाताओं के लिए व्हीलचेयर और रैंप की व्यवस्था",
        paragraphs=["ज़िला निर्वाचन अधिकारी ने बताया कि सभी मतदान केंद्रों पर व्हीलचेयर, रैंप और स्वयंसेवकों की व्यवस्था की "
                    "गई है ताकि दिव्यांग और बुज़ुर्ग मतदाता बिना किसी परेशानी के मतदान कर सकें।",
                    "उन्होंने कहा कि मतदाता हेल्पलाइन पर पहले से अनुरोध दर्ज कराने वाले मतदाताओं को घर से केंद्र तक लाने "
                    "के लिए वाहन भी उपलब्ध कराए जाएँगे। प्रशासन ने इसके लिए अलग नियंत्रण कक्ष बनाया है।"])
    touched = next(e for e in demo_server.expectations("capital-chronicle") if e.is_article and e.article)
    assert touched.article is not None
    demo_server.touch("capital-chronicle", touched.article.slug)
    demo_server.reset_hits()
    again = run_satark(home, "crawl", "--sources", str(sources), "--no-process")
    assert again.returncode == 0, again.stderr
    assert store.articles.count() == before + 1
    row = store.articles.get(article_id(demo_server.url("jan-awaaz", fresh.path)))
    assert row is not None and row.title == fresh.title
    # The edited feed is downloaded again (200), but its stored articles are not: only the new article is.
    assert demo_server.hits("capital-chronicle", status=200)["/rss.xml"] == 1
    assert demo_server.hits("jan-awaaz", status=200)[fresh.path] == 1
    assert _article_fetches(demo_server) == 1

    demo_server.reset_hits()
    refreshed = run_satark(home, "crawl", "--sources", str(sources), "--source", "capital-chronicle", "--refresh",
                           "--no-process")
    assert refreshed.returncode == 0, refreshed.stderr
    outlet_articles = [e for e in demo_server.expectations("capital-chronicle") if e.is_article]
    refetched = sum(demo_server.hits("capital-chronicle", status=200)[e.path] for e in outlet_articles)
    assert refetched == len(outlet_articles)
    assert store.articles.count() == before + 1  # refreshed in place, never doubled
    assert store.articles.count(processed=False) == before + 1  # refreshed articles wait for processing again
    assert not store.crawl.log_entries(reason=Reason.ALREADY_STORED)
