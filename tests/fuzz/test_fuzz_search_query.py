"""The desk's and the CLI's search syntax under generated input: `parse_query` never raises and yields only searchable
terms; the SQLite backend answers any text without an error (FTS5 never sees user syntax); the Elasticsearch
request is valid JSON; `SearchParams.from_query_string` raises only pydantic's ValidationError and round-trips."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError

from index import SearchIndex, SearchQuery, open_index
from index.elasticsearch.query import build_request
from index.query_syntax import Term, parse_query
from index.text_forms import is_token_char
from pipeline.search_params import SearchParams
from tests.fuzz.strategies import mixed_text, text_char
from tests.index.index_corpus import CORPUS

IST = timezone(timedelta(hours=5, minutes=30))
_SYNTAX = st.sampled_from(['"', "-", "--", "*", "(", ")", " OR ", " AND ", " ", ":", "^", "NEAR(", "title:", "\\"])
queries = st.one_of(mixed_text(), st.text(text_char, max_size=30),
                    st.lists(st.one_of(_SYNTAX, mixed_text(2)), max_size=10).map("".join))
# Whole words of the corpus titles, each searchable on its own (no operator words).
_TITLE_WORDS = sorted({word for doc in CORPUS if doc.duplicate_of is None for word in doc.title.split()
                       if len(word) > 1 and all(is_token_char(ch) for ch in word) and word not in ("OR", "AND")})


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    opened = open_index("sqlite", path=Path(tmp_path_factory.mktemp("fuzz-index")) / "index.sqlite")
    opened.upsert(CORPUS)
    yield opened
    opened.close()


def assert_searchable(term: Term) -> None:
    assert term.text and term.text == term.text.strip() and any(is_token_char(ch) for ch in term.text)
    assert '"' not in term.text and "\x00" not in term.text
    term.text.encode("utf-8")  # no lone surrogate


@given(queries)
@example('"unbalanced -"phrase" OR OR -"" ***')
@example("--\"चुनाव आयोग\"* (title:मतदान) NEAR(a b) ^^")
def test_parse_query_yields_only_searchable_terms(text: str) -> None:
    parsed = parse_query(text)
    for group in parsed.groups:
        assert group
        for term in group:
            assert_searchable(term)
    for term in parsed.excluded:
        assert_searchable(term)


@given(queries)
@example('"')
@example("-")
@example("0\x00")  # found by this test: a NUL ended FTS5's quoted term early ("unterminated string")
@example('"चुनाव\x00आयोग"')
@example("चुनाव\ud800")  # found by the long run: a lone surrogate (an argv that is not UTF-8) could not reach SQLite
@example('NEAR("a" "b") title:x {title} : "y" *')
def test_sqlite_search_answers_any_text(index: SearchIndex, text: str) -> None:
    result = index.search(SearchQuery(text=text, per_page=50))
    assert 0 <= result.total <= len(CORPUS) and len(result.hits) == min(result.total, 50)
    if parse_query(text).is_empty:
        assert result.total == len(CORPUS)  # no searchable word: the same as an empty search box


@given(st.sampled_from(_TITLE_WORDS), st.text(st.sampled_from("()[]{}^:~!|&+=<>,;\\ \t*"), max_size=4),
       st.text(st.sampled_from("()[]{}^:~!|&+=<>,;\\ \t"), max_size=4))
def test_a_title_word_in_stray_syntax_still_finds_its_article(index: SearchIndex, word: str, before: str,
                                                             after: str) -> None:
    found = {hit.id for hit in index.search(SearchQuery(text=f"{before}{word}{after}", per_page=50)).hits}
    assert any(doc.id in found for doc in CORPUS if word in doc.title.split())


@given(queries)
def test_elasticsearch_request_is_valid_json(text: str) -> None:
    request = build_request(SearchQuery(text=text), parse_query(text), IST)
    json.loads(json.dumps(request.body, allow_nan=False))


_KEYS = st.sampled_from(["q", "lang", "source", "kind", "flag", "flagged", "hostile", "sentiment", "review", "min_score",
                         "max_score", "from", "to", "duplicates", "sort", "page", "per_page", "x", ""])
_VALUES = st.one_of(mixed_text(3), st.sampled_from(["hi", "en", "true", "false", "0.5", "nan", "-1", "1e309", "2024-04-16",
                                                    "2024-02-30", "relevance", "score", "500", "501", "news"]))
query_strings = st.one_of(
    # surrogatepass: a lone surrogate becomes the bytes a client would send for it (%ED%A0%80).
    st.lists(st.tuples(_KEYS, _VALUES), max_size=6).map(lambda pairs: urlencode(pairs, quote_via=quote,
                                                                                errors="surrogatepass")),
    st.lists(st.tuples(_KEYS, _VALUES), max_size=6).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),
    st.text(text_char, max_size=40),
    mixed_text().map(lambda text: "/search?q=" + text),
)


@given(query_strings)
@example("min_score=0.9&max_score=0.1")
@example("q=%ED%A0%80")  # a lone surrogate, percent-encoded
@example("https://desk.example/search?q=%22%E0%A4%9A%E0%A5%81%E0%A4%A8%E0%A4%BE%E0%A4%B5%22&lang=hi&lang=en&page=2")
def test_search_params_parse_or_name_the_parameter_and_round_trip(text: str) -> None:
    try:
        params = SearchParams.from_query_string(text)
    except ValidationError:
        return
    assert SearchParams.from_query_string(params.query_string()) == params
    query = params.to_query()
    assert query.text == params.q and query.page == params.page
