"""Turning SearchQuery date bounds into instants, identically for every backend."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

# The war room works in Indian time: "news of 20 April" means the IST calendar day. IST has had a
# fixed +05:30 offset since 1945, so a fixed offset is exact and needs no tz database.
IST = timezone(timedelta(hours=5, minutes=30), "IST")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def lower_bound(value: date | datetime, day_tz: tzinfo = IST) -> datetime:
    """Earliest instant included by an inclusive lower bound."""
    if isinstance(value, datetime):  # datetime subclasses date: test it first
        return value
    return datetime.combine(value, time.min, tzinfo=day_tz)


def upper_bound(value: date | datetime, day_tz: tzinfo = IST) -> datetime:
    """Latest instant included by an inclusive upper bound (a whole day for a plain date)."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.max, tzinfo=day_tz)


def to_epoch_us(value: datetime) -> int:
    """Microseconds since the Unix epoch; integer so comparisons and sorting are exact."""
    return (value - _EPOCH) // timedelta(microseconds=1)
