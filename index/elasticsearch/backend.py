"""Elasticsearch backend for SearchIndex (a shared server for the war room's several users).

Thread-safe: the official client pools connections and every method is a self-contained request.
Writes go through the alias `<prefix>-articles`; see aliases.py for the rebuild scheme and mapping.py
for the analyzers.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import tzinfo
from typing import Any, TypeVar

from elastic_transport import TransportError
from elastic_transport.client_utils import DEFAULT
from elasticsearch import ApiError, Elasticsearch, NotFoundError

from core.links import redacted_text
from index.base import SearchIndex
from index.dates import IST
from index.documents import (
    FACET_FIELDS,
    FLAGGED_FALSE,
    FLAGGED_TRUE,
    FacetCount,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index.elasticsearch import aliases, bulk, migrate
from index.elasticsearch.errors import IndexWriteError, unavailable
from index.elasticsearch.mapping import (
    TEXT_SEARCH,
    TITLE_SEARCH,
    alias_name,
    index_pattern,
    index_template,
    template_name,
)
from index.elasticsearch.query import build_request
from index.elasticsearch.records import document_to_source, source_to_document, source_to_hit
from index.elasticsearch.retry import RETRY_STATUSES, RetryPolicy, call_with_retries
from index.errors import IndexUnavailable, SearchIndexError
from index.highlight import ELLIPSIS, markers_to_html, plain_snippet
from index.query_syntax import parse_query
from index.text_forms import MARK_CLOSE, MARK_OPEN, search_form

T = TypeVar("T")

_CLIENT_ERRORS = (ApiError, TransportError)
# Elasticsearch index names are lower case and may not start with "-", "_" or "+".
_PREFIX = re.compile(r"[a-z0-9][a-z0-9._-]*")


class ElasticsearchIndex(SearchIndex):
    """SearchIndex on an Elasticsearch 9.x cluster.

    `index_prefix` namespaces everything this instance creates (template, alias, versioned indices),
    so several environments or test runs can share one cluster. `refresh_interval` is an index
    setting applied to newly created indices. By default ("-1") the index never refreshes on a timer:
    every `upsert`/`delete` ends with a refresh of its own, so documents are searchable when it returns
    and bulk loads skip the periodic refreshes (about 20% faster indexing on two cores). With a timer
    interval, writes instead wait for the next scheduled refresh.
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        basic_auth: tuple[str, str] | None = None,
        ca_file: str | None = None,
        index_prefix: str = "satark",
        timeout_s: float = 10.0,
        day_tz: tzinfo = IST,
        retry: RetryPolicy | None = None,
        number_of_replicas: int = 0,
        refresh_interval: str = "-1",
    ) -> None:
        if not _PREFIX.fullmatch(index_prefix):
            raise ValueError(f"index_prefix must match {_PREFIX.pattern}, got {index_prefix!r}")
        self._url = redacted_text(url)  # for messages only: a password in the URL is never shown
        self._prefix = index_prefix
        # "wait_for" would wait forever on an index that never refreshes by itself.
        self._refresh: bulk.Refresh = "true" if refresh_interval == "-1" else "wait_for"
        self._alias = alias_name(index_prefix)
        self._day_tz = day_tz
        self._retry = retry or RetryPolicy()
        self._lock = threading.Lock()
        # Retries are ours (retry.py), with backoff and a bounded budget; the transport's own
        # immediate retries would only multiply the time a dead cluster takes to report.
        client = Elasticsearch(
            url,
            api_key=api_key,
            basic_auth=basic_auth,
            # The client's own "not given" (DEFAULT) rather than None: its type admits no None here.
            ca_certs=ca_file if ca_file is not None else DEFAULT,
            request_timeout=timeout_s,
            max_retries=0,
            retry_on_timeout=False,
        )
        self._client: Elasticsearch | None = client
        try:
            self._call("connect", client.info)
            template = index_template(
                index_prefix, number_of_replicas=number_of_replicas, refresh_interval=refresh_interval
            )
            self._call(
                "install index template",
                lambda: client.indices.put_index_template(name=template_name(index_prefix), **template),
            )
            self._call("open alias", lambda: aliases.ensure_alias(client, index_prefix))
        except SearchIndexError:
            client.close()
            self._client = None
            raise

    # -- plumbing -------------------------------------------------------------------------------------

    @property
    def alias(self) -> str:
        return self._alias

    def _require_client(self) -> Elasticsearch:
        client = self._client
        if client is None:
            raise IndexUnavailable("search index is closed")
        return client

    def _call(self, action: str, request: Callable[[], T]) -> T:
        """Run one request with retries; client failures become IndexUnavailable."""
        try:
            return call_with_retries(request, self._retry)
        except _CLIENT_ERRORS as error:
            raise unavailable(error, self._url, action) from error

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # -- writes ---------------------------------------------------------------------------------------

    def _index_actions(self, docs: Iterable[IndexDocument], index: str) -> Iterable[bulk.Action]:
        for doc in docs:
            yield {"_op_type": "index", "_index": index, "_id": doc.id, "_source": document_to_source(doc)}

    def _write(
        self, action: str, actions: Iterable[bulk.Action], refresh: bulk.Refresh
    ) -> bulk.BulkOutcome:
        client = self._require_client()
        try:
            outcome = bulk.write(client, actions, policy=self._retry, refresh=refresh)
        except _CLIENT_ERRORS as error:
            raise unavailable(error, self._url, action) from error
        if outcome.failures:
            ids = tuple(f.doc_id for f in outcome.failures)
            first = outcome.failures[0]
            message = f"{action}: {len(ids)} document(s) rejected, first {first.doc_id!r}: {first.reason}"
            if all(f.status in RETRY_STATUSES for f in outcome.failures):
                # Still overloaded or blocked after every retry: the server's state, not the data.
                raise IndexUnavailable(f"Elasticsearch at {self._url}: {message}")
            raise IndexWriteError(message, ids)
        return outcome

    def upsert(self, docs: Iterable[IndexDocument]) -> int:
        outcome = self._write("upsert", self._index_actions(docs, self._alias), self._refresh)
        return outcome.count("created", "updated")

    def delete(self, ids: Iterable[str]) -> int:
        if isinstance(ids, str):
            raise TypeError("delete() takes an iterable of ids, not a single id string")
        actions = ({"_op_type": "delete", "_index": self._alias, "_id": i} for i in ids)
        return self._write("delete", actions, self._refresh).count("deleted")

    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        """Re-index everything into a new versioned index, then swap the alias atomically.

        Searches keep using the old index until the swap. Writes made through this or another
        instance while a rebuild runs land in the old index and are lost with it: pause the writers
        (or re-run their upserts) around a rebuild. Returns the number of documents written.
        """
        client = self._require_client()
        new_index = self._call(
            "create index", lambda: aliases.create_version(client, self._prefix, with_alias=False)
        )
        try:
            # No refresh per batch: nothing searches the new index before the swap.
            outcome = self._write("rebuild", self._index_actions(docs, new_index), "false")
            self._call("refresh", lambda: client.indices.refresh(index=new_index))
            old = self._call("read alias", lambda: aliases.current(client, self._prefix)).indices
            self._call("swap alias", lambda: aliases.swap(client, self._prefix, old, new_index))
        except BaseException as error:
            try:
                self._call("drop unfinished index", lambda: client.indices.delete(index=new_index))
            except SearchIndexError as cleanup_error:
                error.add_note(f"the unfinished index {new_index} was left behind: {cleanup_error}")
            raise
        if old:
            self._call("delete old index", lambda: client.indices.delete(index=",".join(old)))
        return outcome.count("created", "updated")

    def clear(self) -> None:
        # A fresh empty version is faster than delete-by-query and also resets the mapping.
        self.rebuild(())

    def drop(self) -> None:
        """Delete the alias, every versioned index and the template of this prefix (irreversible)."""
        client = self._require_client()
        self._call(
            "delete indices",
            lambda: client.indices.delete(index=index_pattern(self._prefix), expand_wildcards="all"),
        )
        self._call(
            "delete template",
            lambda: client.indices.delete_index_template(name=template_name(self._prefix)),
        )

    # -- reads ----------------------------------------------------------------------------------------

    def get(self, doc_id: str) -> IndexDocument | None:
        client = self._require_client()

        def fetch() -> IndexDocument | None:
            try:
                response = client.get(index=self._alias, id=doc_id)
            except NotFoundError as error:
                # 404 means either "no such document" (found: false) or "no such index".
                if isinstance(error.body, dict) and error.body.get("found") is False:
                    return None
                raise
            return source_to_document(response.body["_source"])

        return self._call("get", fetch)

    def needs_refill(self) -> bool:
        client = self._require_client()
        return self._call("read mapping", lambda: migrate.needs_refill(client, self._alias))

    def count(self) -> int:
        client = self._require_client()
        return int(self._call("count", lambda: client.count(index=self._alias)).body["count"])

    def search(self, query: SearchQuery) -> SearchResult:
        client = self._require_client()
        request = build_request(query, parse_query(query.text), self._day_tz)
        # allow_partial_search_results=False: a shard failure (e.g. the old index deleted at the end
        # of a rebuild while this search ran) becomes a 503, which is retried, instead of a result
        # that silently misses documents.
        response = self._call(
            "search",
            lambda: client.search(index=self._alias, allow_partial_search_results=False, **request.body),
        ).body
        hits = tuple(_hit(raw, request.has_match, query.highlight) for raw in response["hits"]["hits"])
        return SearchResult(
            total=int(response["hits"]["total"]["value"]),
            hits=hits,
            page=query.page,
            per_page=query.per_page,
            facets=_facets(response.get("aggregations", {})),
        )


def _facets(aggregations: Mapping[str, Any]) -> dict[str, list[FacetCount]]:
    facets: dict[str, list[FacetCount]] = {}
    for name in FACET_FIELDS:
        buckets = aggregations.get(name, {}).get("buckets", [])
        counts = [FacetCount(value=_bucket_value(name, b), count=int(b["doc_count"])) for b in buckets]
        # Same tie-break as SQLite (count desc, then value), independent of ES bucket order.
        counts.sort(key=lambda f: (-f.count, f.value))
        facets[name] = counts
    return facets


def _bucket_value(name: str, bucket: Mapping[str, Any]) -> str:
    if name == "flagged":
        # Boolean terms buckets have key 1/0; key_as_string is "true"/"false".
        return FLAGGED_TRUE if bucket.get("key_as_string") == "true" else FLAGGED_FALSE
    return str(bucket["key"])


def _with_ellipses(fragment: str, full_text: str) -> str:
    """Mark a fragment that starts or ends inside the text, as SQLite's snippet() does."""
    plain = fragment.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    start = full_text.find(plain)
    if start < 0:
        return fragment
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if start + len(plain) < len(full_text) else ""
    return lead + fragment + tail


def _hit(raw: Mapping[str, Any], has_match: bool, highlight: bool) -> SearchHit:
    source = raw["_source"]
    marked: Mapping[str, list[str]] = raw.get("highlight", {}) if (has_match and highlight) else {}
    title_fragments = marked.get(TITLE_SEARCH)
    text_fragments = marked.get(TEXT_SEARCH)
    if title_fragments:
        title_html = markers_to_html(title_fragments[0])
    else:
        title_html = html.escape(source["title"], quote=True)
    if text_fragments:
        snippet = markers_to_html(_with_ellipses(text_fragments[0], search_form(source["text"])))
    else:
        snippet = plain_snippet(source["text"])
    score = float(raw.get("_score") or 0.0) if has_match else 0.0
    return source_to_hit(source, title_html, snippet, score)
