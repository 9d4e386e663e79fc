"""Known-claim matching: an approximate-nearest-neighbour index of claims fact-checkers have rated.

Claims are compared by the cosine similarity of multilingual sentence embeddings (multilingual-e5-small), so a
Hindi sentence finds an English fact-check of the same claim. The index is usearch's HNSW graph: exact search
is cheap at a few thousand claims, but the claim store grows with every fact-check crawled and every data set
imported, and the desk needs the match while the article is processed. The embedder is injected (a
``classifiers`` encoder in production, anything with the same shape in tests), so this part imports no model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from usearch.index import Index

from core.claims import ClaimMatch, KnownClaim


class Embedder(Protocol):
    """Turns sentences into L2-normalised float32 vectors of one fixed space."""

    @property
    def name(self) -> str:
        """Identity of the vector space (model and settings): vectors of different names never mix."""
        ...

    @property
    def dimensions(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes, dimensions: int) -> np.ndarray:
    vector = np.frombuffer(data, dtype=np.float32)
    if vector.shape != (dimensions,):
        raise ValueError(f"stored claim vector has {vector.size} values, expected {dimensions}")
    return vector


@dataclass(frozen=True, slots=True)
class IndexStats:
    claims: int
    dimensions: int


class KnownClaimIndex:
    """Known claims by id, searchable by vector. Ids are the store's known-claim ids."""

    # HNSW graph degree and search breadth: recall@1 above 0.99 against exact search at 100,000 claims
    # (bench/claims.py), at well under a millisecond per query on one core.
    CONNECTIVITY = 16
    EXPANSION_SEARCH = 64

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions
        self._index = Index(
            ndim=dimensions, metric="cos", dtype="f32", connectivity=self.CONNECTIVITY,
            expansion_search=self.EXPANSION_SEARCH,
        )
        self._claims: dict[int, KnownClaim] = {}

    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, claim_id: int) -> bool:
        return claim_id in self._claims

    def add(self, claims: Sequence[KnownClaim], vectors: np.ndarray) -> int:
        """Add stored claims (each with an id) and their vectors; claims already present are skipped."""
        if len(claims) != len(vectors):
            raise ValueError(f"{len(claims)} claims but {len(vectors)} vectors")
        if any(claim.id is None for claim in claims):
            raise ValueError("known claims must be stored (have an id) before they are indexed")
        first: dict[int, int] = {}
        for i, claim in enumerate(claims):
            if claim.id is not None and claim.id not in self._claims:
                first.setdefault(claim.id, i)  # one claim may come twice (two fact-checks of it in one batch)
        fresh = [(i, claims[i]) for i in first.values()]
        if not fresh:
            return 0
        rows = np.asarray([vectors[i] for i, _ in fresh], dtype=np.float32)
        self._index.add(np.asarray([claim.id for _, claim in fresh], dtype=np.uint64), rows)
        for _, claim in fresh:
            assert claim.id is not None
            self._claims[claim.id] = claim
        return len(fresh)

    def search(self, vectors: np.ndarray, k: int = 1) -> list[list[ClaimMatch]]:
        """The ``k`` most similar known claims per query vector, most similar first."""
        if len(vectors) == 0:
            return []
        if not self._claims:
            return [[] for _ in range(len(vectors))]
        found = self._index.search(np.asarray(vectors, dtype=np.float32), min(k, len(self._claims)))
        # Plain lists: numpy scalars one at a time cost more than the search (calibration reads 3,000 rows).
        keys = np.atleast_2d(found.keys).tolist()
        similarities = (np.float32(1.0) - np.atleast_2d(found.distances)).tolist()  # float32, as usearch gives
        claims = self._claims
        return [
            [ClaimMatch(claims[key], similarity) for key, similarity in zip(row_keys, row_similarities, strict=True)
             if key in claims]
            for row_keys, row_similarities in zip(keys, similarities, strict=True)
        ]

    def stats(self) -> IndexStats:
        return IndexStats(claims=len(self._claims), dimensions=self.dimensions)
