"""HTTP validators and conditional-GET decisions (RFC 9110 section 13)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # Weak comparison, as If-None-Match requires: W/"x" matches "x".
    candidates = (c.strip().removeprefix("W/") for c in header.split(","))
    return etag in candidates


def _parse_http_date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def is_not_modified(request_headers: Message, etag: str, last_modified: datetime | None) -> bool:
    """True when the client's cached copy is current; If-None-Match wins over If-Modified-Since."""
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if_modified_since = request_headers.get("If-Modified-Since")
    if if_modified_since is None or last_modified is None:
        return False
    since = _parse_http_date(if_modified_since)
    return since is not None and last_modified.replace(microsecond=0) <= since
