"""The retry schedule of the Elasticsearch backend (pure logic: no server involved)."""

from __future__ import annotations

import pytest
from elastic_transport import ApiResponseMeta, ConnectionError, HttpHeaders, NodeConfig
from elasticsearch import ApiError, BadRequestError

from index.elasticsearch.retry import RetryPolicy, call_with_retries, is_transient


def _api_error(status: int) -> ApiError:
    meta = ApiResponseMeta(
        status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0,
        node=NodeConfig("http", "127.0.0.1", 9200),
    )
    cls = BadRequestError if status == 400 else ApiError
    return cls(message=f"HTTP {status}", meta=meta, body={})


def test_backoff_doubles_and_is_capped() -> None:
    policy = RetryPolicy(attempts=6, initial_backoff_s=0.25, max_backoff_s=1.0)
    assert [policy.backoff_s(n) for n in range(1, 6)] == [0.25, 0.5, 1.0, 1.0, 1.0]


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_overload_and_server_errors_are_transient(status: int) -> None:
    assert is_transient(_api_error(status))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_client_errors_are_not_transient(status: int) -> None:
    assert not is_transient(_api_error(status))


def test_transient_failures_are_retried_with_backoff_until_success() -> None:
    failures = [ConnectionError("refused"), _api_error(429)]
    waits: list[float] = []

    def flaky() -> str:
        if failures:
            raise failures.pop(0)
        return "ok"

    policy = RetryPolicy(attempts=3, initial_backoff_s=0.1, max_backoff_s=1.0)
    assert call_with_retries(flaky, policy, sleep=waits.append) == "ok"
    assert waits == [0.1, 0.2]


def test_the_last_transient_failure_propagates_after_all_attempts() -> None:
    calls: list[int] = []

    def down() -> None:
        calls.append(1)
        raise ConnectionError("refused")

    with pytest.raises(ConnectionError):
        call_with_retries(down, RetryPolicy(attempts=4, initial_backoff_s=0.0), sleep=lambda _: None)
    assert len(calls) == 4


def test_permanent_failures_are_not_retried() -> None:
    calls: list[int] = []

    def bad_request() -> None:
        calls.append(1)
        raise _api_error(400)

    with pytest.raises(BadRequestError):
        call_with_retries(bad_request, RetryPolicy(attempts=5), sleep=lambda _: None)
    assert len(calls) == 1
