"""What a data folder holds and what waits: the figures behind `satark status` (and the web desk's header)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.job_runs import JobRun
    from store.store import Store


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    stored: int
    last_crawled: datetime | None


@dataclass(frozen=True, slots=True)
class CrawlRunStatus:
    id: int
    started_at: datetime
    finish_reason: str | None  # None while the run is still going (or died without finishing)
    stats: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndexState:
    """The search index beside the store: a lost or half-filled index shows here, not as an empty search."""

    documents: int | None  # None: the index could not be reached (`error` says why)
    processed: int  # processed articles in the store, each of which the index should hold
    waiting: int  # index writes waiting in the outbox
    error: str | None = None

    @property
    def behind(self) -> bool:
        return self.documents is not None and self.documents + self.waiting < self.processed

    def advice(self) -> str:
        return (f"the search index holds {self.documents:,} of the store's {self.processed:,} processed articles "
                "(lost or never filled?): run `satark index rebuild`")


@dataclass(frozen=True, slots=True)
class StatusReport:
    home: Path
    sources: tuple[SourceStatus, ...]  # by name
    to_process: int
    outbox: int  # index writes waiting (an index outage leaves them here)
    frontier_pending: int
    frontier_failed: int  # URLs given up after too many failed attempts
    last_run: CrawlRunStatus | None
    jobs: tuple[JobRun, ...] = ()  # the scheduler's jobs: last run and next, by name
    index: IndexState | None = None


def read_status(store: Store, home: Path) -> StatusReport:
    sources = tuple(SourceStatus(name, count, store.crawl.last_crawled(name))
                    for name, count in sorted(store.articles.count_by_source().items()))
    frontier = store.crawl.frontier_counts()
    run = store.crawl.last_run()
    last_run = None if run is None else CrawlRunStatus(run.id, run.started_at, run.finish_reason,
                                                       {k: int(v) for k, v in (run.stats or {}).items()})
    return StatusReport(home=home, sources=sources, to_process=store.articles.count(processed=False),
                        outbox=store.outbox.size(), frontier_pending=frontier.get("pending", 0),
                        frontier_failed=frontier.get("failed", 0), last_run=last_run, jobs=tuple(store.job_runs.all()))
