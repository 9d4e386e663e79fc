"""Every route of the desk, page or API, asked anonymously and with each role: one table says who may reach what, a
test keeps the table equal to the app's routes (a new route without a row fails), and each row is checked.

Requests carry the CSRF token and deliberately bad arguments (an unknown model, a decision that does not exist), so
a route that lets a role in answers 4xx from its handler without changing anything, and one that keeps it out
answers 403 before reading them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from starlette.routing import BaseRoute

from classifiers.registry import resolve_models_dir
from index.documents import SearchQuery
from tests.web.conftest import Desk, csrf_of

pytestmark = [pytest.mark.crawl, pytest.mark.slow, pytest.mark.parametrize("desk", ["sqlite"], indirect=True)]

ROLE_ORDER = ["viewer", "reviewer", "analyst", "admin"]
PUBLIC = None
# (method, route) -> the least role that may use it; PUBLIC for the login form, unsubscribe links and the like.
ACCESS: dict[tuple[str, str], str | None] = {
    ("GET", "/"): PUBLIC, ("GET", "/api/v1/openapi.json"): PUBLIC,
    ("GET", "/login"): PUBLIC, ("POST", "/login"): PUBLIC, ("POST", "/logout"): PUBLIC, ("POST", "/language"): PUBLIC,
    ("GET", "/unsubscribe"): PUBLIC, ("POST", "/unsubscribe"): PUBLIC,
    ("GET", "/search"): "viewer", ("GET", "/api/v1/search"): "viewer", ("GET", "/api/v1/export.{fmt}"): "viewer",
    ("GET", "/articles/{article_id}"): "viewer", ("GET", "/api/v1/articles/{article_id}"): "viewer",
    ("GET", "/factchecks"): "viewer", ("GET", "/api/v1/factchecks"): "viewer", ("GET", "/dashboard"): "viewer",
    ("GET", "/subscriptions"): "viewer", ("POST", "/subscriptions"): "viewer",
    ("POST", "/subscriptions/{subscription_id}/{action}"): "viewer",
    ("GET", "/review"): "reviewer", ("POST", "/articles/{article_id}/review"): "reviewer",
    ("POST", "/api/v1/articles/{article_id}/review"): "reviewer",
    ("GET", "/models"): "analyst", ("GET", "/models/{task}/{name}/{version}"): "analyst",
    ("POST", "/models/{task}/promote"): "analyst", ("POST", "/models/{task}/rollback"): "analyst",
    ("GET", "/admin/sources"): "admin",
}
# Bad on purpose where a request would change something: the role check must come first, the handler refuses them.
FORMS: dict[str, dict[str, str]] = {
    "/articles/{article_id}/review": {"decision": "शायद"},
    "/models/{task}/promote": {"model": "no-such-model@0"},
    "/models/{task}/rollback": {},
    "/subscriptions": {"name": ""},
    "/api/v1/articles/{article_id}/review": {},
}


def _routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        if hasattr(route, "original_router"):  # an included router
            yield from _routes(route.original_router.routes)
        else:
            yield route


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    return {(method, route.path) for route in _routes(app.routes)
            for method in getattr(route, "methods", None) or () if method != "HEAD"}


def _url(route: str, article_id: str) -> str:
    values = {"article_id": article_id, "fmt": "csv", "task": "no-such-task", "name": "no-such-model",
              "version": "0", "subscription_id": "987654", "action": "pause"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], route)


def _ask(client: TestClient, method: str, route: str, article_id: str, csrf: str | None) -> Response:
    url = _url(route, article_id)
    if method == "GET":
        return client.get(url, params={"q": "चुनाव"} if "search" in route or "export" in route else None)
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    if route.startswith("/api/"):
        return client.post(url, json={"decision": "maybe"}, headers=headers)
    return client.post(url, data={**FORMS.get(route, {}), **({"csrf": csrf} if csrf else {})}, headers=headers)


def _kept_out(response: Response, route: str) -> bool:
    if route.startswith("/api/"):
        return response.status_code == 401
    return response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_table_covers_every_route(desk: Desk) -> None:
    assert app_routes(desk.app) == set(ACCESS)


def test_anonymous_requests_reach_only_public_routes(desk: Desk) -> None:
    client = desk.client()
    article = _an_article(desk)
    for (method, route), least in ACCESS.items():
        response = _ask(client, method, route, article, csrf=None)
        if least is PUBLIC:
            assert response.status_code < 500, (method, route, response.status_code)
            # Logging out without a session ends on the login form, as everything else does.
            assert not _kept_out(response, route) or route == "/logout", (method, route, response.status_code)
        else:
            assert _kept_out(response, route), (method, route, response.status_code, response.text[:200])


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_each_role_reaches_exactly_its_routes(desk: Desk, role: str) -> None:
    registry = resolve_models_dir(desk.satark.settings.classify.models_dir) / "registry.json"
    active_models = registry.read_bytes()
    client = desk.logged_in(role)
    csrf = csrf_of(client)
    article = _an_article(desk)
    for (method, route), least in ACCESS.items():
        if route in ("/logout", "/login"):
            continue  # would end or replace this session; the anonymous test covers them
        response = _ask(client, method, route, article, csrf)
        assert response.status_code < 500, (role, method, route, response.text[:300])
        assert not _kept_out(response, route), (role, method, route)
        allowed = least is PUBLIC or ROLE_ORDER.index(role) >= ROLE_ORDER.index(least)
        if allowed:
            assert response.status_code != 403, (role, method, route, response.text[:300])
        else:
            assert response.status_code == 403, (role, method, route, response.status_code)
    assert registry.read_bytes() == active_models  # the bad arguments changed nothing


def _an_article(desk: Desk) -> str:
    hits = desk.satark.search(SearchQuery(text="चुनाव")).hits
    assert hits, "the demo crawl has Hindi election articles"
    return hits[0].id
