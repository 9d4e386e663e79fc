"""multilingual-e5-small as the claims' embedder: article texts and claim sentences in one vector space.

Both go through the base encoder (no adapter), so the space does not change when the task heads of the
transformer are retrained and stored claim vectors stay valid. Articles are read as title + lead up to 128
tokens, claim sentences up to 64: a sentence rarely needs more, and shorter rows batch with less padding.

When the transformer bundle classifies the same title + lead, :func:`share_article_pass` lets it hand over
the base vectors from its own pass (:mod:`classifiers.e5.fork`): the article is then read once, not twice.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from classifiers.e5.bundle import E5Bundle
from classifiers.e5.cache import BASE_MODEL, cached_base, load_base_model, load_base_tokenizer
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions
from classifiers.suite import ClassifierSuite

ARTICLE_TOKENS = 128
SENTENCE_TOKENS = 64
# Article vectors handed over by a shared pass wait here until the claim stage asks for them (one
# processing batch's worth; older ones are dropped rather than kept for a rematch that never reads them).
HANDED_OVER = 4096


class E5SentenceEmbedder:
    """Implements ``claims.matching.Embedder`` for sentences and embeds article texts in the same space."""

    def __init__(self, options: EncoderOptions | None = None) -> None:
        options = options or EncoderOptions()
        files = cached_base(options.cache_dir)
        model = load_base_model(files)
        tokenizer = load_base_tokenizer(files)
        self._articles = E5Encoder(model, tokenizer, options.with_changes(max_length=ARTICLE_TOKENS))
        self._sentences = E5Encoder(self._articles.model, tokenizer, options.with_changes(max_length=SENTENCE_TOKENS))
        self._name = f"e5-small:{files.source_sha256[:12]}:passage:{SENTENCE_TOKENS}"
        self._handed: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimensions(self) -> int:
        return self._sentences.hidden_size

    @property
    def base_model(self) -> str:
        return BASE_MODEL

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors of claim sentences."""
        return self._sentences.embed(list(texts)) if texts else np.zeros((0, self.dimensions), np.float32)

    def embed_articles(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors of article texts (title + lead); those a shared pass handed over are not
        encoded again."""
        output = np.zeros((len(texts), self.dimensions), np.float32)
        with self._lock:
            handed = {i: self._handed.pop(text) for i, text in enumerate(texts) if text in self._handed}
        missing = [i for i in range(len(texts)) if i not in handed]
        if missing:
            output[missing] = self._articles.embed([texts[i] for i in missing])
        for i, vector in handed.items():
            output[i] = vector
        return output

    def hand_over(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep base vectors of article texts that another encoder's pass computed (see ``share_article_pass``)."""
        with self._lock:
            if len(self._handed) + len(texts) > HANDED_OVER:
                self._handed.clear()
            self._handed.update(zip(texts, vectors, strict=True))

    def share_pass_with(self, bundle: E5Bundle) -> bool:
        """Have ``bundle`` compute this embedder's article vectors from its own pass; False if it cannot."""
        return bundle.attach_branch(self._articles.model, self._articles.options.max_length, self.hand_over)


_shared: dict[EncoderOptions, E5SentenceEmbedder] = {}
_lock = threading.Lock()


def shared_embedder(options: EncoderOptions | None = None) -> E5SentenceEmbedder:
    """One embedder per process and options: the encoder weights load once however many apps a process opens
    (the web desk, a scheduler, the tests)."""
    key = options or EncoderOptions()
    with _lock:
        embedder = _shared.get(key)
        if embedder is None:
            embedder = _shared[key] = E5SentenceEmbedder(key)
        return embedder


def share_article_pass(embedder: E5SentenceEmbedder, suite: ClassifierSuite) -> bool:
    """Connect the claim stage's embedder to the transformer bundle the classifiers run, when both are
    multilingual-e5-small passes of the same title + lead; True if connected."""
    bundles = {id(c.bundle): c.bundle for c in suite.members.values() if isinstance(c, E5TaskClassifier)}
    return len(bundles) == 1 and embedder.share_pass_with(next(iter(bundles.values())))
