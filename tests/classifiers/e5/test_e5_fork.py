"""One pass through the layers the adapter left alone serves the bundle and the base encoder: the same vectors
as two separate passes, Hindi and English, and no fork between encoders that differ below the split."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from classifiers.article_flags.embedder import E5SentenceEmbedder, share_article_pass
from classifiers.e5.bundle import E5Bundle, load_bundle
from classifiers.e5.cache import load_base_model
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.e5.fork import ForkedPass
from classifiers.e5.options import EncoderOptions
from classifiers.registry import DEFAULT_MODELS_DIR, read_registry
from classifiers.suite import ClassifierSuite
from core.tasks import ARTICLE_TASKS

TEXTS = [
    "चुनाव आयोग ने कहा कि ईवीएम किसी नेटवर्क से नहीं जुड़ी होती। मतगणना 4 जून को होगी।",
    "The state cabinet approved a new irrigation scheme for 12 districts on Tuesday.",
    "वायरल संदेश में दावा किया गया कि नमक के पानी से कोरोना ठीक हो जाता है।",
    "Counting will take place on June 4, the Election Commission said in a statement.",
]


def _bundle() -> E5Bundle:
    """A bundle of its own (not the process-wide shared one), so attaching a branch changes no other test."""
    version = read_registry(DEFAULT_MODELS_DIR)["sentiment"].split("/")[1]
    return load_bundle(DEFAULT_MODELS_DIR / "bundles" / "e5-mt" / version, EncoderOptions())


def test_forked_pass_gives_the_vectors_of_two_separate_passes() -> None:
    bundle = _bundle()
    embedder = E5SentenceEmbedder()
    adapted = bundle.encoder.embed(TEXTS, normalise=False)
    base = embedder.embed_articles(TEXTS)
    fork = ForkedPass(bundle.encoder, load_base_model_like(bundle), bundle.first_tuned_layer)
    forked_adapted, forked_base = fork.embed(TEXTS)
    np.testing.assert_allclose(forked_adapted, adapted, atol=1e-5)
    np.testing.assert_allclose(forked_base, base, atol=1e-5)
    assert not np.allclose(forked_adapted / np.linalg.norm(forked_adapted, axis=1, keepdims=True), forked_base,
                           atol=1e-3)  # the adapter does change the top layers


def load_base_model_like(bundle: E5Bundle) -> torch.nn.Module:
    from classifiers.e5.cache import cached_base

    return load_base_model(cached_base()).to(dtype=bundle.encoder.dtype)


def test_no_fork_between_encoders_that_differ_below_the_split() -> None:
    bundle = _bundle()
    other = load_base_model_like(bundle)
    with torch.no_grad():
        other.encoder.layer[3].attention.self.query.weight[0, 0] += 0.5
    with pytest.raises(ValueError, match="differ below layer"):
        ForkedPass(bundle.encoder, other, bundle.first_tuned_layer)
    embedder = E5SentenceEmbedder()
    assert not bundle.attach_branch(embedder._articles.model, max_length=64, sink=embedder.hand_over)


def test_article_vectors_come_from_the_bundles_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _bundle()
    suite = ClassifierSuite({task: E5TaskClassifier(task, bundle) for task in ARTICLE_TASKS})
    embedder = E5SentenceEmbedder()
    expected = embedder.embed_articles(TEXTS)
    assert share_article_pass(embedder, suite)
    suite.classify(TEXTS, ["hi", "en", "hi", "en"])

    def no_second_pass(texts: object) -> np.ndarray:
        raise AssertionError("article texts encoded again")

    monkeypatch.setattr(embedder._articles, "embed", no_second_pass)
    np.testing.assert_allclose(embedder.embed_articles(TEXTS[::-1]), expected[::-1], atol=1e-5)
    monkeypatch.undo()
    # handed-over vectors are used once: a later call for the same text encodes it (alone, so bf16 rounds a
    # little differently than in a batch of four)
    again = embedder.embed_articles(TEXTS[:1])
    assert float(again[0] @ expected[0]) > 0.999
