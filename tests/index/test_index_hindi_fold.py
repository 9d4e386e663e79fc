"""Contract: Hindi spelling variants and inflections find each other on both backends, a quoted phrase stays
exact, and highlights mark the article's own spelling. Unit checks of the folding rules beside it (their
equality with Lucene's filters is checked on the real node in test_index_es_backend)."""

from __future__ import annotations

import pytest

from index import SearchIndex, SearchQuery
from index.hindi_fold import fold_text, fold_word, normalize, stem, word_spans
from tests.index.index_corpus import BY_ID, doc_tokens, search_ids

# (typed, as the corpus spells it, a document that spells it so)
VARIANT_PAIRS = [
    ("जिला", "ज़िला", "hi-03"),  # nukta
    ("पहुंचे", "पहुँचे", "hi-05"),  # chandrabindu typed as anusvara
    ("हजारों", "हज़ारों", "hi-05"),
    ("आंकड़ों", "आँकड़ों", "hi-02"),
    ("गलत", "ग़लत", "hi-02"),
    ("किसान", "किसानों", "hi-01"),  # inflection
    ("केंद्र", "केंद्रों", "hi-03"),
    ("योजना", "योजनाओं", "hi-01"),
    ("वादा", "वादे", "hi-04"),
]


@pytest.mark.parametrize(("typed", "spelt", "doc_id"), VARIANT_PAIRS)
def test_a_variant_spelling_finds_the_article(loaded_index: SearchIndex, typed: str, spelt: str, doc_id: str) -> None:
    assert spelt in doc_tokens(BY_ID[doc_id]) and typed not in doc_tokens(BY_ID[doc_id])
    assert doc_id in search_ids(loaded_index, typed)
    assert set(search_ids(loaded_index, typed)) == set(search_ids(loaded_index, spelt))


def test_english_documents_are_not_folded(loaded_index: SearchIndex) -> None:
    # Folding is for Hindi documents: an English word is matched by the English analysis alone.
    assert all(doc_id.startswith("en-") for doc_id in search_ids(loaded_index, "EVM"))


def test_a_quoted_phrase_stays_exact(loaded_index: SearchIndex) -> None:
    assert search_ids(loaded_index, '"ज़िला प्रशासन"') == ["hi-03"]
    assert search_ids(loaded_index, '"जिला प्रशासन"') == []


def test_highlights_mark_the_article_own_spelling(loaded_index: SearchIndex) -> None:
    result = loaded_index.search(SearchQuery(text="जिला सुरक्षा"))
    (hit,) = result.hits
    assert hit.title_highlighted.startswith("<mark>ज़िला</mark> प्रशासन")
    assert "<mark>सुरक्षा</mark>" in hit.title_highlighted
    assert "<mark>ज़िला</mark> निर्वाचन" in hit.snippet
    (crowd,) = loaded_index.search(SearchQuery(text="पहुंचे")).hits
    assert "<mark>पहुँचे</mark>" in crowd.snippet


def test_a_snippet_shows_a_variant_match_deep_in_the_text(loaded_index: SearchIndex) -> None:
    (hit,) = loaded_index.search(SearchQuery(text="युवा किसान")).hits
    assert hit.id == "hi-01"
    assert "<mark>किसानों</mark>" in hit.snippet and "<mark>युवाओं</mark>" in hit.snippet


# -- the folding rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "folded"), [
    ("फ़र्ज़ी", "फरज"), ("फर्जी", "फरज"),  # nukta and virama go, the long ी is the short ि, then cut
    ("पहुँचा", "पहुंच"), ("पहुंचा", "पहुंच"),  # chandrabindu is anusvara
    ("हिन्दी", "हिंद"), ("हिंदी", "हिंद"),  # न + virama is anusvara
    ("चुनावों", "चुनाव"), ("चुनाव", "चुनाव"),
    ("की", "कि"), ("क", "क"),  # too short to stem
    ("Election", "election"),  # other scripts are only lower-cased
])
def test_words_fold_as_lucene_folds_them(word: str, folded: str) -> None:
    assert fold_word(word) == folded


def test_normalizer_and_stemmer_steps() -> None:
    assert normalize("ज़िला") == normalize("\u095bिला") == "जिला"
    assert stem("लड़कियों") == "लड़क"  # the longest suffix group the word is long enough for
    assert stem("ना") == "ना"


def test_folded_text_keeps_one_word_per_word() -> None:
    text = "क्षेत्र: ज़िला-प्रशासन, 12 मतदाताओं!"  # a search form (index.text_forms: no ZWJ left)
    assert len(fold_text(text).split()) == len(word_spans(text)) == 5
    assert fold_word("\u093c") == "\u093c"  # a stray nukta folds to nothing and keeps its own form
