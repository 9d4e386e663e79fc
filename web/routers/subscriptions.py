"""Saved searches mailed daily, managed in the desk: every user subscribes addresses to a search (the search page
links here with its query string) and pauses, resumes or removes their own; an admin manages all of them and
sees the deliveries the mail server refused or that were given up."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from pipeline.search_params import SearchParams
from store.subscriptions import Subscription, SubscriptionError
from web.deps import Principal, Satark, Viewer, check_csrf
from web.security import CSRF_FIELD
from web.templating import render

router = APIRouter()
_SPLIT = re.compile(r"[\s,;]+")
STATUS_ACTIONS = {"pause": "paused", "resume": "active", "remove": "removed"}


def _visible(satark: Satark, principal: Principal) -> list[Subscription]:
    every = satark.store.subscriptions.list()
    if principal.user.may("admin"):
        return every
    return [s for s in every if s.owner == principal.user.name]


def _page(request: Request, satark: Satark, principal: Principal, *, search: str = "", error: str | None = None,
          form: dict[str, str] | None = None, status_code: int = 200) -> Response:
    subscriptions = _visible(satark, principal)
    deliveries = {s.id: satark.store.digests.deliveries(s.id, limit=5) for s in subscriptions}
    problems = satark.store.digests.deliveries(states=("refused", "failed"), limit=50) if principal.user.may("admin") else []
    return render(request, "subscriptions.html", principal, status_code=status_code, subscriptions=subscriptions,
                  deliveries=deliveries, problems=problems, search=search, error=error, form=form or {})


@router.get("/subscriptions", include_in_schema=False)
def subscriptions_page(request: Request, satark: Satark, principal: Viewer,
                       search: Annotated[str, Query(max_length=2000)] = "") -> Response:
    return _page(request, satark, principal, search=search)


@router.post("/subscriptions", include_in_schema=False)
def add_subscription(request: Request, satark: Satark, principal: Viewer, name: Annotated[str, Form(max_length=100)],
                     recipients: Annotated[str, Form(max_length=5000)], send_time: Annotated[str, Form()] = "07:30",
                     search: Annotated[str, Form(max_length=2000)] = "", min_score: Annotated[str, Form()] = "",
                     languages: Annotated[list[str] | None, Form()] = None, mail_language: Annotated[str, Form()] = "en",
                     empty_day: Annotated[str, Form()] = "notice",
                     csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    check_csrf(request, principal, csrf)
    form = {"name": name, "recipients": recipients, "send_time": send_time, "min_score": min_score,
            "mail_language": mail_language, "empty_day": empty_day}
    try:
        query = SearchParams.from_query_string(search).query_string(page=1)
        floor = float(min_score) if min_score.strip() else None
        satark.store.subscriptions.add(
            name=name, query=query, recipients=[a for a in _SPLIT.split(recipients) if a], send_time=send_time,
            min_score=floor, languages=languages or [], mail_language=mail_language,
            empty_day=empty_day, owner=principal.user.name)  # type: ignore[arg-type]
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        return _page(request, satark, principal, search=search, form=form, status_code=422,
                     error=f"search: {where}: {exc.errors()[0]['msg']}")
    except (SubscriptionError, ValueError) as exc:
        return _page(request, satark, principal, search=search, form=form, status_code=422, error=str(exc))
    return RedirectResponse("/subscriptions", status_code=303)


@router.post("/subscriptions/{subscription_id}/{action}", include_in_schema=False)
def change_subscription(request: Request, satark: Satark, principal: Viewer, subscription_id: int, action: str,
                        csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    check_csrf(request, principal, csrf)
    if action not in STATUS_ACTIONS:
        raise HTTPException(404, f"no action {action!r}; use pause, resume or remove")
    try:
        subscription = satark.store.subscriptions.get(subscription_id)
    except SubscriptionError as exc:
        raise HTTPException(404, str(exc)) from None
    if subscription.owner != principal.user.name and not principal.user.may("admin"):
        raise HTTPException(403, "only its owner or an admin may change a subscription")
    satark.store.subscriptions.set_status(subscription_id, STATUS_ACTIONS[action])  # type: ignore[arg-type]
    return RedirectResponse("/subscriptions", status_code=303)
