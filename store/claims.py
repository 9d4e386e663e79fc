"""Claims in the store: fact-checkers' claim reviews, the known claims sentences are matched against (with their
embeddings), and each processed article's claim analysis (kind, claims, flags), handed back as core records."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.claims import (
    ArticleKind,
    Claim,
    ClaimAnalysis,
    ClaimMatch,
    Flag,
    FlagReason,
    KindEvidence,
    KindGuess,
    KnownClaim,
)
from core.records import ClaimReview
from store.claim_rows import add_known_claims, claim_text_key, known_record, review_record, write_analyses
from store.models import ArticleClaimRow, ArticleFlagRow, ArticleRow, ClaimReviewRow, KnownClaimRow, OutboxRow, utcnow

_CHUNK = 500
# The strongest reason first: a repeated fact-checked claim outranks a style score.
_REASON_RANK = case((ArticleFlagRow.reason == FlagReason.MATCHES_FACTCHECK.value, 0), else_=1)


@dataclass(frozen=True, slots=True)
class MatchedArticle:
    """An article flagged for repeating a known claim, as the fact-checks page lists it."""

    id: str
    title: str
    source: str
    similarity: float


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _match(known: KnownClaimRow | None, similarity: float | None, same_claim: float | None) -> ClaimMatch | None:
    if known is None:
        return None
    return ClaimMatch(known_record(known), similarity if similarity is not None else 0.0, same_claim)


def _claim(row: ArticleClaimRow, known: KnownClaimRow | None) -> Claim:
    return Claim(text=row.text, position=row.position, checkworthiness=row.checkworthiness,
                 scores=dict(row.scores or {}), match=_match(known, row.similarity, row.same_claim))


def _flag(row: ArticleFlagRow, known: KnownClaimRow | None) -> Flag:
    return Flag(task=row.task, reason=FlagReason(row.reason), score=row.score, evidence=row.evidence,
                match=_match(known, row.similarity, row.same_claim))


def _known_filters(query: Select[Any], language: str | None, origin: str | None) -> Select[Any]:
    if language is not None:
        query = query.where(KnownClaimRow.language == language)
    if origin is not None:
        query = query.where(KnownClaimRow.origin.startswith(origin, autoescape=True))
    return query


class ClaimRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- known claims -------------------------------------------------------------------------------------------

    def add_known(self, claims: Sequence[KnownClaim]) -> list[KnownClaim]:
        """Store claims a fact-checker rated, one row per claim text (NFC, case and spacing aside). Returns each
        claim as stored, with its id: a text stored before comes back as the stored row, whose first verdict
        stands; a later copy fills its blanks only when it brings a rating or URL the stored one lacks."""
        with self._sessions.begin() as session:
            return add_known_claims(session, claims)

    def known(self, *, language: str | None = None, origin: str | None = None, limit: int | None = None,
              offset: int = 0) -> list[KnownClaim]:
        """Known claims, newest first; `origin` is a prefix ("import:", "article:")."""
        query = _known_filters(select(KnownClaimRow), language, origin)
        query = query.order_by(KnownClaimRow.created_at.desc(), KnownClaimRow.id.desc()).offset(offset).limit(limit)
        with self._sessions() as session:
            return [known_record(row) for row in session.scalars(query)]

    def known_count(self, *, language: str | None = None, origin: str | None = None) -> int:
        query = _known_filters(select(func.count()).select_from(KnownClaimRow), language, origin)
        with self._sessions() as session:
            return int(session.scalar(query) or 0)

    def awaiting_rematch(self) -> list[int]:
        """Ids of known claims that recent articles have not yet been re-checked against."""
        query = select(KnownClaimRow.id).where(KnownClaimRow.rematched_at.is_(None)).order_by(KnownClaimRow.id)
        with self._sessions() as session:
            return list(session.scalars(query))

    def mark_rematched(self, known_ids: Sequence[int]) -> None:
        with self._sessions.begin() as session:
            for start in range(0, len(known_ids), 500):
                session.execute(update(KnownClaimRow).where(KnownClaimRow.id.in_(known_ids[start:start + 500]))
                                .values(rematched_at=utcnow()))

    def get_known(self, known_id: int) -> KnownClaim | None:
        with self._sessions() as session:
            row = session.get(KnownClaimRow, known_id)
            return known_record(row) if row is not None else None

    def matched_articles(self, known_ids: Sequence[int], per_claim: int = 20) -> dict[int, list[MatchedArticle]]:
        """Per known claim, the articles flagged for repeating it (newest first, at most ``per_claim`` each)."""
        out: dict[int, list[MatchedArticle]] = {}
        if not known_ids:
            return out
        query = (select(ArticleFlagRow.known_claim_id, ArticleRow.id, ArticleRow.title, ArticleRow.source,
                        ArticleFlagRow.similarity)
                 .join(ArticleRow, ArticleRow.id == ArticleFlagRow.article_id)
                 .where(ArticleFlagRow.known_claim_id.in_(list(known_ids)),
                        ArticleFlagRow.reason == FlagReason.MATCHES_FACTCHECK.value)
                 .order_by(func.coalesce(ArticleRow.published, ArticleRow.fetched_at).desc(), ArticleRow.id))
        with self._sessions() as session:
            for known_id, article_id, title, source, similarity in session.execute(query):
                if known_id is None:
                    continue
                found = out.setdefault(int(known_id), [])
                if len(found) < per_claim:
                    found.append(MatchedArticle(article_id, title, source, float(similarity or 0.0)))
        return out

    # --- embeddings ---------------------------------------------------------------------------------------------

    def without_embedding(self, embedder: str, limit: int | None = None) -> list[KnownClaim]:
        """Known claims with no embedding from `embedder` (never embedded, or by another model), oldest first."""
        query = (select(KnownClaimRow)
                 .where(or_(KnownClaimRow.embedding.is_(None), KnownClaimRow.embedder.is_(None),
                            KnownClaimRow.embedder != embedder))
                 .order_by(KnownClaimRow.id).limit(limit))
        with self._sessions() as session:
            return [known_record(row) for row in session.scalars(query)]

    def set_embeddings(self, embedder: str, vectors: Mapping[int, bytes]) -> None:
        """Store each known claim's embedding (float32 bytes) as made by `embedder`; unknown ids are skipped."""
        ids = list(vectors)
        with self._sessions.begin() as session:
            for start in range(0, len(ids), _CHUNK):
                for row in session.scalars(select(KnownClaimRow).where(KnownClaimRow.id.in_(ids[start : start + _CHUNK]))):
                    row.embedder = embedder
                    row.embedding = vectors[row.id]

    def embeddings(self, embedder: str) -> list[tuple[int, bytes]]:
        """(known claim id, float32 bytes) of every claim embedded by `embedder`, in id order."""
        query = (select(KnownClaimRow.id, KnownClaimRow.embedding)
                 .where(KnownClaimRow.embedder == embedder, KnownClaimRow.embedding.is_not(None))
                 .order_by(KnownClaimRow.id))
        with self._sessions() as session:
            return [(known_id, vector) for known_id, vector in session.execute(query) if vector is not None]

    # --- per article --------------------------------------------------------------------------------------------

    def reviews_for(self, article_ids: Sequence[str]) -> dict[str, tuple[ClaimReview, ...]]:
        """The claim reviews each article's markup declared, in page order; articles without any are absent."""
        out: dict[str, list[ClaimReview]] = {}
        with self._sessions() as session:
            for chunk in _chunks(article_ids):
                query = (select(ClaimReviewRow).where(ClaimReviewRow.article_id.in_(chunk))
                         .order_by(ClaimReviewRow.article_id, ClaimReviewRow.position, ClaimReviewRow.id))
                for row in session.scalars(query):
                    out.setdefault(row.article_id, []).append(review_record(row))
        return {article_id: tuple(reviews) for article_id, reviews in out.items()}

    def analyses(self, article_ids: Sequence[str]) -> dict[str, ClaimAnalysis]:
        """The stored claim analysis of each processed article that has one (a kind): claims in position order,
        flags strongest first, and the known claims the article itself contributed (a fact-check's)."""
        out: dict[str, ClaimAnalysis] = {}
        with self._sessions() as session:
            for chunk in _chunks(article_ids):
                out.update(self._analyses(session, chunk))
        return out

    def _analyses(self, session: Session, ids: list[str]) -> dict[str, ClaimAnalysis]:
        kinds = {row.id: KindGuess(ArticleKind(row.kind), KindEvidence(row.kind_evidence or KindEvidence.DEFAULT),
                                   row.kind_detail or "")
                 for row in session.execute(select(ArticleRow.id, ArticleRow.kind, ArticleRow.kind_evidence,
                                                   ArticleRow.kind_detail)
                                            .where(ArticleRow.id.in_(ids), ArticleRow.processed_at.is_not(None),
                                                   ArticleRow.kind.is_not(None)))}
        wanted = list(kinds)
        claims: dict[str, list[Claim]] = {}
        claim_query = (select(ArticleClaimRow, KnownClaimRow)
                       .outerjoin(KnownClaimRow, KnownClaimRow.id == ArticleClaimRow.known_claim_id)
                       .where(ArticleClaimRow.article_id.in_(wanted))
                       .order_by(ArticleClaimRow.position, ArticleClaimRow.id))
        for claim_row, known in session.execute(claim_query):
            claims.setdefault(claim_row.article_id, []).append(_claim(claim_row, known))
        flags: dict[str, list[Flag]] = {}
        flag_query = (select(ArticleFlagRow, KnownClaimRow)
                      .outerjoin(KnownClaimRow, KnownClaimRow.id == ArticleFlagRow.known_claim_id)
                      .where(ArticleFlagRow.article_id.in_(wanted))
                      .order_by(_REASON_RANK, ArticleFlagRow.score.desc(), ArticleFlagRow.id))
        for flag_row, known in session.execute(flag_query):
            flags.setdefault(flag_row.article_id, []).append(_flag(flag_row, known))
        contributed: dict[str, list[KnownClaim]] = {}
        origins = {f"article:{article_id}": article_id for article_id in wanted}
        known_query = select(KnownClaimRow).where(KnownClaimRow.origin.in_(list(origins))).order_by(KnownClaimRow.id)
        for known_row in session.scalars(known_query):
            contributed.setdefault(origins[known_row.origin], []).append(known_record(known_row))
        self._reviewed_elsewhere(session, [i for i, k in kinds.items() if k.kind is ArticleKind.FACTCHECK], contributed)
        return {article_id: ClaimAnalysis(kind, tuple(claims.get(article_id, ())), tuple(flags.get(article_id, ())),
                                          tuple(contributed.get(article_id, ())))
                for article_id, kind in kinds.items()}

    def replace_analyses(self, analyses: Mapping[str, ClaimAnalysis]) -> int:
        """Replace stored articles' claim analyses (a later match, say) and queue their index updates, in one
        transaction. Returns how many articles were updated."""
        if not analyses:
            return 0
        with self._sessions.begin() as session:
            rows = list(session.scalars(select(ArticleRow).where(ArticleRow.id.in_(list(analyses)))))
            write_analyses(session, [(row, analyses[row.id]) for row in rows])
            session.add_all(OutboxRow(article_id=row.id, op="upsert") for row in rows)
        return len(rows)

    @staticmethod
    def _reviewed_elsewhere(session: Session, factchecks: list[str], contributed: dict[str, list[KnownClaim]]) -> None:
        """A syndicated fact-check reviews claims its original already put in the store: they are its claims too."""
        missing = [article_id for article_id in factchecks if article_id not in contributed]
        if not missing:
            return
        reviews = session.execute(select(ClaimReviewRow.article_id, ClaimReviewRow.claim)
                                  .where(ClaimReviewRow.article_id.in_(missing))
                                  .order_by(ClaimReviewRow.article_id, ClaimReviewRow.position)).all()
        keys = {claim_text_key(claim) for _, claim in reviews}
        known = {row.text_key: row for row in session.scalars(select(KnownClaimRow).where(KnownClaimRow.text_key.in_(keys)))}
        for article_id, claim in reviews:
            row = known.get(claim_text_key(claim))
            if row is not None:
                contributed.setdefault(article_id, []).append(known_record(row))

    def flagged(self, *, task: str = "misinformation", reason: str | None = None,
                limit: int = 50) -> list[tuple[str, Flag]]:
        """(article id, flag) of processed articles' flags for `task`, newest article first (published, else
        fetched), each article's strongest flag first."""
        query = (select(ArticleFlagRow, KnownClaimRow)
                 .join(ArticleRow, ArticleRow.id == ArticleFlagRow.article_id)
                 .outerjoin(KnownClaimRow, KnownClaimRow.id == ArticleFlagRow.known_claim_id)
                 .where(ArticleFlagRow.task == task, ArticleRow.processed_at.is_not(None))
                 .order_by(func.coalesce(ArticleRow.published, ArticleRow.fetched_at).desc(), ArticleRow.id,
                           _REASON_RANK, ArticleFlagRow.score.desc(), ArticleFlagRow.id)
                 .limit(limit))
        if reason is not None:
            query = query.where(ArticleFlagRow.reason == reason)
        with self._sessions() as session:
            return [(row.article_id, _flag(row, known)) for row, known in session.execute(query)]
