"""The desk's routes as a script or a browser reaches them: anonymously, with each role, with a revoked token;
malformed parameters; CSRF refusal; the page and the API giving the same hits for the same query string."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Desk, csrf_of

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

# (path, the least role that may read it)
PAGES = [("/search", "viewer"), ("/review", "reviewer"), ("/admin/sources", "admin")]
ROLE_ORDER = ["viewer", "reviewer", "analyst", "admin"]


def _flagged_id(client: TestClient) -> str:
    hits = client.get("/api/v1/search", params={"flagged": "true", "sort": "score"}).json()["hits"]
    assert hits, "the demo crawl has flagged articles"
    return str(hits[0]["id"])


def test_anonymous_requests_are_sent_to_log_in(desk: Desk) -> None:
    client = desk.client()
    for path, _ in PAGES:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    api = client.get("/api/v1/search", params={"q": "चुनाव"})
    assert api.status_code == 401 and api.json()["detail"] and api.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/v1/articles/0123456789abcdef/review", json={"decision": "confirmed"}).status_code == 401


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_each_role_reaches_exactly_its_pages(desk: Desk, role: str) -> None:
    client = desk.logged_in(role)
    for path, least in PAGES:
        allowed = ROLE_ORDER.index(role) >= ROLE_ORDER.index(least)
        assert client.get(path).status_code == (200 if allowed else 403), (role, path)


def test_a_viewer_cannot_review_and_a_reviewer_can(desk: Desk) -> None:
    viewer = desk.logged_in("viewer")
    article = _flagged_id(viewer)
    refused = viewer.post(f"/api/v1/articles/{article}/review", json={"decision": "dismissed"},
                          headers={"X-CSRF-Token": csrf_of(viewer)})
    assert refused.status_code == 403
    reviewer = desk.logged_in("reviewer")
    done = reviewer.post(f"/api/v1/articles/{article}/review", json={"decision": "dismissed", "note": "पुराना वीडियो"},
                         headers={"X-CSRF-Token": csrf_of(reviewer)})
    assert done.status_code == 200, done.text
    assert done.json()["decision"] == "dismissed" and done.json()["reviewer"] == "reviewer" and done.json()["indexed"]
    history = reviewer.get(f"/api/v1/articles/{article}").json()["review_history"]
    assert history[0]["note"] == "पुराना वीडियो" and history[0]["decision"] == "dismissed"
    found = reviewer.get("/api/v1/search", params={"review": "dismissed"}).json()["hits"]
    assert article in {hit["id"] for hit in found}


def test_state_changes_without_the_csrf_token_are_refused(desk: Desk) -> None:
    client = desk.logged_in("reviewer")
    article = _flagged_id(client)
    assert client.post(f"/api/v1/articles/{article}/review", json={"decision": "confirmed"}).status_code == 403
    wrong = client.post(f"/articles/{article}/review", data={"decision": "confirmed", "csrf": "forged"})
    assert wrong.status_code == 403
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/search").status_code == 200  # still logged in


def test_tokens_act_with_their_user_role_until_revoked(desk: Desk) -> None:
    accounts = desk.satark.store.accounts
    token, secret = accounts.create_token("reviewer", "nightly export")
    script = desk.client()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert script.get("/api/v1/search", params={"q": "election"}, headers=bearer).status_code == 200
    article = _flagged_id(TestClient(desk.app, base_url="https://testserver", headers=bearer))
    # A script needs no CSRF token: no browser attaches a bearer token on its own.
    assert script.post(f"/api/v1/articles/{article}/review", json={"decision": "confirmed"},
                       headers=bearer).status_code == 200
    assert script.get("/admin/sources", headers=bearer).status_code == 403
    accounts.revoke_token(token.id, now=datetime.now(UTC))
    assert script.get("/api/v1/search", headers=bearer).status_code == 401
    assert script.get("/api/v1/search", headers={"Authorization": "Bearer stk_not-a-token"}).status_code == 401


@pytest.mark.parametrize(("params", "field"), [
    ({"min_score": "high"}, "min_score"), ({"min_score": "1.5"}, "min_score"), ({"page": "0"}, "page"),
    ({"per_page": "1000"}, "per_page"), ({"lang": "fr"}, "lang"), ({"from": "2026-13-01"}, "from"),
    ({"sort": "random"}, "sort"), ({"flag": "rumour"}, "flag"), ({"review": "maybe"}, "review"),
    ({"q": "x" * 501}, "q"),
])
def test_malformed_parameters_name_the_field(desk: Desk, params: dict[str, str], field: str) -> None:
    client = desk.logged_in("viewer")
    api = client.get("/api/v1/search", params=params)
    assert api.status_code == 422 and field in api.json()["fields"], api.text
    page = client.get("/search", params=params)
    assert page.status_code == 400 and f"<code>{field}</code>" in page.text


def test_contradictory_ranges_are_a_4xx_not_a_500(desk: Desk) -> None:
    reviewer = desk.logged_in("reviewer")
    article = _flagged_id(reviewer)
    bad_form = reviewer.post(f"/articles/{article}/review", data={"decision": "maybe", "csrf": csrf_of(reviewer)})
    assert bad_form.status_code == 422 and "decision" in bad_form.text
    bad_json = reviewer.post(f"/api/v1/articles/{article}/review", json={"decision": "maybe"},
                             headers={"X-CSRF-Token": csrf_of(reviewer)})
    assert bad_json.status_code == 422 and "decision" in bad_json.json()["fields"]
    client = desk.logged_in("viewer")
    assert client.get("/api/v1/search", params={"min_score": "0.9", "max_score": "0.1"}).status_code == 422
    assert client.get("/api/v1/search", params={"from": "2026-11-30", "to": "2026-11-01"}).status_code == 422
    assert client.get("/api/v1/articles/not-an-id").status_code == 404


def test_the_page_and_the_api_give_the_same_hits_for_the_same_query_string(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    query = {"q": "फर्जी", "lang": "hi", "sort": "newest", "per_page": "5"}
    api = client.get("/api/v1/search", params=query).json()
    page = client.get("/search", params=query).text
    assert api["total"] > 0
    assert re.findall(r'class="hit[^"]*" data-id="([0-9a-f]+)"', page) == [hit["id"] for hit in api["hits"]]
    # The API's echo of the query is the page's shareable URL, and it reproduces the same hits.
    again = client.get(f"/api/v1/search?{api['query']}").json()
    assert [hit["id"] for hit in again["hits"]] == [hit["id"] for hit in api["hits"]]


def test_hindi_search_finds_variant_spellings_highlighted_as_written(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    typed = client.get("/api/v1/search", params={"q": "फर्जी"}).json()
    spelt = client.get("/api/v1/search", params={"q": "फ़र्ज़ी"}).json()
    assert typed["total"] == spelt["total"] > 0
    assert any("<mark>फ़र्ज़ी</mark>" in hit["title_highlighted"] + hit["snippet"] for hit in typed["hits"])


def test_an_article_says_why_it_was_flagged(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    article = client.get(f"/api/v1/articles/{_flagged_id(client)}").json()
    assert article["flags"] and all(flag["evidence"] for flag in article["flags"])
    assert {c["task"] for c in article["classifications"]} >= {"misinformation", "sentiment"}
    assert all("/" in c["model"] for c in article["classifications"])  # NAME/VERSION
    page = client.get(f"/articles/{article['id']}").text
    assert 'id="why-flagged"' in page and 'rel="noopener noreferrer nofollow"' in page


def test_responses_carry_a_strict_content_security_policy(desk: Desk) -> None:
    response = desk.logged_in("viewer").get("/search")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    login_page = desk.client().get("/login")  # before login too
    assert login_page.headers["content-security-policy"] == policy


def test_the_session_cookie_is_secure_httponly_and_strict(desk: Desk) -> None:
    from tests.web.conftest import PASSWORD, login

    client = desk.client()
    response = login(client, "viewer", PASSWORD)
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "satark_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie


def test_logout_ends_the_session_on_the_server(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    stolen = client.cookies.get("satark_session")
    assert client.post("/logout", data={"csrf": csrf_of(client)}).status_code == 303
    replay = desk.client()
    replay.cookies.set("satark_session", stolen or "", domain="testserver")
    assert replay.get("/search").status_code == 303


def test_the_openapi_schema_is_served_and_checked_in(desk: Desk) -> None:
    import json
    from pathlib import Path

    served = desk.client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/articles/{article_id}", "/api/v1/articles/{article_id}/review"} <= set(served["paths"])
    checked_in = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert checked_in == served, "docs/openapi.json is stale: run `python -m web.openapi > docs/openapi.json`"
