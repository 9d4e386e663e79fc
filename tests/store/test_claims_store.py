"""Claims in the store, with Hindi and English data: fact-checkers' claim reviews stored with their article, known
claims (one per claim text, first verdict kept), their embeddings, and claim analyses saved with processing and
read back as the same records."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete, func, select

from core.claims import (
    ArticleKind,
    Claim,
    ClaimAnalysis,
    ClaimMatch,
    Flag,
    FlagReason,
    KindEvidence,
    KindGuess,
    KnownClaim,
)
from core.records import ClaimReview, ExtractedArticle, LanguageGuess, ProcessingResult
from store.claim_rows import claim_text_key
from store.models import ArticleClaimRow, ArticleFlagRow, ArticleRow, ClaimReviewRow, KnownClaimRow
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
WHEN = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
# Keyboards differ: some type फ़ and ज़ as one precomposed code point, others as the letter plus a nukta.
EVM_CLAIM_PRECOMPOSED = "ईवीएम में चिप लगाकर वोट बदले जा सकते हैं, \u095e\u0930\u094d\u095b\u0940 नतीजे"
EVM_CLAIM_DECOMPOSED = unicodedata.normalize("NFD", EVM_CLAIM_PRECOMPOSED)
HINDI_REVIEW = ClaimReview(
    claim="ईवीएम में चिप लगाकर वोट बदले जा सकते हैं", rating="फ़र्ज़ी", rating_value=1.0, best_rating=5.0,
    worst_rating=1.0, claimant="सोशल मीडिया पोस्ट", claim_date=datetime(2024, 4, 10, tzinfo=UTC),
    reviewer="सच संवाद", reviewed=datetime(2024, 4, 12, 6, 30, tzinfo=UTC),
    url="https://sach.example/fact-check/evm-chip", appearances=("https://social.example/p/1",))
ENGLISH_REVIEW = ClaimReview(
    claim="Voters can cast their ballot by SMS", rating="False", reviewer="Truth Desk",
    reviewed=datetime(2024, 4, 13, tzinfo=UTC), url="https://truth.example/sms-voting")


def result(article: ExtractedArticle, language: str, analysis: ClaimAnalysis | None) -> ProcessingResult:
    return ProcessingResult(article_id=article.id, language=LanguageGuess(language, 0.99, "script"),
                            duplicate_of=None, minhash=b"\x01" * 16, analysis=analysis)


def factcheck_analysis(article: ExtractedArticle, review: ClaimReview, language: str) -> ClaimAnalysis:
    return ClaimAnalysis(KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW, "ClaimReview"),
                         known_claims=(KnownClaim.from_review(review, language, f"article:{article.id}"),))


@pytest.fixture
def hindi_factcheck(store: Store, make_article: ArticleFactory) -> ExtractedArticle:
    article = make_article("fact-check/evm-chip", hindi=True, claim_reviews=(HINDI_REVIEW,))
    store.articles.add(article)
    store.articles.save_processing([result(article, "hi", factcheck_analysis(article, HINDI_REVIEW, "hi"))],
                                   processed_at=WHEN)
    return article


# --- claim reviews --------------------------------------------------------------------------------------------


def test_claim_reviews_round_trip_in_page_order(store: Store, make_article: ArticleFactory) -> None:
    hindi = make_article("fact-check/evm", hindi=True, claim_reviews=(HINDI_REVIEW, ENGLISH_REVIEW))
    english = make_article("news/sms", hindi=False)
    store.articles.add(hindi)
    store.articles.add(english)
    reviews = store.claims.reviews_for([hindi.id, english.id])
    assert reviews == {hindi.id: (HINDI_REVIEW, ENGLISH_REVIEW)}
    claim_date = reviews[hindi.id][0].claim_date
    assert claim_date is not None and claim_date.tzinfo is not None


def test_a_refresh_replaces_claim_reviews_and_a_plain_add_does_not(store: Store, make_article: ArticleFactory) -> None:
    article = make_article("fact-check/evm", hindi=True, claim_reviews=(HINDI_REVIEW, ENGLISH_REVIEW))
    store.articles.add(article)
    corrected = replace(HINDI_REVIEW, rating="भ्रामक")
    assert store.articles.add(replace(article, claim_reviews=(corrected,))) is False
    assert store.claims.reviews_for([article.id])[article.id] == (HINDI_REVIEW, ENGLISH_REVIEW)
    assert store.articles.add(replace(article, claim_reviews=(corrected,)), replace=True) is True
    assert store.claims.reviews_for([article.id])[article.id] == (corrected,)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ClaimReviewRow)) == 1


def test_reextraction_replaces_claim_reviews_only_when_they_differ(store: Store, make_article: ArticleFactory) -> None:
    article = make_article("news/sms", hindi=False, claim_reviews=(ENGLISH_REVIEW,))
    store.articles.add(article)
    store.articles.save_processing([result(article, "en", None)], processed_at=WHEN)
    same: dict[str, Any] = {"title": article.title, "text": article.text, "author": article.author,
                            "published": article.published, "description": article.description, "image": article.image}
    assert store.articles.update_extraction(article.id, **same) is False  # None: reviews untouched
    assert store.articles.update_extraction(article.id, **same, claim_reviews=[ENGLISH_REVIEW]) is False
    row = store.articles.get(article.id)
    assert row is not None and row.processed_at == WHEN
    assert store.articles.update_extraction(article.id, **same, claim_reviews=[ENGLISH_REVIEW, HINDI_REVIEW]) is True
    assert store.claims.reviews_for([article.id])[article.id] == (ENGLISH_REVIEW, HINDI_REVIEW)
    row = store.articles.get(article.id)
    assert row is not None and row.processed_at is None  # waits for processing again
    assert store.articles.update_extraction(article.id, **same, claim_reviews=[]) is True
    assert store.claims.reviews_for([article.id]) == {}


# --- known claims ---------------------------------------------------------------------------------------------


def test_the_same_hindi_claim_in_nfc_and_nfd_is_one_known_claim(store: Store) -> None:
    assert EVM_CLAIM_PRECOMPOSED != EVM_CLAIM_DECOMPOSED
    first, second = store.claims.add_known([
        KnownClaim(EVM_CLAIM_PRECOMPOSED, "hi", "फ़र्ज़ी", "सच संवाद", origin="import:sach.csv"),
        KnownClaim(EVM_CLAIM_DECOMPOSED + "  ", "hi", "सही", "दूसरा डेस्क", origin="import:other.csv"),
    ])
    assert first.id is not None and first.id == second.id
    assert first == second
    assert (first.rating, first.reviewer, first.origin) == ("फ़र्ज़ी", "सच संवाद", "import:sach.csv")
    assert first.text == unicodedata.normalize("NFC", EVM_CLAIM_PRECOMPOSED)
    assert "\u093c" in first.text  # the nukta survives as NFC writes it
    (english,) = store.claims.add_known([KnownClaim("voters can cast their  ballot by sms", "en", None)])
    (again,) = store.claims.add_known([KnownClaim(ENGLISH_REVIEW.claim, "en", "False", origin="import:x.csv")])
    assert again.id == english.id
    assert store.claims.known_count() == 2
    assert claim_text_key(EVM_CLAIM_PRECOMPOSED) == claim_text_key(EVM_CLAIM_DECOMPOSED)
    assert claim_text_key(EVM_CLAIM_PRECOMPOSED) != claim_text_key("ईवीएम में चिप नहीं लगाई जा सकती")


def test_a_later_copy_fills_a_verdict_the_first_lacked_but_never_overrides_one(store: Store) -> None:
    (bare,) = store.claims.add_known([KnownClaim(ENGLISH_REVIEW.claim, None, None, origin="dataset:fake.csv")])
    (filled,) = store.claims.add_known([KnownClaim.from_review(ENGLISH_REVIEW, "en", "import:truth.csv")])
    assert filled.id == bare.id
    assert (filled.rating, filled.reviewer, filled.url, filled.language) == (
        "False", "Truth Desk", ENGLISH_REVIEW.url, "en")
    assert filled.origin == "dataset:fake.csv"  # the first source stays the origin
    (kept,) = store.claims.add_known([KnownClaim(ENGLISH_REVIEW.claim, "en", "True", "Other Desk",
                                                 url="https://other.example/sms", origin="import:other.csv")])
    assert kept == filled
    assert store.claims.get_known(bare.id or 0) == filled
    assert store.claims.get_known(10_000) is None


def test_known_claims_filter_by_language_and_origin_prefix_newest_first(store: Store) -> None:
    stored = store.claims.add_known([
        KnownClaim("मतदान की तारीख़ बढ़ा दी गई है", "hi", "फ़र्ज़ी", origin="import:sach_2024.csv"),
        KnownClaim("Polling extended to April 20", "en", "False", origin="import:truth.csv"),
        KnownClaim("EVMs were replaced overnight", "en", "Misleading", origin="dataset:constraint.csv"),
        KnownClaim("नोटों पर चिप लगी है", "hi", "फ़र्ज़ी", origin="importXsach.csv"),
    ])
    ids = [claim.id for claim in stored]
    assert [c.id for c in store.claims.known()] == ids[::-1]
    assert [c.id for c in store.claims.known(language="hi")] == [ids[3], ids[0]]
    assert [c.id for c in store.claims.known(origin="import:")] == [ids[1], ids[0]]
    assert [c.id for c in store.claims.known(origin="import_")] == []  # "_" is a character, not a wildcard
    assert [c.id for c in store.claims.known(limit=2, offset=1)] == [ids[2], ids[1]]
    assert store.claims.known_count(language="en") == 2
    assert store.claims.known_count(language="en", origin="dataset:") == 1


def test_embeddings_round_trip_per_embedder(store: Store) -> None:
    stored = store.claims.add_known([KnownClaim("ईवीएम हैक हो सकती है", "hi", "फ़र्ज़ी"),
                                     KnownClaim("Voting by SMS is allowed", "en", "False"),
                                     KnownClaim("मतदान केंद्र बदल दिए गए", "hi", None)])
    ids = [claim.id or 0 for claim in stored]
    assert [c.id for c in store.claims.without_embedding("e5-small/1")] == ids
    vectors = {known_id: np.random.default_rng(known_id).standard_normal(384).astype(np.float32).tobytes()
               for known_id in ids[:2]}
    store.claims.set_embeddings("e5-small/1", vectors)
    assert [c.id for c in store.claims.without_embedding("e5-small/1")] == [ids[2]]
    assert [c.id for c in store.claims.without_embedding("e5-small/2", limit=2)] == ids[:2]
    back = store.claims.embeddings("e5-small/1")
    assert [known_id for known_id, _ in back] == ids[:2]
    for known_id, blob in back:
        assert np.array_equal(np.frombuffer(blob, dtype=np.float32), np.frombuffer(vectors[known_id], np.float32))
    store.claims.set_embeddings("e5-small/2", {ids[0]: vectors[ids[0]], 99_999: b"\x00" * 4})
    assert [known_id for known_id, _ in store.claims.embeddings("e5-small/1")] == [ids[1]]
    assert store.claims.embeddings("e5-small/2") == [(ids[0], vectors[ids[0]])]


# --- claim analyses -------------------------------------------------------------------------------------------


def test_a_factchecks_claims_become_known_claims_of_its_analysis(store: Store, hindi_factcheck: ExtractedArticle) -> None:
    analysis = store.claims.analyses([hindi_factcheck.id])[hindi_factcheck.id]
    assert analysis.kind == KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW, "ClaimReview")
    assert (analysis.claims, analysis.flags) == ((), ())
    (known,) = analysis.known_claims
    assert known.id is not None
    assert replace(known, id=None) == KnownClaim.from_review(HINDI_REVIEW, "hi", f"article:{hindi_factcheck.id}")
    assert store.claims.known(origin="article:") == [known]


def test_analysis_round_trips_with_matches_and_flags_strongest_first(
    store: Store, make_article: ArticleFactory, hindi_factcheck: ExtractedArticle
) -> None:
    (evm,) = store.claims.known(origin=f"article:{hindi_factcheck.id}")
    news = make_article("desh/evm-viral", hindi=True)
    store.articles.add(news)
    match = ClaimMatch(evm, 0.93, same_claim=0.97)  # the reranker read this pair
    claims = (Claim("ईवीएम में चिप लगाकर वोट बदले गए", 0, 0.88, {"misinformation": 0.71, "hostility": 0.2}, match),
              Claim("आयोग ने आरोपों को ख़ारिज किया", 3, 0.41, {"misinformation": 0.15}))
    style = Flag("misinformation", FlagReason.STYLE, 0.71, claims[0].text)
    repeats = Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.93, claims[0].text, match)
    hostile = Flag("hostility", FlagReason.STYLE, 0.8, claims[1].text)
    analysis = ClaimAnalysis(KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT), claims, (style, hostile, repeats))
    store.articles.save_processing([result(news, "hi", analysis)], processed_at=WHEN)

    back = store.claims.analyses([news.id, hindi_factcheck.id, "no-such-article"])
    assert set(back) == {news.id, hindi_factcheck.id}
    assert back[news.id] == replace(analysis, flags=(repeats, hostile, style))
    assert back[news.id].claims[0].match == match  # the known claim comes back whole, with its verdict
    assert back[news.id].flag_reasons == ("matches-factcheck", "style")
    row = store.articles.get(news.id)
    assert row is not None and (row.kind, row.kind_evidence, row.kind_detail) == ("news", "default", None)


def test_a_match_on_an_unstored_claim_stores_it(store: Store, make_article: ArticleFactory) -> None:
    news = make_article("news/sms-voting", hindi=False)
    store.articles.add(news)
    known = KnownClaim.from_review(ENGLISH_REVIEW, "en", "import:truth.csv")
    claim = Claim("You can now vote by sending an SMS", 0, 0.9, {"misinformation": 0.3}, ClaimMatch(known, 0.87))
    flag = Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.87, claim.text, ClaimMatch(known, 0.87))
    analysis = ClaimAnalysis(KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT), (claim,), (flag,))
    store.articles.save_processing([result(news, "en", analysis)], processed_at=WHEN)
    (stored,) = store.claims.known()
    assert stored.id is not None and replace(stored, id=None) == known
    back = store.claims.analyses([news.id])[news.id]
    assert back.claims[0].match == ClaimMatch(stored, 0.87)
    assert back.flags[0].match == ClaimMatch(stored, 0.87)


def test_reprocessing_replaces_claims_and_flags_and_no_analysis_keeps_them(
    store: Store, make_article: ArticleFactory
) -> None:
    news = make_article("news/sms-voting", hindi=False)
    store.articles.add(news)
    claim = Claim("Voting by SMS starts today", 0, 0.9, {"misinformation": 0.8})
    flagged = ClaimAnalysis(KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT), (claim,),
                            (Flag("misinformation", FlagReason.STYLE, 0.8, claim.text),))
    store.articles.save_processing([result(news, "en", flagged)], processed_at=WHEN)
    opinion = ClaimAnalysis(KindGuess(ArticleKind.OPINION, KindEvidence.MARKUP, "OpinionNewsArticle"), (claim,))
    store.articles.save_processing([result(news, "en", opinion)], processed_at=WHEN)
    assert store.claims.analyses([news.id]) == {news.id: opinion}
    store.articles.save_processing([result(news, "en", None)], processed_at=WHEN)  # claim analysis did not run
    assert store.claims.analyses([news.id]) == {news.id: opinion}
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ArticleClaimRow)) == 1
        assert session.scalar(select(func.count()).select_from(ArticleFlagRow)) == 0
    store.articles.add(news, replace=True)  # waits for processing: its old analysis is not shown
    assert store.claims.analyses([news.id]) == {}



def test_a_batch_replaces_the_analyses_it_carries_and_keeps_the_others(
    store: Store, make_article: ArticleFactory
) -> None:
    hindi = make_article("desh/evm-chip", hindi=True)
    english = make_article("news/sms-voting", hindi=False)
    for article in (hindi, english):
        store.articles.add(article)
    news = KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT)
    hindi_claim = Claim("ईवीएम में चिप लगाकर वोट बदले गए", 0, 0.9, {"misinformation": 0.8})
    english_claim = Claim("Voting by SMS starts today", 0, 0.9, {"misinformation": 0.8})
    first = {article.id: ClaimAnalysis(news, (claim,), (Flag("misinformation", FlagReason.STYLE, 0.8, claim.text),))
             for article, claim in ((hindi, hindi_claim), (english, english_claim))}
    store.articles.save_processing([result(hindi, "hi", first[hindi.id]), result(english, "en", first[english.id])])
    # Reprocessed together: the Hindi article's analysis is replaced, the English one's did not run this time.
    quieter = ClaimAnalysis(news, (replace(hindi_claim, checkworthiness=0.4),))
    store.articles.save_processing([result(hindi, "hi", quieter), result(english, "en", None)])
    assert store.claims.analyses([hindi.id, english.id]) == {hindi.id: quieter, english.id: first[english.id]}
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ArticleClaimRow)) == 2
        assert session.scalar(select(func.count()).select_from(ArticleFlagRow)) == 1

def test_flagged_lists_newest_articles_first_with_their_strongest_flag_first(
    store: Store, make_article: ArticleFactory, hindi_factcheck: ExtractedArticle
) -> None:
    (evm,) = store.claims.known(origin="article:")
    older = make_article("news/sms", hindi=False, published=WHEN - timedelta(days=2))
    newer = make_article("desh/evm", hindi=True, published=WHEN - timedelta(days=1))
    match = ClaimMatch(evm, 0.9)
    sms_flag = Flag("misinformation", FlagReason.STYLE, 0.82, "Voting by SMS starts today")
    evm_style = Flag("misinformation", FlagReason.STYLE, 0.95, "ईवीएम में चिप है")
    evm_match = Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.9, "ईवीएम में चिप है", match)
    hostile = Flag("hostility", FlagReason.STYLE, 0.7, "ईवीएम में चिप है")
    for article in (older, newer):
        store.articles.add(article)
    news = KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT)
    store.articles.save_processing([result(older, "en", ClaimAnalysis(news, flags=(sms_flag,))),
                                    result(newer, "hi", ClaimAnalysis(news, flags=(evm_style, hostile, evm_match)))])
    assert store.claims.flagged() == [(newer.id, evm_match), (newer.id, evm_style), (older.id, sms_flag)]
    assert store.claims.flagged(reason="style", limit=1) == [(newer.id, evm_style)]
    assert store.claims.flagged(task="hostility") == [(newer.id, hostile)]
    store.articles.add(newer, replace=True)
    assert store.claims.flagged() == [(older.id, sms_flag)]


def test_deleting_an_article_deletes_its_claims_but_not_the_known_claims(
    store: Store, make_article: ArticleFactory, hindi_factcheck: ExtractedArticle
) -> None:
    (evm,) = store.claims.known()
    news = make_article("desh/evm", hindi=True)
    store.articles.add(news)
    claim = Claim("ईवीएम में चिप है", 0, 0.9, {}, ClaimMatch(evm, 0.9))
    analysis = ClaimAnalysis(KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT), (claim,),
                             (Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.9, claim.text, claim.match),))
    store.articles.save_processing([result(news, "hi", analysis)], processed_at=WHEN)
    with store.sessions.begin() as session:
        session.execute(delete(ArticleRow).where(ArticleRow.id.in_([news.id, hindi_factcheck.id])))
    with store.sessions() as session:
        for table in (ClaimReviewRow, ArticleClaimRow, ArticleFlagRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0
        assert session.scalar(select(func.count()).select_from(KnownClaimRow)) == 1
    assert store.claims.known() == [evm]
