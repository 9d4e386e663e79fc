"""Bounded retries with exponential backoff for transient Elasticsearch failures.

Transient: connection refused/reset, timeouts, 429 (queue full, flood-stage disk block) and 5xx
(node restarting, shard relocating). Everything else (400 mapping errors, 401/403) fails at once:
retrying cannot fix it. The budget is small on purpose: a pipeline stage facing a dead cluster should
get IndexUnavailable within seconds, not hang.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError

T = TypeVar("T")

RETRY_STATUSES: tuple[int, ...] = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class RetryPolicy:
    """`attempts` calls in total; the n-th retry waits initial_backoff_s * 2**(n-1), capped."""

    attempts: int = 3
    initial_backoff_s: float = 0.25
    max_backoff_s: float = 4.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")
        if self.initial_backoff_s < 0 or self.max_backoff_s < 0:
            raise ValueError("RetryPolicy backoffs must not be negative")

    def backoff_s(self, retry: int) -> float:
        """Wait before retry number `retry` (1-based)."""
        return min(self.max_backoff_s, self.initial_backoff_s * 2.0 ** (retry - 1))


def is_transient(error: BaseException) -> bool:
    if isinstance(error, TransportConnectionError | ConnectionTimeout):
        return True
    return isinstance(error, ApiError) and error.meta.status in RETRY_STATUSES


def call_with_retries(
    action: Callable[[], T], policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run `action`, retrying transient failures; the last failure propagates unchanged."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return action()
        except (TransportConnectionError, ConnectionTimeout, ApiError) as error:
            if attempt == policy.attempts or not is_transient(error):
                raise
        sleep(policy.backoff_s(attempt))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover
