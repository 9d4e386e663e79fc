"""Article kinds: fact-checks by markup, source, headline label or tag; opinion by markup; rumours stay news."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import pytest

from claims.kinds import detect_kind, headline_cue
from core.claims import ArticleKind, KindEvidence, KindGuess
from core.records import ClaimReview
from demosites.corpus import load_corpus

CORPUS = load_corpus()
REVIEW = ClaimReview(claim="EVMs carry a hidden chip that fixes the result", rating="False", reviewer="Satya Check")


def _kind(
    title: str,
    *,
    claim_reviews: Sequence[ClaimReview] = (),
    fact_checker: bool = False,
    json_ld_types: Sequence[str] = (),
    tags: Sequence[str] = (),
    url: str = "",
) -> KindGuess:
    return detect_kind(title=title, claim_reviews=claim_reviews, source_is_fact_checker=fact_checker,
                       json_ld_types=json_ld_types, tags=tags, url=url)  # fmt: skip


def test_headline_cues_alone_sort_the_whole_demo_corpus() -> None:
    """Every fact-check of the four demo outlets is found by its headline, and no rumour or news story is taken
    for one: tags are not passed, so the headline rule is measured on its own."""
    wrong = []
    for article in CORPUS.articles:
        guess = detect_kind(title=article.title, claim_reviews=(), source_is_fact_checker=False, url=article.path)
        expected = ArticleKind.FACTCHECK if "fact-check" in article.tags else ArticleKind.NEWS
        if guess.kind is not expected:
            wrong.append((article.key, article.title, guess))
    assert wrong == []
    fact_checks = [a for a in CORPUS.articles if "fact-check" in a.tags]
    rumours = [a for a in CORPUS.articles if a.misinformation]
    assert {a.language for a in fact_checks} == {"hi", "en"} and len(fact_checks) >= 4
    assert {a.language for a in rumours} == {"hi", "en"} and len(rumours) >= 10


@pytest.mark.parametrize(
    "title",
    [
        "SHOCKING VIDEO: Are EVMs being secretly reprogrammed at 2 am in Meerut strongroom?",
        "वोट की स्याही में मिलाया गया ख़तरनाक केमिकल? उंगली में इन्फ़ेक्शन का वीडियो वायरल",
        "While Bihar drowned, JVP candidate was partying in Dubai? Viral photo exposes him",
        "Ghaziabad: Two held for selling fake voter slips at ₹200 each to Loni residents",
        "Fake news: EVMs are being hacked in every strongroom",  # a rumour may call the truth fake
        "Is it true that EVMs can be hacked? Engineer makes shocking claim",
        "Government sets up fact check unit to counter poll rumours",  # a story about fact-checking
        "पुलिस की पड़ताल में खुलासा: गिरोह ने 64 फ़ोन चुराए",  # an investigation, not a fact-check
        "सचिन का वायरल वीडियो, वोट डालने की अपील",
        "वायरल हुआ फ़र्ज़ी वोटिंग का वीडियो, आयोग ने दिए जाँच के आदेश",
        "Opinion poll shows JVP ahead in Awadh",
    ],
)
def test_rumours_and_stories_that_use_the_words_stay_news(title: str) -> None:
    assert _kind(title) == KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT)


@pytest.mark.parametrize(
    ("title", "cue"),
    [
        ("Fact check: No, polling in Lucknow has not been moved to November 17", "fact check"),
        ("Fact Check | Viral video of EVM tampering is from 2019", "fact check"),
        ("FACT CHECK Viral letter on poll dates is forged", "fact check"),
        ("Fact-check: Voters will not lose ₹350 for skipping the vote", "fact check"),
        ("PIB Fact Check: No, the government is not paying ₹6,000 to voters", "fact check"),
        ("Viral video of EVM tampering is old and unrelated | Fact Check", "fact check"),
        ("Viral claim: ₹6,000 for every voter is false", "viral … false"),
        ("Explainer: Is it true that the ink carries a chemical?", "explainer"),
        ("फ़ैक्ट चेक: अंतिम चरण का मतदान 28 नवंबर को होने का व्हाट्सऐप संदेश फ़र्ज़ी", "fact check"),
        ("फैक्ट चेक: वायरल वीडियो में दिखाई गई मशीन ईवीएम नहीं", "fact check"),
        ("फ़ैक्ट-चेक: स्याही में केमिकल का दावा झूठा", "fact check"),
        ("सच या झूठ: ईवीएम में गुप्त चिप वाले वायरल वीडियो की पूरी सच्चाई आई सामने", "सच या झूठ"),
        ("पड़ताल: क्या वोट न डालने पर खाते से कटेंगे ₹350?", "पड़ताल"),
        ("मेरठ स्ट्रॉन्गरूम के वायरल वीडियो की पड़ताल", "पड़ताल"),
        ("ईवीएम में गुप्त चिप वाले दावे की सच्चाई", "की सच्चाई"),
        ("मेरठ स्ट्रॉन्गरूम के वायरल वीडियो का सच", "की सच्चाई"),
        ("वायरल संदेश फ़र्ज़ी निकला, 19 नवंबर को ही होगा मतदान", "वायरल … फ़र्ज़ी"),
    ],
)
def test_fact_check_labels_in_headlines(title: str, cue: str) -> None:
    assert _kind(title) == KindGuess(ArticleKind.FACTCHECK, KindEvidence.HEADLINE, cue)
    # The same label typed with a nukta letter as one code point, or decomposed, still matches.
    precomposed = title.replace("\u092b\u093c", "\u095e").replace("\u0921\u093c", "\u095c")
    assert headline_cue(precomposed) == cue
    assert headline_cue(unicodedata.normalize("NFD", title)) == cue


def test_evidence_is_weighed_strongest_first() -> None:
    news_headline = "EC deploys 1,150 companies of central forces for first phase"
    both = _kind("Fact check: viral EVM chip video", claim_reviews=(REVIEW,), fact_checker=True, tags=("fact-check",))
    assert both == KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW, REVIEW.claim)
    assert _kind(news_headline, fact_checker=True, tags=("fact-check",)) == KindGuess(ArticleKind.FACTCHECK, KindEvidence.SOURCE)
    assert _kind("Fact check: viral EVM chip video", tags=("fact-check",)).evidence is KindEvidence.HEADLINE
    by_tag = _kind(news_headline, tags=("EVM", "PIB-Factcheck"), json_ld_types=("OpinionNewsArticle",))
    assert by_tag == KindGuess(ArticleKind.FACTCHECK, KindEvidence.MARKUP, "tag: pib-factcheck")
    assert _kind(news_headline, tags=("फ़ैक्ट चेक",)).kind is ArticleKind.FACTCHECK


@pytest.mark.parametrize(
    ("markup", "detail"),
    [
        ({"json_ld_types": ("NewsArticle", "OpinionNewsArticle")}, "type: OpinionNewsArticle"),
        ({"json_ld_types": ("https://schema.org/OpinionNewsArticle",)}, "type: https://schema.org/OpinionNewsArticle"),
        ({"url": "https://example.org/opinion/2026/11/why-turnout-fell.html"}, "section: /opinion/"),
        ({"url": "https://example.org/news/op-ed/why-turnout-fell.html"}, "section: /op-ed/"),
        ({"url": "https://example.org/%E0%A4%B8%E0%A4%82%E0%A4%AA%E0%A4%BE%E0%A4%A6%E0%A4%95%E0%A5%80%E0%A4%AF/lekh.html"},
         "section: /संपादकीय/"),
        ({"tags": ("chunav", "विचार")}, "tag: विचार"),
        ({"tags": ("Editorial",)}, "tag: editorial"),
    ],
)  # fmt: skip
def test_opinion_markup(markup: dict[str, Any], detail: str) -> None:
    title = "Why turnout fell in the cities / शहरों में मतदान क्यों घटा"
    assert _kind(title, **markup) == KindGuess(ArticleKind.OPINION, KindEvidence.MARKUP, detail)


@pytest.mark.parametrize(
    "markup",
    [
        {"url": "https://example.org/elections/opinion-poll-jvp-ahead.html"},  # the slug, not a section
        {"url": "https://example.org/opinion-poll/2026/jvp-ahead.html"},
        {"tags": ("opinion-poll", "survey")},
        {"json_ld_types": ("NewsArticle", "AnalysisNewsArticle")},
    ],
)
def test_opinion_polls_and_analysis_are_news(markup: dict[str, Any]) -> None:
    assert _kind("Opinion poll: JVP ahead in Awadh, LEM gains in Bihar", **markup).kind is ArticleKind.NEWS
