"""The HTML digest as a phone shows it: rendered by Debian's Chromium (Playwright) at a phone's width, for a Hindi
and an English subscription; screenshots saved under test-artefacts/screenshots. Titles planted with script
payloads execute nothing."""

from __future__ import annotations

import base64
import email
import email.policy
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from alerts.job import DigestJob, today
from pipeline.app import SatarkApp
from tests.alerts.conftest import NOW, _doc, add_articles
from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = REPO / "test-artefacts" / "screenshots"
PAYLOAD = 'झूठा दावा <script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=\'img\'">'


def html_with_inline_chart(eml: Path) -> str:
    """The HTML part with its cid: image swapped for a data: URL, as a mail program resolves it."""
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    html_part = message.get_body(("html",))
    assert html_part is not None
    html: str = html_part.get_content()  # type: ignore[assignment]
    for part in message.walk():
        if part.get_content_type() == "image/png":
            cid = str(part["Content-ID"]).strip("<>")
            data = base64.b64encode(part.get_content()).decode("ascii")  # type: ignore[arg-type]
            html = html.replace(f"cid:{cid}", f"data:image/png;base64,{data}")
    return html


@pytest.mark.parametrize("language", ["hi", "en"])
def test_the_digest_reads_on_a_phone_and_runs_no_planted_script(satark: SatarkApp, home: Path, tmp_path: Path,
                                                               language: str) -> None:
    add_articles(home, (_doc("hi-payload", PAYLOAD, "hi", score=0.9, flagged=True, reasons=("style",),
                             evidence='<script>window.__pwned = "evidence"</script>'),))
    satark.store.subscriptions.add(name="चुनाव अफ़वाहें" if language == "hi" else "Election rumours", query="",
                                   recipients=["asha@example.in"], send_time="07:30", mail_language=language)
    (eml,) = DigestJob(satark, now=NOW).dry_run(today(), None, tmp_path).written
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content(html_with_inline_chart(eml), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
        assert page.evaluate("document.images[0].naturalWidth") == 560  # the inline chart decoded
        assert page.locator("a", has_text="झूठा दावा").count() == 1  # the payload shows as text
        assert page.evaluate("window.__pwned") is None and errors == []
        page.screenshot(path=str(SCREENSHOTS / f"digest-{language}.png"), full_page=True)
        browser.close()
