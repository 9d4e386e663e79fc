"""Dates as pages, feeds and sitemaps declare them."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_datetime(value: str | None) -> datetime | None:
    """ISO-8601 (with or without offset, 'Z' allowed) -> aware datetime; naive values are taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
