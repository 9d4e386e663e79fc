"""One-off fetches for command-line tools (`satark extract URL`, `satark feed URL`, `satark sources check`).

Crawls go through Scrapy; this is for single documents a person asked for."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from crawlers.canonical import NotHttpUrl

USER_AGENT = "SatarkBot/0.1 (media monitoring; contact: monitoring-cell)"


class FetchError(RuntimeError):
    """A document could not be read; the message is one line."""


@dataclass(frozen=True, slots=True)
class Document:
    location: str
    body: bytes
    content_type: str | None
    status: int


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def read_document(location: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024) -> Document:
    """A local file path or an http(s) URL."""
    if is_url(location):
        return fetch_url(location, timeout=timeout, max_bytes=max_bytes)
    if "://" in location:
        raise NotHttpUrl(f"only http(s) URLs and local files are supported: {location!r}")
    path = Path(location)
    try:
        return Document(path.resolve().as_uri(), path.read_bytes(), None, 200)
    except OSError as exc:
        raise FetchError(f"{location}: {exc.strerror or exc}") from exc


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024, method: str = "GET") -> Document:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"{url}: larger than {max_bytes} bytes")
            return Document(response.geturl(), body, response.headers.get("Content-Type"), response.status)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: {reason}") from exc
