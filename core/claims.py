"""Typed records of what an article claims and why it is flagged (issue 12).

A flag is a claim-level judgement with its evidence: the article's kind, its check-worthy sentences with their
scores, each sentence's best match among claims fact-checkers have already rated, and the flags that follow, each
naming its reason and the sentence that drove it. Fact-checks are sources of known claims, never flagged.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.records import ClaimReview


class ArticleKind(enum.StrEnum):
    NEWS = "news"
    FACTCHECK = "factcheck"
    OPINION = "opinion"


class KindEvidence(enum.StrEnum):
    """What decided an article's kind, strongest first."""

    CLAIMREVIEW = "claimreview"  # the page carries schema.org ClaimReview markup
    SOURCE = "source"  # the sources file marks the outlet as a fact-checker
    HEADLINE = "headline"  # a fact-check cue in the headline ("Fact check:", "फ़ैक्ट चेक", "सच या झूठ")
    MARKUP = "markup"  # the page's JSON-LD type (OpinionNewsArticle) or section says opinion
    DEFAULT = "default"  # nothing said otherwise: news


@dataclass(frozen=True, slots=True)
class KindGuess:
    kind: ArticleKind
    evidence: KindEvidence
    detail: str = ""  # the cue or type that matched, for the desk's "why"


class FlagReason(enum.StrEnum):
    """Why an article is flagged. The strongest reason is listed first on an article."""

    MATCHES_FACTCHECK = "matches-factcheck"  # repeats a claim a fact-checker rated false or misleading
    STYLE = "style"  # a sentence reads like misinformation (or hostile) to a model calibrated on news text


@dataclass(frozen=True, slots=True)
class KnownClaim:
    """A claim already rated by a fact-checker (or labelled fake in a public data set): the matching target."""

    text: str
    language: str | None
    rating: str | None  # the verdict in words: "False", "Misleading", "फ़र्ज़ी"
    reviewer: str | None = None  # the fact-checker
    reviewed: datetime | None = None
    url: str | None = None  # the fact-check's own page
    claimant: str | None = None
    origin: str = ""  # "article:<id>", "import:<file name>", "dataset:<file name>"
    id: int | None = None  # the store's id, once stored

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "language": self.language,
            "rating": self.rating,
            "reviewer": self.reviewer,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
            "url": self.url,
            "claimant": self.claimant,
            "origin": self.origin,
        }

    @classmethod
    def from_review(cls, review: ClaimReview, language: str | None, origin: str) -> KnownClaim:
        return cls(
            text=review.claim,
            language=language,
            rating=review.rating,
            reviewer=review.reviewer,
            reviewed=review.reviewed,
            url=review.url,
            claimant=review.claimant,
            origin=origin,
        )


SAME_LANGUAGE = "same-language"
CROSS_LANGUAGE = "cross-language"


def pairing(language: str | None, known_language: str | None) -> str:
    """A sentence and a known claim are a cross-language pair only when both languages are known and differ."""
    crossing = language is not None and known_language is not None and language != known_language
    return CROSS_LANGUAGE if crossing else SAME_LANGUAGE


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    known: KnownClaim
    similarity: float  # cosine similarity of the two sentences' multilingual embeddings
    # The claim reranker's probability that both make the same claim; None where no reranker read the pair.
    same_claim: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"similarity": round(self.similarity, 4), "known": self.known.to_dict()}
        if self.same_claim is not None:
            out["same_claim"] = round(self.same_claim, 4)
        return out


@dataclass(frozen=True, slots=True)
class Claim:
    """One check-worthy sentence of an article (position 0 is the headline) with what was found about it."""

    text: str
    position: int
    checkworthiness: float  # 0..1, how much the sentence asserts something checkable
    scores: dict[str, float] = field(default_factory=dict, hash=False)  # task -> calibrated style probability
    match: ClaimMatch | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "position": self.position,
            "checkworthiness": round(self.checkworthiness, 4),
            "scores": {task: round(score, 4) for task, score in self.scores.items()},
            "match": self.match.to_dict() if self.match else None,
        }


@dataclass(frozen=True, slots=True)
class Flag:
    """One alert on an article: which task, why, how strongly, and the sentence that drove it."""

    task: str  # misinformation | hostility
    reason: FlagReason
    score: float  # the style probability, or the match similarity
    evidence: str  # the sentence
    match: ClaimMatch | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "reason": self.reason.value,
            "score": round(self.score, 4),
            "evidence": self.evidence,
            "match": self.match.to_dict() if self.match else None,
        }


@dataclass(frozen=True, slots=True)
class ClaimAnalysis:
    """What claim analysis found in one article; fact-checks carry their reviewed claims and no flags."""

    kind: KindGuess
    claims: tuple[Claim, ...] = ()
    flags: tuple[Flag, ...] = ()
    known_claims: tuple[KnownClaim, ...] = ()  # a fact-check's claims, to add to the claim store

    @property
    def flag_reasons(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(flag.reason.value for flag in self.flags))

    def flagged(self, task: str) -> bool:
        return any(flag.task == task for flag in self.flags)
