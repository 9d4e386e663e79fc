"""Claim records <-> rows, and the writes that run inside another repository's transaction.

Both the article repository (saving an extraction or a processing result) and the claim repository write claim
reviews, known claims and claim analyses; the session-level functions here keep one way of doing each.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.claims import ClaimAnalysis, ClaimMatch, KnownClaim
from core.records import ClaimReview
from store.models import ArticleClaimRow, ArticleFlagRow, ArticleRow, ClaimReviewRow, KnownClaimRow, utcnow

_VERDICT_FIELDS = ("rating", "reviewer", "reviewed", "url")
_DESCRIPTIVE_FIELDS = ("language", "claimant")


def claim_text_key(text: str) -> str:
    """The identity of a claim's text: NFC, casefolded, whitespace collapsed, hashed. Casefolding can undo
    composition, so NFC runs again after it: a nukta typed as a separate mark is still the same claim."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return hashlib.sha256(" ".join(folded.split()).encode("utf-8")).hexdigest()


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- claim reviews ------------------------------------------------------------------------------------------------


def review_record(row: ClaimReviewRow) -> ClaimReview:
    return ClaimReview(claim=row.claim, rating=row.rating, rating_value=row.rating_value, best_rating=row.best_rating,
                       worst_rating=row.worst_rating, claimant=row.claimant, claim_date=row.claim_date,
                       reviewer=row.reviewer, reviewed=row.reviewed, url=row.url,
                       appearances=tuple(row.appearances or ()))


def stored_reviews(session: Session, article_id: str) -> tuple[ClaimReview, ...]:
    query = (select(ClaimReviewRow).where(ClaimReviewRow.article_id == article_id)
             .order_by(ClaimReviewRow.position, ClaimReviewRow.id))
    return tuple(review_record(row) for row in session.scalars(query))


def replace_reviews(session: Session, article_id: str, reviews: Sequence[ClaimReview]) -> None:
    session.execute(delete(ClaimReviewRow).where(ClaimReviewRow.article_id == article_id))
    session.add_all(
        ClaimReviewRow(article_id=article_id, position=position, claim=r.claim, rating=r.rating,
                       rating_value=r.rating_value, best_rating=r.best_rating, worst_rating=r.worst_rating,
                       claimant=r.claimant, claim_date=r.claim_date, reviewer=r.reviewer, reviewed=r.reviewed,
                       url=r.url, appearances=list(r.appearances))
        for position, r in enumerate(reviews)
    )


# --- known claims -------------------------------------------------------------------------------------------------


def known_record(row: KnownClaimRow) -> KnownClaim:
    return KnownClaim(text=row.text, language=row.language, rating=row.rating, reviewer=row.reviewer,
                      reviewed=row.reviewed, url=row.url, claimant=row.claimant, origin=row.origin, id=row.id)


def _fill_blanks(row: KnownClaimRow, claim: KnownClaim) -> None:
    """The first verdict on a claim stands; a later copy only fills what the stored one never had. Its verdict
    is taken (all its verdict fields, so rating and reviewer stay one fact-checker's) only when it brings a
    rating or URL that the stored row lacks."""
    fields = list(_DESCRIPTIVE_FIELDS)
    if (row.rating is None and claim.rating is not None) or (row.url is None and claim.url is not None):
        fields += _VERDICT_FIELDS
    for name in fields:
        if getattr(row, name) is None and getattr(claim, name) is not None:
            setattr(row, name, getattr(claim, name))


def add_known_claims(session: Session, claims: Sequence[KnownClaim]) -> list[KnownClaim]:
    """Store claims not stored yet (one row per text key) and return every claim as stored, with its id."""
    keys = [claim_text_key(claim.text) for claim in claims]
    rows = {row.text_key: row for row in session.scalars(select(KnownClaimRow).where(KnownClaimRow.text_key.in_(keys)))}
    for key, claim in zip(keys, claims, strict=True):
        row = rows.get(key)
        if row is None:
            row = rows[key] = KnownClaimRow(
                text=_clean(claim.text), text_key=key, language=claim.language, rating=claim.rating,
                reviewer=claim.reviewer, reviewed=claim.reviewed, url=claim.url, claimant=claim.claimant,
                origin=claim.origin, created_at=utcnow())
            session.add(row)
        else:
            _fill_blanks(row, claim)
    session.flush()
    return [known_record(rows[key]) for key in keys]


def _known_id(session: Session, match: ClaimMatch | None) -> int | None:
    """The stored id of a match's known claim; a claim matched before it was stored is stored now, so the
    match survives a round trip."""
    if match is None:
        return None
    if match.known.id is not None:
        return match.known.id
    return add_known_claims(session, [match.known])[0].id


# --- claim analyses -----------------------------------------------------------------------------------------------


def write_analyses(session: Session, analysed: Sequence[tuple[ArticleRow, ClaimAnalysis]]) -> None:
    """Replace articles' kinds, claims and flags, and add the claims they review to the known claims. The earlier
    claims and flags of the whole batch go in two statements (two per article, each flushing the session, took
    a tenth of processing time)."""
    ids = [row.id for row, _ in analysed]  # one processing batch or rematch chunk (hundreds at most)
    session.execute(delete(ArticleClaimRow).where(ArticleClaimRow.article_id.in_(ids)))
    session.execute(delete(ArticleFlagRow).where(ArticleFlagRow.article_id.in_(ids)))
    for row, analysis in analysed:
        _add_analysis(session, row, analysis)


def _add_analysis(session: Session, row: ArticleRow, analysis: ClaimAnalysis) -> None:
    row.kind = analysis.kind.kind.value
    row.kind_evidence = analysis.kind.evidence.value
    row.kind_detail = analysis.kind.detail or None
    if analysis.known_claims:
        add_known_claims(session, analysis.known_claims)
    for claim in analysis.claims:
        session.add(ArticleClaimRow(
            article_id=row.id, position=claim.position, text=claim.text, checkworthiness=claim.checkworthiness,
            scores=dict(claim.scores), known_claim_id=_known_id(session, claim.match),
            similarity=claim.match.similarity if claim.match else None,
            same_claim=claim.match.same_claim if claim.match else None))
    for flag in analysis.flags:
        session.add(ArticleFlagRow(
            article_id=row.id, task=flag.task, reason=flag.reason.value, score=flag.score, evidence=flag.evidence,
            known_claim_id=_known_id(session, flag.match), similarity=flag.match.similarity if flag.match else None,
            same_claim=flag.match.same_claim if flag.match else None))
