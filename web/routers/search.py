"""Search: the page (`/search`) and the API (`/api/v1/search`) over one query model, so a search URL and an API
call with the same parameters return the same hits; exports of any search as CSV and JSON lines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from index.documents import SearchResult
from pipeline.search_params import SearchParams
from web.deps import Satark, Viewer
from web.schemas import ErrorOut, SearchOut
from web.templating import render

router = APIRouter()
Params = Annotated[SearchParams, Query()]

# Facets shown beside the results, in order, with how their values are labelled.
FACETS = ("language", "source", "kind", "flag_reason", "sentiment", "hostility")
FACET_PARAMS = {"language": "lang", "source": "source", "kind": "kind", "flag_reason": "flag", "sentiment": "sentiment"}


def run_search(satark: Satark, params: SearchParams) -> SearchResult:
    return satark.search(params.to_query())


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/search", status_code=303)


@router.get("/search", include_in_schema=False)
def search_page(request: Request, satark: Satark, principal: Viewer, params: Params) -> Response:
    result = run_search(satark, params)
    return render(request, "search.html", principal, params=params, result=result, facets=FACETS,
                  facet_params=FACET_PARAMS, sources=[f.value for f in result.facets.get("source", [])])


@router.get("/api/v1/search", response_model=SearchOut, tags=["search"],
            responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}, 503: {"model": ErrorOut}})
def search_api(satark: Satark, principal: Viewer, params: Params) -> SearchOut:
    """Search stored articles (Hindi and English) with filters, facets and highlights."""
    return SearchOut.of(run_search(satark, params), params.query_string())
