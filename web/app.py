"""The desk's FastAPI application over one SatarkApp (`satark serve`, or a test). Errors answer in the form the
caller asked for: JSON naming the parameter under /api/, a page elsewhere; a login is asked for, not a 500."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from core.settings import WebSettings
from index.errors import SearchIndexError
from pipeline.app import SatarkApp
from web.deps import CsrfRejected, Forbidden, LoginRequired
from web.routers import admin, articles, auth, dashboard, export, factchecks, models, review, search, subscriptions, unsubscribe
from web.security import LoginRateLimit, SecurityHeaders
from web.templating import render
from web.timing import ServerTiming

STATIC = Path(__file__).with_name("static")
API_PREFIX = "/api/"
OPENAPI_URL = "/api/v1/openapi.json"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _field_errors(exc: RequestValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "form")]
        name = location[0] if location else "request"
        fields.setdefault(name, str(error.get("msg", "invalid")).removeprefix("Value error, "))
    return fields


def _error(request: Request, status: int, detail: str, fields: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail, "fields": fields or {}}, status_code=status)
    return render(request, "error.html", None, status, status=status, detail=detail, fields=fields or {})


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "log in or send a valid API token", "fields": {}}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, _exc: Forbidden) -> Response:
        return _error(request, 403, "your role does not allow this")

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, _exc: CsrfRejected) -> Response:
        return _error(request, 403, "missing or wrong CSRF token: reload the page and try again")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = _field_errors(exc)
        names = ", ".join(sorted(fields))
        return _error(request, 422 if _is_api(request) else 400, f"invalid parameter: {names}", fields)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(SearchIndexError)
    async def index_down(request: Request, exc: SearchIndexError) -> Response:
        return _error(request, 503, f"search index unavailable: {str(exc).splitlines()[0]}")


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


def create_app(satark: SatarkApp, settings: WebSettings | None = None) -> FastAPI:
    """The desk over ``satark`` (which the caller keeps and closes)."""
    app = FastAPI(title="Satark monitoring desk API", version="1", openapi_url=OPENAPI_URL, docs_url=None,
                  redoc_url=None, description="Search, articles, review. Authenticate with a session or a "
                  "bearer token (`satark tokens create`).")
    app.state.satark = satark
    web = settings or satark.settings.web
    app.state.web_settings = web
    app.state.login_limit = LoginRateLimit(attempts=web.login_rate)
    app.state.write_lock = threading.Lock()
    _ = satark.store  # opened now: SatarkApp opens its parts lazily and is not meant to race on that
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ServerTiming)  # added last, so it times everything inside it
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, search, export, articles, review, factchecks, dashboard, models, admin, subscriptions, unsubscribe):
        app.include_router(module.router)
    _install_error_handlers(app)
    return app
