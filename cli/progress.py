"""Progress bars for long work (to stderr, so `--json` output on stdout stays clean)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from core.records import ExtractedArticle
from crawlers.items import Fetched

err_console = Console(stderr=True)
out_console = Console(soft_wrap=True)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=False, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def crawl_progress() -> Iterator[Callable[[str, Fetched], None]]:
    """A live line per spider: URLs settled, of which stored. The total is unknown while links are discovered."""
    columns = [SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} settled"),
               TextColumn("{task.fields[stored]} stored"), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, disable=not err_console.is_terminal) as bar:
        tasks: dict[str, object] = {}

        def listener(spider: str, item: Fetched) -> None:
            if spider not in tasks:
                tasks[spider] = bar.add_task(spider, total=None, stored=0)
            task = tasks[spider]
            if item.frontier_url is None and not isinstance(item.result, ExtractedArticle):
                return
            stored = bar.tasks[task].fields["stored"] + isinstance(item.result, ExtractedArticle)  # type: ignore[index]
            bar.update(task, advance=1, stored=stored)  # type: ignore[arg-type]

        yield listener
