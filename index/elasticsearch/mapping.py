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
- `*.hi`: the built-in `hindi` analyzer. Its normaliser folds long/short vowels ("की" -> "कि") and
  deletes virama and nukta, and its light stemmer conflates inflections. That breaks the whole-word
  contract in tests/index, so it only adds relevance (a `should` clause), never decides a match.
"""

from __future__ import annotations

import re
from typing import Any

# Bump when the template below changes. An index of an older version is upgraded in place when MIGRATIONS
# covers every step (see migrate.py); any other version must be rebuilt. 3: hostility labels. 4: article kind and
# claim-level flags (kind, flag_reasons, evidence, claim, verdict, match_url).
MAPPING_VERSION = 4
META_VERSION_KEY = "satark_mapping_version"
# In an index's _meta after an in-place upgrade whose new fields only a refill from the store can fill; the
# template does not carry it, so the index a rebuild creates starts without it.
META_REFILL_KEY = "satark_refill_needed"

NEUTRAL_ANALYZER = "satark_neutral"
_SEARCH_FORM_FILTER = "satark_search_form"

# Relevance weights, mirroring the SQLite backend's bm25 column weights (title 4, body 1, tags 2).
TITLE_BOOST = 4.0
TEXT_BOOST = 1.0
TAGS_BOOST = 2.0

# (neutral field, english field, hindi field, boost) for every searchable text field.
TITLE_SEARCH = "title_search"
TEXT_SEARCH = "text_search"
TAGS_SEARCH = "tags_search"
# (neutral field, its English sub-field, the Hindi-analysed field, boost). The Hindi field is a separate field
# filled for Hindi documents only: Lucene's Hindi analysis is the costliest part of indexing and only ever adds
# relevance, so English documents skip it (bulk indexing went from ~2,200 to ~3,500 docs/s on two cores).
SEARCH_FIELDS: tuple[tuple[str, str, str, float], ...] = tuple(
    (name, f"{name}.en", f"{name}_hi", boost)
    for name, boost in ((TITLE_SEARCH, TITLE_BOOST), (TEXT_SEARCH, TEXT_BOOST), (TAGS_SEARCH, TAGS_BOOST))
)

HINDI_SEARCH_FIELDS: tuple[str, ...] = tuple(hindi for _, _, hindi, _ in SEARCH_FIELDS)

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


def _analysis() -> dict[str, Any]:
    # Only components of the server core (no analysis-common module needed).
    return {
        "analyzer": {
            NEUTRAL_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
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
MIGRATIONS: dict[int, dict[str, Any]] = {
    2: {"hostility": _KEYWORD},
    3: _CLAIM_FIELDS,
}


def _mappings() -> dict[str, Any]:
    keyword = _KEYWORD
    stored_only = _STORED_ONLY
    return {
        # strict: a misspelt field name fails the write instead of silently adding an unmapped field.
        "dynamic": "strict",
        "_meta": {META_VERSION_KEY: MAPPING_VERSION},
        "_source": {"excludes": [TITLE_SEARCH, TEXT_SEARCH, TAGS_SEARCH, *HINDI_SEARCH_FIELDS]},
        "properties": {
            "id": keyword,
            "url": _URL,
            "title": stored_only,
            "text": stored_only,
            TITLE_SEARCH: _search_field(),
            TEXT_SEARCH: _search_field(),
            TAGS_SEARCH: _search_field(),
            **{name: {"type": "text", "analyzer": "hindi"} for name in HINDI_SEARCH_FIELDS},
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
