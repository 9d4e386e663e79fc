"""Index naming and the index template (settings, analyzers, mapping) of the Elasticsearch backend.

Layout: documents live in versioned indices `<prefix>-articles-v<N>`; readers and writers only use the
alias `<prefix>-articles`, so `rebuild()` can fill `v<N+1>` and swap the alias in one atomic call.
The template matches `<prefix>-articles-*`, so every versioned index gets the same mapping.

Field design (why each text is analysed three ways):
- `title`, `text` (and `tags`) keep the stored article in `_source`, NFC but otherwise untouched.
- `title_search`, `text_search`, `tags_search` hold the *search form* (text_forms.search_form: ZWJ,
  ZWNJ and the match markers removed). The standard tokenizer keeps ZWJ inside a token ("क्\u200dषेत्र"
  would not match "क्षेत्र"), and the char filters that could drop it live in the analysis-common
  module, which the Maven-built test node (tools/esnode) lacks; computing the form in Python works
  on every node and is exactly what the SQLite backend indexes. They are stored fields excluded from
  `_source`, so the article body is not kept twice; highlights are cut from them (as SQLite cuts its
  snippets from its search view).
- the main analyzer of a `*_search` field is language neutral (standard tokenizer = Unicode word
  boundaries, which keep Devanagari vowel signs, virama, nukta and anusvara inside a word, then
  lower case). These fields decide which Hindi words match: "की" ≠ "कि", "मतदाता" ≠ "मतदाताओं".
- `*.en`: the built-in `english` analyzer (Porter stemming), ORed with the neutral field so
  "election" finds "elections".
- `*_fold` (Hindi documents only): `satark_hindi_fold`, Lucene's Hindi normaliser (nukta, chandrabindu, long
  and short vowels, virama) and light stemmer (inflections) after the standard tokenizer, without stop words:
  "फर्जी" matches "फ़र्ज़ी" and "चुनावों" matches "चुनाव". A word matches in the neutral, English or folded field;
  a quoted phrase or a prefix only in the first two. The SQLite backend folds with index.hindi_fold, the same
  rules in Python, so both backends match the same documents.
"""

from __future__ import annotations

import re
from typing import Any

# Bump when the template below changes. An index of an older version is upgraded in place when MIGRATIONS
# covers every step (see migrate.py); any other version must be rebuilt. 3: hostility labels. 4: article kind and
# claim-level flags (kind, flag_reasons, evidence, claim, verdict, match_url). 5: folded Hindi fields (`*_fold`, the
# `satark_hindi_fold` analyzer) decide matches; the relevance-only `*_hi` fields of version 4 are no longer written.
MAPPING_VERSION = 5
META_VERSION_KEY = "satark_mapping_version"
# In an index's _meta after an in-place upgrade whose new fields only a refill from the store can fill; the
# template does not carry it, so the index a rebuild creates starts without it.
META_REFILL_KEY = "satark_refill_needed"

NEUTRAL_ANALYZER = "satark_neutral"
FOLD_ANALYZER = "satark_hindi_fold"
_HINDI_STEMMER = "satark_hindi_stem"
_SEARCH_FORM_FILTER = "satark_search_form"

# Relevance weights, mirroring the SQLite backend's bm25 column weights (title 4, body 1, tags 2).
TITLE_BOOST = 4.0
TEXT_BOOST = 1.0
TAGS_BOOST = 2.0

# (neutral field, english field, hindi field, boost) for every searchable text field.
TITLE_SEARCH = "title_search"
TEXT_SEARCH = "text_search"
TAGS_SEARCH = "tags_search"
# (neutral field, its English sub-field, the folded field, boost). The folded field is a separate field filled for
# Hindi documents only (index.hindi_fold.FOLDED_LANGUAGES): English words need no folding, and Lucene's Hindi
# analysis was the costliest part of indexing (skipping it for English: ~2,200 -> ~3,500 docs/s on two cores).
SEARCH_FIELDS: tuple[tuple[str, str, str, float], ...] = tuple(
    (name, f"{name}.en", f"{name}_fold", boost)
    for name, boost in ((TITLE_SEARCH, TITLE_BOOST), (TEXT_SEARCH, TEXT_BOOST), (TAGS_SEARCH, TAGS_BOOST))
)

FOLDED_SEARCH_FIELDS: tuple[str, ...] = tuple(folded for _, _, folded, _ in SEARCH_FIELDS)

# Elasticsearch refuses from + size beyond this (index.max_result_window); deeper pages come back
# empty rather than failing, because nobody reviews result 10,001 by paging.
MAX_RESULT_WINDOW = 10_000

_VERSIONED = re.compile(r"-v(\d+)$")


def alias_name(prefix: str) -> str:
    return f"{prefix}-articles"


def versioned_name(prefix: str, version: int) -> str:
    return f"{alias_name(prefix)}-v{version}"


def template_name(prefix: str) -> str:
    return alias_name(prefix)


def index_pattern(prefix: str) -> str:
    return f"{alias_name(prefix)}-*"


def version_of(prefix: str, index: str) -> int | None:
    """N for `<prefix>-articles-v<N>`, None for any other name."""
    if not index.startswith(alias_name(prefix) + "-"):
        return None
    found = _VERSIONED.search(index)
    return int(found.group(1)) if found and index == versioned_name(prefix, int(found.group(1))) else None


def _search_field() -> dict[str, Any]:
    return {
        "type": "text",
        "analyzer": NEUTRAL_ANALYZER,
        # Stored because it is left out of _source; the highlighter reads it from here.
        "store": True,
        "fields": {"en": {"type": "text", "analyzer": "english"}},
    }


def fold_analysis() -> dict[str, Any]:
    """The folding analyzer (stock `analysis-common` filters; tools/esnode provides them too)."""
    return {
        "filter": {_HINDI_STEMMER: {"type": "stemmer", "language": "hindi"}},
        "analyzer": {
            FOLD_ANALYZER: {"type": "custom", "tokenizer": "standard",
                            "filter": ["lowercase", "hindi_normalization", _HINDI_STEMMER]},
        },
    }


def _analysis() -> dict[str, Any]:
    fold = fold_analysis()
    return {
        "filter": fold["filter"],
        "analyzer": {
            NEUTRAL_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
            **fold["analyzer"],
        },
    }


_KEYWORD: dict[str, Any] = {"type": "keyword"}
_STORED_ONLY: dict[str, Any] = {"type": "text", "index": False}
_URL: dict[str, Any] = {"type": "keyword", "index": False, "doc_values": False}

# The article's kind and why it is flagged (keywords for filters and facets; `flag_reasons` is an array), the
# sentence behind the strongest flag, a fact-check's claim and verdict, and the fact-check a claim matched:
# shown with a hit, never searched.
_CLAIM_FIELDS: dict[str, Any] = {
    "kind": _KEYWORD,
    "flag_reasons": _KEYWORD,
    "evidence": _STORED_ONLY,
    "claim": _STORED_ONLY,
    "verdict": _STORED_ONLY,
    "match_url": _URL,
}

# Facets named after a field of another name (the rest are terms aggregations on the field of their own name).
FACET_SOURCE_FIELDS: dict[str, str] = {"flag_reason": "flag_reasons"}

# MIGRATIONS[n]: the properties that turn a version-n mapping into version n + 1. Only additions can be made
# in place (Elasticsearch never changes an existing field's mapping); documents indexed before lack the field.
_FOLDED_FIELD: dict[str, Any] = {"type": "text", "analyzer": FOLD_ANALYZER}
MIGRATIONS: dict[int, dict[str, Any]] = {
    2: {"hostility": _KEYWORD},
    3: _CLAIM_FIELDS,
    # The folding analyzer is added to the index settings first (index.elasticsearch.migrate). The folded
    # fields of an index upgraded in place are kept in _source too (its excludes cannot change) until a rebuild.
    4: {name: _FOLDED_FIELD for name in FOLDED_SEARCH_FIELDS},
}
# The version from which an index's settings hold the folding analyzer.
FOLD_ANALYSIS_SINCE = 5


def _mappings() -> dict[str, Any]:
    keyword = _KEYWORD
    stored_only = _STORED_ONLY
    return {
        # strict: a misspelt field name fails the write instead of silently adding an unmapped field.
        "dynamic": "strict",
        "_meta": {META_VERSION_KEY: MAPPING_VERSION},
        "_source": {"excludes": [TITLE_SEARCH, TEXT_SEARCH, TAGS_SEARCH, *FOLDED_SEARCH_FIELDS]},
        "properties": {
            "id": keyword,
            "url": _URL,
            "title": stored_only,
            "text": stored_only,
            TITLE_SEARCH: _search_field(),
            TEXT_SEARCH: _search_field(),
            TAGS_SEARCH: _search_field(),
            **{name: _FOLDED_FIELD for name in FOLDED_SEARCH_FIELDS},
            "language": keyword,
            "source": keyword,
            "tags": keyword,
            # ISO strings with the original offset (round trip, dashboards) plus exact UTC
            # microseconds for filters and sorting (`date` would round to milliseconds).
            "published": {"type": "date"},
            "published_us": {"type": "long"},
            "fetched": {"type": "date"},
            "fetched_us": {"type": "long"},
            "misinfo_score": {"type": "double"},
            "flagged": {"type": "boolean"},
            "sentiment": keyword,
            "sentiment_score": {"type": "double", "index": False},
            "duplicate_of": keyword,
            "review_status": keyword,
            "models": keyword,
            "hostility": keyword,  # the hostility labels (an array)
            **_CLAIM_FIELDS,
        },
    }


def index_template(prefix: str, *, number_of_replicas: int, refresh_interval: str) -> dict[str, Any]:
    """Body for `indices.put_index_template`."""
    return {
        "index_patterns": [index_pattern(prefix)],
        # Above the built-in templates (priority 100-200 for logs-*, metrics-*) so ours always wins.
        "priority": 500,
        "template": {
            "settings": {
                "number_of_shards": 1,
                "number_of_replicas": number_of_replicas,
                "refresh_interval": refresh_interval,
                "max_result_window": MAX_RESULT_WINDOW,
                "analysis": _analysis(),
            },
            "mappings": _mappings(),
        },
        "_meta": {META_VERSION_KEY: MAPPING_VERSION},
    }
