"""Typed dependencies of the routes: the application object, the desk's settings, and who is asking (a login
session's cookie or an API token), checked against the role a route needs on the server for every request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Depends, Request

from core.settings import WebSettings
from pipeline.app import SatarkApp
from store.accounts import LoginSession, Role, User
from web.i18n import LANGUAGE_COOKIE, LANGUAGES
from web.security import CSRF_HEADER, SESSION_COOKIE, same_token


class LoginRequired(Exception):
    """No valid session or token: pages redirect to the login form, the API answers 401."""


class Forbidden(Exception):
    """Logged in, but the role does not allow this route (403)."""


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token (403)."""


@dataclass(frozen=True, slots=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    session: LoginSession | None = None  # for a session: its CSRF token

    @property
    def csrf_token(self) -> str | None:
        return self.session.csrf_token if self.session else None


def get_satark(request: Request) -> SatarkApp:
    satark: SatarkApp = request.app.state.satark
    return satark


def get_web_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.web_settings
    return settings


Satark = Annotated[SatarkApp, Depends(get_satark)]
Web = Annotated[WebSettings, Depends(get_web_settings)]


def optional_principal(request: Request, satark: Satark) -> Principal | None:
    now = datetime.now(UTC)
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        user = satark.store.accounts.user_for_token(authorization[7:].strip(), now=now)
        if user is None:
            raise LoginRequired()  # a wrong token is an error, not an anonymous request
        return Principal(user, "token")
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    session = satark.store.accounts.session_for(token, now=now)
    return Principal(session.user, "session", session) if session else None


MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


def require(role: Role) -> Callable[[Principal | None], Principal]:
    """A dependency: the principal, if their role includes ``role``."""

    def dependency(principal: MaybePrincipal) -> Principal:
        if principal is None:
            raise LoginRequired()
        if not principal.user.may(role):
            raise Forbidden()
        return principal

    return dependency


Viewer = Annotated[Principal, Depends(require("viewer"))]
Reviewer = Annotated[Principal, Depends(require("reviewer"))]
Analyst = Annotated[Principal, Depends(require("analyst"))]
Admin = Annotated[Principal, Depends(require("admin"))]


def check_csrf(request: Request, principal: Principal, form_token: str | None = None) -> None:
    """A session's state-changing request carries its CSRF token (a form field, or the X-CSRF-Token header for
    the API); a token-authenticated script needs none (no browser sends its token on its own)."""
    if principal.via == "token":
        return
    given = form_token if form_token is not None else request.headers.get(CSRF_HEADER)
    if not same_token(principal.csrf_token, given):
        raise CsrfRejected()


def ui_language(request: Request, principal: Principal | None) -> str:
    if principal is not None:
        return principal.user.ui_language
    chosen = request.cookies.get(LANGUAGE_COOKIE, "en")
    return chosen if chosen in LANGUAGES else "en"
