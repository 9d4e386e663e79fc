"""Batched bulk writes with two retry layers.

- Per document: `helpers.streaming_bulk` re-sends only the items rejected with 429/5xx, with
  exponential backoff (`max_retries`).
- Per batch: a connection error or timeout loses the whole request, so the batch is sent again.
  That is safe because every action carries `_id` = article id: indexing twice overwrites, and
  deleting twice reports the second time as not_found.

Only the last batch asks for `refresh=wait_for`: a refresh makes every earlier write of the index
visible too, so paying the wait once per call is enough.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from index.elasticsearch.retry import RETRY_STATUSES, RetryPolicy, call_with_retries

BATCH_SIZE = 500
Refresh = Literal["wait_for", "false", "true"]
# One helpers-style action: _op_type, _index, _id and, for writes, _source (the form streaming_bulk takes).
Action = dict[str, Any]


@dataclass(frozen=True)
class ItemFailure:
    doc_id: str
    status: int
    reason: str


@dataclass
class BulkOutcome:
    """Per-item results of a bulk call: counts by `result` ("created", "updated", "deleted",
    "not_found") and the items that still failed after the retries."""

    results: Counter[str] = field(default_factory=Counter)
    failures: list[ItemFailure] = field(default_factory=list)

    def count(self, *results: str) -> int:
        return sum(self.results[r] for r in results)


def _batches(actions: Iterable[Action], size: int) -> Iterator[tuple[list[Action], bool]]:
    """Batches of `size`, each paired with whether it is the last one (one batch of look-ahead)."""
    iterator = iter(actions)
    current = list(islice(iterator, size))
    while current:
        following = list(islice(iterator, size))
        yield current, not following
        current = following


def _failure_reason(item: Mapping[str, Any]) -> str:
    error = item.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}"
    return f"HTTP {item.get('status')}"


def _send(
    client: Elasticsearch, batch: list[Action], policy: RetryPolicy, refresh: Refresh
) -> BulkOutcome:
    outcome = BulkOutcome()
    for ok, info in streaming_bulk(
        client,
        batch,
        chunk_size=len(batch),
        raise_on_error=False,
        raise_on_exception=True,
        max_retries=policy.attempts - 1,
        initial_backoff=policy.initial_backoff_s,
        max_backoff=policy.max_backoff_s,
        retry_on_status=RETRY_STATUSES,
        refresh=refresh,
    ):
        _, item = next(iter(info.items()))
        result = item.get("result")
        if ok or result == "not_found":
            # A delete of a missing id is reported as a 404 "failure"; it is an answer, not an error.
            outcome.results[str(result)] += 1
        else:
            failure = ItemFailure(str(item.get("_id")), int(item.get("status", 0)), _failure_reason(item))
            outcome.failures.append(failure)
    return outcome


def write(
    client: Elasticsearch,
    actions: Iterable[Action],
    *,
    policy: RetryPolicy,
    refresh: Refresh = "wait_for",
    batch_size: int = BATCH_SIZE,
) -> BulkOutcome:
    """Send `actions` (helpers-style dicts with _op_type/_index/_id) and collect the outcome."""
    total = BulkOutcome()
    for batch, last in _batches(actions, batch_size):
        batch_refresh: Refresh = refresh if last else "false"
        outcome = call_with_retries(functools.partial(_send, client, batch, policy, batch_refresh), policy)
        total.results.update(outcome.results)
        total.failures.extend(outcome.failures)
    return total
