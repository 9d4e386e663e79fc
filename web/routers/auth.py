"""Logging in and out, and the interface language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from store.accounts import LoginResult
from web.deps import MaybePrincipal, Satark, Web, check_csrf
from web.i18n import LANGUAGE_COOKIE, LANGUAGES
from web.security import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    clear_session_cookie,
    new_login_csrf,
    same_token,
    set_session_cookie,
)
from web.templating import render

router = APIRouter(tags=["auth"])
HOME = "/search"


def safe_next(target: str | None) -> str:
    """Only a path on this desk: never another site (an open redirect would lend it the desk's name)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME


def _login_page(request: Request, next_url: str, error: str | None = None, status_code: int = 200) -> Response:
    token = new_login_csrf()
    response = render(request, "login.html", None, status_code, login_csrf=token, next_url=next_url, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, secure=True, samesite="strict", path="/login")
    return response


@router.get("/login", include_in_schema=False)
def login_form(request: Request, principal: MaybePrincipal, next: str | None = None) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login", include_in_schema=False)
def login(request: Request, satark: Satark, web: Web, name: Annotated[str, Form(max_length=64)],
          password: Annotated[str, Form(max_length=1024)], csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
          next: Annotated[str, Form()] = HOME) -> Response:
    target = safe_next(next)
    if not same_token(request.cookies.get(LOGIN_CSRF_COOKIE), csrf):
        return _login_page(request, target, "login.expired", 403)
    client = request.client.host if request.client else "unknown"
    if not request.app.state.login_limit.allow(client):
        return _login_page(request, target, "login.locked", 429)
    now = datetime.now(UTC)
    result, user = satark.store.accounts.authenticate(
        name.strip(), password, now=now, max_attempts=web.login_attempts, lockout=timedelta(minutes=web.lockout_minutes))
    if result is not LoginResult.OK or user is None:
        message = {LoginResult.LOCKED: "login.locked", LoginResult.DISABLED: "login.disabled"}.get(result, "login.bad")
        return _login_page(request, target, message, 401)
    lifetime = timedelta(hours=web.session_hours)
    token, _ = satark.store.accounts.start_session(user.name, now=now, lifetime=lifetime)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, int(lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, satark: Satark, principal: MaybePrincipal,
           csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    if principal is not None and principal.via == "session":
        check_csrf(request, principal, csrf)
        satark.store.accounts.end_session(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/language", include_in_schema=False)
def set_language(request: Request, satark: Satark, principal: MaybePrincipal,
                 language: Annotated[str, Form()], csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
                 next: Annotated[str, Form()] = HOME) -> Response:
    chosen = language if language in LANGUAGES else "en"
    if principal is not None:
        check_csrf(request, principal, csrf)
        satark.store.accounts.set_language(principal.user.name, chosen)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", secure=True, httponly=True)
    return response
