"""multilingual-e5-small as the claims' embedder: article texts and claim sentences in one vector space.

Both go through the base encoder (no adapter), so the space does not change when the task heads of the
transformer are retrained and stored claim vectors stay valid. Articles are read as title + lead up to 128
tokens, claim sentences up to 64: a sentence rarely needs more, and shorter rows batch with less padding.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from classifiers.e5.cache import BASE_MODEL, cached_base, load_base_model, load_base_tokenizer
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions

ARTICLE_TOKENS = 128
SENTENCE_TOKENS = 64


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
        """L2-normalised vectors of article texts (title + lead)."""
        return self._articles.embed(list(texts)) if texts else np.zeros((0, self.dimensions), np.float32)


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
