"""Hashed character n-gram TF-IDF features.

Hashing keeps the featuriser stateless apart from one IDF vector, so a saved model is only arrays
(no pickled vocabulary) and works for Devanagari and Latin script alike without tokenisation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@\w+")
_SPACE = re.compile(r"\s+")
# A sentence ends at a line break, or at । ॥ . ? ! followed by white space (so "3.5" and URLs stay whole).
_SENTENCE_END = re.compile(r"\n+|(?<=[।॥.?!])\s+")
PREPROCESS = "nfc-lower-nosocial-v1"
# Models saved before segmenting existed scored the whole text as one document.
WHOLE_TEXT = 0


@dataclass(frozen=True)
class FeatureConfig:
    """Everything needed to reproduce the featuriser; stored in the model's config.json."""

    ngram_min: int = 1
    ngram_max: int = 4
    n_features: int = 2**18
    # Bounds cost on long inputs (callers should pass title + lead anyway); segment_chars, not
    # this cut, is what keeps long texts comparable with the short training posts.
    max_chars: int = 2000
    sublinear_tf: bool = True
    # Texts longer than this are scored as the mean of their sentence-packed segments of at most
    # this many characters (0: one document). With L2-normalised rows a long text's logit grows
    # like sqrt(length) times the mean n-gram weight, so without this every article looked more
    # "fake" than any tweet the model was trained on. 99% of misinformation training texts are
    # shorter than 320 characters, so training sees almost exactly the documents it saw before.
    segment_chars: int = 320
    # Names the prepare_text() behaviour; bump it whenever that function changes so models
    # trained on the old text form refuse to load instead of silently scoring differently.
    preprocess: str = PREPROCESS

    def __post_init__(self) -> None:
        if self.preprocess != PREPROCESS:
            raise ValueError(f"model uses text preprocessing {self.preprocess!r}; this code implements {PREPROCESS!r}")
        if not 1 <= self.ngram_min <= self.ngram_max:
            raise ValueError(f"bad n-gram range {self.ngram_min}-{self.ngram_max}")
        if self.segment_chars < 0:
            raise ValueError(f"segment_chars must be >= 0, got {self.segment_chars}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        values = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        values.setdefault("preprocess", "unrecorded")  # never assume a stored model matches today's code
        values.setdefault("segment_chars", WHOLE_TEXT)  # absent key = a model from before segmenting
        return cls(**values)


def prepare_text(text: str, max_chars: int) -> str:
    """Canonical form fed to the hasher.

    URLs, @handles and the "#" of hashtags are removed (the hashtag word stays). In the training
    tweets their mere presence separates news-outlet posts from forwarded rumours, a shortcut that
    made the model flag most real news headlines (which carry no links) as misinformation.
    Lower-casing does not touch Devanagari; NFC keeps vowel signs and nukta composed consistently.
    """
    text = unicodedata.normalize("NFC", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = text.replace("#", " ")
    text = _SPACE.sub(" ", text).strip().lower()
    return text[:max_chars]


def segment_text(text: str, segment_chars: int, max_chars: int) -> list[str]:
    """The prepared text, or its sentences packed greedily into segments of at most ``segment_chars``.

    Sentences are found before :func:`prepare_text` collapses line breaks, so a headline stays a
    unit of its own. A single sentence longer than a segment is kept whole (its n-grams are still
    one thought). Together the segments hold at most ``max_chars`` characters, as before.
    """
    if segment_chars == WHOLE_TEXT:
        return [prepare_text(text, max_chars)]
    sentences = [prepare_text(part, max_chars) for part in _SENTENCE_END.split(unicodedata.normalize("NFC", text))]
    segments: list[str] = []
    current = ""
    budget = max_chars
    for sentence in sentences:
        if not sentence or budget <= 0:
            continue
        sentence = sentence[:budget]
        budget -= len(sentence)
        if current and len(current) + 1 + len(sentence) > segment_chars:
            segments.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current or not segments:
        segments.append(current)
    return segments


class HashedTfidf:
    """char_wb n-gram counts -> (sublinear) TF * IDF -> L2 rows, averaged over a text's segments."""

    def __init__(self, config: FeatureConfig, idf: np.ndarray) -> None:
        if idf.shape != (config.n_features,):
            raise ValueError(f"idf has shape {idf.shape}, expected ({config.n_features},)")
        self.config = config
        self.idf = idf.astype(np.float32, copy=False)
        self._hasher = _hasher(config)

    def segments(self, text: str) -> list[str]:
        return segment_text(text, self.config.segment_chars, self.config.max_chars)

    @classmethod
    def fit(cls, config: FeatureConfig, texts: Sequence[str]) -> HashedTfidf:
        """Learn the IDF vector (smoothed as in scikit-learn) from training texts, a segment per document."""
        documents = [
            segment for text in texts for segment in segment_text(text, config.segment_chars, config.max_chars)
        ]
        counts = _hasher(config).transform(documents)
        document_frequency = np.bincount(counts.indices, minlength=config.n_features)
        n_documents = counts.shape[0]
        idf = np.log((1.0 + n_documents) / (1.0 + document_frequency)) + 1.0
        return cls(config, idf.astype(np.float32))

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One row per text: the mean of its segments' L2-normalised TF-IDF rows.

        The mean (not a re-normalised sum) keeps a linear model's logit the average of its segment
        logits, so scores do not drift with length; a one-segment text gets exactly its own row.
        """
        per_text = [self.segments(text) for text in texts]
        rows = self._segment_rows([segment for segments in per_text for segment in segments])
        sizes = np.array([len(segments) for segments in per_text], dtype=np.int64)
        if not sizes.size or np.all(sizes == 1):
            return rows
        owner = np.repeat(np.arange(len(texts)), sizes)
        pooling = sp.csr_matrix(
            ((1.0 / sizes[owner]).astype(np.float32), (owner, np.arange(owner.size))),
            shape=(len(texts), owner.size),
        )
        return sp.csr_matrix(pooling @ rows, dtype=np.float32)

    def _segment_rows(self, segments: Sequence[str]) -> sp.csr_matrix:
        counts = self._hasher.transform(list(segments))
        matrix = sp.csr_matrix(counts, dtype=np.float32)
        if self.config.sublinear_tf:
            # 1 + log(tf), as scikit-learn's sublinear_tf: repeated n-grams saturate instead of dominating.
            matrix.data = np.log(matrix.data) + np.float32(1.0)
        matrix = matrix.multiply(self.idf[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0.0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)


def _hasher(config: FeatureConfig) -> HashingVectorizer:
    # alternate_sign=False so every hashed column is a plain count that IDF can weight.
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(config.ngram_min, config.ngram_max),
        n_features=config.n_features,
        alternate_sign=False,
        norm=None,
        lowercase=False,  # prepare_text already lower-cased, after placeholder substitution
        dtype=np.float32,
    )
