"""The bundled claim reranker, as the pipeline runs it: a quality gate on the TEST claim pairs (written from the
public sets' VALIDATION items by another hand than its training pairs), per language pairing, beside the cosine
threshold it replaces; and Hindi and English pairs read the way the desk would judge them."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.article_flags.embedder import E5SentenceEmbedder
from classifiers.article_flags.evaluation import pair_group, read_pairs
from classifiers.article_flags.model import load_active_flag_model
from classifiers.claim_rerank.model import ClaimReranker, load_active_reranker
from classifiers.claim_rerank.train import gated, precision_recall

# The target is precision 0.9 at recall 0.8. The bundled version measured same-language 0.942 / 0.700
# (cosine alone: 0.846 / 0.157) and cross-language 0.957 / 0.957 (its card, decision 45). Floors sit a little
# below, so a retrained version that falls back cannot be promoted unnoticed.
FLOORS = {"same-language": {"precision": 0.92, "recall": 0.68}, "cross-language": {"precision": 0.93, "recall": 0.93}}


@pytest.fixture(scope="module")
def reranker() -> ClaimReranker:
    loaded = load_active_reranker()
    assert loaded is not None, "models/registry.json names no claim-rerank version"
    return loaded


def test_on_the_test_pairs_it_reaches_the_target_where_it_decides(reranker: ClaimReranker) -> None:
    pairs = [p for p in read_pairs() if p.split == "test"]
    probabilities = reranker.probabilities([(p.text_a, p.text_b) for p in pairs])
    embedder = E5SentenceEmbedder()
    similarities = np.einsum("ij,ij->i", embedder.embed([p.text_a for p in pairs]), embedder.embed([p.text_b for p in pairs]))
    labels = np.asarray([p.same_claim for p in pairs])
    cosine_at = load_active_flag_model().match_thresholds  # type: ignore[union-attr]
    assert "same-language" in reranker.thresholds
    for group, threshold in reranker.thresholds.items():
        mine = np.asarray([pair_group(p) == group for p in pairs])
        scores = gated(probabilities[mine], similarities[mine], np.full(int(mine.sum()), reranker.floors[group]))
        reranked = precision_recall(scores, labels[mine], threshold)
        cosine = precision_recall(similarities[mine], labels[mine], cosine_at[group])
        floor = FLOORS[group]
        assert reranked["precision"] >= floor["precision"] and reranked["recall"] >= floor["recall"], (group, reranked)
        assert reranked["f1"] >= cosine["f1"], (group, reranked, cosine)
    # what cosine alone manages within one language: the reason the reranker exists (decision 45)
    same = np.asarray([pair_group(p) == "same-language" for p in pairs])
    assert precision_recall(similarities[same], labels[same], cosine_at["same-language"])["recall"] < 0.5


@pytest.mark.parametrize(("sentence", "known", "same"), [
    ("सोशल मीडिया पर दावा: कोरोना वायरस नहीं, बैक्टीरिया है और एस्पिरिन से ठीक होता है",
     "कोविड-19 वायरस से नहीं बल्कि बैक्टीरिया से होता है और एस्पिरिन से इसका इलाज हो सकता है", True),
    ("कोविड-19 के मरीज़ों को एस्पिरिन नहीं लेनी चाहिए क्योंकि इससे संक्रमण तेज़ी से फैलता है",
     "कोविड-19 वायरस से नहीं बल्कि बैक्टीरिया से होता है और एस्पिरिन से इसका इलाज हो सकता है", False),
    ("A message doing the rounds says the Election Commission has moved polling in the city to November 17.",
     "Polling in the city has been shifted to November 17, says the Election Commission.", True),
    ("The Election Commission said counting of votes in the city will begin at 8 am on November 20.",
     "Polling in the city has been shifted to November 17, says the Election Commission.", False),
])
def test_hindi_and_english_pairs(reranker: ClaimReranker, sentence: str, known: str, same: bool) -> None:
    [probability] = reranker.probabilities([(sentence, known)])
    assert bool(probability >= reranker.thresholds["same-language"]) is same, probability


def test_mined_negatives_pair_different_seeds_in_the_seeds_language() -> None:
    from classifiers.claim_rerank.train import DEFAULT_FIT_PAIRS, mined_negatives, read_written_pairs

    fit = read_written_pairs(DEFAULT_FIT_PAIRS)
    same_claim = {frozenset((p.text_a, p.text_b)) for p in fit if p.same_claim}
    seeds = {p.text_a for p in fit}
    mined = mined_negatives(fit, E5SentenceEmbedder().embed, seed=13)
    assert len(mined) == 3 * len(seeds)
    for pair in mined:
        assert not pair.same_claim and pair.lang_a == pair.lang_b and pair.text_a != pair.text_b
        assert frozenset((pair.text_a, pair.text_b)) not in same_claim
    assert {pair.lang_a for pair in mined} == {"en", "hi"}
