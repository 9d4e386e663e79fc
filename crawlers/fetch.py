"""One-off fetches for command-line tools (`satark extract URL`, `satark feed URL`, `satark sources check`).

Crawls go through Scrapy; this is for single documents a person asked for. A fetch has an overall deadline (a
server that trickles a byte at a time cannot hold it forever, whatever the per-read timeout), follows redirects
only to http(s) URLs, and reads at most `max_bytes`, from the network or from a local file."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException, HTTPMessage
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from crawlers.canonical import NotHttpUrl

USER_AGENT = "SatarkBot/0.1 (media monitoring; contact: monitoring-cell)"
_CHUNK = 64 * 1024


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


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib follows a redirect to ftp:// or file:// as readily as to https://; a fetch here never leaves http(s)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise FetchError(f"{req.full_url}: redirected to {newurl!r}, which is not an http(s) URL; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def read_document(location: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024,
                  deadline_s: float = 60.0) -> Document:
    """A local file path or an http(s) URL."""
    if is_url(location):
        return fetch_url(location, timeout=timeout, max_bytes=max_bytes, deadline_s=deadline_s)
    if "://" in location:
        raise NotHttpUrl(f"only http(s) URLs and local files are supported: {location!r}")
    path = Path(location)
    try:
        with path.open("rb") as file:  # a size limit here too: /dev/zero or a huge file must not fill the memory
            body = file.read(max_bytes + 1)
    except OSError as exc:
        raise FetchError(f"{location}: {exc.strerror or exc}") from exc
    if len(body) > max_bytes:
        raise FetchError(f"{location}: larger than {max_bytes} bytes")
    return Document(path.resolve().as_uri(), body, None, 200)


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = 10 * 1024 * 1024, method: str = "GET",
              deadline_s: float = 60.0) -> Document:
    """`timeout` bounds each wait on the network; `deadline_s` the whole fetch, redirects and body included."""
    deadline = time.monotonic() + deadline_s
    try:
        # Inside the try: building the request parses the URL, and a malformed one ("http://[::1") is a ValueError.
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT}, method=method)
        with _opener.open(request, timeout=min(timeout, deadline_s)) as response:
            parts: list[bytes] = []
            size = 0
            while chunk := response.read1(_CHUNK):
                parts.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url}: larger than {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: not finished after {deadline_s:.0f} s (a server sending too slowly)")
            return Document(response.geturl(), b"".join(parts), response.headers.get("Content-Type"), response.status)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    # ValueError: a malformed URL; HTTPException: a URL with spaces (InvalidURL) or a broken answer (IncompleteRead, ...)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: {reason}") from exc
