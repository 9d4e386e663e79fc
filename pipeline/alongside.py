"""Process what a crawl stores while it is still crawling.

A crawl keeps one core busy (Scrapy, Twisted and extraction hold the GIL). A worker process beside it loads
the models and processes the first articles on the other core while later ones are fetched, and the desk can
search articles before the crawl ends. A process, not a thread: a thread's Python stages (language
detection, MinHash, the store) would take the GIL from the crawl, which then ran half as fast. The worker uses
one encoder thread while the crawl runs and every configured thread once it has ended; SQLite's WAL lets both
processes write. What the worker has not reached when the crawl ends, it drains.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from multiprocessing.sharedctypes import Synchronized
from types import TracebackType
from typing import Any

from core.processes import when_parent_exits
from core.settings import SatarkSettings
from pipeline.flow import Follow, ProcessReport
from pipeline.progress import PROCESSING, ProgressUpdate

# The crawl goes first when both want a core: its requests have timeouts and politeness delays, processing
# has neither and catches up once the crawl has ended.
NICENESS = 10


class AlongsideFailed(RuntimeError):
    """The worker process failed or died; what it had finished is saved, the rest waits in the store."""


def _work(settings: SatarkSettings, follow: Follow, done: Synchronized[int], results: Any) -> None:
    # The parent decides what Ctrl-C means (stop after the batch in hand), not the terminal's signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICENESS)

    def orphaned() -> None:
        # Its crawl process killed (not interrupted): stop after the batch in hand instead of polling forever,
        # and exit without waiting to hand over a report nobody will read.
        results.cancel_join_thread()
        follow.abort.set()

    # Otherwise the queue's feeder thread is joined at exit: the report is in the pipe before the process ends.
    when_parent_exits(orphaned)
    import torch

    from pipeline.app import SatarkApp

    cores = settings.classify.threads or torch.get_num_threads()

    def count(update: ProgressUpdate) -> None:
        if update.stage == PROCESSING:
            done.value = update.done
            wanted = cores if follow.crawl_done.is_set() else 1  # leave the crawl its core while it runs
            if torch.get_num_threads() != wanted:
                torch.set_num_threads(wanted)

    try:
        with SatarkApp(settings) as app:
            results.put(("report", app.process(progress=count, sync=False, follow=follow)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises AlongsideFailed
        results.put(("error", f"{type(exc).__name__}: {exc}"))


class ProcessAlongside:
    """A worker process that processes stored articles while a crawl runs, started on entering the context
    (open the store in the caller first, so its migrations have run before two processes use it).

    ``finish()`` after the crawl lets it drain the store; ``stop()`` (an interrupted crawl) ends it after the
    batch in hand; ``report()`` waits for it and returns what it did. Leaving the context stops it if neither
    was called. The index sync stays with the caller."""

    def __init__(self, settings: SatarkSettings, poll_seconds: float = 0.5) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs Twisted's and torch's threads
        self.follow = Follow(poll_seconds=poll_seconds, crawl_done=context.Event(), abort=context.Event())
        self._done = context.Value("i", 0)
        self._results = context.Queue()
        self._outcome: tuple[str, Any] | None = None
        self._process = context.Process(target=_work, name="satark-process", daemon=True,
                                        args=(settings, self.follow, self._done, self._results))

    def __enter__(self) -> ProcessAlongside:
        self._process.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._process.is_alive():
            self.follow.abort.set()
            self._process.join(60)
            if self._process.is_alive():
                self._process.terminate()

    @property
    def done(self) -> int:
        """Articles processed so far."""
        return int(self._done.value)

    def finish(self) -> None:
        """The crawl is done: process what is left, then end."""
        self.follow.crawl_done.set()

    def stop(self) -> None:
        """End after the batch in hand; the rest waits in the store for the next run."""
        self.follow.abort.set()

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for the worker's outcome; True once it is in."""
        if self._outcome is None:
            try:
                self._outcome = self._results.get(timeout=seconds)
            except queue.Empty:  # not yet; a worker that died without a word is caught here
                if not self._process.is_alive():
                    self._outcome = self._last_word()
        return self._outcome is not None

    def _last_word(self) -> tuple[str, Any]:
        """The outcome of a worker that has ended: what it flushed into the queue just before exiting (it can
        arrive after the wait that found the queue empty), else an error."""
        try:
            return self._results.get(timeout=1.0)
        except queue.Empty:
            return ("error", f"worker process ended with exit code {self._process.exitcode}")

    def report(self) -> ProcessReport:
        """The worker's report once it has ended; raises AlongsideFailed if it failed."""
        while not self.wait(1.0):
            pass
        assert self._outcome is not None
        self._process.join()
        kind, value = self._outcome
        if kind == "error":
            raise AlongsideFailed(f"processing beside the crawl failed: {value} (what it finished is saved; "
                                  f"`satark process` processes the rest)")
        assert isinstance(value, ProcessReport)
        return value
