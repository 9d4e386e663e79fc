"""The unsubscribe link of a digest: no login, the signed token is the authority. A GET shows what will stop and
asks for a click (mail scanners open links, and must not unsubscribe anyone); a POST stops it, which is also what
a mail program's one-click unsubscribe (RFC 8058) sends."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from core.signatures import UNSUBSCRIBE_KEY, BadToken, verify
from store.subscriptions import Subscription, SubscriptionError
from web.deps import Satark
from web.templating import render

router = APIRouter()
Token = Annotated[str, Query(alias="t", max_length=2000)]


def _read(satark: Satark, token: str) -> tuple[Subscription, str]:
    payload = verify(satark.store.subscriptions.secret(UNSUBSCRIBE_KEY), token, datetime.now(UTC))
    try:
        subscription = satark.store.subscriptions.get(int(payload["s"]))
        address = str(payload["a"])
    except (KeyError, TypeError, ValueError, SubscriptionError) as exc:
        raise BadToken("the link names no subscription") from exc
    return subscription, address


def _answer(request: Request, satark: Satark, token: str, *, stop: bool) -> Response:
    try:
        subscription, address = _read(satark, token)
    except BadToken as exc:
        return render(request, "unsubscribe.html", None, status_code=400, problem=str(exc))
    if stop:
        satark.store.subscriptions.unsubscribe(subscription.id, address)
    return render(request, "unsubscribe.html", None, language=subscription.mail_language,
                  digest=subscription.search.name, address=address, token=token, done=stop)


@router.get("/unsubscribe", include_in_schema=False)
def unsubscribe_page(request: Request, satark: Satark, token: Token) -> Response:
    return _answer(request, satark, token, stop=False)


@router.post("/unsubscribe", include_in_schema=False)
def unsubscribe(request: Request, satark: Satark, token: Token) -> Response:
    return _answer(request, satark, token, stop=True)
