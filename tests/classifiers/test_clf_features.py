"""Segmented featurising: short texts unchanged, long texts scored as the mean of their segments."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.baseline.features import (
    WHOLE_TEXT,
    FeatureConfig,
    HashedTfidf,
    prepare_text,
    segment_text,
)

HEADLINE = "चुनाव आयोग ने घोषित की नई मतदान तिथि"
SENTENCES = [
    "भारत निर्वाचन आयोग ने रविवार को बिहार की हथुआ विधानसभा सीट पर स्थगित किए गए चुनाव की नई तिथि घोषित कर दी।",
    "आयोग के अनुसार इस सीट पर अब 26 नवंबर को अंतिम चरण के साथ मतदान होगा।",
    "The commission said counting would follow the earlier schedule.",
    "Officials expect a turnout of 3.5 lakh voters? Nobody knows!",
]
ARTICLE = HEADLINE + "\n" + " ".join(SENTENCES)
TRAIN = [HEADLINE, *SENTENCES, "वायरल वीडियो का सच, शेयर करें", "Drinking hot water cures COVID-19"]


def featuriser(segment_chars: int) -> HashedTfidf:
    return HashedTfidf.fit(FeatureConfig(n_features=2**12, segment_chars=segment_chars), TRAIN)


def test_short_text_is_one_segment_identical_to_the_whole_text_form() -> None:
    text = "Drinking hot water cures COVID-19. Share before it is deleted! https://t.co/x"
    assert segment_text(text, 320, 2000) == [prepare_text(text, 2000)]
    assert segment_text(text, WHOLE_TEXT, 2000) == [prepare_text(text, 2000)]


def test_long_text_splits_at_sentence_ends_within_the_segment_size() -> None:
    segments = segment_text(ARTICLE, 120, 2000)
    assert len(segments) > 1
    assert all(len(segment) <= 120 for segment in segments)
    # The headline (ended by a line break) and the danda-ended sentences are whole units, in order,
    # with Devanagari vowel signs and virama intact.
    assert segments[0].startswith(HEADLINE)
    assert " ".join(segments) == " ".join(prepare_text(part, 2000) for part in [HEADLINE, *SENTENCES])
    assert "3.5 lakh" in " ".join(segments)  # a decimal point is not a sentence end
    assert "\u094d" in segments[1] and "\u093e" in segments[0]


def test_a_sentence_longer_than_a_segment_stays_whole_and_max_chars_still_cuts() -> None:
    long_sentence = "बहुत " * 100
    assert segment_text(long_sentence, 50, 2000) == [prepare_text(long_sentence, 2000)]
    assert sum(len(s) for s in segment_text(ARTICLE, 60, 100)) <= 100


def test_segmented_row_is_the_mean_of_its_segment_rows() -> None:
    model = featuriser(120)
    segments = segment_text(ARTICLE, 120, 2000)
    whole = model.transform([ARTICLE]).toarray()[0]
    parts = model.transform(segments).toarray()
    assert np.allclose(whole, parts.mean(axis=0), atol=1e-6)
    # Batches mixing one- and many-segment texts keep rows aligned with their inputs.
    batch = model.transform([HEADLINE, ARTICLE, SENTENCES[2]]).toarray()
    assert np.allclose(batch[0], model.transform([HEADLINE]).toarray()[0])
    assert np.allclose(batch[1], whole, atol=1e-6)


def test_linear_scores_do_not_drift_with_length_when_segmented() -> None:
    # A weight vector with a small positive mean: the situation in which an unsegmented long text
    # scores higher than any of its sentences, only for being long.
    rng = np.random.default_rng(0)
    weights = rng.normal(0.3, 1.0, 2**12).astype(np.float32)
    sentences = [s for s in SENTENCES for _ in range(5)]
    rng.shuffle(sentences)
    long_text = "\n".join(sentences)
    for segment_chars, drifts in ((WHOLE_TEXT, True), (120, False)):
        model = featuriser(segment_chars)
        short_scores = model.transform(SENTENCES).toarray() @ weights
        long_score = float(model.transform([long_text]).toarray()[0] @ weights)
        assert bool(long_score > short_scores.max()) is drifts, (segment_chars, long_score, short_scores)


def test_configs_saved_before_segmenting_load_as_whole_text() -> None:
    legacy = FeatureConfig().to_dict()
    del legacy["segment_chars"]
    assert FeatureConfig.from_dict(legacy).segment_chars == WHOLE_TEXT
    with pytest.raises(ValueError, match="segment_chars"):
        FeatureConfig(segment_chars=-1)
