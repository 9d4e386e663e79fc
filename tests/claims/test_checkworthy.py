"""Check-worthy sentences: the headline and the lead's factual assertions, never boilerplate, in Hindi and English."""

from __future__ import annotations

import unicodedata

import pytest

from claims.checkworthy import candidate_claims, checkworthiness, lead_sentences
from core.claims import Claim
from demosites.corpus import load_corpus

CORPUS = load_corpus()


def _texts(claims: list[Claim]) -> list[str]:
    return [claim.text for claim in claims]


def _assert_well_formed(claims: list[Claim], title: str, max_claims: int = 5) -> None:
    assert 1 <= len(claims) <= max_claims
    assert claims[0].position == 0 and claims[0].text == title
    assert [c.position for c in claims] == sorted({c.position for c in claims})
    assert all(0.0 <= c.checkworthiness <= 1.0 and c.scores == {} and c.match is None for c in claims)


def test_english_rumour_keeps_the_money_promise_and_the_deadline_claims() -> None:
    article = CORPUS.article("indus-courier/ink-mark-6000-voter-reward-scheme")
    claims = candidate_claims(article.title, article.text, "en")
    _assert_well_formed(claims, article.title)
    texts = " ".join(_texts(claims))
    assert "every voter who cast their vote will get ₹6,000" in texts
    assert "only the first 50 lakh registrations will be accepted" in texts
    assert "Good news for everyone who voted in the elections!" not in texts  # an exclamation, nothing to check
    assert "Many people are saying the scheme is a thank-you gift" not in texts


def test_hindi_rumour_keeps_the_fine_and_its_mechanism() -> None:
    article = CORPUS.article("jan-awaaz/vote-nahi-diya-to-khate-se-katenge-350")
    claims = candidate_claims(article.title, article.text, "hi")
    _assert_well_formed(claims, article.title)
    texts = " ".join(_texts(claims))
    assert "हर मतदाता के बैंक खाते से ₹350 का जुर्माना अपने आप कट जाएगा" in texts
    assert "वोटर आईडी को आधार से और आधार को बैंक खाते से जोड़ दिया गया है" in texts
    assert "अगर आप इस बार वोट डालने नहीं गए तो आपकी जेब ढीली हो सकती है।" not in texts


def test_hindi_news_keeps_the_numbers_and_drops_the_applause() -> None:
    article = CORPUS.article("jan-awaaz/nnd-ghoshna-patra-kaushal-kendra")
    claims = candidate_claims(article.title, article.text, "hi")
    _assert_well_formed(claims, article.title)
    texts = " ".join(_texts(claims))
    assert "सभी 826 विकास खंडों में एक-एक कौशल विकास केंद्र खोला जाएगा" in texts
    assert "₹18,000 करोड़ ख़र्च होगा" in texts
    assert "तालियाँ बजाकर स्वागत किया" not in texts  # a reaction, not a claim


def test_fact_check_article_keeps_the_claim_it_checks() -> None:
    article = CORPUS.article("capital-chronicle/fact-check-lucknow-polling-date-whatsapp")
    claims = candidate_claims(article.title, article.text, "en")
    assert any("claims that polling in Lucknow and six neighbouring districts has been shifted" in c.text for c in claims)


def test_boilerplate_is_never_a_candidate_in_either_language() -> None:
    english = CORPUS.article("capital-chronicle/jvp-manifesto-jobs-bus-travel")
    english_text = "\n".join(
        ["By Ankit Srivastava", "(Agency)", english.paragraphs[0],
         "Also read: LEM promises ₹6,000 a month to 50 lakh farmers, says its chief", *english.paragraphs[1:],
         "With inputs from PTI", "Follow us on WhatsApp for 24x7 updates on the 2026 election"]
    )  # fmt: skip
    hindi = CORPUS.article("jan-awaaz/patna-rally-bheed")
    hindi_text = "\n".join(
        ["पटना, 7 नवंबर (एजेंसी)।", hindi.paragraphs[0],
         "यह भी पढ़ें: मोर्चा का दावा, 50 लाख किसानों को मिलेंगे ₹6,000", *hindi.paragraphs[1:], "रिपोर्ट: अंकित श्रीवास्तव"]
    )  # fmt: skip
    for title, text, language in ((english.title, english_text, "en"), (hindi.title, hindi_text, "hi")):
        # With room for every sentence, only boilerplate (score 0) stays out.
        everything = candidate_claims(title, text, language, max_claims=100, lead_chars=10_000)
        assert len(everything) > 8
        for claim in everything:
            assert not claim.text.startswith(("By ", "(Agency)", "Also read", "With inputs", "Follow us", "पटना, 7 नवंबर",
                                              "यह भी पढ़ें", "रिपोर्ट:")), claim.text  # fmt: skip
        assert checkworthiness("Also read: LEM promises ₹6,000 a month to 50 lakh farmers, says its chief") == 0.0
        assert checkworthiness("यह भी पढ़ें: मोर्चा का दावा, 50 लाख किसानों को मिलेंगे ₹6,000") == 0.0
        assert checkworthiness("पटना, 7 नवंबर (एजेंसी)।") == 0.0


def test_an_opening_dateline_is_cut_off_the_claim() -> None:
    article = CORPUS.article("capital-chronicle/kiran-mobiles-noida-plant-3000-jobs")
    assert article.text.startswith("New Delhi, November 3 (Agency): ")
    claims = candidate_claims(article.title, article.text, "en", max_claims=100)
    first = next(c for c in claims if c.position == 1)
    assert first.text.startswith("A Delhi-based smartphone brand has announced")
    hindi = candidate_claims("शीर्षक", "पटना, 16 नवंबर (एजेंसी)। बाढ़ पीड़ितों के खाते में 7,000 रुपये पहुँचे, सरकार ने बताया।", "hi")
    assert _texts(hindi) == ["शीर्षक", "बाढ़ पीड़ितों के खाते में 7,000 रुपये पहुँचे, सरकार ने बताया।"]
    assert hindi[1].position == 2  # the dateline was sentence 1


@pytest.mark.parametrize(
    ("factual", "weaker"),
    [
        ("The Election Commission said polling in Lucknow will be held on November 19.", "Is the Commission hiding something?"),
        ("चुनाव आयोग ने बताया कि लखनऊ में मतदान 19 नवंबर को होगा।", "क्या यह सच है?"),
        ("The JVP promised 50 lakh jobs in its manifesto, the party said.", "“This is a shameful day for democracy,” he said."),
        ("पार्टी ने 50 लाख नौकरियों का वादा किया, प्रवक्ता ने बताया।", "यह लोकतंत्र के लिए शर्मनाक दिन है।"),
        ("Cane farmers are owed ₹4,200 crore by 22 sugar mills, officials said.", "There were caveats."),
    ],
)
def test_assertions_outscore_questions_reactions_and_fragments(factual: str, weaker: str) -> None:
    assert checkworthiness(factual) >= 0.6
    assert checkworthiness(weaker) < checkworthiness(factual) - 0.3


def test_run_on_sentences_lose_to_the_same_claim_said_briefly() -> None:
    claim = "The EC said 61.4% of voters turned out in the first phase"
    run_on = claim + ", " + ", ".join(["and in the district after that the figure was similar"] * 6) + "."
    assert len(run_on.split()) > 60
    assert checkworthiness(run_on) == pytest.approx(checkworthiness(claim + ".") - 0.2)


def test_repeats_are_kept_once_and_positions_count_every_sentence() -> None:
    title = "EC moves Hathua polling to November 26"
    text = (
        "EC moves Hathua polling to November 26.\n"
        "The Election Commission said on Sunday that Hathua will vote on November 26.\n"
        "The Election Commission said on Sunday that Hathua will vote on November 26."
    )
    claims = candidate_claims(title, text, "en")
    assert [(c.position, c.text) for c in claims] == [
        (0, title),
        (2, "The Election Commission said on Sunday that Hathua will vote on November 26."),
    ]


def test_the_top_sentences_are_chosen_and_returned_in_reading_order() -> None:
    sentences = [
        "Nothing happened here today at all.",
        "The Election Commission said 1,150 companies of central forces will be deployed.",
        "It was a quiet morning in the old city.",
        "Police said 4,000 personnel will guard 331 polling stations, according to the SP.",
        "People waited in the sun for a long while.",
        "The EC announced that counting will take place on November 23.",
    ]
    claims = candidate_claims("Security tightened for first phase", " ".join(sentences), "en", max_claims=3)
    assert [c.position for c in claims] == [0, 2, 4]  # the two most check-worthy, by position
    ties = candidate_claims("Title", "Rain fell on Monday in Patna. Rain fell on Tuesday in Gaya.", "en", max_claims=2)
    assert [c.position for c in ties] == [0, 1]  # equal scores: the earlier sentence wins


def test_only_the_lead_is_read_and_it_is_cut_at_a_sentence_end() -> None:
    first = "चुनाव आयोग ने बताया कि हथुआ सीट पर अब 26 नवंबर को मतदान होगा।"
    second = "मुख्य निर्वाचन अधिकारी के मुताबिक हथुआ में 331 मतदान केंद्र बनाए गए हैं और 3 लाख मतदाता हैं।"
    text = f"{first} {second}"
    assert lead_sentences(text, "hi", len(first) + 10) == [first]  # the second would be cut mid-sentence
    assert lead_sentences(text, "hi", len(text)) == [first, second]
    long_text = text + " " + " ".join(["पुलिस ने बताया कि 400 जवान तैनात रहेंगे।"] * 200)
    claims = candidate_claims("हथुआ में मतदान 26 नवंबर को", long_text, "hi", max_claims=100, lead_chars=len(text) + 1)
    assert _texts(claims)[1:] == [first, second]


def test_no_headline_means_every_slot_goes_to_the_body_and_bad_limits_fail() -> None:
    text = "The EC said polling will be on November 19. Police said 4,000 personnel will be deployed."
    claims = candidate_claims("  ", text, "en", max_claims=2)
    assert [c.position for c in claims] == [1, 2]
    with pytest.raises(ValueError):
        candidate_claims("Title", text, "en", max_claims=0)


def test_claims_come_out_nfc_whatever_the_input() -> None:
    precomposed = "फ़र्ज़ी".replace("\u092b\u093c", "\u095e").replace("\u091c\u093c", "\u095b")
    assert precomposed != unicodedata.normalize("NFC", precomposed)
    claims = candidate_claims(f"{precomposed} संदेश", f"वायरल {precomposed} संदेश में दावा किया गया कि ₹6,000 मिलेंगे।", "hi")
    assert all(c.text == unicodedata.normalize("NFC", c.text) for c in claims)
    assert len(claims) == 2
