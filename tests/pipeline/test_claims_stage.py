"""The claim stage over a real store and a real usearch index, with a small concept embedder standing in for e5.

The stand-in maps Hindi and English words of the same concept to the same axis (as a multilingual encoder
places a claim and its translation close together), so the stage's own logic is what these tests exercise:
fact-checks feeding the claim store and never flagged, matches across languages, the nearest-qualifying match,
style flags with evidence, and rematching when the fact-check arrives after the rumour. The real encoder and
model are exercised by tests/pipeline/test_flag_quality_gate.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from core.claims import ArticleKind, FlagReason
from core.records import ClaimReview, Discovery, ExtractedArticle, LanguageGuess, ProcessingResult
from core.settings import ClaimsSettings
from pipeline.claims_stage import ArticleInput, ClaimStage, factcheck_claims, rematch_pending, rematch_recent
from store.store import Store

CONCEPTS = (
    ("evm", "ईवीएम"), ("chip", "चिप"), ("lucknow", "लखनऊ"), ("polling", "मतदान"), ("november", "नवंबर"),
    ("shocking", "सनसनीख़ेज़"), ("viral", "वायरल"), ("jobs", "रोज़गार"), ("manifesto", "घोषणा"), ("rain", "बारिश"),
)


class ConceptEmbedder:
    name = "concepts-test"
    dimensions = len(CONCEPTS) + 1

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            folded = text.casefold()
            row = [float(sum(folded.count(word) for word in words)) for words in CONCEPTS] + [0.3]
            rows.append(np.asarray(row) / np.linalg.norm(row))
        return np.asarray(rows, dtype=np.float32)

    def embed_articles(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)


class ShockStyle:
    """A style model that scores the "shocking"/"सनसनीख़ेज़" axis."""

    model_id = "test/1"
    match_thresholds: Mapping[str, float] = {"same-language": 0.97, "cross-language": 0.9}
    thresholds: Mapping[str, Mapping[str, float]] = {"misinformation": {"en": 0.5, "hi": 0.5}}
    reference: tuple[np.ndarray, tuple[str, ...]] | None = None

    def scores(self, vectors: np.ndarray) -> dict[str, np.ndarray]:
        return {"misinformation": np.clip(vectors[:, 5] * 1.5, 0.0, 1.0)}


NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'satark.sqlite'}")


@pytest.fixture()
def stage(store: Store) -> ClaimStage:
    return ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), ShockStyle(), fact_checkers=frozenset({"factly"}))


EVM_REVIEW = ClaimReview(claim="ईवीएम में गुप्त चिप लगी है", rating="फ़र्ज़ी", reviewer="भारत समाचार",
                         url="https://bharat.example/evm-fact-check")
FACTCHECK = ArticleInput(id="fc1", title="फ़ैक्ट चेक: ईवीएम में गुप्त चिप वाला वीडियो फ़र्ज़ी", source="bharat",
                         text="सनसनीख़ेज़ वीडियो में दावा है कि ईवीएम में चिप है। यह दावा फ़र्ज़ी है।", language="hi",
                         reviews=(EVM_REVIEW,))
RUMOUR_EN = ArticleInput(id="r1", title="EVM chip scandal", source="indus", language="en",
                         text="A viral video claims a chip in every EVM changes votes. Officials were not reached.")
NEWS_EN = ArticleInput(id="n1", title="Manifesto promises jobs", source="capital", language="en",
                       text="The party released its manifesto on Sunday. It promises jobs for young voters.")
SHOCK_HI = ArticleInput(id="s1", title="सनसनीख़ेज़ दावा: मतदान रद्द", source="jan", language="hi",
                        text="सनसनीख़ेज़ वीडियो वायरल है। लोग इसे साझा कर रहे हैं।")


def test_fact_check_feeds_the_claim_store_and_is_never_flagged(stage: ClaimStage, store: Store) -> None:
    [analysis] = stage.analyse([FACTCHECK])
    assert analysis.kind.kind is ArticleKind.FACTCHECK and analysis.flags == ()
    assert [c.text for c in analysis.known_claims] == ["ईवीएम में गुप्त चिप लगी है"]
    assert [c.rating for c in store.claims.known()] == ["फ़र्ज़ी"]
    assert len(stage.index) == 1 and stage.added_known == 1


def test_an_english_rumour_matches_the_hindi_fact_check_in_the_same_batch(stage: ClaimStage) -> None:
    rumour, check, news = stage.analyse([RUMOUR_EN, FACTCHECK, NEWS_EN])
    assert check.flags == () and news.flags == ()
    [flag] = rumour.flags
    assert flag.reason is FlagReason.MATCHES_FACTCHECK
    assert flag.match is not None and flag.match.known.url == "https://bharat.example/evm-fact-check"
    assert "chip" in flag.evidence.casefold()


def test_style_flag_carries_the_sentence_that_drove_it(stage: ClaimStage) -> None:
    [analysis] = stage.analyse([SHOCK_HI])
    [flag] = analysis.flags
    assert flag.reason is FlagReason.STYLE and flag.score >= 0.5
    assert "सनसनीख़ेज़" in flag.evidence


def test_headline_of_a_fact_check_without_markup_becomes_the_known_claim() -> None:
    article = ArticleInput(id="fc2", title="Fact check: No, polling in Lucknow has not moved to November 17",
                           text="A letter doing the rounds is fake.", source="capital", language="en", url="https://c/fc2")
    [claim] = factcheck_claims(article)
    assert claim.text == "No, polling in Lucknow has not moved to November 17"
    assert claim.url == "https://c/fc2" and claim.origin == "article:fc2"


def _store_article(store: Store, article: ArticleInput) -> None:
    store.articles.add(ExtractedArticle(
        id=article.id, url=f"https://x.example/{article.id}", fetched_url=f"https://x.example/{article.id}",
        source=article.source, title=article.title, text=article.text, fetched_at=NOW, raw_html=b"",
        encoding="utf-8", via=Discovery.FEED, published=NOW, claim_reviews=article.reviews))


def test_a_fact_check_arriving_later_flags_the_rumour_already_stored(stage: ClaimStage, store: Store) -> None:
    _store_article(store, RUMOUR_EN)
    [before] = stage.analyse([RUMOUR_EN])
    assert before.flags == ()
    store.articles.save_processing([ProcessingResult("r1", LanguageGuess("en", 1.0, "script"), None, b"", analysis=before)])
    _store_article(store, FACTCHECK)
    [check] = stage.analyse([FACTCHECK])
    store.articles.save_processing([ProcessingResult("fc1", LanguageGuess("hi", 1.0, "script"), None, b"", analysis=check)])
    store.outbox.ack([item.id for item in store.outbox.batch(100)])
    assert rematch_recent(store, stage, days=14) == 1
    after = store.claims.analyses(["r1"])["r1"]
    assert [f.reason for f in after.flags] == [FlagReason.MATCHES_FACTCHECK]
    assert [item.article_id for item in store.outbox.batch(100)] == ["r1"]  # re-indexed
    assert rematch_recent(store, stage, days=14) == 0  # nothing new the second time


def test_a_recheck_cut_short_by_a_kill_is_done_by_the_next_run(stage: ClaimStage, store: Store, tmp_path: Path) -> None:
    """A run stores the fact-check's claim, then is killed before re-checking the articles processed before it: the
    claim stays pending in the store, and the next run (a new stage, which learns the claim from the store rather
    than adding it) does the re-check, once."""
    _store_article(store, RUMOUR_EN)
    [before] = stage.analyse([RUMOUR_EN])
    store.articles.save_processing([ProcessingResult("r1", LanguageGuess("en", 1.0, "script"), None, b"", analysis=before)])
    _store_article(store, FACTCHECK)
    [check] = stage.analyse([FACTCHECK])  # stores the known claim
    store.articles.save_processing([ProcessingResult("fc1", LanguageGuess("hi", 1.0, "script"), None, b"", analysis=check)])
    assert store.claims.awaiting_rematch()  # ...and here the process dies
    next_run = ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), ShockStyle(), fact_checkers=frozenset({"factly"}))
    next_run.load_known()
    assert next_run.added_known == 0  # what used to decide whether to re-check
    assert rematch_pending(store, next_run, days=14) == 1
    assert [f.reason for f in store.claims.analyses(["r1"])["r1"].flags] == [FlagReason.MATCHES_FACTCHECK]
    assert store.claims.awaiting_rematch() == [] and rematch_pending(store, next_run, days=14) == 0


class WithNewsReference(ShockStyle):
    """Reference news: a hundred Hindi and English sentences about polling in Lucknow, none a rumour."""

    def __init__(self) -> None:
        texts = ["Polling in Lucknow on November 19", "लखनऊ में 19 नवंबर को मतदान"] * 50
        self.reference = (ConceptEmbedder().embed(texts), ("en", "hi") * 50)


def test_match_thresholds_rise_when_real_news_would_match_the_store_by_chance(store: Store) -> None:
    stage = ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), WithNewsReference())
    assert stage.points.match == 0.97 and stage.points.match_cross == 0.9
    stage.analyse([FACTCHECK])  # an EVM claim: far from the reference news, thresholds stay as validated
    assert (stage.points.match, stage.points.match_cross) == (0.97, 0.9)
    date_check = ArticleInput(id="fc3", title="Fact check: polling in Lucknow has not moved from November 19",
                              text="The letter is fake.", source="capital", language="en")
    stage.analyse([date_check])  # a claim the everyday news about Lucknow polling lies close to
    assert stage.points.match_cross > 0.9 or stage.points.match > 0.97
    rumour = ArticleInput(id="r2", title="Lucknow polling on November 19", text="Voters queue early.",
                          source="indus", language="en")
    assert stage.analyse([rumour])[0].flags == ()  # the desk is not shown a chance match


def test_thresholds_set_in_the_settings_are_kept(store: Store) -> None:
    settings = ClaimsSettings(match_threshold=0.97, match_threshold_cross=0.9)
    stage = ClaimStage(settings, store, ConceptEmbedder(), WithNewsReference())
    stage.analyse([ArticleInput(id="fc3", title="Fact check: polling in Lucknow has not moved from November 19",
                                text="The letter is fake.", source="capital", language="en")])
    assert (stage.points.match, stage.points.match_cross) == (0.97, 0.9)


class WordReranker:
    """A stand-in cross-encoder: the same claim when both sentences name a date or both do not."""

    model_id = "test-rerank/1"
    thresholds: Mapping[str, float] = {"same-language": 0.5}
    floors: Mapping[str, float] = {"same-language": 0.5}

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.asked.extend(pairs)
        dated = [("november" in a.casefold()) == ("november" in b.casefold()) for a, b in pairs]
        return np.asarray([0.9 if same else 0.1 for same in dated])


LUCKNOW_REVIEW = ClaimReview(claim="Polling in Lucknow moved to November", rating="False", reviewer="Factly",
                             url="https://factly.example/lucknow")
LUCKNOW_FC = ArticleInput(id="fc2", title="Fact check: Lucknow polling date", source="factly", language="en",
                          text="Posts claim polling in Lucknow moved to November. It did not.", reviews=(LUCKNOW_REVIEW,))
LUCKNOW_SAME = ArticleInput(id="l1", title="Lucknow polling moved to November, viral post says", source="indus",
                            language="en", text="A viral post says polling in Lucknow moved to November.")
LUCKNOW_OTHER = ArticleInput(id="l2", title="Polling in Lucknow goes ahead", source="capital", language="en",
                             text="Polling in Lucknow goes ahead as planned, officials said.")


def test_the_reranker_confirms_close_neighbours_of_its_pairings_only(store: Store) -> None:
    reranker = WordReranker()
    stage = ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), ShockStyle(), frozenset({"factly"}), reranker)
    analyses = stage.analyse([LUCKNOW_FC, LUCKNOW_SAME, LUCKNOW_OTHER])
    assert [f.reason for f in analyses[1].flags] == [FlagReason.MATCHES_FACTCHECK]
    assert analyses[1].flags[0].match is not None and analyses[1].flags[0].match.same_claim == pytest.approx(0.9)
    assert analyses[2].flags == ()  # close on "lucknow"/"polling", but the reranker says another claim
    assert any(a.startswith("Polling in Lucknow goes ahead") for a, _ in reranker.asked)
    assert analyses[2].claims[0].match is not None and analyses[2].claims[0].match.same_claim == pytest.approx(0.1)
    assert reranker.asked and all(b == "Polling in Lucknow moved to November" for _, b in reranker.asked)
    off = ClaimStage(ClaimsSettings(rerank=False), store, ConceptEmbedder(), ShockStyle(), frozenset({"factly"}),
                     WordReranker())
    assert off.reranker is None and off.points.rerank == {}


def test_a_rematch_keeps_a_reranked_match_it_already_stored(store: Store) -> None:
    stage = ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), ShockStyle(), frozenset({"factly"}), WordReranker())
    for article, language in ((LUCKNOW_FC, "en"), (LUCKNOW_SAME, "en")):
        _store_article(store, article)
        [analysis] = stage.analyse([article])
        store.articles.save_processing([ProcessingResult(article.id, LanguageGuess(language, 1.0, "script"), None, b"",
                                                         analysis=analysis)])
    store.outbox.ack([item.id for item in store.outbox.batch(100)])
    stored = store.claims.analyses(["l1"])["l1"]
    assert stored.flags[0].match is not None and stored.flags[0].match.same_claim == pytest.approx(0.9)
    _store_article(store, FACTCHECK)  # another fact-check arrives: the Lucknow rumour's match stands as stored
    [check] = stage.analyse([FACTCHECK])
    store.articles.save_processing([ProcessingResult("fc1", LanguageGuess("hi", 1.0, "script"), None, b"", analysis=check)])
    store.outbox.ack([item.id for item in store.outbox.batch(100)])
    assert rematch_recent(store, stage, days=14) == 0
    assert store.outbox.batch(100) == []


def test_the_rerankers_floors_rise_with_the_store_like_the_cosine_thresholds(store: Store) -> None:
    reranker = WordReranker()
    reranker.thresholds = {"same-language": 0.5, "cross-language": 0.5}
    reranker.floors = {"same-language": 0.5, "cross-language": 0.5}
    stage = ClaimStage(ClaimsSettings(), store, ConceptEmbedder(), WithNewsReference(), reranker=reranker)
    stage.analyse([FACTCHECK])
    assert dict(stage.points.rerank_floors) == {"same-language": 0.5, "cross-language": 0.5}
    date_check = ArticleInput(id="fc3", title="Fact check: polling in Lucknow has not moved from November 19",
                              text="The letter is fake.", source="capital", language="en")
    stage.analyse([date_check])  # everyday news about Lucknow polling now lies close to a stored claim
    assert max(stage.points.rerank_floors.values()) > 0.5
    rumour = ArticleInput(id="r2", title="Lucknow polling on November 19", text="Voters queue early.",
                          source="indus", language="en")
    reranker.asked.clear()
    assert stage.analyse([rumour])[0].flags == ()  # the reranker does not even read the chance neighbour
    assert not any(b.startswith("polling in Lucknow") for _, b in reranker.asked)
