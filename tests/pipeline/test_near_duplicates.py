"""MinHash near-duplicate detection over Hindi and English articles."""

from __future__ import annotations

import pytest

from pipeline.dedupe import NearDuplicateIndex, tokens

HINDI_ORIGINAL = " ".join(
    [
        "नई दिल्ली। चुनाव आयोग ने मंगलवार को घोषणा की कि लोकसभा चुनाव के पहले चरण का मतदान उन्नीस अप्रैल को होगा",
        "और इसके लिए सभी तैयारियाँ पूरी कर ली गई हैं। मुख्य चुनाव आयुक्त ने संवाददाता सम्मेलन में बताया कि",
        "संवेदनशील मतदान केंद्रों पर केंद्रीय सुरक्षा बलों की अतिरिक्त कंपनियाँ तैनात की जाएँगी ताकि मतदाता बिना",
        "किसी डर के वोट डाल सकें। आयोग ने राजनीतिक दलों से अपील की कि वे आदर्श आचार संहिता का पालन करें",
        "और सोशल मीडिया पर फ़र्ज़ी ख़बरें फैलाने से बचें, क्योंकि ऐसी सामग्री पर सख़्त कार्रवाई की जाएगी।",
        "आयोग के अनुसार इस बार पहली बार मतदान करने वाले युवाओं की संख्या पिछले चुनाव की तुलना में काफ़ी अधिक है",
        "और उनके लिए विशेष जागरूकता अभियान चलाए जा रहे हैं। दिव्यांग और बुज़ुर्ग मतदाताओं के लिए घर से मतदान",
        "की सुविधा भी दी जाएगी, जिसके लिए उन्हें पहले से आवेदन करना होगा।",
    ]
)
# A syndicated copy: an agency dateline sentence in front and a credit line at the end.
HINDI_COPY = "एजेंसी की रिपोर्ट के अनुसार यह जानकारी दी गई। " + HINDI_ORIGINAL + " (इनपुट: पीटीआई-भाषा)"
HINDI_UNRELATED = (
    "मुंबई। भारतीय क्रिकेट टीम ने रविवार को खेले गए तीसरे एकदिवसीय मुक़ाबले में ऑस्ट्रेलिया को छह विकेट से हराकर "
    "सीरीज़ अपने नाम कर ली। कप्तान ने शानदार शतक लगाया और गेंदबाज़ों ने अनुशासित प्रदर्शन किया। मैच के बाद "
    "कप्तान ने कहा कि टीम का हर खिलाड़ी जीत का हक़दार है और दर्शकों का समर्थन हमेशा प्रेरणा देता है।"
)
ENGLISH_ORIGINAL = (
    "NEW DELHI: The Election Commission on Tuesday announced that polling for the first phase of the Lok Sabha "
    "election will be held on April 19, and said all preparations were complete. The Chief Election Commissioner "
    "told reporters that additional companies of central forces would be deployed at sensitive booths so that "
    "voters can cast their ballots without fear. The commission urged political parties to follow the model "
    "code of conduct and to avoid spreading fake news on social media, warning of strict action against such "
    "content. First-time voters outnumber those of the previous election, officials said, and special awareness "
    "drives are under way for them."
)
ENGLISH_COPY = "Updated at 10:45 IST. " + ENGLISH_ORIGINAL + " (With inputs from PTI)"
ENGLISH_UNRELATED = (
    "MUMBAI: India beat Australia by six wickets in the third one-day international on Sunday to clinch the "
    "series. The captain scored a fine century while the bowlers kept things tight throughout the innings."
)


@pytest.fixture
def index() -> NearDuplicateIndex:
    return NearDuplicateIndex(threshold=0.7, num_perm=128, shingle_words=3)


def test_tokens_keep_devanagari_words_whole() -> None:
    text = "प्रधानमंत्री ने क्षेत्र में श्रद्धांजलि दी। कार्यक्रम॥ ठीक है"
    assert tokens(text) == ["प्रधानमंत्री", "ने", "क्षेत्र", "में", "श्रद्धांजलि", "दी", "कार्यक्रम", "ठीक", "है"]


def test_tokens_keep_joiners_and_devanagari_digits_and_casefold_english() -> None:
    assert tokens("क्\u200dष Hello, WORLD ३५ 2024") == ["क्\u200dष", "hello", "world", "३५", "2024"]


def test_tokens_normalise_nukta_spellings_together() -> None:
    assert tokens("\u0958\u093e\u0928\u0942\u0928") == tokens("\u0915\u093c\u093e\u0928\u0942\u0928")


@pytest.mark.parametrize(
    ("original", "copy", "unrelated"),
    [(HINDI_ORIGINAL, HINDI_COPY, HINDI_UNRELATED), (ENGLISH_ORIGINAL, ENGLISH_COPY, ENGLISH_UNRELATED)],
    ids=["hindi", "english"],
)
def test_syndicated_copy_points_at_original(
    index: NearDuplicateIndex, original: str, copy: str, unrelated: str
) -> None:
    assert index.match_or_add("original", index.signature(original)) is None
    assert index.match_or_add("unrelated", index.signature(unrelated)) is None
    assert index.match_or_add("copy", index.signature(copy)) == "original"


def test_a_copy_of_a_copy_still_points_at_the_first_original(index: NearDuplicateIndex) -> None:
    index.match_or_add("original", index.signature(HINDI_ORIGINAL))
    assert index.match_or_add("copy-1", index.signature(HINDI_COPY)) == "original"
    assert index.match_or_add("copy-2", index.signature(HINDI_COPY + " अपडेट")) == "original"


def test_hindi_and_english_versions_are_not_duplicates(index: NearDuplicateIndex) -> None:
    index.match_or_add("hi", index.signature(HINDI_ORIGINAL))
    assert index.match_or_add("en", index.signature(ENGLISH_ORIGINAL)) is None


def test_reprocessed_article_never_matches_itself(index: NearDuplicateIndex) -> None:
    signature = index.signature(HINDI_ORIGINAL)
    assert index.match_or_add("a1", signature) is None
    assert index.match_or_add("a1", signature) is None
    assert index.match_or_add("a1", index.signature(HINDI_COPY)) is None


def test_reprocessed_article_loaded_from_store_does_not_match_itself(index: NearDuplicateIndex) -> None:
    signature = index.signature(ENGLISH_ORIGINAL)
    index.load([("a1", index.to_bytes(signature))])
    assert index.match_or_add("a1", signature) is None


def test_signature_round_trips_through_bytes(index: NearDuplicateIndex) -> None:
    signature = index.signature(HINDI_ORIGINAL)
    data = index.to_bytes(signature)
    assert isinstance(data, bytes)
    assert len(data) == 128 * 8
    restored = index.from_bytes(data)
    assert restored.jaccard(signature) == 1.0
    assert list(restored.hashvalues) == list(signature.hashvalues)


def test_signatures_are_stable_across_instances() -> None:
    # Signatures are stored and compared across runs, so two processes must hash identically.
    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    assert first.to_bytes(first.signature(HINDI_ORIGINAL)) == second.to_bytes(second.signature(HINDI_ORIGINAL))


def test_loaded_signatures_match_new_copies_in_a_fresh_index(index: NearDuplicateIndex) -> None:
    stored = [
        ("orig-hi", index.to_bytes(index.signature(HINDI_ORIGINAL))),
        ("orig-en", index.to_bytes(index.signature(ENGLISH_ORIGINAL))),
        ("bad-length", b"\x00" * 16),
    ]
    fresh = NearDuplicateIndex(threshold=0.7, num_perm=128, shingle_words=3)
    assert fresh.load(stored) == 2  # the wrong-length blob is skipped, not fatal
    assert fresh.load(stored) == 0  # loading twice adds nothing
    assert fresh.match_or_add("copy-hi", fresh.signature(HINDI_COPY)) == "orig-hi"
    assert fresh.match_or_add("copy-en", fresh.signature(ENGLISH_COPY)) == "orig-en"
    assert fresh.match_or_add("new", fresh.signature(HINDI_UNRELATED)) is None


def test_very_short_text_still_gets_a_signature(index: NearDuplicateIndex) -> None:
    a = index.signature("चुनाव")
    b = index.signature("चुनाव")
    assert a.jaccard(b) == 1.0
    assert index.signature("").jaccard(index.signature("")) == 1.0
