"""`satark digest run`: build each subscription's digest of the day (once), then deliver what waits.

Building records the digest's items and every recipient's finished message in one transaction (the intent), so a
crash before it leaves nothing and a crash after it leaves the messages to send. Delivering claims each message
(`sending`), hands it to the server and records the outcome; a temporary failure waits with backoff and a refused
recipient is recorded for the admin. The run holds the store's `digests` job lock, so two runs never interleave
and a message left `sending` by a dead run can be sent again (same bytes, same Message-ID).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from alerts.compose import compose, recipient
from alerts.selection import Selection, select
from alerts.smtp import SmtpSender
from core.signatures import UNSUBSCRIBE_KEY
from index.dates import IST
from pipeline.app import SatarkApp
from store.digests import Delivery, OutgoingMessage
from store.job_locks import JobLock
from store.subscriptions import Subscription

log = logging.getLogger(__name__)
JOB_NAME = "digests"


@dataclass(slots=True)
class BuiltDigest:
    subscription_id: int
    name: str
    items: int
    more: int
    recipients: int


@dataclass(slots=True)
class DigestRunReport:
    day: date
    built: list[BuiltDigest] = field(default_factory=list)
    already_built: list[int] = field(default_factory=list)  # subscriptions that had the day's digest already
    sent: int = 0
    refused: list[str] = field(default_factory=list)  # "address: server reply"
    waiting: list[str] = field(default_factory=list)  # "address: error" of temporary failures, retried later
    failed: list[str] = field(default_factory=list)  # gave up after settings.alerts.give_up_hours
    written: list[Path] = field(default_factory=list)  # --dry-run: the .eml files


def today() -> date:
    return datetime.now(IST).date()


def _cut_off(day: date, now: datetime) -> datetime:
    """A digest of a past day covers what was crawled until that day's end (IST); today's, until now."""
    return min(now, datetime.combine(day + timedelta(days=1), time(), IST).astimezone(UTC))


class DigestJob:
    def __init__(self, satark: SatarkApp, now: datetime | None = None, *, lock_wait_s: float = 0.0) -> None:
        """`lock_wait_s`: how long to wait for another digest run (the scheduler's delivery) to finish."""
        self.satark = satark
        self.lock_wait_s = lock_wait_s
        self.store = satark.store
        self.settings = satark.settings.alerts
        self.now = now or datetime.now(UTC)

    def _subscriptions(self, subscription_id: int | None) -> list[Subscription]:
        if subscription_id is not None:
            return [self.store.subscriptions.get(subscription_id)]
        return [s for s in self.store.subscriptions.list() if s.status == "active"]

    def _select(self, subscription: Subscription, day: date) -> Selection:
        return select(self.satark, subscription, sent=self.store.digests.sent_articles(subscription.id),
                      until=_cut_off(day, self.now), lookback=timedelta(days=self.settings.lookback_days),
                      limit=self.settings.max_items)

    def _messages(self, subscription: Subscription, day: date, selection: Selection) -> list[OutgoingMessage]:
        if not selection.items and subscription.empty_day == "skip":
            return []
        key = self.store.subscriptions.secret(UNSUBSCRIBE_KEY)
        stopped = self.store.subscriptions.unsubscribed(subscription.id)
        out = []
        for address in subscription.recipients:
            if address in stopped:
                continue
            to = recipient(subscription, day, address, self.settings, key, self.now)
            message = compose(selection, subscription, day, to, self.settings, self.now)
            out.append(OutgoingMessage(address, to.message_id, message.as_bytes()))
        return out

    def dry_run(self, day: date, subscription_id: int | None, folder: Path) -> DigestRunReport:
        """Build the day's digests as .eml files in `folder`; nothing is recorded or sent."""
        report = DigestRunReport(day)
        folder.mkdir(parents=True, exist_ok=True)
        for subscription in self._subscriptions(subscription_id):
            selection = self._select(subscription, day)
            messages = self._messages(subscription, day, selection)
            for message in messages:
                path = folder / f"digest-{subscription.id}-{day.isoformat()}-{message.address}.eml"
                path.write_bytes(message.message)
                report.written.append(path)
            report.built.append(BuiltDigest(subscription.id, subscription.search.name, len(selection.items),
                                            selection.more, len(messages)))
        return report

    def run(self, day: date, subscription_id: int | None = None) -> DigestRunReport:
        """Build the day's missing digests, then send every message that is due. Raises store.job_locks.JobBusy when
        another run holds the job."""
        report = DigestRunReport(day)
        with self.store.jobs.held(JOB_NAME, wait_s=self.lock_wait_s) as lock:
            self._release_abandoned()
            for subscription in self._subscriptions(subscription_id):
                if self.store.digests.get(subscription.id, day) is not None:
                    report.already_built.append(subscription.id)
                    continue
                selection = self._select(subscription, day)
                messages = self._messages(subscription, day, selection)
                if self.store.digests.record(subscription.id, day, [i.hit.id for i in selection.items], messages) is None:
                    report.already_built.append(subscription.id)
                    continue
                report.built.append(BuiltDigest(subscription.id, subscription.search.name, len(selection.items),
                                                selection.more, len(messages)))
            self._send_due(lock, report, subscription_id)
        return report

    def deliver(self, subscription_id: int | None = None) -> DigestRunReport:
        """Send the messages that are due (those a mail server outage held back) without building anything."""
        report = DigestRunReport(today())
        with self.store.jobs.held(JOB_NAME, wait_s=self.lock_wait_s) as lock:
            self._release_abandoned()
            self._send_due(lock, report, subscription_id)
        return report

    def _release_abandoned(self) -> None:
        if released := self.store.digests.release_abandoned():
            log.warning("%d digest message(s) were left unsent by a run that stopped; sending them again", released)

    def _send_due(self, lock: JobLock, report: DigestRunReport, subscription_id: int | None) -> None:
        due = self.store.digests.due(self.now)
        if subscription_id is not None:
            due = [d for d in due if d.subscription_id == subscription_id]
        with SmtpSender(self.settings) as sender:
            for n, delivery in enumerate(due):
                if sender.unreachable:
                    report.waiting.extend(f"{d.address}: not tried, the mail server is unreachable" for d in due[n:])
                    break
                self._deliver(sender, delivery, report)
                self.store.jobs.renew(lock)

    def _deliver(self, sender: SmtpSender, delivery: Delivery, report: DigestRunReport) -> None:
        message = self.store.digests.claim(delivery.id)
        if message is None:
            return
        attempt = sender.send(delivery.address, message)
        digests = self.store.digests
        if attempt.outcome == "sent":
            digests.mark_sent(delivery.id)
            report.sent += 1
            log.info("digest %s sent to %s", delivery.message_id, delivery.address)
        elif attempt.outcome == "refused":
            digests.mark_refused(delivery.id, attempt.detail)
            report.refused.append(f"{delivery.address}: {attempt.detail}")
            log.warning("digest to %s refused: %s", delivery.address, attempt.detail)
        elif self.now - self._built_at(delivery) > timedelta(hours=self.settings.give_up_hours):
            digests.mark_failed(delivery.id, attempt.detail)
            report.failed.append(f"{delivery.address}: {attempt.detail}")
        else:
            wait = min(self.settings.retry_max_s, self.settings.retry_initial_s * 2 ** delivery.attempts)
            digests.mark_retry(delivery.id, attempt.detail, self.now + timedelta(seconds=wait))
            report.waiting.append(f"{delivery.address}: {attempt.detail}")
            log.warning("digest to %s waits (%s); next try in %.0f s", delivery.address, attempt.detail, wait)

    def _built_at(self, delivery: Delivery) -> datetime:
        digest = self.store.digests.get(delivery.subscription_id, delivery.day)
        return digest.built_at if digest is not None else self.now
