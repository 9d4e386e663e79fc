"""Translate Elasticsearch client exceptions into the interface's typed errors (one-line messages)."""

from __future__ import annotations

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, AuthenticationException, AuthorizationException

from core.links import redacted_text
from index.errors import IndexUnavailable, SearchIndexError


class IndexWriteError(SearchIndexError):
    """Elasticsearch rejected some documents for a reason retrying cannot fix (e.g. a mapping
    conflict). The other documents of the call were written."""

    def __init__(self, message: str, failed_ids: tuple[str, ...]) -> None:
        super().__init__(message)
        self.failed_ids = failed_ids


def _reason(error: ApiError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    if isinstance(detail, dict):
        return f"{detail.get('type', 'error')}: {detail.get('reason', '')}".strip()
    return str(error.message)


def unavailable(error: Exception, url: str, action: str) -> IndexUnavailable:
    """An IndexUnavailable naming the server and what failed, without the client's multi-line dump."""
    if isinstance(error, AuthenticationException):
        text = "credentials rejected (HTTP 401)"
    elif isinstance(error, AuthorizationException):
        text = f"not permitted (HTTP 403): {_reason(error)}"
    elif isinstance(error, ConnectionTimeout):
        text = "timed out"
    elif isinstance(error, TransportConnectionError):
        text = "unreachable"
    elif isinstance(error, ApiError):
        text = f"HTTP {error.meta.status} {_reason(error)}"
    elif isinstance(error, TransportError):
        text = type(error).__name__
    else:
        text = f"{type(error).__name__}: {error}"
    return IndexUnavailable(redacted_text(" ".join(f"Elasticsearch at {url}: {action} failed: {text}".split())))
