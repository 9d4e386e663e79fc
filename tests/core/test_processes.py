"""Worker processes end with the process that started them (core/processes.py), even one too busy to heed the
request to stop, and multiprocessing's resource tracker ends with them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import process_ended

REPO = Path(__file__).resolve().parents[2]

PARENT = """
import multiprocessing, time
from multiprocessing import resource_tracker
from core.processes import when_parent_exits

def busy(ready):
    when_parent_exits(lambda: None, grace_s=1.0)  # asked to stop, it does not: it is loading models, say
    ready.set()
    time.sleep(600)

if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    ready = context.Event()  # a semaphore: under "spawn" it starts the resource tracker, as the crawl's queues do
    worker = context.Process(target=busy, args=(ready,))
    worker.start()
    assert ready.wait(60)
    print(worker.pid, resource_tracker._resource_tracker._pid, flush=True)
    time.sleep(600)
"""


def test_a_busy_worker_and_the_resource_tracker_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"  # a file, not -c: spawn imports the worker's function from the main module
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker, tracker = (int(pid) for pid in parent.stdout.readline().split())
        assert not process_ended(worker) and not process_ended(tracker)
        parent.send_signal(signal.SIGKILL)
        parent.wait(30)
        deadline = time.monotonic() + 10  # the grace of 1 s, with room for a loaded machine
        while time.monotonic() < deadline and not (process_ended(worker) and process_ended(tracker)):
            time.sleep(0.1)
        assert process_ended(worker), "the worker outlived its parent"
        assert process_ended(tracker), "the resource tracker outlived the parent and its workers"
    finally:
        parent.kill()
