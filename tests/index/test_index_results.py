"""Contract: filters, facets, sorting, pagination and highlighting."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from index import SearchIndex, SearchQuery
from tests.index.index_corpus import (
    BY_ID,
    CORPUS,
    IST,
    facet_oracle,
    has_word,
    ids_where,
    matches_filters,
    newest_first,
    search_ids,
)

FILTERS: list[dict[str, object]] = [
    {"languages": ("hi",)},
    {"languages": ("en", "other")},
    {"sources": ("BBC Hindi", "NDTV")},
    {"sentiments": ("negative",)},
    {"sentiments": ("neutral", "positive")},
    {"flagged": True},
    {"flagged": False},
    {"hostile": True},
    {"hostile": False},
    # Any of the labels; en-04 carries "offensive" without the coarse "hostile".
    {"hostility": ("offensive",)},
    {"hostility": ("hate", "defamation")},
    {"hostile": False, "hostility": ("offensive",)},
    {"languages": ("hi",), "hostile": True, "include_duplicates": False},
    {"min_score": 0.6},
    {"max_score": 0.2},
    {"min_score": 0.2, "max_score": 0.7},
    # IST calendar days: en-04 (19 Apr 20:00 UTC) and hi-05 (20 Apr 00:15 IST) fall on 20 April.
    {"published_from": date(2024, 4, 20)},
    {"published_to": date(2024, 4, 19)},
    {"published_from": date(2024, 4, 20), "published_to": date(2024, 4, 25)},
    {"published_from": datetime(2024, 4, 19, 19, 0, tzinfo=UTC),
     "published_to": datetime(2024, 4, 22, 10, 0, tzinfo=IST)},
    {"include_duplicates": False},
    # Crawled since an instant (what a digest counts as new), undated articles included.
    {"fetched_from": datetime(2024, 4, 22, 10, 0, tzinfo=IST)},
    {"fetched_from": datetime(2024, 4, 26, 3, 30, tzinfo=UTC), "flagged": True},
    {"languages": ("hi",), "flagged": True, "include_duplicates": False},
    # Kinds and flag reasons (any of them), alone and with the other filters.
    {"kinds": ("factcheck",)},
    {"kinds": ("news", "opinion")},
    {"kinds": ("opinion",), "flagged": True},
    {"flag_reasons": ("matches-factcheck",)},
    {"flag_reasons": ("style",)},
    {"flag_reasons": ("style", "matches-factcheck"), "include_duplicates": False},
    {"languages": ("hi",), "flagged": True, "flag_reasons": ("matches-factcheck",)},
    {"languages": ("en",), "flag_reasons": ("style",), "kinds": ("news",)},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(sorted(f)))
def test_filter_without_text(loaded_index: SearchIndex, filters: dict[str, object]) -> None:
    query = SearchQuery(**filters)  # type: ignore[arg-type]
    expected = ids_where(lambda d: matches_filters(d, query))
    assert expected and expected != set(BY_ID), "filter must select a proper, non-empty subset"
    assert set(search_ids(loaded_index, **filters)) == expected


@pytest.mark.parametrize("filters", FILTERS[:9], ids=lambda f: ",".join(sorted(f)))
def test_filter_combined_with_text(loaded_index: SearchIndex, filters: dict[str, object]) -> None:
    query = SearchQuery(**filters)  # type: ignore[arg-type]
    expected = ids_where(lambda d: matches_filters(d, query) and has_word("मतदान")(d))
    assert set(search_ids(loaded_index, "मतदान", **filters)) == expected


def test_ist_day_boundaries_are_used_for_plain_dates(loaded_index: SearchIndex) -> None:
    day = set(search_ids(loaded_index, published_from=date(2024, 4, 20), published_to=date(2024, 4, 20)))
    assert day == {"en-04", "hi-05"}


def test_undated_documents_are_excluded_by_date_filters_only(loaded_index: SearchIndex) -> None:
    undated = ids_where(lambda d: d.published is None)
    assert undated
    assert undated <= set(search_ids(loaded_index))
    assert not undated & set(search_ids(loaded_index, published_from=date(2000, 1, 1)))


@pytest.mark.parametrize(
    ("text", "filters"),
    [("", {}), ("", {"flagged": True}), ("मतदान", {}), ("", {"languages": ("en",), "min_score": 0.1}),
     ("वायरल OR video", {"hostility": ("hostile", "offensive")}), ("", {"kinds": ("news", "factcheck")}),
     ("", {"flag_reasons": ("matches-factcheck", "style")})],
)
def test_facets_count_the_whole_filtered_set(
    loaded_index: SearchIndex, text: str, filters: dict[str, object]
) -> None:
    query = SearchQuery(text=text, per_page=2, **filters)  # type: ignore[arg-type]
    result = loaded_index.search(query)
    ids = set(search_ids(loaded_index, text, **filters))
    assert result.total == len(ids) > len(result.hits)
    facets = {name: {f.value: f.count for f in counts} for name, counts in result.facets.items()}
    assert facets == facet_oracle(ids)
    for counts in result.facets.values():
        assert [c.count for c in counts] == sorted((c.count for c in counts), reverse=True)


def test_facets_are_the_same_on_every_page(loaded_index: SearchIndex) -> None:
    first = loaded_index.search(SearchQuery(per_page=5, page=1))
    third = loaded_index.search(SearchQuery(per_page=5, page=3))
    assert first.facets == third.facets
    assert first.total == third.total == len(CORPUS)


def test_empty_query_is_newest_first(loaded_index: SearchIndex) -> None:
    expected = newest_first(CORPUS)
    assert search_ids(loaded_index) == expected
    assert search_ids(loaded_index, sort="relevance") == expected
    assert expected[-2:] == ["en-09", "hi-08"]  # undated, ordered by fetch time


def test_newest_sort_with_text(loaded_index: SearchIndex) -> None:
    matching = [BY_ID[i] for i in ids_where(has_word("मतदान"))]
    assert search_ids(loaded_index, "मतदान", sort="newest") == newest_first(matching)


def test_score_sort_puts_highest_misinformation_first(loaded_index: SearchIndex) -> None:
    ids = search_ids(loaded_index, sort="score")
    scores = [BY_ID[i].misinfo_score for i in ids]
    known = [s for s in scores if s is not None]
    assert known == sorted(known, reverse=True)
    assert scores[-2:] == [None, None]  # unscored documents last
    assert len(ids) == len(CORPUS)


def test_title_match_outranks_body_match(fresh_index: SearchIndex) -> None:
    base = BY_ID["en-03"]
    body = "Officials reviewed arrangements at several booths across the district on Monday."
    # The title document is the longer one overall, so only the title weight can put it first.
    in_title = dataclasses.replace(
        base, id="title", title="Booth rigging alleged", text=body + " Polling staff were briefed later."
    )
    in_body = dataclasses.replace(
        base, id="body", title="Arrangements reviewed", text=body + " Rigging alleged."
    )
    fresh_index.upsert([in_body, in_title])
    result = fresh_index.search(SearchQuery(text="rigging"))
    assert [h.id for h in result.hits] == ["title", "body"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_pagination_walks_the_full_ordering(loaded_index: SearchIndex) -> None:
    everything = search_ids(loaded_index)
    pages = []
    for page in range(1, 5):
        result = loaded_index.search(SearchQuery(page=page, per_page=6))
        assert result.total == len(CORPUS)
        assert (result.page, result.per_page, result.pages) == (page, 6, 4)
        pages.extend(h.id for h in result.hits)
    assert pages == everything
    beyond = loaded_index.search(SearchQuery(page=5, per_page=6))
    assert beyond.hits == () and beyond.total == len(CORPUS)


def _unmarked(fragment: str) -> str:
    return re.sub(r"</?mark>", "", fragment)


def test_hindi_highlight_is_marked_and_escaped(loaded_index: SearchIndex) -> None:
    result = loaded_index.search(SearchQuery(text="मतदान", per_page=100))
    hit = next(h for h in result.hits if h.id == "hi-02")
    title = BY_ID["hi-02"].title
    assert hit.title_highlighted == html.escape(title).replace("मतदान", "<mark>मतदान</mark>")
    assert "&lt;40%" in hit.title_highlighted
    assert "<mark>मतदान</mark> प्रतिशत &lt;40% रहा &amp;" in hit.snippet
    for fragment in (hit.title_highlighted, hit.snippet):
        assert "<" not in _unmarked(fragment) and ">" not in _unmarked(fragment)
        assert html.unescape(_unmarked(fragment)).replace("…", "") in BY_ID["hi-02"].title + BY_ID["hi-02"].text


def test_highlight_marks_the_original_inflected_word(loaded_index: SearchIndex) -> None:
    hit = loaded_index.search(SearchQuery(text="election", per_page=100)).hits
    en01 = next(h for h in hit if h.id == "en-01")
    assert en01.title_highlighted == (
        "Poll panel announces schedule for Lok Sabha <mark>elections</mark>"
    )


def test_highlight_marks_conjunct_words_whole(loaded_index: SearchIndex) -> None:
    hit = next(h for h in loaded_index.search(SearchQuery(text="प्रधानमंत्री")).hits if h.id == "hi-01")
    assert hit.title_highlighted.startswith("<mark>प्रधानमंत्री</mark> ने")


def test_highlight_can_be_switched_off(loaded_index: SearchIndex) -> None:
    result = loaded_index.search(SearchQuery(text="मतदान", highlight=False, per_page=100))
    hit = next(h for h in result.hits if h.id == "hi-02")
    assert hit.title_highlighted == html.escape(BY_ID["hi-02"].title)
    assert "<mark>" not in hit.snippet and hit.snippet


def test_hits_without_text_carry_escaped_plain_fields(loaded_index: SearchIndex) -> None:
    hit = next(h for h in loaded_index.search(SearchQuery(per_page=100)).hits if h.id == "hi-02")
    assert hit.title_highlighted == html.escape(BY_ID["hi-02"].title)
    assert "<mark>" not in hit.snippet and "&amp;" in hit.snippet


def test_hit_carries_display_fields(loaded_index: SearchIndex) -> None:
    hit = next(h for h in loaded_index.search(SearchQuery(text="EVM")).hits if h.id == "en-06")
    doc = BY_ID["en-06"]
    assert (hit.url, hit.title, hit.language, hit.source) == (doc.url, doc.title, doc.language, doc.source)
    assert (hit.published, hit.misinfo_score, hit.flagged, hit.sentiment) == (
        doc.published, doc.misinfo_score, doc.flagged, doc.sentiment
    )
    assert hit.duplicate_of == "en-02" and hit.published is not None
    assert hit.published.utcoffset() == timedelta(hours=5, minutes=30)
    assert (hit.hostility, hit.hostile) == (("hostile",), True)


def test_hits_carry_hostility_labels_in_catalogue_order(loaded_index: SearchIndex) -> None:
    hits = {h.id: h for h in loaded_index.search(SearchQuery(per_page=100)).hits}
    assert hits["hi-02"].hostility == ("hostile", "defamation")  # indexed as ("defamation", "hostile")
    assert hits["hi-09"].hostility == ("hostile", "hate", "defamation")
    assert (hits["en-04"].hostility, hits["en-04"].hostile) == (("offensive",), False)
    assert (hits["hi-01"].hostility, hits["hi-01"].hostile) == ((), False)
    assert {h.id: h.hostility for h in hits.values()} == {d.id: d.hostility for d in CORPUS}


def test_hostility_facet_counts_each_label(loaded_index: SearchIndex) -> None:
    facet = {f.value: f.count for f in loaded_index.search(SearchQuery(per_page=1)).facets["hostility"]}
    assert facet == {"hostile": 6, "hate": 2, "offensive": 2, "defamation": 2}
    hindi = loaded_index.search(SearchQuery(languages=("hi",), hostile=True, per_page=1)).facets["hostility"]
    assert [(f.value, f.count) for f in hindi] == [("hostile", 4), ("defamation", 2), ("hate", 1), ("offensive", 1)]


def test_tags_are_searchable(loaded_index: SearchIndex) -> None:
    assert search_ids(loaded_index, "MCC") == ["en-07"]
