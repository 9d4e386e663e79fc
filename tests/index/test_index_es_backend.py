"""Elasticsearch-specific behaviour, against real nodes started with tools/esnode: analysis, aliases
and rebuilds, bulk retries, outages and error translation."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from demosites.corpus import load_corpus
from index import IndexUnavailable, SearchQuery, open_index
from index.elasticsearch.backend import ElasticsearchIndex
from index.elasticsearch.mapping import FOLD_ANALYZER, MAPPING_VERSION, META_VERSION_KEY, versioned_name
from index.elasticsearch.retry import RetryPolicy
from index.hindi_fold import fold_word, word_spans
from index.text_forms import search_form
from tests.index.conftest import unique_prefix
from tests.index.es_node import EsNode, start_node, stop_node
from tests.index.index_corpus import BY_ID, CORPUS, has_word, ids_where, search_ids
from tests.index.old_layouts import CLAIM_FIELDS, FOLDED_FIELDS, elasticsearch_version_2, elasticsearch_version_3

pytestmark = pytest.mark.slow  # a real Elasticsearch node

FAST_RETRY = RetryPolicy(attempts=3, initial_backoff_s=0.1, max_backoff_s=0.5)


def _open(node: EsNode, **options: object) -> ElasticsearchIndex:
    index = open_index(
        "elasticsearch", url=node.url, index_prefix=unique_prefix("es"), refresh_interval="200ms", **options
    )
    assert isinstance(index, ElasticsearchIndex)
    return index


@pytest.fixture
def es_index(es_node: EsNode) -> Iterator[ElasticsearchIndex]:
    index = _open(es_node, retry=FAST_RETRY)
    yield index
    index.close()


@pytest.fixture
def admin(es_node: EsNode) -> Iterator[Elasticsearch]:
    client = Elasticsearch(es_node.url)
    yield client
    client.close()


def _backing_indices(admin: Elasticsearch, alias: str) -> list[str]:
    return sorted(admin.indices.get_alias(name=alias).body)


# -- analysis ---------------------------------------------------------------------------------------


def test_devanagari_words_are_single_terms_and_english_is_stemmed(
    es_index: ElasticsearchIndex, admin: Elasticsearch
) -> None:
    es_index.upsert(CORPUS)
    backing = _backing_indices(admin, es_index.alias)[0]

    def terms(doc_id: str, field: str) -> set[str]:
        response = admin.termvectors(index=backing, id=doc_id, fields=[field], positions=False)
        return set(response.body["term_vectors"][field]["terms"])

    def analyzed(field: str, text: str) -> set[str]:
        response = admin.indices.analyze(index=backing, field=field, text=text)
        return {t["token"] for t in response.body["tokens"]}

    hindi = terms("hi-01", "text_search") | terms("hi-01", "title_search")
    # hi-01 writes क्षेत्र with a ZWJ inside; the search form drops it before tokenising.
    assert {"प्रधानमंत्री", "क्षेत्र", "की"} <= hindi
    assert not {"प", "रध", "नम", "क्\u200dषेत्र"} & hindi
    assert "elections" in terms("en-01", "title_search")
    assert analyzed("title_search.en", "Lok Sabha elections") == {"lok", "sabha", "elect"}
    # The folded field folds long and short vowels, nukta and inflections; the neutral field keeps the spelling.
    assert analyzed("text_search_fold", "की") == analyzed("text_search_fold", "कि") == {"कि"}
    assert analyzed("text_search_fold", "फर्जी चुनावों") == analyzed("text_search_fold", "फ़र्ज़ी चुनाव")
    assert analyzed("text_search", "की") != analyzed("text_search", "कि")


def _devanagari_words(texts: list[str]) -> list[str]:
    forms = [search_form(text) for text in texts]
    words = {form[start:end] for form in forms for start, end in word_spans(form)}
    return sorted(w for w in words if all("\u0900" <= ch <= "\u097f" for ch in w))


def test_python_folding_is_the_folding_analyzer_of_the_node(es_index: ElasticsearchIndex, admin: Elasticsearch) -> None:
    """index.hindi_fold (the SQLite backend and the query side) folds every Hindi word of the demo corpus and the
    contract corpus exactly as Lucene's filters on the real node do."""
    es_index.upsert(CORPUS[:1])
    backing = _backing_indices(admin, es_index.alias)[0]
    texts = [t for a in load_corpus().articles if a.language == "hi" for t in (a.title, a.text)]
    texts += [t for d in CORPUS if d.language == "hi" for t in (d.title, d.text)]
    words = _devanagari_words(texts)
    assert len(words) > 2000
    for start in range(0, len(words), 500):
        batch = words[start:start + 500]
        response = admin.indices.analyze(index=backing, analyzer=FOLD_ANALYZER, text=" ".join(batch))
        assert [t["token"] for t in response.body["tokens"]] == [fold_word(w) for w in batch]


def test_stored_text_keeps_zero_width_joiner_but_search_field_is_not_in_source(
    es_index: ElasticsearchIndex, admin: Elasticsearch
) -> None:
    es_index.upsert(CORPUS[:1])
    source = admin.get(index=es_index.alias, id="hi-01").body["_source"]
    assert "\u200d" in source["text"]
    assert "text_search" not in source  # kept as a stored field only, not twice in _source


# -- aliases, versions, rebuild ------------------------------------------------------------------------


def test_documents_live_in_a_versioned_index_behind_the_alias(
    es_index: ElasticsearchIndex, admin: Elasticsearch
) -> None:
    prefix = es_index.alias.removesuffix("-articles")
    assert _backing_indices(admin, es_index.alias) == [versioned_name(prefix, 1)]
    es_index.upsert(CORPUS)
    assert es_index.rebuild(CORPUS[:5]) == 5
    assert _backing_indices(admin, es_index.alias) == [versioned_name(prefix, 2)]
    assert not admin.indices.exists(index=versioned_name(prefix, 1)).body  # old one deleted
    assert es_index.count() == 5
    es_index.clear()
    assert _backing_indices(admin, es_index.alias) == [versioned_name(prefix, 3)]
    assert es_index.count() == 0


def test_second_handle_on_the_same_prefix_shares_the_index(es_node: EsNode) -> None:
    prefix = unique_prefix("shared")
    with open_index("elasticsearch", url=es_node.url, index_prefix=prefix) as writer:
        writer.upsert(CORPUS)
        with open_index("elasticsearch", url=es_node.url, index_prefix=prefix) as reader:
            assert reader.count() == len(CORPUS)
            assert set(search_ids(reader, "मतदान")) == ids_where(has_word("मतदान"))


def test_searches_keep_answering_during_rebuilds(es_index: ElasticsearchIndex) -> None:
    es_index.upsert(CORPUS)
    expected = ids_where(has_word("मतदान"))
    seen: list[set[str]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def search_loop() -> None:
        while not stop.is_set():
            try:
                result = es_index.search(SearchQuery(text="मतदान", per_page=100))
                seen.append({h.id for h in result.hits})
            except BaseException as error:  # collected and asserted below, in the main thread
                errors.append(error)
                return

    searcher = threading.Thread(target=search_loop)
    searcher.start()
    try:
        for _ in range(3):
            assert es_index.rebuild(CORPUS) == len(CORPUS)
    finally:
        stop.set()
        searcher.join(timeout=30)
    assert not errors, errors
    assert len(seen) > 10, "the search loop must have run throughout the rebuilds"
    assert all(ids == expected for ids in seen)


def test_index_with_another_mapping_version_is_unavailable(
    es_index: ElasticsearchIndex, admin: Elasticsearch, es_node: EsNode
) -> None:
    backing = _backing_indices(admin, es_index.alias)[0]
    admin.indices.put_mapping(index=backing, meta={META_VERSION_KEY: 0})
    prefix = es_index.alias.removesuffix("-articles")
    with pytest.raises(IndexUnavailable, match="mapping version 0.*rebuild"):
        open_index("elasticsearch", url=es_node.url, index_prefix=prefix)


def test_index_of_mapping_version_2_is_upgraded_in_place_and_asks_for_a_refill(
    es_node: EsNode, admin: Elasticsearch
) -> None:
    prefix = unique_prefix("v2")
    elasticsearch_version_2(admin, prefix, CORPUS)
    with open_index("elasticsearch", url=es_node.url, index_prefix=prefix) as index:
        assert index.needs_refill()
        assert set(search_ids(index, "मतदान")) == ids_where(has_word("मतदान"))
        assert index.get("hi-09").hostility == ()  # type: ignore[union-attr]
        # The mapping is strict: writing a labelled document proves the new field was added.
        index.upsert([BY_ID["en-02"]])
        assert search_ids(index, hostile=True) == ["en-02"]
        assert index.rebuild(CORPUS) == len(CORPUS)
        assert not index.needs_refill()
        assert set(search_ids(index, hostility=("hate",))) == {"hi-09", "en-02"}
    with open_index("elasticsearch", url=es_node.url, index_prefix=prefix) as reopened:
        assert not reopened.needs_refill()
        assert reopened.get("hi-09").hostility == ("hostile", "hate", "defamation")  # type: ignore[union-attr]


def test_index_of_mapping_version_3_gets_the_claim_fields_in_place(es_node: EsNode, admin: Elasticsearch) -> None:
    prefix = unique_prefix("v3")
    elasticsearch_version_3(admin, prefix, CORPUS)
    with open_index("elasticsearch", url=es_node.url, index_prefix=prefix) as index:
        assert index.needs_refill()
        assert isinstance(index, ElasticsearchIndex)
        mapping = admin.indices.get_mapping(index=index.alias).body
        (only,) = mapping.values()
        assert only["mappings"]["_meta"][META_VERSION_KEY] == MAPPING_VERSION
        assert set(CLAIM_FIELDS) | set(FOLDED_FIELDS) <= set(only["mappings"]["properties"])
        assert index.get("hi-02").kind == "news"  # type: ignore[union-attr]
        # The folding analyzer was added to the closed index's settings; a document written again is found by
        # a variant spelling (hi-03 writes ज़िला), the others as they are spelt until the refill.
        assert "hi-03" in search_ids(index, "ज़िला") and "hi-03" not in search_ids(index, "जिला")
        index.upsert([BY_ID["hi-03"]])
        assert "hi-03" in search_ids(index, "जिला")


# -- paging ---------------------------------------------------------------------------------------------


def test_pages_beyond_the_result_window_are_empty_not_errors(es_index: ElasticsearchIndex) -> None:
    es_index.upsert(CORPUS)
    result = es_index.search(SearchQuery(text="मतदान", page=600, per_page=20))
    assert result.hits == ()
    assert result.total == len(ids_where(has_word("मतदान")))


# -- bulk retries ---------------------------------------------------------------------------------------


def test_bulk_retries_429_until_the_block_is_lifted(es_node: EsNode, admin: Elasticsearch) -> None:
    # The flood-stage disk block answers every write with 429, like an overloaded write queue.
    with _open(es_node, retry=RetryPolicy(attempts=8, initial_backoff_s=0.2, max_backoff_s=1.0)) as index:
        assert isinstance(index, ElasticsearchIndex)
        backing = _backing_indices(admin, index.alias)[0]
        admin.indices.put_settings(index=backing, settings={"index.blocks.read_only_allow_delete": True})
        lift = threading.Timer(
            1.0,
            lambda: admin.indices.put_settings(
                index=backing, settings={"index.blocks.read_only_allow_delete": None}
            ),
        )
        started = time.monotonic()
        lift.start()
        try:
            assert index.upsert(CORPUS) == len(CORPUS)
        finally:
            lift.join()
        assert time.monotonic() - started >= 1.0  # it really waited for the block to go
        assert index.count() == len(CORPUS)


def test_bulk_gives_up_with_index_unavailable_when_429_persists(es_node: EsNode, admin: Elasticsearch) -> None:
    with _open(es_node, retry=RetryPolicy(attempts=2, initial_backoff_s=0.1, max_backoff_s=0.1)) as index:
        assert isinstance(index, ElasticsearchIndex)
        backing = _backing_indices(admin, index.alias)[0]
        admin.indices.put_settings(index=backing, settings={"index.blocks.read_only_allow_delete": True})
        try:
            with pytest.raises(IndexUnavailable, match="TOO_MANY_REQUESTS|cluster_block"):
                index.upsert(CORPUS[:3])
        finally:
            admin.indices.put_settings(index=backing, settings={"index.blocks.read_only_allow_delete": None})
        assert index.upsert(CORPUS[:3]) == 3


# -- outages and bad servers ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_server_is_index_unavailable_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(IndexUnavailable) as caught:
        open_index("elasticsearch", url=f"http://127.0.0.1:{_free_port()}", retry=FAST_RETRY)
    assert time.monotonic() - started < 5
    assert "unreachable" in str(caught.value) and "\n" not in str(caught.value)


def test_stopped_node_makes_calls_fail_fast(tmp_path: Path) -> None:
    node = start_node(tmp_path / "outage-node")
    try:
        index = open_index("elasticsearch", url=node.url, index_prefix=unique_prefix("outage"), retry=FAST_RETRY)
        index.upsert(CORPUS[:3])
        assert stop_node(node)
        for call in (lambda: index.upsert(CORPUS[3:6]), index.count, lambda: index.search(SearchQuery(text="x"))):
            started = time.monotonic()
            with pytest.raises(IndexUnavailable) as caught:
                call()
            assert time.monotonic() - started < 5, "an outage must be reported, not waited out"
            assert "\n" not in str(caught.value)
        index.close()
    finally:
        stop_node(node)


class _RejectingHandler(http.server.BaseHTTPRequestHandler):
    """Answers like a secured cluster given wrong credentials."""

    def do_GET(self) -> None:
        body = (
            b'{"error":{"type":"security_exception","reason":"unable to authenticate user [x]"},"status":401}'
        )
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        return


def test_rejected_credentials_are_index_unavailable() -> None:
    # The test node runs without security, so a 401 comes from a stub server: this checks the error
    # translation only, not any search behaviour.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RejectingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(IndexUnavailable, match="credentials rejected") as caught:
            open_index("elasticsearch", url=url, basic_auth=("x", "wrong"), retry=FAST_RETRY)
        assert "\n" not in str(caught.value)
    finally:
        server.shutdown()
        server.server_close()
