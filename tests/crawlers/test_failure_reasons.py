"""Download failures map to typed reasons; the transient ones keep a URL pending for a later crawl."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest, UnsupportedURLSchemeError
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from core.records import Reason
from crawlers.failures import classify_failure

URL = "https://samachar.example/desh/chunav-1"


def failure_of(exc: BaseException) -> Failure:
    return Failure(exc)


def http_error(status: int) -> HttpError:
    response = HtmlResponse(URL, status=status, body=b"<html></html>", request=Request(URL))
    return HttpError(response, "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (500, Reason.HTTP_SERVER_ERROR),
        (503, Reason.HTTP_SERVER_ERROR),
        (429, Reason.HTTP_SERVER_ERROR),  # rate limited: try again later
        (404, Reason.HTTP_CLIENT_ERROR),
        (403, Reason.HTTP_CLIENT_ERROR),
        (410, Reason.HTTP_CLIENT_ERROR),
    ],
)
def test_http_errors(status: int, reason: Reason) -> None:
    assert classify_failure(failure_of(http_error(status))) == (reason, status, f"HTTP {status}")


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (IgnoreRequest("Forbidden by robots.txt"), Reason.ROBOTS),
        (DownloadTimeoutError("Getting https://x took longer than 20.0 seconds."), Reason.TIMEOUT),
        (TwistedTimeoutError(), Reason.TIMEOUT),
        (TimeoutError("timed out"), Reason.TIMEOUT),
        (DownloadCancelledError(
            "Expected to receive 3000000 bytes which is larger than download max size (2097152) in request "
            f"<GET {URL}>."), Reason.TOO_LARGE),
        (DownloadCancelledError(""), Reason.TOO_LARGE),  # a body without length cut off at the limit
        (IgnoreRequest(f"Ignored response <200 {URL}> because its body (50989 B compressed, 2162688 B decompressed "
                       "so far) exceeded DOWNLOAD_MAXSIZE (2097152 B) during decompression."), Reason.TOO_LARGE),
        (IgnoreRequest("Ignored by a middleware"), Reason.NETWORK),
        (IgnoreRequest("max redirections reached"), Reason.TOO_MANY_REDIRECTS),
        (UnsupportedURLSchemeError("Unsupported URL scheme 'ftp'"), Reason.UNSUPPORTED_URL),
        (ConnectionRefusedError(), Reason.NETWORK),
        (DNSLookupError(), Reason.NETWORK),
    ],
)
def test_non_http_failures(exc: Exception, reason: Reason) -> None:
    got, status, detail = classify_failure(failure_of(exc))
    assert got is reason
    assert status is None
    assert "\n" not in detail and len(detail) <= 500


def test_detail_is_one_bounded_line() -> None:
    _, _, detail = classify_failure(failure_of(ConnectionRefusedError("first line\nsecond line " + "x" * 1000)))
    assert "second line" not in detail
    assert len(detail) <= 500


@pytest.mark.parametrize(
    ("reason", "transient"),
    [
        (Reason.TIMEOUT, True),
        (Reason.NETWORK, True),
        (Reason.HTTP_SERVER_ERROR, True),
        (Reason.HTTP_CLIENT_ERROR, False),
        (Reason.ROBOTS, False),
        (Reason.TOO_SHORT, False),
        (Reason.STORED, False),
    ],
)
def test_transient_reasons(reason: Reason, transient: bool) -> None:
    assert reason.is_transient is transient
