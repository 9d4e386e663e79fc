"""Search over the stored demo crawl: Hindi and English queries, filters, facets, highlights, paging."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date

import pytest

from index.base import SearchIndex
from index.documents import SearchQuery
from index.factory import open_index
from index.hindi_fold import fold_word
from pipeline.dedupe import tokens
from tests.conftest import run_satark
from tests.demo_crawl import Crawled

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


@pytest.fixture(scope="module")
def index(crawled: Crawled) -> Iterator[SearchIndex]:
    with open_index("sqlite", path=crawled.home / "index.sqlite") as opened:
        yield opened


def test_index_holds_every_stored_article(crawled: Crawled, index: SearchIndex) -> None:
    assert index.count() == crawled.store.articles.count() >= 80


@pytest.mark.parametrize("word", ["चुनाव", "मतदाताओं", "मुख्यमंत्री", "निर्वाचन", "प्रत्याशी", "ज़िले", "क्षेत्र"])
def test_hindi_words_with_conjuncts_vowel_signs_and_nukta(index: SearchIndex, crawled: Crawled, word: str) -> None:
    # Whole words, as spelt or folded (spelling variants and inflections, index.hindi_fold): never a fragment.
    containing = {a.id for a in crawled.store.articles.all() if word in set(tokens(f"{a.title} {a.text}"))}
    result = index.search(SearchQuery(text=word, per_page=100))
    found = {h.id for h in result.hits}
    # Every article that contains the word is found; the others hold a variant of it.
    assert containing and containing <= found
    assert all(h.language == "hi" for h in result.hits)
    for hit in result.hits:
        marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet + hit.title_highlighted)
        assert any(fold_word(m) == fold_word(word) for m in marked), (word, marked)


@pytest.mark.parametrize(("typed", "spelt"), [("फर्जी", "फ़र्ज़ी"), ("जिला", "ज़िला"), ("चुनावों", "चुनाव")])
def test_hindi_search_finds_what_people_type(index: SearchIndex, typed: str, spelt: str) -> None:
    """The issue's examples: the spelling typed finds what the articles' spelling finds, highlighted as written."""
    as_typed = index.search(SearchQuery(text=typed, per_page=100))
    as_spelt = index.search(SearchQuery(text=spelt, per_page=100))
    assert as_typed.total == as_spelt.total > 1
    assert {h.id for h in as_typed.hits} == {h.id for h in as_spelt.hits}
    assert any(f"<mark>{spelt}</mark>" in h.snippet + h.title_highlighted for h in as_typed.hits)


def test_english_stemming_finds_inflected_forms(index: SearchIndex) -> None:
    plural = {h.id for h in index.search(SearchQuery(text="elections", per_page=100)).hits}
    singular = {h.id for h in index.search(SearchQuery(text="election", per_page=100)).hits}
    assert singular and plural == singular


def test_filters_combine(index: SearchIndex, crawled: Crawled) -> None:
    result = index.search(SearchQuery(languages=("en",), sources=("indus-courier",), flagged=True, per_page=100))
    assert result.total > 0
    for hit in result.hits:
        assert (hit.language, hit.source, hit.flagged) == ("en", "indus-courier", True)
    dated = index.search(SearchQuery(published_from=date(2026, 11, 20), published_to=date(2026, 11, 25), per_page=100))
    assert dated.total > 0
    assert all(date(2026, 11, 19) <= h.published.date() <= date(2026, 11, 25) for h in dated.hits if h.published)
    scored = index.search(SearchQuery(min_score=0.5, sort="score", per_page=100))
    scores = [h.misinfo_score for h in scored.hits]
    assert scores == sorted(scores, reverse=True) and all(s is not None and s >= 0.5 for s in scores)
    positive = index.search(SearchQuery(sentiments=("positive",), per_page=100))
    assert positive.total > 0 and all(h.sentiment == "positive" for h in positive.hits)
    originals = index.search(SearchQuery(include_duplicates=False, per_page=100))
    assert all(h.duplicate_of is None for h in originals.hits)
    assert originals.total == index.count() - sum(1 for a in crawled.store.articles.all() if a.duplicate_of)


def test_facets_count_the_whole_filtered_set(index: SearchIndex) -> None:
    result = index.search(SearchQuery(per_page=5))
    facets = {name: {c.value: c.count for c in counts} for name, counts in result.facets.items()}
    assert sum(facets["language"].values()) == result.total
    assert facets["language"]["hi"] >= 40 and facets["language"]["en"] >= 40
    assert set(facets["source"]) == {"bharat-samachar", "jan-awaaz", "capital-chronicle", "indus-courier"}
    hindi = index.search(SearchQuery(languages=("hi",), per_page=5))
    assert {c.value for c in hindi.facets["language"]} == {"hi"}


def test_pagination_walks_every_result_once(index: SearchIndex) -> None:
    seen: list[str] = []
    first = index.search(SearchQuery(per_page=30, sort="newest"))
    for page in range(1, first.pages + 1):
        seen += [h.id for h in index.search(SearchQuery(per_page=30, page=page, sort="newest")).hits]
    assert len(seen) == len(set(seen)) == first.total


def test_cli_search_prints_highlighted_hits_and_facets(crawled: Crawled) -> None:
    result = run_satark(crawled.home, "search", "ईवीएम", "--lang", "hi")
    assert result.returncode == 0, result.stderr
    assert "result(s)" in result.stdout and "facets" in result.stdout and "ईवीएम" in result.stdout
    rows = [json.loads(line) for line in run_satark(crawled.home, "search", "evm", "--flagged", "--sort", "score",
                                                      "--json").stdout.splitlines()]
    assert rows and all(r["scores"]["flagged"] for r in rows)
    assert [r["scores"]["misinformation"] for r in rows] == sorted((r["scores"]["misinformation"] for r in rows),
                                                                     reverse=True)


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "(", "*", "NEAR(", "title:evm", "चुनाव -"])
def test_malformed_queries_never_fail(crawled: Crawled, query: str) -> None:
    result = run_satark(crawled.home, "search", query, "--json")
    assert result.returncode == 0, result.stderr


def test_a_lost_index_is_said_and_rebuilt_not_shown_as_no_results(crawled: Crawled, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    with closing(sqlite3.connect(crawled.home / "satark.sqlite")) as source, \
            closing(sqlite3.connect(home / "satark.sqlite")) as target:
        source.backup(target)  # the store, without its index: as if index.sqlite had been deleted
    lost = run_satark(home, "search", "")
    assert lost.returncode == 1 and "run `satark index rebuild`" in lost.stderr and lost.stdout == ""
    status = run_satark(home, "status")
    assert "search index: 0 document(s) for" in status.stdout and "index rebuild" in status.stderr
    assert run_satark(home, "index", "rebuild").returncode == 0
    found = run_satark(home, "search", "")
    assert found.returncode == 0 and re.match(r"[1-9]\d* result", found.stdout)
    assert "index rebuild" not in run_satark(home, "status").stderr
