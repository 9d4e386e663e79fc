"""The composition root: one object that turns resolved settings into a working pipeline.

`SatarkApp` opens the store, the search index and the classifier suite when an operation first needs them, and
offers the pipeline's operations (crawl, process, sync, rebuild, re-extract, search, review, status) with typed
reports. The `satark` CLI, the web desk, the scheduler and the digest job all drive the pipeline through it, so
the wiring lives here once.

Heavy libraries (torch, transformers, scikit-learn, Scrapy, the Elasticsearch client, SQLAlchemy) are imported
inside the operations that use them: building the object and searching stay cheap.

    with SatarkApp(load_settings()) as app:
        report = app.process()                       # classify and index what the last crawl stored
        result = app.search(SearchQuery(text="चुनाव आयोग"))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, TextIO

from core.tasks import MISINFORMATION
from pipeline.progress import INDEXING, PROCESSING, REBUILDING, REEXTRACTING, ProgressCallback, stage_steps

if TYPE_CHECKING:
    from classifiers.e5.options import EncoderOptions
    from core.claims import KnownClaim
    from core.settings import SatarkSettings
    from core.sources import Source
    from crawlers.runner import CrawlReport, OutcomeListener
    from index.base import SearchIndex
    from index.documents import SearchQuery, SearchResult
    from index.readers import ThreadReaders
    from pipeline.claims_stage import ClaimStage
    from pipeline.classify import MultiTaskClassifier
    from pipeline.flow import Follow, ProcessReport
    from pipeline.indexing import SyncReport
    from pipeline.label_export import ExportSummary
    from pipeline.status import IndexState, StatusReport
    from store.reviews import ReviewDecision
    from store.store import Store

IndexOpener = Callable[[], "SearchIndex"]
Decision = Literal["confirmed", "dismissed"]


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    decision: ReviewDecision
    title: str  # the reviewed article's headline, whitespace collapsed ("" if it vanished meanwhile)
    index: SyncReport | None  # the index sync that publishes a misinformation review; None for other tasks


@dataclass(frozen=True, slots=True)
class FactcheckImport:
    read: int  # valid claims in the file
    added: int  # new to the store (the rest were known already)
    problems: tuple[str, ...]  # rows or items skipped, numbered as a person finds them
    rematched: int  # recent articles that now match one of them
    index: SyncReport | None


class SatarkApp:
    """The pipeline over one data folder. `search` may be called from many threads at once (each keeps its own
    connection); the other operations are not thread-safe: give each worker thread its own app.

    `classifier` and `index_opener` replace the configured classifier suite and search index (tests, or a
    front end that shares one loaded suite between apps)."""

    def __init__(self, settings: SatarkSettings, *, classifier: MultiTaskClassifier | None = None,
                 index_opener: IndexOpener | None = None) -> None:
        self.settings = settings
        self._classifier = classifier
        self._index_opener = index_opener
        self._store: Store | None = None
        self._claims: ClaimStage | None = None
        self._pass_shared = False
        self._readers: ThreadReaders | None = None

    # --- the parts, opened on first use ------------------------------------------------------------------
    @property
    def store(self) -> Store:
        """The article store (opened, and migrated to the newest schema, on first use)."""
        if self._store is None:
            from store.store import Store

            self._store = Store(self.settings.db_url)
        return self._store

    @property
    def classifier(self) -> MultiTaskClassifier:
        """The active model of every article task (loaded on first use: seconds for the transformer bundle)."""
        if self._classifier is None:
            self._classifier = self._load_classifier()
        return self._classifier

    def _encoder_options(self) -> EncoderOptions:
        from classifiers.e5.options import EncoderOptions, Precision

        cfg = self.settings.classify
        return EncoderOptions(
            device=cfg.device,
            precision=Precision(cfg.precision),
            threads=cfg.threads,
            cache_dir=cfg.encoder_cache_dir,  # encoder batches stay at 32, the fastest size on CPU (bench)
        )

    def _load_classifier(self) -> MultiTaskClassifier:
        from classifiers.suite import ClassifierSuite

        return ClassifierSuite.from_registry(self.settings.classify.models_dir, options=self._encoder_options())

    @property
    def claims(self) -> ClaimStage | None:
        """Claim analysis (kinds, claims, known-claim matches, flags), or None when the settings turn it off.
        Loads the base encoder, the active article flag model and the known-claim index on first use."""
        if self._claims is None and self.settings.claims.enabled:
            from classifiers.article_flags.embedder import shared_embedder
            from classifiers.article_flags.model import load_active_flag_model
            from pipeline.claims_stage import ClaimStage

            model = load_active_flag_model(self.settings.classify.models_dir)
            reranker = None
            if self.settings.claims.rerank:
                from classifiers.claim_rerank.model import load_active_reranker

                reranker = load_active_reranker(self.settings.classify.models_dir, self._encoder_options())
            stage = ClaimStage(self.settings.claims, self.store, shared_embedder(self._encoder_options()), model,
                               self._fact_checkers(), reranker)
            stage.load_known()
            self._claims = stage
        return self._claims

    def _share_encoder_pass(self) -> None:
        """Read each article once for the transformer bundle and the article flag model where both are
        multilingual-e5-small passes of the same title + lead (decision 44); otherwise each does its own."""
        if self._pass_shared or self._claims is None:
            return
        from classifiers.article_flags.embedder import E5SentenceEmbedder, share_article_pass
        from classifiers.suite import ClassifierSuite

        self._pass_shared = True
        if isinstance(self._classifier, ClassifierSuite) and isinstance(self._claims.embedder, E5SentenceEmbedder):
            share_article_pass(self._claims.embedder, self._classifier)

    def _fact_checkers(self) -> frozenset[str]:
        from core.sources import SourcesError, load_sources

        try:
            return frozenset(source.name for source in load_sources(self.settings.sources_path).sources if source.fact_checker)
        except (SourcesError, OSError):
            return frozenset()  # no sources file (e.g. articles imported otherwise): no outlet is a fact-checker

    def open_index(self) -> SearchIndex:
        """A new connection to the configured search index; the caller closes it (it is a context manager).
        Raises IndexUnavailable when the backend cannot be reached."""
        if self._index_opener is not None:
            return self._index_opener()
        from index.factory import open_index

        search = self.settings.search
        if search.backend == "sqlite":
            return open_index("sqlite", path=self.settings.index_path)
        es = search.elasticsearch
        auth = (es.username, es.password or "") if es.username else None
        return open_index("elasticsearch", url=es.url, api_key=es.api_key, basic_auth=auth,
                          ca_file=str(es.ca_file) if es.ca_file else None, index_prefix=es.index_prefix,
                          timeout_s=es.timeout_s)

    # --- crawling ----------------------------------------------------------------------------------------
    def due_sources(self, sources: Collection[Source], now: datetime | None = None) -> tuple[Source, ...]:
        """The sources whose crawl interval has passed since their last finished crawl (never crawled: due)."""
        now = now or datetime.now(UTC)
        due = []
        for source in sources:
            last = self.store.crawl.last_crawled(source.name)
            if last is None or now - last >= source.crawl_interval:
                due.append(source)
        return tuple(due)

    def crawl(self, sources: Collection[Source], on_outcome: OutcomeListener | None = None) -> CrawlReport:
        """Crawl `sources` into the store; blocks until done or interrupted (Ctrl-C keeps the frontier for the
        next crawl). Twisted's reactor cannot restart: one crawl per process. Does not process what it stored.
        Raises store.job_locks.JobBusy when another process is crawling one of `sources`.

        `on_outcome(spider_name, fetched)` sees every settled URL (for progress displays)."""
        from crawlers.runner import run_crawl

        # One crawl of a source at a time, whoever starts it (the scheduler, a person): raises JobBusy otherwise.
        with self.store.jobs.holding([f"crawl:{source.name}" for source in sources]):
            return run_crawl(self.settings, tuple(sources), self.store, on_outcome)

    # --- processing and indexing -------------------------------------------------------------------------
    def process(self, limit: int | None = None, progress: ProgressCallback | None = None, *,
                sync: bool = True, follow: Follow | None = None) -> ProcessReport:
        """Detect language, group near-duplicates and classify the articles waiting in the store (at most
        `limit`), then (with `sync`) apply the index writes to the search index. An unreachable index does not
        fail the call: the report's `index.error` says so and the writes wait in the outbox. With `follow`, it
        also processes what a running crawl stores until that crawl is done (pipeline.alongside). Raises
        store.job_locks.JobBusy when another process is processing this store."""
        from pipeline.flow import Processor

        waiting = self.store.articles.count(processed=False)
        total = None if follow is not None else waiting if limit is None else min(limit, waiting)
        with self.store.jobs.holding(["process"]):  # two processors on one store would both do all of it
            processor = Processor(self.settings, self.store, self.classifier, self.claims)
            self._share_encoder_pass()
            report = processor.run(limit=limit, progress=stage_steps(progress, PROCESSING, total), follow=follow)
        if sync:
            report.index = self.sync(progress)
        return report

    def sync(self, progress: ProgressCallback | None = None) -> SyncReport:
        """Apply the index writes waiting in the outbox; with the index unreachable they keep waiting and the
        report carries the error."""
        from index.errors import IndexUnavailable
        from pipeline.indexing import SyncReport, drain_outbox

        steps = stage_steps(progress, INDEXING, self.store.outbox.size())
        try:
            index = self.open_index()
        except IndexUnavailable as exc:
            return SyncReport(0, 0, self.store.outbox.size(), str(exc))
        with index:
            return drain_outbox(self.store, index, progress=steps)

    def rebuild(self, progress: ProgressCallback | None = None) -> SyncReport:
        """Refill the search index from every processed article; searches keep working meanwhile.
        Raises IndexUnavailable when the index cannot be opened at all."""
        from pipeline.indexing import rebuild_index

        with self.open_index() as index:
            stage_steps(progress, REBUILDING, self.store.articles.count(processed=True))
            return rebuild_index(self.store, index)

    def reextract(self, source: str | None = None, progress: ProgressCallback | None = None) -> Counter[str]:
        """Extract stored articles again from their kept raw pages. Counts `changed`, `unchanged`,
        `no_raw_page` and `no_longer_an_article`; changed articles wait for processing again."""
        from pipeline.reextract import reextract

        steps = stage_steps(progress, REEXTRACTING, self.store.articles.count(source=source))
        return reextract(self.store, min_text_chars=self.settings.crawl.min_text_chars, source=source,
                         progress=steps)

    # --- reading and reviewing ---------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        """One search over the index, through a connection the calling thread keeps until `close` (the desk
        searches from many threads at once). Raises IndexUnavailable when the index cannot be reached."""
        if self._readers is None:
            from index.readers import ThreadReaders

            self._readers = ThreadReaders(self.open_index)
        return self._readers.search(query)

    def status(self) -> StatusReport:
        from dataclasses import replace

        from pipeline.status import read_status

        return replace(read_status(self.store, self.settings.home_dir), index=self.index_state())

    def lost_index(self) -> IndexState | None:
        """The index's state when it is empty while the store holds processed articles (deleted, or never filled);
        else None. Cheap when the index has documents, and without opening a store that does not exist yet."""
        from index.documents import SearchQuery

        if self.search(SearchQuery(per_page=1, highlight=False)).total > 0:
            return None
        store_file = self.settings.store_file
        if store_file is not None and not store_file.exists():
            return None
        state = self.index_state()
        return state if state.behind else None

    def index_state(self) -> IndexState:
        """How many documents the search index holds beside what the store says it should."""
        from index.errors import IndexUnavailable
        from pipeline.status import IndexState

        processed, waiting = self.store.articles.count(processed=True), self.store.outbox.size()
        try:
            with self.open_index() as index:
                return IndexState(index.count(), processed, waiting)
        except IndexUnavailable as exc:
            return IndexState(None, processed, waiting, str(exc))

    def review(self, article_id: str, decision: Decision, *, task: str = MISINFORMATION, label: str | None = None,
               note: str | None = None, reviewer: str | None = None,
               progress: ProgressCallback | None = None) -> ReviewOutcome:
        """Record a reviewer's decision on an article (its id or a prefix of 8+ hex characters). A misinformation
        review shows in search, so the index is synced at once; an outage leaves the write in the outbox.
        Raises store.reviews.ReviewError (unknown or ambiguous id, bad label) with a one-line message."""
        recorded = self.store.reviews.record_decision(article_id, decision, task=task, label=label, note=note,
                                                      reviewer=reviewer)
        article = self.store.articles.get(recorded.article_id)
        title = " ".join(article.title.split()) if article is not None else ""
        index = self.sync(progress) if task == MISINFORMATION else None
        return ReviewOutcome(recorded, title, index)

    def export_labels(self, out: Path | TextIO, tasks: Collection[str] | None = None,
                      since: datetime | None = None) -> ExportSummary:
        """Write the effective review decisions as labelled training data (the satark_labels CSV)."""
        from pipeline.label_export import export_labels

        return export_labels(self.store, out, tasks, since)

    # --- claims and fact-checks --------------------------------------------------------------------------
    def import_factchecks(self, path: Path, progress: ProgressCallback | None = None) -> FactcheckImport:
        """Add the claims of a ClaimReview JSON(-LD) or CSV file to the known claims, then match the claims of
        recent articles against them (articles that now repeat a debunked claim are flagged and re-indexed).
        Raises FactcheckImportError (unreadable file, nothing valid in it) with a one-line message."""
        from pipeline.factcheck_import import read_factchecks

        parsed = read_factchecks(path)
        return self._add_known(parsed.claims, tuple(parsed.problems), progress)

    def seed_known_claims(self, data_dir: Path, progress: ProgressCallback | None = None) -> FactcheckImport:
        """Add the public sets' fake-labelled TRAIN items under ``data_dir`` as known claims (offline seeding)."""
        from pipeline.claim_seeds import public_fake_claims

        return self._add_known(public_fake_claims(data_dir), (), progress)

    def _add_known(self, claims: list[KnownClaim], problems: tuple[str, ...],
                   progress: ProgressCallback | None) -> FactcheckImport:
        from pipeline.claims_stage import rematch_pending

        before = self.store.claims.known_count()
        self.store.claims.add_known(claims)
        added = self.store.claims.known_count() - before
        stage = self.claims
        rematched = 0
        if stage is not None and added:
            stage.load_known()
            rematched = rematch_pending(self.store, stage, self.settings.claims.rematch_days)
        index = self.sync(progress) if rematched else None
        return FactcheckImport(len(claims), added, problems, rematched, index)

    # --- lifetime ----------------------------------------------------------------------------------------
    def close(self) -> None:
        """Release the store's and the searches' connections. The app can be used again afterwards (it reopens on
        demand)."""
        if self._readers is not None:
            self._readers.close()
        if self._store is not None:
            self._store.close()
            self._store = None
        self._claims = None  # it holds the store

    def __enter__(self) -> SatarkApp:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
