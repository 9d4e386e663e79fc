"""Near-duplicate grouping with MinHash LSH: a syndicated copy points at the first-seen original."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

# Python's \w excludes Devanagari vowel signs and virama (categories Mc/Mn), which would cut Hindi words apart.
_TOKEN = re.compile(r"[\w\u0900-\u0963\u0966-\u097F\u200c\u200d]+")
_SEED = 1
# Stored signatures are only comparable under the same hashing scheme; pin it rather than follow library defaults.
_SCHEME = "affine32"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text).casefold())


class NearDuplicateIndex:
    def __init__(self, threshold: float = 0.7, num_perm: int = 128, shingle_words: int = 3) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        # LSH banding misses some pairs just above its threshold; retrieve candidates generously, then decide on
        # the estimated Jaccard similarity against the real threshold.
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=num_perm)
        self._signatures: dict[str, MinHash] = {}

    def signature(self, text: str) -> MinHash:
        words = tokens(text)
        n = self.shingle_words
        shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
        minhash = MinHash(num_perm=self.num_perm, seed=_SEED, scheme=_SCHEME)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        return minhash

    def to_bytes(self, minhash: MinHash) -> bytes:
        return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=_SEED, scheme=_SCHEME,
                       hashvalues=np.frombuffer(data, dtype=np.uint64).copy())

    def load(self, stored: Iterable[tuple[str, bytes]]) -> int:
        """Add signatures of already-processed originals (from the store) so new articles compare against them."""
        count = 0
        with self._lsh.insertion_session() as session:
            for article_id, data in stored:
                if article_id in self._signatures or len(data) != self.num_perm * 8:
                    continue
                minhash = self.from_bytes(data)
                session.insert(article_id, minhash)
                self._signatures[article_id] = minhash
                count += 1
        return count

    def match_or_add(self, article_id: str, minhash: MinHash) -> str | None:
        """The id of the most similar earlier original at or above the threshold, else None (and remember this one)."""
        best_id, best = None, 0.0
        for candidate in self._lsh.query(minhash):
            if candidate == article_id:  # re-processing an article must not find itself
                continue
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity >= self.threshold and (similarity > best or (similarity == best and candidate < best_id)):
                best_id, best = candidate, similarity
        if best_id is None and article_id not in self._signatures:
            self._lsh.insert(article_id, minhash)
            self._signatures[article_id] = minhash
        return best_id
