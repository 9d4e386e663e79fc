"""Worker processes that must not outlive the process that started them.

A worker blocked on a queue or polling a store does not notice its parent being killed (SIGKILL, an OOM kill):
no shutdown reaches it, and it waits forever as an orphan. Watching the parent's sentinel notices.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable


def when_parent_exits(action: Callable[[], None]) -> None:
    """In a multiprocessing worker: run ``action`` on a background thread once the parent process has ended,
    however it ended. Does nothing in a process that multiprocessing did not start."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        action()

    threading.Thread(target=watch, name="satark-parent-watch", daemon=True).start()
