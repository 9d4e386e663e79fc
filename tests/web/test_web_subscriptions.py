"""Subscriptions in the desk: a search saved as a daily digest from the search page, owners managing their own,
admins all of them and the deliveries the mail server refused; forms checked for CSRF and bad input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from core.settings import load_settings
from pipeline.app import SatarkApp
from store.accounts import ROLES
from store.digests import OutgoingMessage
from tests.alerts.conftest import ARTICLES, add_articles
from tests.web.conftest import PASSWORD, Desk, csrf_of
from web.app import create_app

SEARCH = "q=ईवीएम&lang=hi&flagged=true"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    home = tmp_path / "home"
    home.mkdir()
    add_articles(home, ARTICLES)
    satark = SatarkApp(load_settings(home=home, web={"login_rate": 1000}))
    for role in ROLES:
        satark.store.accounts.add_user(role, PASSWORD, role)
    yield Desk(home, satark, create_app(satark))
    satark.close()


def subscribe(client, csrf: str, **form: str):  # type: ignore[no-untyped-def]
    data = {"name": "ईवीएम अफ़वाहें", "search": SEARCH, "recipients": "asha@example.in, ravi@example.in",
            "send_time": "07:30", "mail_language": "hi", "empty_day": "notice", "csrf": csrf, **form}
    return client.post("/subscriptions", data=data)


def test_a_search_is_saved_as_a_daily_digest_from_the_search_page(desk: Desk) -> None:
    viewer = desk.logged_in("viewer")
    search_page = viewer.get(f"/search?{SEARCH}").text
    link = re.search(r'href="(/subscriptions\?search=[^"]+)" id="save-digest"', search_page)
    assert link is not None
    form = viewer.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and 'name="search" value="q=%E0%A4%88' in form.text  # the search, as it was
    created = subscribe(viewer, csrf_of(viewer, "/subscriptions"), search=f"/search?{SEARCH}&page=4",
                        languages="hi", min_score="0.8")
    assert created.status_code == 303 and created.headers["location"] == "/subscriptions"
    (subscription,) = desk.satark.store.subscriptions.list()
    assert subscription.owner == "viewer" and subscription.search.name == "ईवीएम अफ़वाहें"
    assert subscription.recipients == ("asha@example.in", "ravi@example.in") and subscription.min_score == 0.8
    assert subscription.search.query == "q=%E0%A4%88%E0%A4%B5%E0%A5%80%E0%A4%8F%E0%A4%AE&lang=hi&flagged=true"
    listed = viewer.get("/subscriptions").text
    assert 'id="subscription-1"' in listed and "ईवीएम अफ़वाहें" in listed
    assert ">q=ईवीएम&amp;lang=hi&amp;flagged=true<" in listed  # shown as typed, linked as encoded


def test_owners_change_their_own_and_admins_everyones(desk: Desk) -> None:
    viewer, reviewer, admin = desk.logged_in("viewer"), desk.logged_in("reviewer"), desk.logged_in("admin")
    assert subscribe(viewer, csrf_of(viewer, "/subscriptions")).status_code == 303
    assert 'id="subscription-1"' not in reviewer.get("/subscriptions").text  # not theirs
    refused = reviewer.post("/subscriptions/1/pause", data={"csrf": csrf_of(reviewer, "/subscriptions")})
    assert refused.status_code == 403 and desk.satark.store.subscriptions.get(1).status == "active"
    assert admin.post("/subscriptions/1/pause", data={"csrf": csrf_of(admin, "/subscriptions")}).status_code == 303
    assert desk.satark.store.subscriptions.get(1).status == "paused"
    assert 'id="resume-1"' in viewer.get("/subscriptions").text
    assert viewer.post("/subscriptions/1/remove", data={"csrf": csrf_of(viewer, "/subscriptions")}).status_code == 303
    assert desk.satark.store.subscriptions.list() == []
    assert viewer.post("/subscriptions/1/explode", data={"csrf": csrf_of(viewer, "/subscriptions")}).status_code == 404


def test_bad_input_and_a_missing_csrf_token_change_nothing(desk: Desk) -> None:
    viewer = desk.logged_in("viewer")
    csrf = csrf_of(viewer, "/subscriptions")
    bad_address = subscribe(viewer, csrf, recipients="asha@example.in, not-an-address")
    assert bad_address.status_code == 422 and "not an email address" in bad_address.text
    assert "asha@example.in, not-an-address" in bad_address.text  # the form keeps what was typed
    bad_search = subscribe(viewer, csrf, search="lang=fr")
    assert bad_search.status_code == 422 and "search: lang" in bad_search.text
    assert subscribe(viewer, "wrong").status_code == 403
    assert desk.client().get("/subscriptions").status_code in (303, 401)  # anonymous: to the login page
    assert desk.satark.store.subscriptions.list() == []


def test_the_admin_sees_refused_deliveries_and_others_do_not(desk: Desk) -> None:
    store = desk.satark.store
    subscription = store.subscriptions.add(name="x", query="", recipients=["nobody@example.in"], send_time="07:00")
    store.digests.record(subscription.id, date(2026, 12, 8), [], [OutgoingMessage("nobody@example.in", "<m@d>", b"m")])
    (delivery,) = store.digests.deliveries(subscription.id)
    store.digests.mark_refused(delivery.id, "550 5.1.1 no such mailbox here")
    admin_page = desk.logged_in("admin").get("/subscriptions").text
    problems = admin_page[admin_page.index('id="delivery-problems"'):]
    assert "nobody@example.in" in problems and "550 5.1.1 no such mailbox here" in problems
    assert 'id="delivery-problems"' not in desk.logged_in("viewer").get("/subscriptions").text


def test_the_page_speaks_hindi_to_a_hindi_user(desk: Desk) -> None:
    desk.satark.store.accounts.set_language("viewer", "hi")
    page = desk.logged_in("viewer").get(f"/subscriptions?search={quote(SEARCH)}").text
    assert "दैनिक डाइजेस्ट" in page and 'lang="hi"' in page
