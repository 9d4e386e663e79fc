"""Index documents built from stored articles: with a claim analysis the flags, reasons, evidence and a
fact-check's verdict come from it; without one, from the classifiers' own verdicts (claims turned off)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

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
from core.records import Discovery, ExtractedArticle, LanguageGuess, ProcessingResult, TaskPrediction
from core.tasks import TaskKind
from index.documents import IndexDocument
from pipeline.indexing import stored_documents
from store.store import Store

WHEN = datetime(2026, 11, 21, 8, 30, tzinfo=UTC)
EVM = KnownClaim(text="ईवीएम में गुप्त चिप लगी है", language="hi", rating="फ़र्ज़ी", reviewer="भारत समाचार",
                 reviewed=WHEN, url="https://bharat.example/evm-fc", origin="article:fc1")


def _article(article_id: str, title: str, text: str) -> ExtractedArticle:
    return ExtractedArticle(id=article_id, url=f"https://x.example/{article_id}", fetched_url=f"https://x.example/{article_id}",
                            source="demo", title=title, text=text, fetched_at=WHEN, raw_html=b"", encoding="utf-8",
                            via=Discovery.FEED, published=WHEN)


def _result(article_id: str, language: str, analysis: ClaimAnalysis | None) -> ProcessingResult:
    old_verdict = TaskPrediction("misinformation", "e5-mt/1", {"misinformation": 0.97}, ("misinformation",),
                                 TaskKind.BINARY)
    hostile = TaskPrediction("hostility", "e5-mt/1", {"hostile": 0.9, "hate": 0.2, "offensive": 0.7, "defamation": 0.1},
                             ("hostile", "offensive"), TaskKind.MULTILABEL)
    return ProcessingResult(article_id, LanguageGuess(language, 1.0, "script"), None, b"",
                            predictions={"misinformation": old_verdict, "hostility": hostile}, analysis=analysis)


@pytest.fixture()
def documents(tmp_path: Path) -> dict[str, IndexDocument]:
    store = Store(f"sqlite:///{tmp_path / 'satark.sqlite'}")
    store.articles.add(_article("fc1", "फ़ैक्ट चेक: ईवीएम में चिप वाला वीडियो फ़र्ज़ी", "दावा फ़र्ज़ी है।"))
    store.articles.add(_article("r1", "Secret chip in EVMs, claims viral video", "A viral video claims a chip in EVMs."))
    store.articles.add(_article("n1", "Turnout rises in Kanpur", "Officials said turnout rose."))
    store.articles.add(_article("old", "पुराना लेख", "यह लेख दावा विश्लेषण से पहले संसाधित हुआ।"))
    evidence = "A viral video claims a chip in EVMs."
    fact_check = ClaimAnalysis(KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW), known_claims=(EVM,))
    rumour = ClaimAnalysis(
        KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT),
        (Claim(evidence, 1, 0.6, {"misinformation": 0.3}, ClaimMatch(EVM, 0.91)),),
        (Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.91, evidence, ClaimMatch(EVM, 0.91)),),
    )
    news = ClaimAnalysis(KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT),
                         (Claim("Officials said turnout rose.", 1, 0.5, {"misinformation": 0.12}),))
    store.articles.save_processing([_result("fc1", "hi", fact_check), _result("r1", "en", rumour),
                                    _result("n1", "en", news), _result("old", "hi", None)])
    return {doc.id: doc for doc in stored_documents(store)}


def test_a_fact_check_shows_its_claim_and_verdict_and_is_not_flagged(documents: dict[str, IndexDocument]) -> None:
    doc = documents["fc1"]
    assert doc.kind == "factcheck" and not doc.flagged and doc.flag_reasons == () and doc.hostility == ()
    assert doc.claim == "ईवीएम में गुप्त चिप लगी है"
    assert doc.verdict == "फ़र्ज़ी (भारत समाचार, 2026-11-21)"


def test_a_matched_rumour_carries_the_reason_the_sentence_and_the_claim_it_repeats(documents: dict[str, IndexDocument]) -> None:
    doc = documents["r1"]
    assert doc.flagged and doc.flag_reasons == ("matches-factcheck",)
    assert doc.evidence == "A viral video claims a chip in EVMs."
    assert doc.claim == "ईवीएम में गुप्त चिप लगी है" and doc.match_url == "https://bharat.example/evm-fc"
    assert doc.misinfo_score == pytest.approx(0.91)
    assert doc.hostility == ()  # the claim stage did not mark it hostile, whatever the old head said


def test_unflagged_news_keeps_the_closest_style_score(documents: dict[str, IndexDocument]) -> None:
    doc = documents["n1"]
    assert not doc.flagged and doc.evidence is None and doc.claim is None
    assert doc.misinfo_score == pytest.approx(0.12)


def test_without_claim_analysis_the_classifiers_verdicts_stand(documents: dict[str, IndexDocument]) -> None:
    doc = documents["old"]
    assert doc.kind == "news" and doc.flagged and doc.flag_reasons == ()
    assert doc.hostility == ("hostile", "offensive")
