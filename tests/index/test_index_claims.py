"""Contract: article kinds and claim-level flags (reasons, evidence, a fact-check's claim and verdict), stored,
filtered, faceted and shown on hits, in Hindi and English; an index of the previous layout is upgraded in place."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable

import pytest

from index import IndexDocument, SearchIndex, SearchQuery
from tests.index.index_corpus import BY_ID, CORPUS, facet_oracle, has_word, ids_where, matches_filters, search_ids

OpenPrevious = Callable[[Iterable[IndexDocument]], SearchIndex]


def _nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value) if value is not None else None


def _facet(index: SearchIndex, name: str, **filters: object) -> list[tuple[str, int]]:
    result = index.search(SearchQuery(per_page=1, **filters))  # type: ignore[arg-type]
    return [(f.value, f.count) for f in result.facets[name]]


# -- filters --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("मतदान", {"kinds": ("factcheck",)}),
        ("मतदान", {"kinds": ("news",), "flag_reasons": ("matches-factcheck",)}),
        ("वीडियो", {"flag_reasons": ("style",), "languages": ("hi",), "flagged": True}),
        ("video", {"flag_reasons": ("matches-factcheck",), "languages": ("en",)}),
        ("deepfake OR rally", {"kinds": ("opinion", "factcheck")}),
    ],
)
def test_kind_and_flag_reason_filters_combine_with_text(
    loaded_index: SearchIndex, text: str, filters: dict[str, object]
) -> None:
    query = SearchQuery(text=text, **filters)  # type: ignore[arg-type]
    words = [has_word(w) for w in text.split() if w != "OR"]
    expected = ids_where(lambda d: matches_filters(d, query) and any(word(d) for word in words))
    assert expected, "each case must find something"
    assert set(search_ids(loaded_index, text, **filters)) == expected


def test_flag_reason_filter_with_language_and_flagged(loaded_index: SearchIndex) -> None:
    assert set(search_ids(loaded_index, flag_reasons=("matches-factcheck",), languages=("hi",), flagged=True)) == {
        "hi-06", "hi-09"}
    assert search_ids(loaded_index, flag_reasons=("matches-factcheck",), languages=("hi",),
                      include_duplicates=False) == ["hi-09"]
    assert set(search_ids(loaded_index, flag_reasons=("style",), languages=("en",))) == {"en-02", "en-09"}
    # A flag without a reason (flagged before claim-level flags) is flagged yet matches no reason.
    assert "en-06" in search_ids(loaded_index, flagged=True)
    assert "en-06" not in search_ids(loaded_index, flag_reasons=("matches-factcheck", "style"))
    assert search_ids(loaded_index, flag_reasons=("style",), flagged=False) == []


def test_kind_filter_keeps_any_of_the_kinds(loaded_index: SearchIndex) -> None:
    assert set(search_ids(loaded_index, kinds=("factcheck",))) == {"hi-02", "en-04"}
    assert set(search_ids(loaded_index, kinds=("opinion", "factcheck"), languages=("hi",))) == {"hi-02", "hi-07"}
    assert len(search_ids(loaded_index, kinds=("news",))) == len(CORPUS) - 4
    # Fact-checks are never flagged for a reason.
    assert search_ids(loaded_index, kinds=("factcheck",), flag_reasons=("matches-factcheck", "style")) == []


# -- facets ---------------------------------------------------------------------------------------------


def test_kind_and_flag_reason_facets_count_each_value(loaded_index: SearchIndex) -> None:
    assert _facet(loaded_index, "kind") == [("news", 16), ("factcheck", 2), ("opinion", 2)]
    # A document counts under each of its reasons (hi-09 and en-02 have both).
    assert _facet(loaded_index, "flag_reason") == [("style", 4), ("matches-factcheck", 3)]
    assert _facet(loaded_index, "flag_reason", languages=("hi",)) == [("matches-factcheck", 2), ("style", 2)]
    # Values no document in the filtered set has are left out.
    assert _facet(loaded_index, "kind", languages=("other",)) == [("news", 1)]
    assert _facet(loaded_index, "flag_reason", languages=("other",)) == []
    assert _facet(loaded_index, "flag_reason", kinds=("factcheck",)) == []
    assert _facet(loaded_index, "kind", flag_reasons=("style",)) == [("news", 3), ("opinion", 1)]


def test_facets_follow_text_and_claim_filters(loaded_index: SearchIndex) -> None:
    result = loaded_index.search(SearchQuery(text="मतदान", flag_reasons=("matches-factcheck",), per_page=1))
    ids = set(search_ids(loaded_index, "मतदान", flag_reasons=("matches-factcheck",)))
    assert ids == {"hi-06"}
    facets = {name: {f.value: f.count for f in counts} for name, counts in result.facets.items()}
    assert facets == facet_oracle(ids)


# -- hits and round trips -------------------------------------------------------------------------------


def test_hits_carry_kind_flag_reasons_evidence_claim_and_verdict(loaded_index: SearchIndex) -> None:
    hits = {h.id: h for h in loaded_index.search(SearchQuery(per_page=100)).hits}
    fields = {h.id: (h.kind, h.flag_reasons, h.evidence, h.claim, h.verdict, h.match_url) for h in hits.values()}
    assert fields == {
        d.id: (d.kind, d.flag_reasons, _nfc(d.evidence), _nfc(d.claim), _nfc(d.verdict), d.match_url) for d in CORPUS
    }
    hindi = hits["hi-09"]
    assert hindi.flag_reasons == ("matches-factcheck", "style")  # indexed as ("style", "matches-factcheck")
    assert hindi.evidence == "पुलिस ने बताया कि एक नेता का डीपफेक वीडियो बनाकर मतदाताओं को गुमराह करने की कोशिश की गई।"
    assert hindi.match_url == "https://factcheck.example/deepfake-neta"
    # Indexed with a precomposed nukta letter (not NFC), read back NFC.
    evidence = hits["hi-06"].evidence
    assert evidence is not None and unicodedata.is_normalized("NFC", evidence) and "ग\u093cलत" in evidence
    assert evidence != BY_ID["hi-06"].evidence
    english = hits["en-02"]
    assert english.flag_reasons == ("matches-factcheck", "style")
    assert english.evidence is not None and english.evidence.startswith("A video shared widely on social media")
    assert (hits["hi-02"].kind, hits["hi-02"].claim, hits["hi-02"].verdict) == (
        "factcheck", "पहले चरण में मतदान प्रतिशत 40% से कम रहा", "भ्रामक")
    assert (hits["en-04"].kind, hits["en-04"].verdict, hits["en-04"].flag_reasons) == ("factcheck", "Altered", ())
    assert (hits["en-06"].flagged, hits["en-06"].flag_reasons, hits["en-06"].evidence) == (True, (), None)


def test_text_hits_carry_the_fields_too(loaded_index: SearchIndex) -> None:
    hit = next(h for h in loaded_index.search(SearchQuery(text="डीपफेक")).hits if h.id == "hi-09")
    assert (hit.kind, hit.flag_reasons) == ("news", ("matches-factcheck", "style"))
    assert hit.evidence == BY_ID["hi-09"].evidence and "<mark>" in hit.title_highlighted


def test_devanagari_claim_and_verdict_round_trip_as_nfc(fresh_index: SearchIndex) -> None:
    base = BY_ID["hi-02"]
    # फ़र्ज़ी and ख़बर written with precomposed nukta letters (U+095E, U+095B, U+0959), which NFC decomposes.
    factcheck = dataclasses.replace(
        base, id="fc-hi", claim="वायरल \u0959बर: मतदान की तारी\u0959 बदली", verdict="\u095eर्\u095bी",
    )
    flagged = dataclasses.replace(
        BY_ID["hi-09"], id="flag-hi", evidence="मतदान की तारी\u0959 बदलने का दावा।",
        match_url="https://factcheck.example/fc-hi",
    )
    assert not unicodedata.is_normalized("NFC", factcheck.verdict or "")
    fresh_index.upsert([factcheck, flagged])
    stored = fresh_index.get("fc-hi")
    assert stored is not None
    assert (stored.kind, stored.claim, stored.verdict) == (
        "factcheck", _nfc(factcheck.claim), "फ\u093cर्ज\u093cी")
    assert stored == dataclasses.replace(factcheck, title=_nfc(base.title), text=_nfc(base.text),
                                         claim=_nfc(factcheck.claim), verdict=_nfc(factcheck.verdict))
    got = fresh_index.get("flag-hi")
    assert got is not None and got.evidence == "मतदान की तारीख\u093c बदलने का दावा।"
    assert (got.flag_reasons, got.match_url) == (("matches-factcheck", "style"), "https://factcheck.example/fc-hi")


def test_upsert_replaces_kind_and_flags(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    cleared = dataclasses.replace(BY_ID["hi-09"], flagged=False, flag_reasons=(), evidence=None, match_url=None)
    as_opinion = dataclasses.replace(BY_ID["en-03"], kind="opinion")
    fresh_index.upsert([cleared, as_opinion])
    assert "hi-09" not in search_ids(fresh_index, flag_reasons=("style", "matches-factcheck"))
    assert fresh_index.get("hi-09") == cleared
    assert set(search_ids(fresh_index, kinds=("opinion",))) == {"hi-07", "en-09", "en-03"}
    assert _facet(fresh_index, "flag_reason") == [("style", 3), ("matches-factcheck", 2)]


# -- upgrade in place -----------------------------------------------------------------------------------


def test_previous_layout_is_upgraded_in_place_and_asks_for_a_refill(open_previous_layout: OpenPrevious) -> None:
    index = open_previous_layout(CORPUS)
    assert index.needs_refill()
    # Documents indexed before read back as news without reasons, and answer filters and facets as such.
    old = index.get("hi-09")
    assert old is not None and (old.kind, old.flag_reasons, old.evidence, old.match_url) == ("news", (), None, None)
    assert old.hostility == BY_ID["hi-09"].hostility  # what the previous layout had is kept
    assert index.search(SearchQuery(kinds=("news",))).total == len(CORPUS)
    assert _facet(index, "kind") == [("news", len(CORPUS))]
    assert _facet(index, "flag_reason") == []
    assert search_ids(index, flag_reasons=("matches-factcheck",)) == []
    assert set(search_ids(index, "मतदान")) == ids_where(has_word("मतदान"))
    # New documents carry their fields (the new columns or mapping fields exist).
    index.upsert([BY_ID["hi-09"], BY_ID["hi-02"], BY_ID["en-02"]])
    assert set(search_ids(index, flag_reasons=("matches-factcheck",))) == {"hi-09", "en-02"}
    assert search_ids(index, kinds=("factcheck",)) == ["hi-02"]
    assert index.search(SearchQuery(kinds=("news",))).total == len(CORPUS) - 1
    assert index.get("hi-09") == BY_ID["hi-09"]
    # The refill (a rebuild from the store) gives every document its fields and ends the upgrade.
    assert index.rebuild(CORPUS) == len(CORPUS)
    assert not index.needs_refill()
    facets = {name: {f.value: f.count for f in counts} for name, counts in index.search(SearchQuery()).facets.items()}
    assert facets == facet_oracle(BY_ID)
