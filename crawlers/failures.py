"""Map download failures to typed reasons (no `except: pass`: every failure is a counted reason)."""

from __future__ import annotations

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.python.failure import Failure

from core.records import Reason
from crawlers.policy import FetchRefused


def classify_failure(failure: Failure) -> tuple[Reason, int | None, str]:
    """(reason, HTTP status if any, one-line detail) for a failed request."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
    if isinstance(exc, HttpError):
        status = exc.response.status
        reason = Reason.HTTP_SERVER_ERROR if status >= 500 or status == 429 else Reason.HTTP_CLIENT_ERROR
        return reason, status, f"HTTP {status}"
    if isinstance(exc, FetchRefused):
        return exc.reason, None, str(exc)
    if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
        return Reason.ROBOTS, None, "forbidden by robots.txt"
    if isinstance(exc, IgnoreRequest) and "max redirections" in str(exc):  # Scrapy's REDIRECT_MAX_TIMES reached
        return Reason.TOO_MANY_REDIRECTS, None, detail
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc):  # a compressed body that inflates past it
        return Reason.TOO_LARGE, None, detail
    # Scrapy cancels a body without Content-Length that grows past the limit with no message at all: it is the only
    # download it cancels silently (timeouts are DownloadTimeoutError; a graceful stop lets downloads finish).
    if isinstance(exc, DownloadCancelledError) and ("max size" in str(exc).lower() or not str(exc)):
        return Reason.TOO_LARGE, None, detail if str(exc) else "DownloadCancelledError: larger than the size limit"
    if isinstance(exc, (DownloadTimeoutError, TwistedTimeoutError, TimeoutError)):
        return Reason.TIMEOUT, None, detail
    if isinstance(exc, UnsupportedURLSchemeError):
        return Reason.UNSUPPORTED_URL, None, detail
    # Refused connections, DNS failures, lost or truncated responses: worth another try on a later crawl.
    return Reason.NETWORK, None, detail
