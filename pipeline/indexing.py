"""From stored articles to index documents, and draining the outbox into the search index."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from core.claims import ArticleKind, ClaimAnalysis, KnownClaim
from core.tasks import HOSTILE, HOSTILITY, MISINFORMATION, SENTIMENT
from index.base import SearchIndex
from index.documents import HOSTILITY_LABELS, IndexDocument, ReviewStatus, is_language, is_sentiment
from index.errors import IndexUnavailable
from store.models import ArticleRow, ClassificationRow, utcnow
from store.store import Store


@dataclass(frozen=True, slots=True)
class SyncReport:
    written: int
    deleted: int
    pending: int  # still in the outbox (index unavailable)
    error: str | None = None


def _claim_fields(analysis: ClaimAnalysis, hostility: tuple[str, ...]) -> dict[str, Any]:
    """What the claim analysis decides: kind, flags with their reasons and evidence, a fact-check's verdict."""
    misinfo_flags = [flag for flag in analysis.flags if flag.task == MISINFORMATION]
    hostile_flags = [flag for flag in analysis.flags if flag.task == HOSTILITY]
    leading = misinfo_flags or hostile_flags
    lead = leading[0] if leading else None
    reviewed = analysis.known_claims[0] if analysis.known_claims else None
    # A fact-check shows the claim it reviews; a flagged article the known claim it repeats.
    if analysis.kind.kind is ArticleKind.FACTCHECK:
        shown = reviewed
    else:
        shown = lead.match.known if lead and lead.match else None
    closest = max((claim.scores.get(MISINFORMATION, 0.0) for claim in analysis.claims), default=None)
    return {
        "kind": analysis.kind.kind.value,
        "flagged": bool(misinfo_flags),
        "flag_reasons": tuple(flag.reason.value for flag in misinfo_flags),
        "misinfo_score": min(1.0, misinfo_flags[0].score) if misinfo_flags else closest,
        # The hostility head's fine labels say which kind, once the calibrated article score says hostile.
        "hostility": (HOSTILE, *(label for label in hostility if label != HOSTILE)) if hostile_flags else (),
        "evidence": lead.evidence if lead else None,
        "match_url": lead.match.known.url if lead and lead.match else None,
        "claim": shown.text if shown else None,
        "verdict": _verdict(shown) if shown else None,
    }


def _verdict(claim: KnownClaim) -> str | None:
    """"False (Factly, 2026-11-21)": the rating with who gave it and when, as the desk reads it."""
    if not claim.rating:
        return None
    by = ", ".join(part for part in (claim.reviewer, claim.reviewed.date().isoformat() if claim.reviewed else None) if part)
    return f"{claim.rating} ({by})" if by else claim.rating


def to_document(article: ArticleRow, classifications: Sequence[ClassificationRow],
                review_status: ReviewStatus = "unreviewed", analysis: ClaimAnalysis | None = None) -> IndexDocument:
    """The index's view of a stored article. With a claim analysis, flags come from it (kind, reasons,
    evidence); without one (claim analysis off, or an article processed before it existed), from the
    classifiers' own verdicts."""
    by_task = {c.task: c for c in classifications}
    misinfo = by_task.get(MISINFORMATION)
    sentiment = by_task.get(SENTIMENT)
    # Labels outside the index's scales (none today: the detector says hi, en or other, the sentiment head
    # negative, neutral or positive) become "other" and no sentiment rather than failing the whole batch.
    sentiment_label = sentiment.labels[0] if sentiment and sentiment.labels else None
    if not is_sentiment(sentiment_label):
        sentiment_label = None
    hostility = by_task.get(HOSTILITY)
    hostility_labels = tuple(label for label in hostility.labels if label in HOSTILITY_LABELS) if hostility else ()
    fields: dict[str, Any] = {
        "misinfo_score": misinfo.scores.get(MISINFORMATION) if misinfo else None,
        "flagged": bool(misinfo and misinfo.labels),
        "hostility": hostility_labels,
    }
    if analysis is not None:
        fields.update(_claim_fields(analysis, hostility_labels))
    return IndexDocument(
        id=article.id,
        url=article.url,
        title=article.title,
        text=article.text,
        language=article.language if is_language(article.language) else "other",
        source=article.source,
        fetched=article.fetched_at,
        tags=tuple(article.tags or ()),
        published=article.published,
        sentiment=sentiment_label,
        sentiment_score=sentiment.scores.get(sentiment_label) if sentiment and sentiment_label else None,
        duplicate_of=article.duplicate_of,
        review_status=review_status,
        models=tuple(sorted(c.model for c in classifications)),
        **fields,
    )


def drain_outbox(store: Store, index: SearchIndex, *, batch_size: int = 2000,
                 progress: Callable[[int], None] | None = None) -> SyncReport:
    """Apply pending index writes in order. Stops (and keeps the rest) when the index is unavailable.

    An index upgraded in place from an older layout is refilled from the store first: its documents lack the
    fields the upgrade added (e.g. hostility labels), which only the store can supply.
    """
    try:
        if index.needs_refill():
            return rebuild_index(store, index)
    except IndexUnavailable as exc:
        return SyncReport(0, 0, store.outbox.size(), str(exc))
    return _apply_outbox(store, index, batch_size, progress)


def _apply_outbox(store: Store, index: SearchIndex, batch_size: int = 2000,
                  progress: Callable[[int], None] | None = None) -> SyncReport:
    written = deleted = 0
    while items := store.outbox.batch(batch_size):
        upserts = list(dict.fromkeys(i.article_id for i in items if i.op == "upsert"))
        deletes = list(dict.fromkeys(i.article_id for i in items if i.op == "delete"))
        documents = list(_documents(store, upserts))
        try:
            written += index.upsert(documents)
            deleted += index.delete(deletes) if deletes else 0
        except IndexUnavailable as exc:
            store.outbox.fail([i.id for i in items], str(exc))
            return SyncReport(written, deleted, store.outbox.size(), str(exc))
        store.outbox.ack([i.id for i in items])
        if progress is not None:
            progress(len(items))
    return SyncReport(written, deleted, 0)


def stored_documents(store: Store, batch_size: int = 500) -> Iterator[IndexDocument]:
    """Every processed article as an index document, read from the store in batches."""
    ids = store.articles.processed_ids()
    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        yield from _documents(store, chunk)


def _documents(store: Store, ids: Sequence[str]) -> Iterator[IndexDocument]:
    rows = store.articles.with_classifications(ids)
    reviews = store.reviews.review_statuses(ids)
    analyses = store.claims.analyses(ids)
    for article_id in ids:
        if article_id in rows:
            yield to_document(*rows[article_id], review_status=reviews.get(article_id, "unreviewed"),
                              analysis=analyses.get(article_id))


def rebuild_index(store: Store, index: SearchIndex) -> SyncReport:
    """Refill the index from the store (searches keep working meanwhile), then apply index writes that the
    pipeline queued during the rebuild: they may have gone to the index being replaced."""
    started = utcnow()
    written = index.rebuild(stored_documents(store))
    store.outbox.enqueue(store.articles.processed_ids(since=started))
    after = _apply_outbox(store, index)
    return SyncReport(written, after.deleted, after.pending, after.error)
