"""Saved searches, subscriptions, unsubscribes, installation secrets, the digest log's one-per-day rule, and the
store's job locks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from store.alert_rows import JobLockRow
from store.digests import OutgoingMessage
from store.job_locks import JobBusy
from store.store import Store
from store.subscriptions import SubscriptionError

DAY = date(2026, 12, 8)


def _add(store: Store, **changes: object) -> int:
    values: dict[str, object] = {"name": "फ़र्ज़ी वीडियो", "query": "q=फ़र्ज़ी+वीडियो&lang=hi",
                                 "recipients": ["asha@example.in"], "send_time": "07:30"}
    values.update(changes)
    return store.subscriptions.add(**values).id  # type: ignore[arg-type]


def test_a_subscription_keeps_its_saved_search_and_choices(store: Store) -> None:
    made = store.subscriptions.add(name="फ़र्ज़ी वीडियो", query="q=फ़र्ज़ी+वीडियो&lang=hi",
                                   recipients=["asha@example.in", " ravi@example.in ", "asha@example.in"],
                                   send_time="18:05", min_score=0.8, languages=["hi"], mail_language="hi",
                                   empty_day="skip", owner="प्रिया")
    read = store.subscriptions.get(made.id)
    assert read == made
    assert read.search.name == "फ़र्ज़ी वीडियो" and read.search.query == "q=फ़र्ज़ी+वीडियो&lang=hi"
    assert read.recipients == ("asha@example.in", "ravi@example.in")  # trimmed, once each
    assert (read.send_time, read.min_score, read.languages, read.mail_language, read.empty_day, read.status) == (
        "18:05", 0.8, ("hi",), "hi", "skip", "active")


@pytest.mark.parametrize(("change", "message"), [
    ({"recipients": []}, "at least one recipient"),
    ({"recipients": ["not an address"]}, "not an email address"),
    ({"send_time": "7:30"}, "HH:MM"),
    ({"send_time": "24:00"}, "HH:MM"),
    ({"min_score": 1.5}, "within 0..1"),
    ({"languages": ["fr"]}, "unknown language"),
    ({"mail_language": "ta"}, "mail language"),
    ({"empty_day": "maybe"}, "empty day"),
    ({"name": "  "}, "needs a name"),
])
def test_a_malformed_subscription_is_refused_with_a_reason(store: Store, change: dict[str, object], message: str) -> None:
    with pytest.raises(SubscriptionError, match=message):
        _add(store, **change)
    assert store.subscriptions.list() == []


def test_pause_resume_and_remove_keep_the_row(store: Store) -> None:
    first, second = _add(store), _add(store, name="Election rumours", query="q=rumour")
    assert store.subscriptions.set_status(first, "paused").status == "paused"
    store.subscriptions.set_status(second, "removed")
    assert [s.id for s in store.subscriptions.list()] == [first]
    assert [s.status for s in store.subscriptions.list(include_removed=True)] == ["paused", "removed"]
    with pytest.raises(SubscriptionError, match="no subscription"):
        store.subscriptions.set_status(second, "active")  # removed is for good
    with pytest.raises(SubscriptionError, match="no subscription 999"):
        store.subscriptions.get(999)


def test_unsubscribing_is_recorded_once_per_address(store: Store) -> None:
    subscription = _add(store)
    assert store.subscriptions.unsubscribe(subscription, "asha@example.in") is True
    assert store.subscriptions.unsubscribe(subscription, "asha@example.in") is False
    assert store.subscriptions.unsubscribed(subscription) == {"asha@example.in"}


def test_the_installation_secret_is_made_once_and_shared(store: Store, db_url: str) -> None:
    key = store.subscriptions.secret("unsubscribe-links")
    other = Store(db_url)
    try:
        assert len(key) == 32 and other.subscriptions.secret("unsubscribe-links") == key
        assert other.subscriptions.secret("another") != key
    finally:
        other.close()


def test_a_digest_is_recorded_once_per_subscription_and_day_with_its_items_and_messages(store: Store) -> None:
    subscription = _add(store)
    message = OutgoingMessage("asha@example.in", "<d.1@desk>", "विषय".encode())
    digest = store.digests.record(subscription, DAY, ["a1", "a2"], [message])
    assert digest is not None and digest.items == ("a1", "a2")
    assert store.digests.record(subscription, DAY, ["a3"], [OutgoingMessage("asha@example.in", "<d.2@desk>", b"x")]) is None
    assert store.digests.sent_articles(subscription) == {"a1", "a2"}  # the second attempt left nothing behind
    (delivery,) = store.digests.deliveries(subscription)
    assert (delivery.state, delivery.attempts, delivery.message_id) == ("pending", 0, "<d.1@desk>")
    assert store.digests.message(delivery.id) == "विषय".encode()


def test_a_delivery_is_claimed_by_one_sender_only(store: Store) -> None:
    subscription = _add(store)
    store.digests.record(subscription, DAY, [], [OutgoingMessage("asha@example.in", "<d.1@desk>", b"body")])
    now = datetime.now(UTC)
    (delivery,) = store.digests.due(now)
    claims: list[bytes | None] = []
    threads = [threading.Thread(target=lambda: claims.append(store.digests.claim(delivery.id))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims, key=lambda c: c is None) == [b"body", None, None, None]
    assert store.digests.due(now) == []
    assert store.digests.release_abandoned() == 1 and len(store.digests.due(now)) == 1


def test_a_job_lock_is_exclusive_and_released(store: Store) -> None:
    with store.jobs.held("digests"):
        with pytest.raises(JobBusy, match=f"digests is already running \\(pid {os.getpid()} on"):
            store.jobs.acquire("digests", timedelta(minutes=5))
        with store.jobs.held("crawl:bharat-samachar"):  # another job is another lock
            pass
    with store.jobs.held("digests"):
        pass


def test_a_lock_left_by_a_dead_process_or_an_expired_lease_is_taken_over(store: Store) -> None:
    lock = store.jobs.acquire("digests", timedelta(minutes=5))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with store.sessions.begin() as session:  # as if a process on this machine had held it and been killed
        session.execute(update(JobLockRow).values(pid=int(dead.stdout)))
    taken = store.jobs.acquire("digests", timedelta(minutes=5))
    with pytest.raises(JobBusy, match="lost"):
        store.jobs.renew(lock)
    with store.sessions.begin() as session:  # held on another machine, lease over
        session.execute(update(JobLockRow).values(host="elsewhere", expires_at=datetime.now(UTC) - timedelta(hours=1)))
    store.jobs.acquire("digests", timedelta(minutes=5))
    with pytest.raises(JobBusy):
        store.jobs.renew(taken)
    with store.sessions.begin() as session:  # held on another machine, lease running: busy even if that pid is free here
        session.execute(update(JobLockRow).values(host="elsewhere", pid=int(dead.stdout)))
    with pytest.raises(JobBusy, match="on elsewhere"):
        store.jobs.acquire("digests", timedelta(minutes=5))


def test_a_job_lock_can_be_waited_for(store: Store) -> None:
    held = store.jobs.acquire("digests", timedelta(minutes=5))
    with pytest.raises(JobBusy):
        store.jobs.acquire("digests", timedelta(minutes=5), wait_s=0.3)  # waited, still held
    threading.Timer(0.5, store.jobs.release, args=(held,)).start()
    waited = store.jobs.acquire("digests", timedelta(minutes=5), wait_s=10)
    assert waited.token != held.token


def test_locks_held_for_a_long_job_are_renewed_and_all_or_nothing(store: Store, db_url: str) -> None:
    other = Store(db_url)
    try:
        with store.jobs.holding(["crawl:a", "crawl:b"], lease=timedelta(seconds=0.6)):
            time.sleep(1.5)  # well past the lease: only renewal keeps it
            with store.sessions.begin() as session:  # seen from another machine, where the pid proves nothing
                session.execute(update(JobLockRow).values(host="elsewhere"))
            with pytest.raises(JobBusy, match="crawl:b"):
                other.jobs.holding(["crawl:0", "crawl:b"]).__enter__()  # crawl:0 is taken first, then let go
        with other.jobs.holding(["crawl:0"]):  # free again: let go when crawl:b could not be had
            pass
    finally:
        other.close()
