"""Peak memory of a command and everything it starts (worker processes included), sampled while it runs."""

from __future__ import annotations

import subprocess
import time

import psutil


def tree_rss(root: psutil.Process) -> int:
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass  # ended between listing and reading
    return total


def wait_with_peak(process: subprocess.Popen[str], interval_s: float = 0.1) -> int:
    """Wait for `process`; the largest resident memory of it plus its descendants, summed, in bytes. Sampled, so a
    spike shorter than `interval_s` may be missed."""
    root = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            peak = max(peak, tree_rss(root))
        except psutil.NoSuchProcess:
            break
        time.sleep(interval_s)
    process.wait()
    return peak
