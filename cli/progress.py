"""Progress bars for long work (to stderr, so `--json` output on stdout stays clean)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn, TaskID

    from crawlers.items import Fetched
    from pipeline.progress import ProgressCallback, ProgressUpdate

err_console = Console(stderr=True)
out_console = Console(soft_wrap=True)


def _bar_columns() -> list[ProgressColumn]:
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn

    return [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]


def _progress(columns: list[ProgressColumn]) -> Progress:
    from rich.progress import Progress

    return Progress(*columns, console=err_console, transient=False, disable=not err_console.is_terminal)


@contextmanager
def stage_progress() -> Iterator[ProgressCallback]:
    """One bar per pipeline stage (processing, indexing, ...), each appearing when its stage starts."""
    with _progress(_bar_columns()) as bar:
        tasks: dict[str, TaskID] = {}

        def show(update: ProgressUpdate) -> None:
            if update.stage not in tasks:
                tasks[update.stage] = bar.add_task(update.stage, total=update.total)
            bar.update(tasks[update.stage], completed=update.done, total=update.total)

        yield show


@contextmanager
def crawl_progress() -> Iterator[Callable[[str, Fetched], None]]:
    """A live line per spider: URLs settled, of which stored. The total is unknown while links are discovered."""
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    from core.records import ExtractedArticle

    columns = [SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} settled"),
               TextColumn("{task.fields[stored]} stored"), TimeElapsedColumn()]
    with _progress(columns) as bar:
        tasks: dict[str, TaskID] = {}

        def listener(spider: str, item: Fetched) -> None:
            if spider not in tasks:
                tasks[spider] = bar.add_task(spider, total=None, stored=0)
            task = tasks[spider]
            if item.frontier_url is None and not isinstance(item.result, ExtractedArticle):
                return
            stored = bar.tasks[task].fields["stored"] + isinstance(item.result, ExtractedArticle)
            bar.update(task, advance=1, stored=stored)

        yield listener
