"""Worker processes that must not outlive the process that started them.

A worker blocked on a queue or polling a store does not notice its parent being killed (SIGKILL, an OOM kill):
no shutdown reaches it, and it waits forever as an orphan. Watching the parent's sentinel notices.

multiprocessing's resource tracker (started with the first lock or queue under "spawn") needs no watch of its own:
it ends when the last process holding its pipe does, the parent and every worker, after unlinking the semaphores
they left behind. So workers that end promptly take it with them, and killing it sooner would leak the semaphores.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable

# Long enough for a worker between two steps to stop cleanly; short enough that one loading models (many seconds)
# is not left running, holding memory and the resource tracker, for nobody.
ORPHAN_GRACE_S = 3.0


def when_parent_exits(action: Callable[[], None], *, grace_s: float = ORPHAN_GRACE_S) -> None:
    """In a multiprocessing worker: once the parent process has ended, however it ended, run ``action`` on a
    background thread (ask the worker to stop, or exit), and end the process if it is still running ``grace_s``
    seconds later. Does nothing in a process that multiprocessing did not start."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        action()
        time.sleep(grace_s)
        # What it is still doing was for a parent that is gone; a transaction left open is rolled back, as after a kill.
        os._exit(0)

    threading.Thread(target=watch, name="satark-parent-watch", daemon=True).start()
