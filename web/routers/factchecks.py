"""The claim store: claims fact-checkers rated (claim, rating, fact-checker, date, link), with the articles flagged
for repeating each."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from core.claims import KnownClaim
from store.claims import MatchedArticle
from web.deps import Satark, Viewer
from web.schemas import ErrorOut
from web.templating import render

router = APIRouter()


class FactcheckParams(BaseModel):
    lang: Literal["hi", "en"] | None = None
    origin: Literal["article:", "import:", "dataset:"] | None = Field(
        None, description="where the claims came from: crawled fact-checks, imported files, public data sets")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(50, ge=1, le=200)


class MatchedOut(BaseModel):
    id: str
    title: str
    source: str
    similarity: float


class KnownClaimOut(BaseModel):
    id: int | None
    text: str
    language: str | None
    rating: str | None
    reviewer: str | None
    reviewed: str | None
    url: str | None
    claimant: str | None
    origin: str
    matched: list[MatchedOut]


class FactchecksOut(BaseModel):
    total: int
    page: int
    per_page: int
    claims: list[KnownClaimOut]


def _listing(satark: Satark, params: FactcheckParams) -> tuple[int, list[tuple[KnownClaim, list[MatchedArticle]]]]:
    claims = satark.store.claims
    known = claims.known(language=params.lang, origin=params.origin, limit=params.per_page,
                         offset=(params.page - 1) * params.per_page)
    matched = claims.matched_articles([k.id for k in known if k.id is not None])
    total = claims.known_count(language=params.lang, origin=params.origin)
    return total, [(k, matched.get(k.id or -1, [])) for k in known]


@router.get("/factchecks", include_in_schema=False)
def factchecks_page(request: Request, satark: Satark, principal: Viewer,
                    params: Annotated[FactcheckParams, Query()]) -> Response:
    total, listing = _listing(satark, params)
    return render(request, "factchecks.html", principal, total=total, listing=listing, params=params)


@router.get("/api/v1/factchecks", response_model=FactchecksOut, tags=["factchecks"],
            responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def factchecks_api(satark: Satark, principal: Viewer, params: Annotated[FactcheckParams, Query()]) -> FactchecksOut:
    """Claims fact-checkers rated, newest first, each with the articles flagged for repeating it."""
    total, listing = _listing(satark, params)
    return FactchecksOut(total=total, page=params.page, per_page=params.per_page, claims=[
        KnownClaimOut(**{**known.to_dict(), "matched": [MatchedOut(id=m.id, title=m.title, source=m.source,
                                                                   similarity=round(m.similarity, 4))
                                                        for m in matches]})
        for known, matches in listing])
