"""One handle on the store: repositories sharing a session factory."""

from __future__ import annotations

from store.accounts import AccountRepository
from store.articles import ArticleRepository
from store.claims import ClaimRepository
from store.crawl_state import CrawlStateRepository
from store.database import open_database
from store.digests import DigestRepository
from store.job_locks import JobLockRepository
from store.job_runs import JobRunRepository
from store.outbox import OutboxRepository
from store.reviews import ReviewRepository
from store.subscriptions import SubscriptionRepository


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self.sessions = open_database(url)
        self.articles = ArticleRepository(self.sessions)
        self.crawl = CrawlStateRepository(self.sessions)
        self.outbox = OutboxRepository(self.sessions)
        self.reviews = ReviewRepository(self.sessions)
        self.claims = ClaimRepository(self.sessions)
        self.accounts = AccountRepository(self.sessions)
        self.subscriptions = SubscriptionRepository(self.sessions)
        self.digests = DigestRepository(self.sessions)
        self.jobs = JobLockRepository(self.sessions)
        self.job_runs = JobRunRepository(self.sessions)

    def close(self) -> None:
        engine = self.sessions.kw["bind"]
        engine.dispose()
