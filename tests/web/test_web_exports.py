"""Exports of a search (CSV with a byte-order mark, JSON lines) and the fact-checks page, over the demo crawl."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.web.conftest import Desk

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def test_a_search_exports_as_csv_that_spreadsheets_read_as_utf8(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    query = {"q": "चुनाव", "lang": "hi", "sort": "newest"}
    api = client.get("/api/v1/search", params={**query, "per_page": "100"}).json()
    response = client.get("/api/v1/export.csv", params=query)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["id"] for row in rows] == [hit["id"] for hit in api["hits"]]  # the whole search, in its order
    assert len(rows) == api["total"] > 20  # more than one page of the search
    assert any("चुनाव" in row["title"] for row in rows)


def test_a_search_exports_as_json_lines(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    response = client.get("/api/v1/export.jsonl", params={"flagged": "true"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines and all(line["flagged"] for line in lines)
    assert all(line["flag_reasons"] and line["evidence"] for line in lines if line["kind"] == "news")


def test_exports_need_a_login_and_valid_parameters(desk: Desk) -> None:
    assert desk.client().get("/api/v1/export.csv").status_code == 401
    client = desk.logged_in("viewer")
    assert client.get("/api/v1/export.xlsx").status_code == 422
    assert client.get("/api/v1/export.csv", params={"min_score": "x"}).status_code == 422


def test_the_fact_checks_page_lists_claims_with_the_articles_that_repeat_them(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    listing = client.get("/api/v1/factchecks").json()
    assert listing["total"] == desk.satark.store.claims.known_count() >= 3  # the claims of the demo's fact-checks
    claims = listing["claims"]
    assert all(claim["rating"] and claim["origin"].startswith("article:") for claim in claims)
    repeated = [claim for claim in claims if claim["matched"]]
    assert repeated, "some demo rumours repeat a fact-checked claim"
    article = client.get(f"/api/v1/articles/{repeated[0]['matched'][0]['id']}").json()
    assert any(flag["match"] and flag["match"]["known"]["id"] == repeated[0]["id"] for flag in article["flags"])
    hindi = client.get("/api/v1/factchecks", params={"lang": "hi"}).json()
    assert hindi["claims"] and all(claim["language"] == "hi" for claim in hindi["claims"])
    page = client.get("/factchecks")
    assert page.status_code == 200 and repeated[0]["text"] in page.text
    assert client.get("/api/v1/factchecks", params={"lang": "fr"}).status_code == 422
