"""Fact-checkers' ClaimReview markup survives extraction as typed verdicts (Hindi and English pages)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from core.records import ClaimReview
from crawlers.claimreview import claim_reviews
from crawlers.extraction import ExtractedFields, extract_article
from tests.conftest import run_satark

HINDI_BODY = (
    "सोशल मीडिया पर एक वीडियो वायरल है जिसमें दावा किया जा रहा है कि ईवीएम में गुप्त चिप लगाकर वोट बदले गए। "
    "हमारी पड़ताल में यह दावा झूठा निकला। वीडियो में दिखाई गई मशीन ईवीएम नहीं बल्कि प्रशिक्षण के लिए "
    "इस्तेमाल होने वाली डमी मशीन है। ज़िला निर्वाचन अधिकारी ने भी इसकी पुष्टि की है और कहा है कि स्ट्रॉन्गरूम "
    "की निगरानी चौबीसों घंटे कैमरों से होती है।"
)
ENGLISH_BODY = (
    "A message circulating on WhatsApp claims that polling in Lucknow has been moved to November 17. Our check "
    "found the claim to be false. The Election Commission's schedule, published on its website, keeps polling "
    "in Lucknow on November 20, and the district election officer confirmed that no change has been made. "
    "The forwarded image uses an old press note from another state with the dates edited."
)


def fact_check_page(lang: str, title: str, body: str, json_ld: object, og_type: str = "article") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="{og_type}">
<script type="application/ld+json">{json.dumps(json_ld, ensure_ascii=False)}</script>
</head><body><main><article><h1>{title}</h1><p>{body}</p></article></main></body></html>"""


HINDI_REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://bharat-samachar.example/fact-check/evm-chip.html",
    "claimReviewed": "ईवीएम में  गुप्त चिप लगाकर वोट बदले गए",  # the double space is the publisher's
    "datePublished": "2026-11-18",
    "author": {"@type": "Organization", "name": "भारत समाचार फ़ैक्ट चेक"},
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": "1",
                     "alternateName": "झूठ"},
    "itemReviewed": {"@type": "Claim", "datePublished": "2026-11-16T09:30:00+05:30",
                     "author": [{"@type": "Person", "name": "वायरल पोस्ट"}],
                     "appearance": [{"@type": "CreativeWork", "url": "https://social.example/post/1"},
                                    "https://social.example/post/2", "not a url"]},
}
ENGLISH_GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "NewsArticle", "headline": "Fact check: polling in Lucknow has not been moved"},
    {"@type": ["ClaimReview"], "claimReviewed": "Polling in Lucknow has been moved to November 17",
     "publisher": {"@type": "Organization", "name": "Capital Chronicle Fact Check"},
     "datePublished": "2026-11-19T10:00:00Z",
     "reviewRating": {"@type": "Rating", "ratingValue": 1, "name": "False"},
     "itemReviewed": {"@type": "Claim", "author": "WhatsApp forward",
                      "firstAppearance": {"url": "https://social.example/forward"}}},
    {"@type": "ClaimReview", "reviewRating": {"alternateName": "Misleading"}},  # no claim: dropped
    {"@type": "ClaimReview", "claimReviewed": "Polling in Lucknow has been moved to November 17"},  # repeated
]}


def test_a_hindi_fact_check_keeps_its_claim_verdict_and_sources() -> None:
    html = fact_check_page("hi", "फ़ैक्ट चेक: ईवीएम में गुप्त चिप का दावा झूठा", HINDI_BODY, HINDI_REVIEW)
    fields = extract_article(html, "https://bharat-samachar.example/fact-check/evm-chip.html", min_text_chars=100)
    assert isinstance(fields, ExtractedFields)
    assert fields.claim_reviews == (ClaimReview(
        claim="ईवीएम में गुप्त चिप लगाकर वोट बदले गए", rating="झूठ", rating_value=1.0, best_rating=5.0,
        worst_rating=1.0, claimant="वायरल पोस्ट", claim_date=datetime.fromisoformat("2026-11-16T09:30:00+05:30"),
        reviewer="भारत समाचार फ़ैक्ट चेक", reviewed=datetime(2026, 11, 18, tzinfo=UTC),
        url="https://bharat-samachar.example/fact-check/evm-chip.html",
        appearances=("https://social.example/post/1", "https://social.example/post/2"),
    ),)


def test_an_english_graph_gives_one_review_per_claim_and_skips_reviews_without_a_claim() -> None:
    (review,) = claim_reviews([item for item in ENGLISH_GRAPH["@graph"] if isinstance(item, dict)])
    assert review.claim == "Polling in Lucknow has been moved to November 17"
    assert (review.rating, review.rating_value, review.best_rating) == ("False", 1.0, None)
    assert review.reviewer == "Capital Chronicle Fact Check"  # the publisher stands in for a missing author
    assert review.claimant == "WhatsApp forward" and review.appearances == ("https://social.example/forward",)
    assert review.reviewed == datetime(2026, 11, 19, 10, tzinfo=UTC) and review.claim_date is None


def test_a_page_that_declares_only_a_claim_review_is_still_an_article() -> None:
    html = fact_check_page("en", "Fact check: polling in Lucknow has not been moved", ENGLISH_BODY,
                           {"@context": "https://schema.org", "@type": "ClaimReview",
                            "claimReviewed": "Polling in Lucknow has been moved to November 17",
                            "reviewRating": {"ratingValue": "False"}},  # a verdict in the number's place
                           og_type="website")
    fields = extract_article(html, "https://capital-chronicle.example/fact-check/lucknow.html", min_text_chars=100)
    assert isinstance(fields, ExtractedFields)
    (review,) = fields.claim_reviews
    assert review.rating is None and review.rating_value is None


def test_ordinary_news_has_no_claim_reviews_and_broken_markup_costs_nothing() -> None:
    html = fact_check_page("en", "Polling schedule announced", ENGLISH_BODY, {"@type": "NewsArticle"})
    html = html.replace("</head>", '<script type="application/ld+json">{"@type": "ClaimReview", </script></head>')
    fields = extract_article(html, "https://capital-chronicle.example/2026/11/schedule.html", min_text_chars=100)
    assert isinstance(fields, ExtractedFields) and fields.claim_reviews == ()


def test_satark_extract_prints_the_verdicts_as_json(tmp_path: Path) -> None:
    saved = tmp_path / "evm-chip.html"
    saved.write_text(fact_check_page("hi", "फ़ैक्ट चेक: ईवीएम में गुप्त चिप का दावा झूठा", HINDI_BODY, HINDI_REVIEW),
                     encoding="utf-8")
    home = tmp_path / "home"
    result = run_satark(home, "extract", "--json", str(saved))
    assert result.returncode == 0, result.stderr
    (review,) = json.loads(result.stdout)["claim_reviews"]
    assert review["claim"] == "ईवीएम में गुप्त चिप लगाकर वोट बदले गए" and review["rating"] == "झूठ"
    assert review["reviewed"] == "2026-11-18T00:00:00+00:00" and review["reviewer"] == "भारत समाचार फ़ैक्ट चेक"
    plain = run_satark(home, "extract", str(saved))
    assert "fact-check: ईवीएम में गुप्त चिप लगाकर वोट बदले गए -> झूठ (भारत समाचार फ़ैक्ट चेक" in plain.stdout
