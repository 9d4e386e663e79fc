"""Durable crawl state: the frontier of discovered URLs, feed validators, crawl runs and the crawl log."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.records import CrawlEvent, Discovery, FrontierEntry, LinkHint, Reason, Validators
from store.models import (
    ArticleRow,
    CrawlLogRow,
    CrawlRunRow,
    FeedStateRow,
    FrontierRow,
    SourceRow,
    utcnow,
)


class CrawlStateRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- frontier -------------------------------------------------------------------------------------------
    def discover(self, hints: Iterable[tuple[str, LinkHint]], *,
                 refresh_before: datetime | None = None) -> list[FrontierEntry]:
        """Add (canonical URL, hint) pairs to the frontier; return the entries that now need fetching.

        A URL already stored as an article, or already settled, is not fetched again, unless `refresh_before` is
        given and it was fetched or settled before then (a refresh fetches each URL once per crawl)."""

        def stale(when: datetime | None) -> bool:
            return refresh_before is not None and (when is None or when < refresh_before)

        pairs = list(dict(hints).items())  # one entry per canonical URL, first hint wins
        fresh: list[FrontierEntry] = []
        with self._sessions.begin() as session:
            for start in range(0, len(pairs), 500):
                chunk = pairs[start : start + 500]
                urls = [url for url, _ in chunk]
                rows = session.execute(select(ArticleRow.url, ArticleRow.fetched_at).where(ArticleRow.url.in_(urls)))
                stored = {url: fetched_at for url, fetched_at in rows}
                known = {row.url: row for row in session.scalars(select(FrontierRow).where(FrontierRow.url.in_(urls)))}
                for url, hint in chunk:
                    if url in stored and not stale(stored[url]):
                        continue
                    row = known.get(url)
                    if row is None:
                        row = FrontierRow(url=url, fetch_url=hint.url, source=hint.source, via=hint.via.value,
                                          hint_title=hint.title, hint_published=hint.published, state="pending",
                                          attempts=0, discovered_at=utcnow(), updated_at=utcnow())
                        session.add(row)
                    elif row.state != "pending":
                        if not stale(row.updated_at):
                            continue
                        row.state, row.attempts = "pending", 0
                    fresh.append(_entry(row))
        return fresh

    def pending(self, sources: Iterable[str]) -> list[FrontierEntry]:
        names = list(sources)
        query = select(FrontierRow).where(FrontierRow.state == "pending", FrontierRow.source.in_(names))
        with self._sessions() as session:
            return [_entry(row) for row in session.scalars(query.order_by(FrontierRow.discovered_at))]

    def settle(self, url: str, reason: Reason, *, max_attempts: int) -> None:
        """Record the outcome of fetching a frontier URL. Transient failures stay pending until `max_attempts`."""
        with self._sessions.begin() as session:
            row = session.get(FrontierRow, url)
            if row is None:
                return
            row.attempts += 1
            row.last_reason = reason.value
            row.updated_at = utcnow()
            if reason.is_transient and row.attempts < max_attempts:
                row.state = "pending"
            elif reason.is_failure:
                row.state = "failed"
            else:
                row.state = "done"

    def frontier_counts(self) -> Counter[str]:
        with self._sessions() as session:
            rows = session.execute(select(FrontierRow.state, func.count()).group_by(FrontierRow.state))
            return Counter({state: int(n) for state, n in rows})

    # --- conditional GET ------------------------------------------------------------------------------------
    def validators(self, url: str) -> Validators | None:
        with self._sessions() as session:
            row = session.get(FeedStateRow, url)
            return None if row is None else Validators(row.etag, row.last_modified)

    def save_validators(self, url: str, status: int, etag: str | None, last_modified: str | None) -> None:
        with self._sessions.begin() as session:
            row = session.get(FeedStateRow, url) or FeedStateRow(url=url)
            row.last_status = status
            row.fetched_at = utcnow()
            if status == 200:
                row.etag, row.last_modified = etag, last_modified
            session.merge(row)

    # --- runs and log ---------------------------------------------------------------------------------------
    def start_run(self, sources: list[str]) -> int:
        with self._sessions.begin() as session:
            run = CrawlRunRow(sources=sources, started_at=utcnow())
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None:
        with self._sessions.begin() as session:
            run = session.get(CrawlRunRow, run_id)
            if run is not None:
                run.finished_at = utcnow()
                run.finish_reason = reason
                run.stats = stats

    def log(self, run_id: int | None, event: CrawlEvent) -> None:
        with self._sessions.begin() as session:
            session.add(CrawlLogRow(run_id=run_id, source=event.source, url=event.url, reason=event.reason.value,
                                    status=event.status, detail=event.detail[:2000], at=utcnow()))

    def log_entries(self, *, run_id: int | None = None, reason: Reason | None = None) -> list[CrawlLogRow]:
        query = select(CrawlLogRow).order_by(CrawlLogRow.id)
        if run_id is not None:
            query = query.where(CrawlLogRow.run_id == run_id)
        if reason is not None:
            query = query.where(CrawlLogRow.reason == reason.value)
        with self._sessions() as session:
            return list(session.scalars(query))

    def last_run(self) -> CrawlRunRow | None:
        with self._sessions() as session:
            return session.scalar(select(CrawlRunRow).order_by(CrawlRunRow.id.desc()).limit(1))

    # --- sources --------------------------------------------------------------------------------------------
    def sync_source(self, name: str, language: str | None, tags: list[str], interval_s: int) -> None:
        with self._sessions.begin() as session:
            row = session.get(SourceRow, name) or SourceRow(name=name)
            row.language, row.tags, row.crawl_interval_s = language, tags, interval_s
            session.merge(row)

    def mark_crawled(self, names: Iterable[str], when: datetime | None = None) -> None:
        with self._sessions.begin() as session:
            for name in names:
                row = session.get(SourceRow, name)
                if row is not None:
                    row.last_crawled_at = when or utcnow()

    def last_crawled(self, name: str) -> datetime | None:
        with self._sessions() as session:
            row = session.get(SourceRow, name)
            return None if row is None else row.last_crawled_at


def _entry(row: FrontierRow) -> FrontierEntry:
    return FrontierEntry(row.url, row.fetch_url, row.source, Discovery(row.via), row.attempts, row.hint_title,
                         row.hint_published, row.last_reason)
