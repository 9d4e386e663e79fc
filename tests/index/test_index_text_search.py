"""Contract: full-text matching in Hindi and English, query syntax, malformed input."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from index import SearchIndex, SearchQuery
from tests.index.index_corpus import (
    BY_ID,
    CORPUS,
    ZA_PRECOMPOSED,
    ZWJ,
    doc_tokens,
    has_exact_word,
    has_phrase,
    has_prefix,
    has_word,
    ids_where,
    search_ids,
)

# Whole Hindi words with conjuncts, vowel signs, virama, nukta and anusvara.
HINDI_WORDS = [
    "चुनाव",
    "प्रधानमंत्री",
    "क्षेत्र",
    "ज़िला",
    "मतदाताओं",
    "मतदाता",
    "शुद्ध",
    "मुख्यमंत्री",
    "डीपफेक",
    "आँकड़ों",
    "की",
    "कि",
]

# Pieces of the words above: a tokenizer that splits at vowel signs or virama would match these.
HINDI_FRAGMENTS = ["प्र", "प", "धान", "क्ष", "त्र", "ज", "मत", "शु", "द्ध", "क"]
# Lone consonants and pieces cut at a vowel sign: not a word even when folded. (A piece cut after a virama can
# fold into a word: the normaliser drops the virama, so "प्र" is "पर", as on Elasticsearch.)
UNFOLDABLE_FRAGMENTS = ["प", "धान", "ज", "मत", "शु", "क"]


@pytest.mark.parametrize("word", HINDI_WORDS)
def test_hindi_word_matches_exactly_the_documents_containing_it(loaded_index: SearchIndex, word: str) -> None:
    expected = ids_where(has_word(word))
    assert expected, f"corpus must contain {word!r}"
    assert set(search_ids(loaded_index, word)) == expected


@pytest.mark.parametrize("fragment", HINDI_FRAGMENTS)
def test_fragments_of_hindi_words_match_only_as_whole_folded_words(loaded_index: SearchIndex, fragment: str) -> None:
    assert not ids_where(has_exact_word(fragment)), "fragment must not be a whole word in the corpus"
    assert set(search_ids(loaded_index, fragment)) == ids_where(has_word(fragment))


@pytest.mark.parametrize("fragment", UNFOLDABLE_FRAGMENTS)
def test_lone_consonants_and_pieces_cut_at_a_vowel_sign_match_nothing(loaded_index: SearchIndex, fragment: str) -> None:
    assert search_ids(loaded_index, fragment) == []


def test_long_and_short_vowel_signs_are_folded_together(loaded_index: SearchIndex) -> None:
    only_long = ids_where(lambda d: "की" in doc_tokens(d) and "कि" not in doc_tokens(d))
    only_short = ids_where(lambda d: "कि" in doc_tokens(d) and "की" not in doc_tokens(d))
    assert only_long and only_short, "corpus must separate the two spellings"
    assert set(search_ids(loaded_index, "की")) == set(search_ids(loaded_index, "कि")) >= only_long | only_short


def test_word_inside_longer_hindi_word_is_not_matched(loaded_index: SearchIndex) -> None:
    # hi-07 only has "क्षेत्रीय"; "क्षेत्र" must not match it, but the prefix query must.
    assert "क्षेत्र" not in doc_tokens(BY_ID["hi-07"])
    assert "hi-07" not in search_ids(loaded_index, "क्षेत्र")
    assert "hi-07" in search_ids(loaded_index, "क्षेत्र*")


@pytest.mark.parametrize("word", ["ज़िला", "प्रधानमंत्री", "मतदाताओं"])
def test_nfd_query_finds_the_same_documents_as_nfc(loaded_index: SearchIndex, word: str) -> None:
    nfc_ids = set(search_ids(loaded_index, unicodedata.normalize("NFC", word)))
    assert nfc_ids
    assert set(search_ids(loaded_index, unicodedata.normalize("NFD", word))) == nfc_ids


def test_document_supplied_as_nfd_with_precomposed_nukta_is_found(loaded_index: SearchIndex) -> None:
    # hi-03 arrived in NFD; users type "ज़" either as one code point or as ज + nukta.
    assert "hi-03" in search_ids(loaded_index, f"{ZA_PRECOMPOSED}िला")
    assert "hi-03" in search_ids(loaded_index, "ज\u093cिला")
    stored = loaded_index.get("hi-03")
    assert stored is not None
    assert stored.title == unicodedata.normalize("NFC", BY_ID["hi-03"].title)


def test_zero_width_joiner_does_not_change_matching(loaded_index: SearchIndex) -> None:
    plain = set(search_ids(loaded_index, "क्षेत्र"))
    assert "hi-01" in plain  # hi-01 writes the word with a ZWJ inside the conjunct
    assert set(search_ids(loaded_index, f"क{chr(0x94D)}{ZWJ}षेत्र")) == plain


def test_english_search_is_stemmed_and_case_insensitive(loaded_index: SearchIndex) -> None:
    plural = ids_where(has_word("elections"))
    singular = ids_where(has_word("election"))
    assert plural - singular, "corpus must have a document with only the plural"
    assert plural | singular <= set(search_ids(loaded_index, "election"))
    assert plural | singular <= set(search_ids(loaded_index, "ELECTIONS"))
    assert {"en-02", "en-06"} <= set(search_ids(loaded_index, "tamper"))


def test_phrase_requires_adjacent_words_in_order(loaded_index: SearchIndex) -> None:
    expected = ids_where(has_phrase("मतदान प्रतिशत"))
    assert expected
    assert set(search_ids(loaded_index, '"मतदान प्रतिशत"')) == expected
    both_words = ids_where(lambda d: has_word("voting")(d) and has_word("machines")(d))
    assert set(search_ids(loaded_index, '"voting machines"')) == ids_where(has_phrase("voting machines"))
    assert search_ids(loaded_index, '"machines voting"') == []
    assert both_words  # the words exist; only the order makes the reversed phrase fail


def test_words_are_anded(loaded_index: SearchIndex) -> None:
    expected = ids_where(lambda d: has_word("मतदान")(d) and has_word("वायरल")(d))
    assert expected and expected != ids_where(has_word("मतदान"))
    assert set(search_ids(loaded_index, "मतदान वायरल")) == expected


def test_minus_excludes_documents(loaded_index: SearchIndex) -> None:
    expected = ids_where(lambda d: has_word("चुनाव")(d) and not has_word("आयोग")(d))
    assert expected and expected != ids_where(has_word("चुनाव"))
    assert set(search_ids(loaded_index, "चुनाव -आयोग")) == expected


def test_exclusion_only_query_returns_everything_else(loaded_index: SearchIndex) -> None:
    expected = ids_where(lambda d: not has_word("चुनाव")(d))
    assert set(search_ids(loaded_index, "-चुनाव")) == expected


def test_or_between_words(loaded_index: SearchIndex) -> None:
    expected = ids_where(lambda d: has_word("ज़िला")(d) or has_word("EVM")(d))
    assert len(expected) > max(len(ids_where(has_word("ज़िला"))), len(ids_where(has_word("EVM"))))
    assert set(search_ids(loaded_index, "ज़िला OR EVM")) == expected


def test_or_binds_tighter_than_and(loaded_index: SearchIndex) -> None:
    expected = ids_where(lambda d: has_word("वायरल")(d) and (has_word("पोस्ट")(d) or has_word("जाँच")(d)))
    assert expected
    assert set(search_ids(loaded_index, "वायरल पोस्ट OR जाँच")) == expected


@pytest.mark.parametrize("prefix", ["मतदा", "मतदाता", "डीप", "vot", "deepfak"])
def test_prefix_matches_words_starting_with_it(loaded_index: SearchIndex, prefix: str) -> None:
    expected = ids_where(has_prefix(prefix))
    assert expected
    assert set(search_ids(loaded_index, prefix + "*")) == expected


def test_prefix_longer_than_an_english_stem_still_matches(loaded_index: SearchIndex) -> None:
    # "tampering" is indexed under its stem "tamper"; the typed prefix runs past the stem.
    assert {"en-02", "en-06"} <= set(search_ids(loaded_index, "tamperi*"))


MALFORMED = [
    '"unbalanced',
    "AND OR",
    "(",
    ")",
    "*",
    ":",
    "NEAR(",
    "NEAR(चुनाव, 3)",
    '"',
    '""',
    "-",
    "--",
    "^",
    "{}",
    "OR",
    "AND",
    "NOT",
    "चुनाव OR",
    "OR चुनाव",
    '-"',
    "\\",
    "'",
    "%_",
    "***",
    'a"b"c',
    "title:चुनाव",
    "चुनाव AND AND",
    "\u200d",
    "\u093f",  # a lone vowel sign
    "\x00",
    "<script>alert(1)</script>",
    "x" * 2000,
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_queries_never_raise(loaded_index: SearchIndex, text: str) -> None:
    result = loaded_index.search(SearchQuery(text=text))
    assert result.total >= len(result.hits)
    assert len(result.hits) <= result.per_page


@pytest.mark.parametrize(
    "noisy", ['"चुनाव', "(चुनाव)", "चुनाव^", "{चुनाव}", "चुनाव:", "चुनाव\"", "चुनाव -", "-- चुनाव"]
)
def test_special_characters_around_a_word_are_ignored(loaded_index: SearchIndex, noisy: str) -> None:
    assert set(search_ids(loaded_index, noisy)) == set(search_ids(loaded_index, "चुनाव"))


def test_fts_operator_words_are_searched_as_words(fresh_index: SearchIndex) -> None:
    near, plain = CORPUS[10], CORPUS[11]
    fresh_index.upsert(
        [
            dataclasses.replace(near, id="near", text="Voters near the booth said NOT now."),
            plain,
        ]
    )
    assert search_ids(fresh_index, "NEAR") == ["near"]
    assert search_ids(fresh_index, "NOT") == ["near"]


def test_empty_query_returns_everything(loaded_index: SearchIndex) -> None:
    result = loaded_index.search(SearchQuery(text="   ", per_page=100))
    assert result.total == len(CORPUS)
    assert all(hit.score == 0.0 for hit in result.hits)
