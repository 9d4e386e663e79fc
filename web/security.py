"""What keeps crawled content and other sites from acting through the desk: strict response headers, session
cookies that scripts cannot read or other sites send, CSRF tokens on every state-changing request, and a limit
on login attempts per client address."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "satark_session"
LOGIN_CSRF_COOKIE = "satark_login_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"

# No inline script or style, nothing from another origin (a war room may have no internet, and an article
# must never load or run anything), no framing, forms only to the desk itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/") or SESSION_COOKIE in request.cookies:
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def set_session_cookie(response: Response, token: str, max_age_s: int) -> None:
    # Secure: browsers keep sending it over http only to loopback, which counts as a secure origin.
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age_s, httponly=True, secure=True, samesite="strict",
                        path="/")


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


class LoginRateLimit:
    """At most ``attempts`` logins per client address in a sliding ``window_s``: slows guessing across accounts,
    where the per-account lockout (store.accounts) stops guessing one account's password."""

    def __init__(self, attempts: int = 20, window_s: float = 300.0) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(client, deque())
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= self.attempts:
                return False
            seen.append(now)
            return True
