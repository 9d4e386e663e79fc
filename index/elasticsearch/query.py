"""One SearchQuery as an Elasticsearch search request body.

User text only ever reaches Elasticsearch as the *value* of match_phrase / prefix queries built from
`index.query_syntax.ParsedQuery`, never as query_string syntax, so no input can raise a parse error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from core.tasks import HOSTILE
from index.dates import lower_bound, to_epoch_us, upper_bound
from index.documents import FACET_FIELDS, NEWS, SearchQuery
from index.elasticsearch.mapping import (
    FACET_SOURCE_FIELDS,
    MAX_RESULT_WINDOW,
    SEARCH_FIELDS,
    TEXT_SEARCH,
    TITLE_SEARCH,
)
from index.hindi_fold import has_devanagari
from index.query_syntax import ParsedQuery, Term
from index.text_forms import MARK_CLOSE, MARK_OPEN, is_token_char, nfc

# A word matched only folded ("फर्जी" for "फ़र्ज़ी") ranks below the same word spelt as typed.
FOLDED_WEIGHT = 0.5
# Limit for multi-token prefixes ("covid-1*"), which need match_phrase_prefix; single-word prefixes
# use an exact, unlimited prefix query.
PHRASE_PREFIX_EXPANSIONS = 500
# Facet buckets returned per field; languages/sentiments are tiny, sources are a few hundred at most.
FACET_SIZE = 1000
SNIPPET_CHARS = 200

_NEWEST: tuple[dict[str, Any], ...] = (
    {"published_us": {"order": "desc", "missing": "_last"}},
    {"fetched_us": {"order": "desc"}},
    {"id": {"order": "asc"}},
)


@dataclass(frozen=True)
class SearchRequest:
    """Body fields for `Elasticsearch.search` (passed as keyword arguments; the client maps "from"
    to its `from_` parameter) plus what is needed to read the answer."""

    body: dict[str, Any]
    has_match: bool


def _field(name: str, boost: float) -> str:
    return f"{name}^{boost:g}"


def _is_single_word(text: str) -> bool:
    return all(is_token_char(ch) for ch in text)


def _term_query(term: Term) -> dict[str, Any]:
    """Documents containing `term` in any searchable field (neutral or English-stemmed form)."""
    if term.prefix and _is_single_word(term.text):
        # Prefixes are matched against the neutral (unstemmed) terms: "tamperi*" must find
        # "tampering" although its English stem is "tamper". Lower-cased here because prefix
        # queries are not analysed.
        value = term.text.lower()
        return {
            "bool": {
                "should": [
                    {"prefix": {neutral: {"value": value, "boost": boost}}}
                    for neutral, _, _, boost in SEARCH_FIELDS
                ],
                "minimum_should_match": 1,
            }
        }
    if term.prefix:
        return {
            "multi_match": {
                "query": term.text,
                "type": "phrase_prefix",
                "fields": [_field(neutral, boost) for neutral, _, _, boost in SEARCH_FIELDS],
                "max_expansions": PHRASE_PREFIX_EXPANSIONS,
            }
        }
    # A word may analyse to several tokens ("covid-19"), so words and phrases are both phrase
    # queries; for a single token a phrase query is a term query. A word also matches folded (mapping.py); a
    # quoted phrase only as typed.
    fields = [_field(name, boost) for neutral, english, _, boost in SEARCH_FIELDS for name in (neutral, english)]
    if not term.phrase and has_devanagari(term.text):
        fields += [_field(folded, boost * FOLDED_WEIGHT) for _, _, folded, boost in SEARCH_FIELDS]
    return {"multi_match": {"query": term.text, "type": "phrase", "fields": fields}}


def _any_of(terms: tuple[Term, ...]) -> dict[str, Any]:
    if len(terms) == 1:
        return _term_query(terms[0])
    return {"bool": {"should": [_term_query(t) for t in terms], "minimum_should_match": 1}}


def _kinds_filter(kinds: tuple[str, ...]) -> dict[str, Any]:
    of_kind: dict[str, Any] = {"terms": {"kind": list(kinds)}}
    if NEWS not in kinds:
        return of_kind
    # Documents indexed before mapping version 4 have no kind and are news until the refill gives them one.
    unknown: dict[str, Any] = {"bool": {"must_not": [{"exists": {"field": "kind"}}]}}
    return {"bool": {"should": [of_kind, unknown], "minimum_should_match": 1}}


def _filters(query: SearchQuery, day_tz: tzinfo) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    if query.languages:
        filters.append({"terms": {"language": list(query.languages)}})
    if query.sources:
        filters.append({"terms": {"source": [nfc(s) for s in query.sources]}})
    if query.sentiments:
        filters.append({"terms": {"sentiment": list(query.sentiments)}})
    if query.flagged is not None:
        filters.append({"term": {"flagged": query.flagged}})
    if query.hostile is not None:
        hostile: dict[str, Any] = {"term": {"hostility": HOSTILE}}
        filters.append(hostile if query.hostile else {"bool": {"must_not": [hostile]}})
    if query.hostility:
        filters.append({"terms": {"hostility": list(query.hostility)}})
    if query.kinds:
        filters.append(_kinds_filter(query.kinds))
    if query.flag_reasons:
        filters.append({"terms": {"flag_reasons": list(query.flag_reasons)}})
    if query.review_statuses:
        filters.append({"terms": {"review_status": list(query.review_statuses)}})
    score_range: dict[str, float] = {}
    if query.min_score is not None:
        score_range["gte"] = query.min_score
    if query.max_score is not None:
        score_range["lte"] = query.max_score
    if score_range:
        filters.append({"range": {"misinfo_score": score_range}})
    published: dict[str, int] = {}
    if query.published_from is not None:
        published["gte"] = to_epoch_us(lower_bound(query.published_from, day_tz))
    if query.published_to is not None:
        published["lte"] = to_epoch_us(upper_bound(query.published_to, day_tz))
    if published:
        filters.append({"range": {"published_us": published}})
    if query.fetched_from is not None:
        filters.append({"range": {"fetched_us": {"gte": to_epoch_us(query.fetched_from)}}})
    return filters


def build_query(query: SearchQuery, parsed: ParsedQuery, day_tz: tzinfo) -> dict[str, Any]:
    clauses: dict[str, Any] = {"filter": _filters(query, day_tz)}
    if parsed.has_positive:
        clauses["must"] = [_any_of(group) for group in parsed.groups]
    must_not = [_term_query(t) for t in parsed.excluded]
    if not query.include_duplicates:
        must_not.append({"exists": {"field": "duplicate_of"}})
    if must_not:
        clauses["must_not"] = must_not
    return {"bool": clauses}


def _sort(query: SearchQuery, has_match: bool) -> list[Any]:
    relevance: list[Any] = [{"_score": {"order": "desc"}}] if has_match else []
    if query.sort == "score":
        return [{"misinfo_score": {"order": "desc", "missing": "_last"}}, *relevance, *_NEWEST]
    if query.sort == "relevance":
        return [*relevance, *_NEWEST]
    return list(_NEWEST)


def _aggregations() -> dict[str, Any]:
    aggregations: dict[str, Any] = {
        name: {"terms": {"field": FACET_SOURCE_FIELDS.get(name, name), "size": FACET_SIZE}} for name in FACET_FIELDS
    }
    # Documents indexed before mapping version 4 count as news, as they read back.
    aggregations["kind"]["terms"]["missing"] = NEWS
    return aggregations


def _highlight() -> dict[str, Any]:
    return {
        # Markers, not tags: highlight.markers_to_html escapes the article text first and only then
        # turns the markers into <mark>, so the HTML contract is identical to SQLite's.
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "type": "unified",
        "fields": {
            # matched_fields: "election" matches "elections" only through the stemmed sub-field,
            # yet the mark must sit on the stored title.
            # The folded field holds the same text, so its matches (a variant spelling) mark the article's own.
            TITLE_SEARCH: {"number_of_fragments": 0,
                           "matched_fields": [TITLE_SEARCH, f"{TITLE_SEARCH}.en", f"{TITLE_SEARCH}_fold"]},
            TEXT_SEARCH: {
                "number_of_fragments": 1,
                "fragment_size": SNIPPET_CHARS,
                "matched_fields": [TEXT_SEARCH, f"{TEXT_SEARCH}.en", f"{TEXT_SEARCH}_fold"],
            },
        },
    }


def page_window(query: SearchQuery) -> tuple[int, int]:
    """(from, size) clipped to the index's result window."""
    start = min(query.offset, MAX_RESULT_WINDOW)
    return start, max(0, min(query.per_page, MAX_RESULT_WINDOW - start))


def build_request(query: SearchQuery, parsed: ParsedQuery, day_tz: tzinfo) -> SearchRequest:
    has_match = parsed.has_positive
    start, size = page_window(query)
    body: dict[str, Any] = {
        "query": build_query(query, parsed, day_tz),
        "from": start,
        "size": size,
        "sort": _sort(query, has_match),
        # Scores are reported even when sorting by date or misinformation score.
        "track_scores": True,
        "track_total_hits": True,
        # Facets cover the whole filtered set, like the SQLite backend (so no post_filter).
        "aggs": _aggregations(),
    }
    if has_match and query.highlight:
        body["highlight"] = _highlight()
    return SearchRequest(body=body, has_match=has_match)
