"""One article: the page and the API, and the review actions on it (confirm or dismiss a flag, with a note)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pipeline.app import ReviewOutcome
from pipeline.article_detail import ArticleDetail, load_article_detail
from store.reviews import ReviewError, UnknownArticle
from web.deps import Reviewer, Satark, Viewer, check_csrf
from web.routers.auth import safe_next
from web.schemas import ArticleOut, ErrorOut, ReviewIn, ReviewOut
from web.security import CSRF_FIELD
from web.templating import render

router = APIRouter()
ID_PATTERN = r"^[0-9a-f]{8,40}$"


def _detail(satark: Satark, article_id: str) -> ArticleDetail:
    detail = load_article_detail(satark.store, article_id)
    if detail is None:
        raise HTTPException(404, f"no article {article_id}")
    return detail


def _review(request: Request, satark: Satark, principal: Reviewer, article_id: str, body: ReviewIn) -> ReviewOutcome:
    # One review at a time: each publishes to the index (and drains the outbox) on its own.
    with request.app.state.write_lock:
        try:
            return satark.review(article_id, body.decision, task=body.task, note=body.note,
                                 reviewer=principal.user.name)
        except ReviewError as exc:
            raise HTTPException(404 if isinstance(exc, UnknownArticle) else 422, str(exc)) from None


@router.get("/articles/{article_id}", include_in_schema=False)
def article_page(request: Request, satark: Satark, principal: Viewer, article_id: str) -> Response:
    detail = _detail(satark, article_id)
    return render(request, "article.html", principal, article=detail)


@router.get("/api/v1/articles/{article_id}", response_model=ArticleOut, tags=["articles"],
            responses={401: {"model": ErrorOut}, 404: {"model": ErrorOut}})
def article_api(satark: Satark, principal: Viewer, article_id: str) -> ArticleOut:
    """One article: extracted text, classifier verdicts with model versions, flags with evidence, related
    articles and the review history."""
    return ArticleOut(**_detail(satark, article_id).to_dict())


@router.post("/articles/{article_id}/review", include_in_schema=False)
def review_form(request: Request, satark: Satark, principal: Reviewer, article_id: str,
                decision: Annotated[str, Form()], csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
                note: Annotated[str, Form(max_length=2000)] = "", task: Annotated[str, Form()] = "misinformation",
                next: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, principal, csrf)
    try:
        body = ReviewIn.model_validate({"decision": decision, "task": task, "note": note or None})
    except ValidationError as exc:
        fields = ", ".join(str(error["loc"][0]) for error in exc.errors())
        raise HTTPException(422, f"invalid review: {fields}") from None
    outcome = _review(request, satark, principal, article_id, body)
    return RedirectResponse(safe_next(next or f"/articles/{outcome.decision.article_id}"), status_code=303)


@router.post("/api/v1/articles/{article_id}/review", response_model=ReviewOut, tags=["review"],
             responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}})
def review_api(request: Request, satark: Satark, principal: Reviewer, article_id: str, body: ReviewIn) -> ReviewOut:
    """Confirm or dismiss an article's flag (reviewer role). A session needs its CSRF token in X-CSRF-Token."""
    check_csrf(request, principal)
    outcome = _review(request, satark, principal, article_id, body)
    recorded = outcome.decision
    return ReviewOut(article_id=recorded.article_id, task=recorded.task, decision=recorded.decision,
                     note=recorded.note, reviewer=recorded.reviewer, decided_at=recorded.decided_at,
                     indexed=outcome.index is None or outcome.index.pending == 0)
