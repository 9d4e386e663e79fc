"""The processing flow, wired in one place: language -> near-duplicates -> classification -> store (+ the index
writes, in the outbox; pipeline.app applies them). Each stage is a small object that does not know its place;
this module decides the order."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from core.claims import ArticleKind
from core.records import ProcessingResult
from core.settings import SatarkSettings
from core.tasks import HOSTILE, HOSTILITY, MISINFORMATION
from core.text import classification_text
from pipeline.claims_stage import ArticleInput, ClaimStage, rematch_pending
from pipeline.classify import MultiTaskClassifier
from pipeline.dedupe import NearDuplicateIndex
from pipeline.indexing import SyncReport
from pipeline.language import LanguageDetector
from store.models import ArticleRow
from store.store import Store

Progress = Callable[[int], None]


class Signal(Protocol):
    """A one-way flag another thread or process raises: ``threading.Event`` or ``multiprocessing.Event``."""

    def is_set(self) -> bool: ...
    def set(self) -> None: ...
    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass
class Follow:
    """Keeps a processing run waiting for the articles a running crawl still stores (pipeline.alongside)."""

    poll_seconds: float = 0.5
    crawl_done: Signal = field(default_factory=threading.Event)
    abort: Signal = field(default_factory=threading.Event)

    def more_may_come(self) -> bool:
        """Wait a little for more; False once the crawl has finished (after which the store is only drained) or
        stopping was asked."""
        if self.crawl_done.is_set() or self.abort.is_set():
            return False
        self.crawl_done.wait(self.poll_seconds)  # wakes at once when the crawl ends, for a last look
        return not self.abort.is_set()


@dataclass
class ProcessReport:
    processed: int = 0
    duplicates: int = 0
    flagged: int = 0  # misinformation flags
    hostile: int = 0
    factchecks: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # misinformation flags by their strongest reason
    rematched: int = 0  # earlier articles newly matched to a claim a fact-check of this run reviews
    languages: Counter[str] = field(default_factory=Counter)
    index: SyncReport | None = None  # the index sync that followed, when there was one


class Processor:
    def __init__(self, settings: SatarkSettings, store: Store, classifier: MultiTaskClassifier,
                 claims: ClaimStage | None = None) -> None:
        cfg = settings.process
        self.settings = settings
        self.store = store
        self.classifier = classifier
        self.claims = claims
        self.languages = LanguageDetector(seed=cfg.language_seed)
        self.duplicates = NearDuplicateIndex(cfg.near_duplicate_threshold, cfg.minhash_permutations,
                                             cfg.shingle_words)

    def run(self, *, limit: int | None = None, progress: Progress | None = None,
            follow: Follow | None = None) -> ProcessReport:
        """Process every stored article still waiting (or up to `limit`). Results and their index writes (in the
        outbox) are saved whether or not the search index is reachable; `sync` applies them. With `follow`, an
        empty store is waited on until the crawl that fills it has finished, and `follow.abort` stops the run
        after the batch in hand."""
        report = ProcessReport()
        self.duplicates.load(self.store.articles.minhashes())
        batch_size = self.settings.process.batch_size
        while (limit is None or report.processed < limit) and not (follow and follow.abort.is_set()):
            size = batch_size if limit is None else min(batch_size, limit - report.processed)
            batch = self.store.articles.unprocessed(size)
            if not batch:
                if follow is not None and follow.more_may_come():
                    continue
                break
            results: list[ProcessingResult] = []
            for article in batch:
                # Syndicated copies keep the body and rewrite the headline: compare bodies only.
                signature = self.duplicates.signature(article.text)
                results.append(ProcessingResult(
                    article_id=article.id,
                    language=self.languages.detect(f"{article.title}\n{article.text}"),
                    duplicate_of=self.duplicates.match_or_add(article.id, signature),
                    minhash=self.duplicates.to_bytes(signature),
                ))
            predictions = self.classifier.classify(
                [classification_text(a.title, a.text) for a in batch], [r.language.language for r in results]
            )
            for result, by_task in zip(results, predictions, strict=True):
                result.predictions = dict(by_task)
                report.languages[result.language.language] += 1
                report.duplicates += result.duplicate_of is not None
            if self.claims is not None:
                self._analyse_claims(batch, results)
            for result in results:
                self._count_flags(report, result)
            self.store.articles.save_processing(results)
            report.processed += len(batch)
            if progress is not None:
                progress(len(batch))
        if self.claims is not None:
            report.rematched = rematch_pending(self.store, self.claims, self.settings.claims.rematch_days)
        return report

    def _analyse_claims(self, batch: list[ArticleRow], results: list[ProcessingResult]) -> None:
        assert self.claims is not None
        reviews = self.store.claims.reviews_for([a.id for a in batch])
        inputs = [
            ArticleInput(id=a.id, title=a.title, text=a.text, source=a.source, language=r.language.language,
                         tags=tuple(a.tags or ()), url=a.url, reviews=reviews.get(a.id, ()))
            for a, r in zip(batch, results, strict=True)
        ]
        for result, analysis in zip(results, self.claims.analyse(inputs), strict=True):
            result.analysis = analysis

    @staticmethod
    def _count_flags(report: ProcessReport, result: ProcessingResult) -> None:
        analysis = result.analysis
        if analysis is None:  # claim analysis off: the classifiers' own verdicts
            misinfo = result.predictions.get(MISINFORMATION)
            hostility = result.predictions.get(HOSTILITY)
            report.flagged += bool(misinfo and misinfo.flagged)
            report.hostile += bool(hostility and HOSTILE in hostility.labels)
            return
        report.factchecks += analysis.kind.kind is ArticleKind.FACTCHECK
        reasons = [flag.reason.value for flag in analysis.flags if flag.task == MISINFORMATION]
        report.flagged += bool(reasons)
        if reasons:
            report.reasons[reasons[0]] += 1
        report.hostile += analysis.flagged(HOSTILITY)
