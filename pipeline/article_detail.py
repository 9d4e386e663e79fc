"""Everything the desk shows about one article, read from the store: the extracted text (never the source HTML),
each classifier's verdict with its model version, why it was flagged, a fact-check's own claims, the articles
that carry the same story, and the review history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from core.claims import ClaimAnalysis, Flag
from core.records import ClaimReview
from store.models import ArticleRow
from store.reviews import ReviewDecision
from store.store import Store

# Copies shown beside an article; a story picked up by hundreds of sites is summarised, not listed in full.
MAX_RELATED = 50


@dataclass(frozen=True, slots=True)
class Verdict:
    task: str
    model: str  # NAME/VERSION
    labels: tuple[str, ...]
    scores: dict[str, float]


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    id: str
    title: str
    source: str
    url: str
    published: datetime | None
    original: bool  # the article the others were grouped under


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    id: str
    url: str
    source: str
    title: str
    text: str
    author: str | None
    published: datetime | None
    fetched: datetime
    language: str | None
    tags: tuple[str, ...]
    kind: str
    verdicts: tuple[Verdict, ...]
    analysis: ClaimAnalysis | None
    reviews: tuple[ClaimReview, ...]  # a fact-check's ClaimReview markup
    related: tuple[RelatedArticle, ...]  # the same story elsewhere (near-duplicates), the original first
    history: tuple[ReviewDecision, ...]  # newest first

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.analysis.flags if self.analysis else ()

    def verdict(self, task: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.task == task), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "url": self.url, "source": self.source, "title": self.title, "text": self.text,
            "author": self.author, "published": _iso(self.published), "fetched": _iso(self.fetched),
            "language": self.language, "tags": list(self.tags), "kind": self.kind,
            "classifications": [{"task": v.task, "model": v.model, "labels": list(v.labels), "scores": v.scores}
                                for v in self.verdicts],
            "flags": [flag.to_dict() for flag in self.flags],
            "claims": [claim.to_dict() for claim in self.analysis.claims] if self.analysis else [],
            "claim_reviews": [_review(review) for review in self.reviews],
            "related": [{"id": r.id, "title": r.title, "source": r.source, "url": r.url,
                         "published": _iso(r.published), "original": r.original} for r in self.related],
            "review_history": [{"task": d.task, "decision": d.decision, "label": d.label, "note": d.note,
                                "reviewer": d.reviewer, "model": d.model, "decided_at": _iso(d.decided_at)}
                               for d in self.history],
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _review(review: ClaimReview) -> dict[str, Any]:
    return {"claim": review.claim, "rating": review.rating, "claimant": review.claimant, "reviewer": review.reviewer,
            "reviewed": _iso(review.reviewed), "claim_date": _iso(review.claim_date), "url": review.url}


def _related(store: Store, row: ArticleRow) -> tuple[RelatedArticle, ...]:
    original = row.duplicate_of or row.id
    with store.sessions() as session:
        rows = session.scalars(
            select(ArticleRow).where(or_(ArticleRow.id == original, ArticleRow.duplicate_of == original),
                                     ArticleRow.id != row.id)
            .order_by(ArticleRow.published.desc()).limit(MAX_RELATED)
        ).all()
        related = [RelatedArticle(r.id, r.title, r.source, r.url, r.published, r.id == original) for r in rows]
    return tuple(sorted(related, key=lambda r: not r.original))


def load_article_detail(store: Store, article_id: str) -> ArticleDetail | None:
    """The article with this id (or an unambiguous prefix of 8+ characters, as the CLI shows it), or None."""
    from store.reviews import ReviewError

    try:
        full_id = store.reviews.resolve_id(article_id)
    except ReviewError:
        return None
    row = store.articles.get(full_id)
    if row is None:
        return None
    verdicts = tuple(Verdict(c.task, c.model, tuple(c.labels), dict(c.scores))
                     for c in sorted(store.articles.classifications(full_id), key=lambda c: (c.task, c.created_at)))
    # The newest verdict per task is the one in force.
    newest = {v.task: v for v in verdicts}
    return ArticleDetail(
        id=row.id, url=row.url, source=row.source, title=row.title, text=row.text, author=row.author,
        published=row.published, fetched=row.fetched_at, language=row.language, tags=tuple(row.tags or ()),
        kind=row.kind or "news", verdicts=tuple(newest.values()),
        analysis=store.claims.analyses([full_id]).get(full_id),
        reviews=store.claims.reviews_for([full_id]).get(full_id, ()),
        related=_related(store, row),
        history=tuple(reversed(store.reviews.history(full_id))),
    )
