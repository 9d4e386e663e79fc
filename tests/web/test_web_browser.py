"""The desk in a real browser: Playwright drives Debian's Chromium against the desk served by uvicorn on
loopback, over a copy of the demo crawl. A screenshot of every page is saved under test-artefacts/screenshots."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from core.records import Discovery, ExtractedArticle
from pipeline.indexing import to_document
from tests.conftest import REPO, free_port_block
from tests.web.conftest import PASSWORD, Desk

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = REPO / "test-artefacts" / "screenshots"
PAYLOAD_TITLE = 'षड्यंत्र <script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=\'img\'">'
PAYLOAD_TEXT = ('षड्यंत्र की ख़बर <script>window.__pwned = "text"</script> '
                '<a href="javascript:window.__pwned=\'link\'">click</a> <svg onload="window.__pwned=\'svg\'"></svg>')


@pytest.fixture(scope="module")
def served(desk: Desk) -> Iterator[str]:
    port = free_port_block(1)
    server = uvicorn.Server(uvicorn.Config(desk.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the desk did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="hi-IN", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def log_in(page: Page, base: str, name: str, next_path: str = "/search") -> None:
    page.goto(f"{base}{next_path}")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill('input[name="name"]', name)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]:not(#switch-language)')
    expect(page).to_have_url(re.compile(re.escape(next_path.split("?")[0])))


def test_search_filter_open_and_see_why_it_was_flagged(page: Page, served: str) -> None:
    log_in(page, served, "viewer")
    shot(page, "search-empty")
    page.fill("#q", "फर्जी")
    page.press("#q", "Enter")
    expect(page.locator("li.hit").first).to_be_visible()
    expect(page.locator("li.hit mark").first).to_have_text("फ़र्ज़ी")  # found as typed, marked as the article spells it
    shot(page, "search-hindi")
    total = int(page.inner_text("#total"))
    page.click('section[data-facet="language"] a:has-text("hi")')
    expect(page).to_have_url(re.compile(r"lang=hi"))
    assert int(page.inner_text("#total")) <= total
    page.goto(f"{served}/search?flagged=true&sort=score")
    page.locator("li.hit a.title").first.click()
    expect(page.locator("#why-flagged .flag").first).to_be_visible()
    expect(page.locator("#why-flagged blockquote.evidence").first).not_to_be_empty()
    assert page.get_attribute("#original-link", "rel") == "noopener noreferrer nofollow"
    shot(page, "article")


def test_a_reviewer_clears_the_queue_from_the_keyboard(page: Page, served: str) -> None:
    log_in(page, served, "reviewer", "/review")
    first = page.locator(".queue-item").first
    expect(first).to_have_class(re.compile("current"))
    shot(page, "review-queue")
    before = int(page.inner_text("#queue-total"))
    second_id = page.locator(".queue-item").nth(1).get_attribute("data-id")
    page.keyboard.press("j")
    expect(page.locator(".queue-item").nth(1)).to_have_class(re.compile("current"))
    page.keyboard.press("c")  # confirm the second item
    expect(page).to_have_url(re.compile(r"/review$"))
    expect(page.locator("#queue-total")).to_have_text(str(before - 1))
    assert page.locator(f'.queue-item[data-id="{second_id}"]').count() == 0
    page.keyboard.press("d")  # dismiss the (new) first item
    expect(page.locator("#queue-total")).to_have_text(str(before - 2))
    page.goto(f"{served}/search?review=confirmed")
    expect(page.locator(f'li.hit[data-id="{second_id}"]')).to_be_visible()
    page.goto(f"{served}/articles/{second_id}")
    expect(page.locator("#review-history .decision").first).to_have_text("confirmed")
    shot(page, "reviewed-article")


def test_the_interface_switches_to_hindi_and_remembers_it(page: Page, served: str) -> None:
    log_in(page, served, "analyst")
    page.click("#switch-language")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    expect(page.locator("#search-form button[type=submit]").first).to_have_text("खोजें")
    page.goto(f"{served}/search?q=चुनाव")
    expect(page.locator("#logout")).to_have_text("लॉग आउट")
    shot(page, "search-in-hindi")
    page.click("#switch-language")
    expect(page.locator("#logout")).to_have_text("Log out")


def test_a_reviewer_cannot_reach_admin_pages(page: Page, served: str) -> None:
    log_in(page, served, "reviewer")
    assert page.locator('a[href="/admin/sources"]').count() == 0
    response = page.goto(f"{served}/admin/sources")
    assert response is not None and response.status == 403
    shot(page, "forbidden")


def test_the_admin_sees_the_sources(page: Page, served: str) -> None:
    log_in(page, served, "admin", "/admin/sources")
    expect(page.locator("#sources tbody tr").first).to_be_visible()
    shot(page, "sources")


def test_a_search_is_mailed_daily_from_the_search_page(page: Page, served: str) -> None:
    log_in(page, served, "viewer", "/search?q=ईवीएम&lang=hi")
    page.click("#save-digest")
    expect(page).to_have_url(re.compile(r"/subscriptions\?search="))
    page.fill('input[name="name"]', "ईवीएम अफ़वाहें")
    page.fill('textarea[name="recipients"]', "asha@example.in, ravi@example.in")
    page.select_option('select[name="mail_language"]', "hi")
    page.click("#subscribe")
    expect(page).to_have_url(re.compile(r"/subscriptions$"))
    row = page.locator("#subscriptions tbody tr").last
    expect(row).to_contain_text("ईवीएम अफ़वाहें")
    expect(row).to_contain_text("asha@example.in, ravi@example.in")
    shot(page, "subscriptions")


def test_planted_script_payloads_execute_nothing(page: Page, served: str, desk: Desk) -> None:
    store = desk.satark.store
    now = datetime.now(UTC)
    store.articles.add(ExtractedArticle(
        id="feedfacecafe0000beef", url="https://hostile.example/x", fetched_url="https://hostile.example/x",
        source="hostile.example", title=PAYLOAD_TITLE, text=PAYLOAD_TEXT, fetched_at=now, raw_html=b"", encoding="utf-8",
        via=Discovery.FEED))
    row = store.articles.get("feedfacecafe0000beef")
    assert row is not None
    with desk.satark.open_index() as index:
        index.upsert([to_document(row, [])])
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("dialog", lambda dialog: console.append(f"dialog {dialog.message}"))
    log_in(page, served, "viewer")
    page.goto(f"{served}/search?q=षड्यंत्र")
    expect(page.locator('li.hit[data-id="feedfacecafe0000beef"]')).to_be_visible()
    shot(page, "hostile-search")
    assert page.evaluate("window.__pwned") is None
    page.goto(f"{served}/articles/feedfacecafe0000beef")
    expect(page.locator("#article-title")).to_contain_text("<script>")  # shown as text, not run
    assert page.locator('a[href^="javascript:"]').count() == 0
    shot(page, "hostile-article")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script:not([src])").count() == 0
    assert not [line for line in console if "pwned" in line or line.startswith("dialog")], console
