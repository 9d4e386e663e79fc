"""The local Elasticsearch node: built with Maven, started on a free port, used over plain HTTP, stopped by pid."""

from __future__ import annotations

import json
import socket
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.esnode import esnode

# Java 21+ and Maven are on every machine of this project: a missing one is a broken environment, not a skip.
pytestmark = [pytest.mark.timeout(120), pytest.mark.slow]

HINDI_SENTENCE = "भारत में चुनाव आयोग ने मतदान की तारीखें घोषित कीं"
COMBINING = {"Mn", "Mc"}


def http(method: str, url: str, body: Any = None, content_type: str = "application/json") -> tuple[int, dict[str, str], bytes]:
    data = None
    if body is not None:
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def call(method: str, url: str, body: Any = None, content_type: str = "application/json") -> dict[str, Any]:
    status, _, payload = http(method, url, body, content_type)
    assert status in (200, 201), f"{method} {url} -> {status}: {payload[:500]!r}"
    return json.loads(payload)


def analyze(node: Any, index: str, analyzer: str, text: str) -> list[str]:
    result = call("POST", f"{node.url}/{index}/_analyze", {"analyzer": analyzer, "text": text})
    return [t["token"] for t in result["tokens"]]


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    info = esnode.start(tmp_path_factory.mktemp("esnode"), port=0, heap="512m")
    try:
        yield info
    finally:
        esnode.stop(info)


@pytest.fixture(scope="module")
def news_index(node: Any) -> str:
    """A template-shaped index behind an alias, holding one Hindi and one English article."""
    call("PUT", f"{node.url}/_index_template/satark-news", {
        "index_patterns": ["news-*"],
        "template": {
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {"properties": {
                "title_hi": {"type": "text", "analyzer": "hindi"},
                "title_en": {"type": "text", "analyzer": "english"},
                "lang": {"type": "keyword"},
            }},
        },
    })
    call("PUT", f"{node.url}/news-000001", {"aliases": {"news": {}}})
    lines = [
        {"index": {"_index": "news", "_id": "hi-1"}},
        {"title_hi": HINDI_SENTENCE, "lang": "hi"},
        {"index": {"_index": "news", "_id": "en-1"}},
        {"title_en": "Election commission announces polling dates", "lang": "en"},
        {"index": {"_index": "news", "_id": "en-2"}},
        {"title_en": "Monsoon arrives early in Kerala", "lang": "en"},
    ]
    ndjson = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    result = call("POST", f"{node.url}/_bulk?refresh=true", ndjson, "application/x-ndjson")
    assert result["errors"] is False, result
    return "news"


def test_build_is_skipped_when_jar_is_current() -> None:
    jar = esnode.build()
    before = jar.stat().st_mtime_ns
    assert esnode.build() == jar
    assert jar.stat().st_mtime_ns == before
    assert esnode.is_built()


def test_root_answers_like_a_stock_node(node: Any) -> None:
    status, headers, body = http("GET", f"{node.url}/")
    assert status == 200
    assert headers.get("x-elastic-product") == "Elasticsearch"
    root = json.loads(body)
    assert root["tagline"] == "You Know, for Search"
    assert root["version"]["number"] == node.version
    assert root["version"]["number"].startswith("9.")
    assert root["version"]["build_flavor"] == "default"
    assert root["cluster_name"] and root["cluster_uuid"] and root["cluster_uuid"] != "_na_"


def test_head_root_has_product_header_and_no_body(node: Any) -> None:
    status, headers, body = http("HEAD", f"{node.url}/")
    assert status == 200
    assert headers.get("x-elastic-product") == "Elasticsearch"
    assert body == b""


def test_hindi_analyzer_keeps_words_with_vowel_signs_whole(node: Any, news_index: str) -> None:
    tokens = analyze(node, news_index, "hindi", HINDI_SENTENCE)
    # A tokenizer that split on combining marks would leave tokens starting with a matra or virama.
    assert tokens and all(unicodedata.category(t[0]) not in COMBINING for t in tokens), tokens
    assert all(unicodedata.normalize("NFC", t) == t for t in tokens)
    assert "चुनाव" in tokens and "घोषित" in tokens and "मतदान" in tokens
    # Stop words of Lucene's Hindi list are dropped, as on a stock node.
    assert "में" not in tokens and "ने" not in tokens


def test_english_analyzer_stems(node: Any, news_index: str) -> None:
    assert analyze(node, news_index, "english", "Elections were announced") == ["elect", "were", "announc"]


def test_bulk_indexed_docs_are_searchable_with_highlight_and_aggregation(node: Any, news_index: str) -> None:
    result = call("POST", f"{node.url}/{news_index}/_search", {
        # The Hindi plural and the English plural only match through the analyzers' stemmers.
        "query": {"simple_query_string": {"query": "चुनावों | elections", "fields": ["title_hi", "title_en"]}},
        "highlight": {"fields": {"title_hi": {}, "title_en": {}}},
        "aggs": {"langs": {"terms": {"field": "lang"}}},
    })
    hits = {h["_id"]: h for h in result["hits"]["hits"]}
    assert set(hits) == {"hi-1", "en-1"}
    assert hits["hi-1"]["highlight"]["title_hi"] == ["भारत में <em>चुनाव</em> आयोग ने मतदान की तारीखें घोषित कीं"]
    assert hits["en-1"]["highlight"]["title_en"] == ["<em>Election</em> commission announces polling dates"]
    buckets = {b["key"]: b["doc_count"] for b in result["aggregations"]["langs"]["buckets"]}
    assert buckets == {"hi": 1, "en": 1}
    health = call("GET", f"{node.url}/_cluster/health?wait_for_status=green&timeout=10s")
    assert health["status"] == "green"


def test_stop_by_pid_terminates_the_jvm(tmp_path: Path) -> None:
    info = esnode.start(tmp_path / "second", port=0, heap="256m")
    assert esnode.status(info.home) == info
    assert esnode.stop(info.pid) is True
    assert esnode.status(info.home) is None
    assert not (info.home / esnode.READY_FILE).exists()  # removed by the node's shutdown hook
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", info.http_port), timeout=1).close()
    assert esnode.stop(info.pid) is False


def test_failed_start_reports_the_log_tail(tmp_path: Path) -> None:
    with pytest.raises(esnode.EsNodeError) as failure:
        esnode.start(tmp_path / "bad", heap="lots")
    assert "before it was ready" in str(failure.value)
    assert "Invalid" in str(failure.value) or "heap" in str(failure.value).lower()
