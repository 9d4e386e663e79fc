"""The crawl's extraction pool: its workers extract Hindi and English pages off the event loop, and exit when the
crawl process is killed instead of waiting on their call queue forever, taking the resource tracker with them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawlers.extractor import Extractor
from tests.conftest import process_ended

PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text}</p><p>{text}</p><p>{text}</p></article></body></html>"""
HINDI = PAGE.format(title="चुनाव आयोग ने मतदान की तारीख़ घोषित की",
                    text="चुनाव आयोग ने मंगलवार को कहा कि पहले चरण का मतदान 19 अप्रैल को होगा और मतगणना 4 जून को होगी।")
ENGLISH = PAGE.format(title="Election Commission announces poll dates",
                      text="The Election Commission said on Tuesday that polling for the first phase will be held on April 19.")

ORPHAN_SCRIPT = """
import asyncio, time
from multiprocessing import resource_tracker
from crawlers.extractor import Extractor
extractor = Extractor(workers=1, min_text_chars=50)
asyncio.run(extractor.extract(b"<html><body><p>x</p></body></html>", "text/html", "https://x.example/a"))
print(resource_tracker._resource_tracker._pid, *extractor._pool._processes, flush=True)
time.sleep(600)
"""


def test_pool_workers_extract_hindi_and_english() -> None:
    async def both(extractor: Extractor) -> list[str]:
        pages = [(HINDI, "https://jan.example/a"), (ENGLISH, "https://capital.example/b")]
        results = [await extractor.extract(html.encode(), "text/html; charset=utf-8", url) for html, url in pages]
        return [getattr(r.result, "title", "") for r in results]

    with Extractor(workers=1, min_text_chars=50) as extractor:
        titles = asyncio.run(both(extractor))
    assert titles == ["चुनाव आयोग ने मतदान की तारीख़ घोषित की", "Election Commission announces poll dates"]


def test_pool_workers_exit_when_the_crawl_process_is_killed() -> None:
    repo = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT], cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        # The pool's locks and queues start multiprocessing's resource tracker ("spawn"): it must not outlive the
        # crawl either (it ends once the last worker has, after unlinking the semaphores the crawl left).
        tracker, *workers = (int(pid) for pid in parent.stdout.readline().split())
        assert workers and not process_ended(tracker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(process_ended(pid) for pid in [*workers, tracker]):
            time.sleep(0.1)
        assert all(process_ended(pid) for pid in workers), "an extraction worker outlived its crawl"
        assert process_ended(tracker), "the resource tracker outlived the crawl"
    finally:
        parent.kill()

