"""The known-claim index (usearch, real) and the flag rule, with Hindi and English claims."""

from __future__ import annotations

import numpy as np
import pytest

from claims.flagging import OperatingPoints, decide_flags, rating_debunks
from claims.matching import KnownClaimIndex, from_bytes, to_bytes
from core.claims import ArticleKind, Claim, ClaimMatch, FlagReason, KnownClaim

EVM_HI = KnownClaim(text="ईवीएम में गुप्त चिप लगी है", language="hi", rating="फ़र्ज़ी", reviewer="भारत समाचार", id=1,
                    url="https://fc.example/evm")
DATE_EN = KnownClaim(text="Polling in Lucknow moved to November 17", language="en", rating="False", id=2,
                     url="https://fc.example/date")
TRUE_EN = KnownClaim(text="Turnout in the first phase was 61%", language="en", rating="True", id=3)


def unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_index_finds_the_nearest_known_claims_in_order() -> None:
    index = KnownClaimIndex(3)
    assert index.add([EVM_HI, DATE_EN, TRUE_EN], np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)])) == 3
    found = index.search(np.stack([unit(0.9, 0.1, 0), unit(0, 0.2, 1)]), k=2)
    assert [m.known.id for m in found[0]] == [1, 2]
    assert [m.known.id for m in found[1]] == [3, 2]
    assert found[0][0].similarity == pytest.approx(float(unit(0.9, 0.1, 0) @ unit(1, 0, 0)), abs=1e-4)
    assert found[0][0].known.text == "ईवीएम में गुप्त चिप लगी है"


def test_index_skips_claims_already_indexed_and_repeats_in_one_batch() -> None:
    index = KnownClaimIndex(3)
    index.add([EVM_HI, EVM_HI], np.stack([unit(1, 0, 0), unit(1, 0, 0)]))
    assert len(index) == 1
    assert index.add([EVM_HI, DATE_EN], np.stack([unit(1, 0, 0), unit(0, 1, 0)])) == 1
    assert len(index) == 2


def test_index_refuses_unstored_claims_and_answers_empty() -> None:
    index = KnownClaimIndex(3)
    assert index.search(np.stack([unit(1, 0, 0)]), k=3) == [[]]
    with pytest.raises(ValueError, match="stored"):
        index.add([KnownClaim(text="x", language="en", rating=None)], np.stack([unit(1, 0, 0)]))
    index.add([EVM_HI], np.stack([unit(1, 0, 0)]))
    assert len(index.search(np.stack([unit(1, 0, 0)]), k=5)[0]) == 1


def test_vectors_round_trip_through_bytes() -> None:
    vector = unit(0.3, 0.4, 0.5)
    assert np.array_equal(from_bytes(to_bytes(vector), 3), vector)
    with pytest.raises(ValueError, match="expected 4"):
        from_bytes(to_bytes(vector), 4)


@pytest.mark.parametrize(("rating", "debunks"), [
    ("False", True), ("Misleading", True), ("फ़र्ज़ी", True), ("भ्रामक", True), (None, True), ("Half true", True),
    ("True", False), ("सही", False), ("Correct", False),
])
def test_verdicts_in_words(rating: str | None, debunks: bool) -> None:
    assert rating_debunks(rating) is debunks


POINTS = OperatingPoints(match=0.95, match_cross=0.85, style={"misinformation": {"en": 0.4, "hi": 0.5}})


def claim(text: str, position: int, score: float = 0.1, match: ClaimMatch | None = None) -> Claim:
    return Claim(text=text, position=position, checkworthiness=0.5, scores={"misinformation": score}, match=match)


def test_a_fact_check_is_never_flagged() -> None:
    claims = [claim("EVM में चिप", 0, score=0.99, match=ClaimMatch(EVM_HI, 0.99))]
    assert decide_flags(ArticleKind.FACTCHECK, claims, "hi", POINTS, {"misinformation": 0.99}) == ()


def test_a_translation_matches_at_the_cross_language_threshold_only() -> None:
    english = [claim("Secret chips are fitted in EVMs", 0, match=ClaimMatch(EVM_HI, 0.88))]
    flags = decide_flags(ArticleKind.NEWS, english, "en", POINTS, {"misinformation": 0.1})
    assert [(f.reason, f.evidence, f.match) for f in flags] == [
        (FlagReason.MATCHES_FACTCHECK, "Secret chips are fitted in EVMs", ClaimMatch(EVM_HI, 0.88))]
    hindi = [claim("ईवीएम में गुप्त चिप", 0, match=ClaimMatch(EVM_HI, 0.88))]  # same language: needs 0.95
    assert decide_flags(ArticleKind.NEWS, hindi, "hi", POINTS, {"misinformation": 0.1}) == ()


def test_a_claim_rated_true_is_not_a_flag() -> None:
    claims = [claim("Turnout in the first phase was 61 per cent", 0, match=ClaimMatch(TRUE_EN, 0.99))]
    assert decide_flags(ArticleKind.NEWS, claims, "en", POINTS, {"misinformation": 0.1}) == ()


def test_style_uses_the_languages_threshold_and_the_strongest_sentence_as_evidence() -> None:
    claims = [claim("मतदान की तारीख़ बदली", 0, score=0.3), claim("वायरल संदेश में दावा किया गया", 2, score=0.7)]
    assert decide_flags(ArticleKind.NEWS, claims, "hi", POINTS, {"misinformation": 0.45}) == ()
    flags = decide_flags(ArticleKind.NEWS, claims, "hi", POINTS, {"misinformation": 0.55})
    assert [(f.reason, f.score, f.evidence) for f in flags] == [(FlagReason.STYLE, 0.55, "वायरल संदेश में दावा किया गया")]
    english = [claim("Viral message claims polling moved", 0, score=0.6)]
    assert decide_flags(ArticleKind.NEWS, english, "en", POINTS, {"misinformation": 0.45})[0].reason is FlagReason.STYLE


def test_a_match_comes_before_a_style_flag() -> None:
    claims = [claim("Polling in Lucknow shifted to Nov 17", 0, score=0.9, match=ClaimMatch(DATE_EN, 0.97))]
    flags = decide_flags(ArticleKind.NEWS, claims, "en", POINTS, {"misinformation": 0.9})
    assert [f.reason for f in flags] == [FlagReason.MATCHES_FACTCHECK, FlagReason.STYLE]


RERANKED = OperatingPoints(match=0.95, match_cross=0.85, rerank={"same-language": 0.5},
                           rerank_floors={"same-language": 0.8})


def test_where_the_reranker_decides_a_paraphrase_matches_below_the_cosine_threshold() -> None:
    paraphrase = [claim("वायरल संदेश का दावा: ईवीएम में छिपी चिप लगी है", 0, match=ClaimMatch(EVM_HI, 0.9, same_claim=0.93))]
    flags = decide_flags(ArticleKind.NEWS, paraphrase, "hi", RERANKED, {"misinformation": 0.1})
    assert [(f.reason, f.evidence) for f in flags] == [(FlagReason.MATCHES_FACTCHECK, paraphrase[0].text)]
    # the same cosine without the reranker's word does not reach the same-language threshold
    assert decide_flags(ArticleKind.NEWS, paraphrase, "hi", POINTS, {"misinformation": 0.1}) == ()


def test_where_the_reranker_decides_a_close_different_claim_is_not_a_match() -> None:
    neighbour = [claim("Polling in Lucknow will be held on November 20 as planned", 0,
                       match=ClaimMatch(DATE_EN, 0.97, same_claim=0.04))]
    assert decide_flags(ArticleKind.NEWS, neighbour, "en", RERANKED, {"misinformation": 0.1}) == ()
    below_floor = ClaimMatch(DATE_EN, 0.75, same_claim=0.99)  # the reranker's floor still holds
    assert not RERANKED.confirms("en", below_floor)


def test_pairings_the_reranker_does_not_decide_keep_the_cosine_threshold() -> None:
    english = ClaimMatch(EVM_HI, 0.88, same_claim=0.01)  # cross-language: not reranked in RERANKED
    assert RERANKED.reranks("en", "hi") is None and RERANKED.reranks("hi", "hi") == 0.8
    assert RERANKED.confirms("en", english)
    assert not RERANKED.confirms("en", ClaimMatch(EVM_HI, 0.80))
