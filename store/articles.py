"""Articles, their raw pages and classifications."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.records import ClaimReview, ExtractedArticle, ProcessingResult
from store.claim_rows import replace_reviews, stored_reviews, write_analyses
from store.models import ArticleRow, ClassificationRow, OutboxRow, RawPageRow, utcnow


@dataclass(frozen=True, slots=True)
class RawPage:
    article_id: str
    fetched_url: str
    status: int
    content_type: str
    encoding: str
    html: bytes


class ArticleRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, article: ExtractedArticle, *, replace: bool = False) -> bool:
        """Store an extracted article with its raw page. If its canonical URL is already stored, returns False and
        changes nothing, unless `replace` (a `--refresh` crawl): then the stored article is updated (its claim
        reviews replaced) and waits for processing again."""
        with self._sessions.begin() as session:
            row = session.get(ArticleRow, article.id)
            if row is not None and not replace:
                return False
            if row is None:
                row = ArticleRow(id=article.id, url=article.url)
                session.add(row)
            row.fetched_url = article.fetched_url
            row.source = article.source
            row.via = article.via.value
            row.title = article.title
            row.text = article.text
            row.author = article.author
            row.published = article.published
            row.description = article.description
            row.image = article.image
            row.language_hint = article.language_hint
            row.tags = list(article.tags)
            row.fetched_at = article.fetched_at
            row.processed_at = None
            session.flush()  # the article row first: its claim reviews refer to it
            replace_reviews(session, article.id, article.claim_reviews)
            session.merge(
                RawPageRow(
                    article_id=article.id,
                    fetched_url=article.fetched_url,
                    status=article.http_status,
                    content_type=article.content_type,
                    encoding=article.encoding,
                    html_zlib=zlib.compress(article.raw_html, 6),
                    fetched_at=article.fetched_at,
                )
            )
        return True

    def update_extraction(self, article_id: str, *, title: str, text: str, author: str | None,
                          published: datetime | None, description: str | None, image: str | None,
                          claim_reviews: Sequence[ClaimReview] | None = None) -> bool:
        """Replace the extracted fields of a stored article (re-extraction from its raw page), and its claim
        reviews when given. When anything changed, the article waits for processing again. Returns whether
        anything changed."""
        with self._sessions.begin() as session:
            row = session.get(ArticleRow, article_id)
            if row is None:
                return False
            new = {"title": title, "text": text, "author": author, "published": published,
                   "description": description, "image": image}
            changed = {k: v for k, v in new.items() if getattr(row, k) != v}
            for key, value in changed.items():
                setattr(row, key, value)
            reviews_changed = claim_reviews is not None and stored_reviews(session, article_id) != tuple(claim_reviews)
            if reviews_changed:
                replace_reviews(session, article_id, claim_reviews or ())
            if changed or reviews_changed:
                row.processed_at = None
            return bool(changed) or reviews_changed

    def exists(self, article_id: str) -> bool:
        with self._sessions() as session:
            return session.get(ArticleRow, article_id) is not None

    def get(self, article_id: str) -> ArticleRow | None:
        with self._sessions() as session:
            return session.get(ArticleRow, article_id)

    def raw_page(self, article_id: str) -> RawPage | None:
        with self._sessions() as session:
            row = session.get(RawPageRow, article_id)
            if row is None:
                return None
            return RawPage(row.article_id, row.fetched_url, row.status, row.content_type, row.encoding,
                           zlib.decompress(row.html_zlib))

    def processed_ids(self, *, since: datetime | None = None) -> list[str]:
        query = select(ArticleRow.id).where(ArticleRow.processed_at.is_not(None)).order_by(ArticleRow.id)
        if since is not None:
            query = query.where(ArticleRow.processed_at >= since)
        with self._sessions() as session:
            return list(session.scalars(query))

    def languages(self, ids: Sequence[str]) -> dict[str, str | None]:
        """The detected language of each of ``ids`` (None while unprocessed)."""
        with self._sessions() as session:
            rows = session.execute(select(ArticleRow.id, ArticleRow.language).where(ArticleRow.id.in_(list(ids))))
            return {article_id: language for article_id, language in rows}

    def count_by_source(self) -> dict[str, int]:
        query = select(ArticleRow.source, func.count()).group_by(ArticleRow.source)
        with self._sessions() as session:
            return {source: int(n) for source, n in session.execute(query)}

    def count(self, *, source: str | None = None, processed: bool | None = None) -> int:
        query = select(func.count()).select_from(ArticleRow)
        if source is not None:
            query = query.where(ArticleRow.source == source)
        if processed is not None:
            query = query.where(ArticleRow.processed_at.is_not(None) if processed else ArticleRow.processed_at.is_(None))
        with self._sessions() as session:
            return int(session.scalar(query) or 0)

    def all(self, *, source: str | None = None) -> list[ArticleRow]:
        query = select(ArticleRow).order_by(ArticleRow.fetched_at, ArticleRow.id)
        if source is not None:
            query = query.where(ArticleRow.source == source)
        with self._sessions() as session:
            return list(session.scalars(query))

    def unprocessed(self, limit: int) -> list[ArticleRow]:
        # First-seen order decides which of two near-duplicates is the original.
        query = (
            select(ArticleRow)
            .where(ArticleRow.processed_at.is_(None))
            .order_by(ArticleRow.published.is_(None), ArticleRow.published, ArticleRow.fetched_at, ArticleRow.id)
            .limit(limit)
        )
        with self._sessions() as session:
            return list(session.scalars(query))

    def minhashes(self) -> list[tuple[str, bytes]]:
        """Signatures of processed originals (near-duplicates point at these, never at another copy)."""
        query = select(ArticleRow.id, ArticleRow.minhash).where(
            ArticleRow.processed_at.is_not(None), ArticleRow.minhash.is_not(None), ArticleRow.duplicate_of.is_(None)
        )
        with self._sessions() as session:
            return [(row.id, row.minhash) for row in session.execute(query) if row.minhash is not None]

    def save_processing(self, results: Sequence[ProcessingResult], processed_at: datetime | None = None) -> None:
        """Record processing results (with their claim analysis, when it ran) and queue index writes, in one
        transaction so the outbox never misses one."""
        when = processed_at or utcnow()
        ids = [r.article_id for r in results]
        with self._sessions.begin() as session:
            rows = {row.id: row for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids)))}
            # Re-classifying with the same model version replaces that model's earlier verdicts.
            verdicts = {(p.task, p.model) for r in results for p in r.predictions.values()}
            for task, model in sorted(verdicts):
                session.execute(delete(ClassificationRow).where(
                    ClassificationRow.article_id.in_(ids), ClassificationRow.task == task,
                    ClassificationRow.model == model))
            for result in results:
                row = rows.get(result.article_id)
                if row is None:
                    continue
                row.language = result.language.language
                row.language_confidence = result.language.confidence
                row.language_method = result.language.method
                row.duplicate_of = result.duplicate_of
                row.minhash = result.minhash
                row.processed_at = when
                session.add_all(ClassificationRow(article_id=row.id, task=p.task, model=p.model, labels=list(p.labels),
                                                  scores=dict(p.scores), created_at=when)
                                for p in result.predictions.values())
                session.add(OutboxRow(article_id=row.id, op="upsert"))
            write_analyses(session, [(rows[r.article_id], r.analysis) for r in results
                                     if r.analysis is not None and r.article_id in rows])

    def classifications(self, article_id: str) -> list[ClassificationRow]:
        """Newest classification per task for one article."""
        return self.with_classifications([article_id]).get(article_id, (None, []))[1]

    def with_classifications(self, ids: Sequence[str]) -> dict[str, tuple[ArticleRow, list[ClassificationRow]]]:
        """Articles with their newest classification per task, for building index documents."""
        out: dict[str, tuple[ArticleRow, list[ClassificationRow]]] = {}
        with self._sessions() as session:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                for row in session.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk))):
                    out[row.id] = (row, [])
                query = (
                    select(ClassificationRow)
                    .where(ClassificationRow.article_id.in_(chunk))
                    .order_by(ClassificationRow.created_at.desc(), ClassificationRow.id.desc())
                )
                seen: set[tuple[str, str]] = set()
                for cls_row in session.scalars(query):
                    key = (cls_row.article_id, cls_row.task)
                    if key not in seen and cls_row.article_id in out:
                        seen.add(key)
                        out[cls_row.article_id][1].append(cls_row)
        return out
