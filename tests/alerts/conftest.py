"""Digest fixtures: a real SMTP server (aiosmtpd) on loopback that can refuse a recipient or go down, and a real
store and SQLite index holding Hindi and English articles of every digest reason, crawled an hour ago."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.settings import load_settings
from index.documents import IndexDocument
from index.factory import open_index
from pipeline.app import SatarkApp
from tests.conftest import free_port_block

REFUSED_PREFIX = "nobody@"  # the server answers 550 to these recipients
NOW = datetime.now(UTC).replace(microsecond=0)
DESK = "http://desk.example:8000"


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    stall: set[str] = field(default_factory=set)  # recipients whose RCPT gets no answer until `release`
    stalled: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address.startswith(REFUSED_PREFIX):
            return "550 5.1.1 no such mailbox here"
        if address in self.stall:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a fixed loopback port, which a test can stop (an outage) and start again."""

    def __init__(self) -> None:
        self.port = free_port_block(1)
        self.handler = Handler()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def to(self, address: str) -> list[EmailMessage]:
        return [r.message for r in self.received if address in r.recipients]


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def _doc(id: str, title: str, language: str, *, hours_ago: float = 1.0, score: float | None = None,
         flagged: bool = False, reasons: tuple[str, ...] = (), hostile: bool = False, **more: Any) -> IndexDocument:
    fetched = NOW - timedelta(hours=hours_ago)
    return IndexDocument(
        id=id, url=f"https://news.example/{id}", title=title, text=f"{title}. " * 5, language=language,  # type: ignore[arg-type]
        source="भारत समाचार" if language == "hi" else "Capital Chronicle", fetched=fetched,
        published=fetched - timedelta(hours=2), misinfo_score=score, flagged=flagged, flag_reasons=reasons,
        hostility=("hostile",) if hostile else (), **more)


# Every digest reason in both languages, plus what a digest must leave out.
ARTICLES = (
    _doc("hi-match", "ईवीएम में चिप लगाकर वोट बदलने का दावा फिर वायरल", "hi", score=0.97, flagged=True,
         reasons=("matches-factcheck",), evidence="ईवीएम में चिप लगाकर वोट बदले जा सकते हैं।",
         claim="EVM में चिप से वोट बदले जाते हैं", verdict="फ़र्ज़ी", match_url="https://factcheck.example/evm-chip"),
    _doc("en-match", "Viral post repeats the voter-ID chip rumour", "en", score=0.93, flagged=True,
         reasons=("matches-factcheck",), evidence="Every new voter ID carries a tracking chip.",
         claim="Voter IDs carry tracking chips", verdict="False", match_url="https://factcheck.example/voter-id"),
    _doc("en-style", "Shocking: polling booths to close at noon, forward to all", "en", score=0.88, flagged=True,
         reasons=("style",), evidence="Forward this to everyone before it is deleted!"),
    _doc("hi-style", "मतदान की तारीख़ बदली, सभी को भेजें", "hi", score=0.81, flagged=True, reasons=("style",),
         evidence="यह संदेश सभी को भेजें।"),
    _doc("hi-hostile", "रैली में विरोधियों के ख़िलाफ़ अपमानजनक नारे", "hi", hostile=True, score=0.2),
    _doc("en-weak", "Turnout figures questioned by a local group", "en", score=0.62, flagged=True, reasons=("style",),
         evidence="The figures cannot be right."),
    _doc("en-dismissed", "Old rumour about ink, already reviewed", "en", score=0.95, flagged=True, reasons=("style",),
         review_status="dismissed", evidence="The ink washes off."),
    _doc("en-copy", "Viral post repeats the voter-ID chip rumour (copy)", "en", score=0.93, flagged=True,
         reasons=("matches-factcheck",), duplicate_of="en-match"),
    _doc("hi-old", "पुराना वायरल दावा", "hi", hours_ago=24 * 10, score=0.99, flagged=True, reasons=("style",)),
    _doc("en-news", "State cabinet approves irrigation scheme for 12 districts", "en", score=0.05),
)


def add_articles(home: Path, docs: tuple[IndexDocument, ...]) -> None:
    with open_index("sqlite", path=home / "index.sqlite") as index:
        index.upsert(docs)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    add_articles(home, ARTICLES)
    return home


@pytest.fixture
def satark(home: Path, smtp: SmtpServer) -> Iterator[SatarkApp]:
    settings = load_settings(home=home, alerts={"desk_url": DESK, "retry_initial_s": 0, "sender": "सतर्क <alerts@desk.example>",
                                                "smtp": {"host": "127.0.0.1", "port": smtp.port, "security": "none",
                                                         "timeout_s": 5}})
    app = SatarkApp(settings)
    yield app
    app.close()
