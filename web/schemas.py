"""The JSON API's response bodies (and the OpenAPI schema in docs/openapi.json): typed, documented fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from index.documents import SearchHit, SearchResult


class HitOut(BaseModel):
    id: str
    url: str
    title: str
    title_highlighted: str = Field(description="HTML: the title escaped, matched words in <mark>")
    snippet: str = Field(description="HTML: an escaped excerpt, matched words in <mark>")
    language: str
    source: str
    published: datetime | None
    fetched: datetime
    kind: str
    flagged: bool
    misinfo_score: float | None
    flag_reasons: list[str]
    evidence: str | None = Field(description="the sentence behind the strongest flag")
    claim: str | None
    verdict: str | None
    match_url: str | None
    sentiment: str | None
    hostility: list[str]
    review_status: str
    duplicate_of: str | None
    score: float

    @classmethod
    def of(cls, hit: SearchHit) -> HitOut:
        return cls(
            id=hit.id, url=hit.url, title=hit.title, title_highlighted=hit.title_highlighted, snippet=hit.snippet,
            language=hit.language, source=hit.source, published=hit.published, fetched=hit.fetched, kind=hit.kind,
            flagged=hit.flagged, misinfo_score=hit.misinfo_score, flag_reasons=list(hit.flag_reasons),
            evidence=hit.evidence, claim=hit.claim, verdict=hit.verdict, match_url=hit.match_url,
            sentiment=hit.sentiment, hostility=list(hit.hostility), review_status=hit.review_status,
            duplicate_of=hit.duplicate_of, score=hit.score,
        )


class FacetOut(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    total: int
    page: int
    per_page: int
    pages: int
    query: str = Field(description="the search as a query string: the same parameters give the same hits on /search")
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]]

    @classmethod
    def of(cls, result: SearchResult, query: str) -> SearchOut:
        return cls(total=result.total, page=result.page, per_page=result.per_page, pages=result.pages, query=query,
                   hits=[HitOut.of(hit) for hit in result.hits],
                   facets={name: [FacetOut(value=f.value, count=f.count) for f in counts]
                           for name, counts in result.facets.items()})


class ReviewIn(BaseModel):
    decision: Literal["confirmed", "dismissed"]
    task: Literal["misinformation", "hostility", "sentiment"] = "misinformation"
    note: str | None = Field(None, max_length=2000)


class ReviewOut(BaseModel):
    article_id: str
    task: str
    decision: str
    note: str | None
    reviewer: str | None
    decided_at: datetime
    indexed: bool = Field(description="False while the search index is unreachable: the change waits in the outbox")


class ArticleOut(BaseModel):
    """One article as the desk shows it (pipeline.article_detail.ArticleDetail)."""

    id: str
    url: str
    source: str
    title: str
    text: str
    author: str | None
    published: str | None
    fetched: str | None
    language: str | None
    tags: list[str]
    kind: str
    classifications: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    claim_reviews: list[dict[str, Any]]
    related: list[dict[str, Any]]
    review_history: list[dict[str, Any]]


class ErrorOut(BaseModel):
    detail: str
    fields: dict[str, str] = Field(default_factory=dict, description="parameter -> what is wrong with it")
