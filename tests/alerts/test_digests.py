"""Daily digests end to end: a real store and SQLite index, the real SMTP server of conftest, and the desk's
unsubscribe route."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alerts.job import DigestJob, today
from pipeline.app import SatarkApp
from store.digests import DigestRepository
from store.subscriptions import Subscription
from tests.alerts.conftest import DESK, NOW, REFUSED_PREFIX, SmtpServer, _doc, add_articles
from web.app import create_app

DAY = today()
HI_SUBJECT = "सतर्क डाइजेस्ट: ईवीएम अफ़वाहें: {count} नए फ़्लैग ({day})"


def subscribe(satark: SatarkApp, *recipients: str, name: str = "ईवीएम अफ़वाहें", query: str = "",
              mail_language: str = "hi", **more: object) -> Subscription:
    return satark.store.subscriptions.add(name=name, query=query, recipients=recipients, send_time="07:30",
                                          mail_language=mail_language, **more)  # type: ignore[arg-type]


def parts(message: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in message.walk()]


def html_of(message: EmailMessage) -> str:
    body = message.get_body(("html",))
    assert body is not None
    return body.get_content()  # type: ignore[no-any-return]


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return body.get_content()  # type: ignore[no-any-return]


def test_a_digest_reaches_each_recipient_alone_with_its_parts_a_hindi_subject_and_desk_links(
        satark: SatarkApp, smtp: SmtpServer) -> None:
    subscription = subscribe(satark, "asha@example.in", "ravi@example.in")
    report = DigestJob(satark, now=NOW).run(DAY)
    assert report.sent == 2 and not report.waiting and not report.refused
    assert sorted(r.recipients[0] for r in smtp.received) == ["asha@example.in", "ravi@example.in"]
    assert all(len(r.recipients) == 1 for r in smtp.received)  # nobody sees the other recipients
    (message,) = smtp.to("asha@example.in")
    assert message["To"] == "asha@example.in"
    assert message["Subject"] == HI_SUBJECT.format(count=6, day=DAY.isoformat())  # RFC 2047 decodes to the same text
    assert "=?utf-8?" in smtp.received[0].data.decode("ascii").split("\r\n\r\n", 1)[0].lower()  # and it was encoded
    assert str(message["From"]).startswith("सतर्क")
    assert parts(message) == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png"]
    html, text = html_of(message), text_of(message)
    for article in ("hi-match", "en-match", "en-style", "hi-style", "en-weak", "hi-hostile"):
        assert f"{DESK}/articles/{article}" in html and f"{DESK}/articles/{article}" in text
    assert "ईवीएम में चिप लगाकर वोट बदलने का दावा फिर वायरल" in html and "फ़र्ज़ी" in html
    assert "https://factcheck.example/evm-chip" in html
    assert "फ़ैक्ट चेक किए गए दावे को दोहराता है" in html  # the mail's own text is in Hindi
    unsubscribe = str(message["List-Unsubscribe"])
    assert unsubscribe.startswith(f"<{DESK}/unsubscribe?t=") and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (delivery, _) = sorted(satark.store.digests.deliveries(subscription.id), key=lambda d: d.address)
    assert delivery.state == "sent" and message["Message-ID"] == delivery.message_id


def test_items_are_new_grouped_by_reason_strongest_first_and_leave_out_what_the_desk_would_not_mail(
        satark: SatarkApp, smtp: SmtpServer) -> None:
    subscribe(satark, "asha@example.in", mail_language="en", min_score=0.7)
    DigestJob(satark, now=NOW).run(DAY)
    text = text_of(smtp.to("asha@example.in")[0])
    order = [text.index(f"/articles/{a}") for a in ("hi-match", "en-match", "en-style", "hi-style", "hi-hostile")]
    assert order == sorted(order)  # fact-check matches, then style, then hostile; strongest first within each
    assert text.index("Repeats a fact-checked claim") < text.index("Misinformation style") < text.index("Hostile")
    for left_out in ("en-weak", "en-dismissed", "en-copy", "hi-old", "en-news"):  # weak, dismissed, copy, old, not flagged
        assert f"/articles/{left_out}" not in text


def test_the_next_day_brings_only_what_is_new_and_a_second_run_sends_nothing(
        satark: SatarkApp, smtp: SmtpServer, home: Path) -> None:
    subscribe(satark, "asha@example.in", mail_language="en", min_score=0.7)
    DigestJob(satark, now=NOW).run(DAY)
    again = DigestJob(satark, now=NOW + timedelta(minutes=5)).run(DAY)
    assert again.already_built and again.sent == 0 and len(smtp.received) == 1
    add_articles(home, (_doc("en-new", "New rumour: ballots printed twice", "en", hours_ago=0.5, score=0.9,
                             flagged=True, reasons=("style",)),))
    DigestJob(satark, now=NOW + timedelta(days=1)).run(DAY + timedelta(days=1))
    second = text_of(smtp.to("asha@example.in")[1])
    assert "/articles/en-new" in second and "/articles/hi-match" not in second


def test_an_smtp_outage_waits_and_the_digest_goes_out_once_when_the_server_is_back(
        satark: SatarkApp, smtp: SmtpServer) -> None:
    subscription = subscribe(satark, "asha@example.in")
    smtp.stop()
    down = DigestJob(satark, now=NOW).run(DAY)
    assert down.sent == 0 and len(down.waiting) == 1
    (waiting,) = satark.store.digests.deliveries(subscription.id)
    assert waiting.state == "pending" and waiting.attempts == 1 and waiting.last_error
    smtp.start()
    back = DigestJob(satark, now=NOW + timedelta(minutes=1)).run(DAY)
    assert back.sent == 1 and len(smtp.received) == 1
    assert DigestJob(satark, now=NOW + timedelta(minutes=2)).run(DAY).sent == 0 and len(smtp.received) == 1


def test_the_wait_after_a_failure_is_respected_and_grows(satark: SatarkApp, smtp: SmtpServer) -> None:
    satark.settings.alerts.retry_initial_s = 600
    subscription = subscribe(satark, "asha@example.in")
    smtp.stop()
    DigestJob(satark, now=NOW).run(DAY)
    first = satark.store.digests.deliveries(subscription.id)[0].next_attempt_at
    assert first is not None and first - NOW == timedelta(seconds=600)
    assert DigestJob(satark, now=NOW + timedelta(seconds=60)).run(DAY).waiting == []  # not due yet: not tried
    DigestJob(satark, now=NOW + timedelta(seconds=601)).run(DAY)
    second = satark.store.digests.deliveries(subscription.id)[0]
    assert second.attempts == 2 and second.next_attempt_at == NOW + timedelta(seconds=601 + 1200)


def test_a_crash_between_sending_and_recording_resends_the_same_message_not_a_second_digest(
        satark: SatarkApp, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    subscription = subscribe(satark, "asha@example.in")

    def crash(self: DigestRepository, delivery_id: int) -> None:
        raise SystemExit("killed after the server accepted the message")

    with monkeypatch.context() as patch:
        patch.setattr(DigestRepository, "mark_sent", crash)
        with pytest.raises(SystemExit):
            DigestJob(satark, now=NOW).run(DAY)
    assert satark.store.digests.deliveries(subscription.id)[0].state == "sending"
    rerun = DigestJob(satark, now=NOW + timedelta(minutes=1)).run(DAY)
    assert rerun.sent == 1 and not rerun.built  # the digest is not built again
    first, second = smtp.to("asha@example.in")
    # The server saw the message twice; a mailbox sees one digest: same Message-ID, same bytes.
    assert first["Message-ID"] == second["Message-ID"]
    assert smtp.received[0].data == smtp.received[1].data
    (delivery,) = satark.store.digests.deliveries(subscription.id)
    assert delivery.state == "sent" and delivery.attempts == 2


def test_a_refused_recipient_is_recorded_and_not_retried_while_the_others_get_theirs(
        satark: SatarkApp, smtp: SmtpServer) -> None:
    subscription = subscribe(satark, f"{REFUSED_PREFIX}example.in", "asha@example.in")
    report = DigestJob(satark, now=NOW).run(DAY)
    assert report.sent == 1 and len(report.refused) == 1 and "550" in report.refused[0]
    states = {d.address: d for d in satark.store.digests.deliveries(subscription.id)}
    assert states[f"{REFUSED_PREFIX}example.in"].state == "refused"
    assert "no such mailbox" in (states[f"{REFUSED_PREFIX}example.in"].last_error or "")
    assert satark.store.digests.deliveries(states=("refused",))[0].address == f"{REFUSED_PREFIX}example.in"
    assert DigestJob(satark, now=NOW + timedelta(hours=1)).run(DAY).refused == []


def test_the_unsubscribe_link_stops_that_recipients_mail_only(satark: SatarkApp, smtp: SmtpServer, home: Path) -> None:
    subscribe(satark, "asha@example.in", "ravi@example.in")
    DigestJob(satark, now=NOW).run(DAY)
    link = str(smtp.to("asha@example.in")[0]["List-Unsubscribe"]).strip("<>")
    path = link.removeprefix(DESK)
    desk = TestClient(create_app(satark), base_url="https://testserver")
    page = desk.get(path)
    assert page.status_code == 200 and "asha@example.in" in page.text and "सदस्यता समाप्त करें" in page.text
    tampered = re.sub(r"t=(.)", lambda m: "t=" + ("A" if m.group(1) != "A" else "B"), path, count=1)
    assert desk.post(tampered).status_code == 400
    # A mail program's one-click unsubscribe (RFC 8058) posts this body to the link.
    done = desk.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and 'id="unsubscribed"' in done.text
    add_articles(home, (_doc("hi-new", "नया दावा: मतपत्र दो बार छपे", "hi", hours_ago=0.5, score=0.9, flagged=True,
                             reasons=("style",)),))
    DigestJob(satark, now=NOW + timedelta(days=1)).run(DAY + timedelta(days=1))
    assert len(smtp.to("asha@example.in")) == 1 and len(smtp.to("ravi@example.in")) == 2


def test_an_empty_day_sends_a_short_notice_or_nothing_as_chosen(satark: SatarkApp, smtp: SmtpServer) -> None:
    subscribe(satark, "notice@example.in", name="Nothing here", query="q=cricket", mail_language="en")
    subscribe(satark, "skip@example.in", name="Nothing either", query="q=cricket", mail_language="en", empty_day="skip")
    report = DigestJob(satark, now=NOW).run(DAY)
    assert [b.items for b in report.built] == [0, 0] and report.sent == 1
    (notice,) = smtp.to("notice@example.in")
    assert notice["Subject"] == f"Satark digest: Nothing here: nothing new ({DAY.isoformat()})"
    assert "Nothing new matched" in text_of(notice) and "image/png" not in parts(notice)
    assert smtp.to("skip@example.in") == []


def test_paused_subscriptions_get_nothing_and_resume_later(satark: SatarkApp, smtp: SmtpServer) -> None:
    subscription = subscribe(satark, "asha@example.in")
    satark.store.subscriptions.set_status(subscription.id, "paused")
    assert DigestJob(satark, now=NOW).run(DAY).built == [] and smtp.received == []
    satark.store.subscriptions.set_status(subscription.id, "active")
    assert DigestJob(satark, now=NOW).run(DAY).sent == 1


def test_a_dry_run_writes_eml_files_and_records_nothing(satark: SatarkApp, smtp: SmtpServer, tmp_path: Path) -> None:
    subscription = subscribe(satark, "asha@example.in", query="lang=en", mail_language="en")
    report = DigestJob(satark, now=NOW).dry_run(DAY, None, tmp_path / "eml")
    (written,) = report.written
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert written.suffix == ".eml" and message["To"] == "asha@example.in"
    assert report.built[0].items == 3  # English only, no minimum score: the match, the style flag and the weak one
    assert all(f"/articles/{a}" in text_of(message) for a in ("en-match", "en-style", "en-weak"))  # type: ignore[arg-type]
    assert smtp.received == [] and satark.store.digests.get(subscription.id, DAY) is None
