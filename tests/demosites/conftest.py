"""Shared fixtures: live demo servers over loopback and a small urllib client."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from demosites.server import DemoServer

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
SLOW_SECONDS = 1.0


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def text(self, encoding: str = "utf-8") -> str:
        return self.body.decode(encoding)


Fetch = Callable[..., Fetched]


def fetch(url: str, headers: Mapping[str, str] | None = None, *, method: str = "GET", timeout: float = 10.0) -> Fetched:
    """GET/HEAD with urllib; error statuses (304, 404, 500) are returned, not raised."""
    request = urllib.request.Request(url, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, error.headers, error.read())


@pytest.fixture(scope="session")
def get() -> Fetch:
    return fetch


@pytest.fixture(scope="session")
def fixture_demo() -> Iterator[DemoServer]:
    """Read-only server over the small fixture corpus (tests must not mutate it)."""
    with DemoServer(FIXTURE_CONTENT, slow_seconds=SLOW_SECONDS) as demo:
        yield demo


@pytest.fixture()
def fresh_demo() -> Iterator[DemoServer]:
    """A private server over the fixture corpus for tests that touch or add articles."""
    with DemoServer(FIXTURE_CONTENT, slow_seconds=SLOW_SECONDS) as demo:
        yield demo


@pytest.fixture(scope="session")
def real_demo() -> Iterator[DemoServer]:
    """Server over the real corpus in demosites/content."""
    with DemoServer(slow_seconds=SLOW_SECONDS) as demo:
        yield demo
