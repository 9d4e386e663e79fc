"""Known-claim matching speed: kNN latency over 100,000 stored claims, and claims matched per second.

    .venv/bin/python bench/claims.py [--claims 100000] [--queries 2000]

The stored claims are real e5 vectors of the public sets' texts (as many as the shared data holds, else the
bundled claim pairs), topped up to ``--claims`` with jittered copies (each a real vector plus small noise,
renormalised), so the graph has the clustering of real claims. Prints: index build time, single-query kNN
latency p50/p95 (usearch HNSW, k=1), recall@1 against exact search, and end-to-end claims matched per second
(embedding the claim sentences with the base encoder plus the search), the figure the pipeline feels.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import record  # noqa: E402
from claims.matching import KnownClaimIndex  # noqa: E402
from classifiers.article_flags.embedder import E5SentenceEmbedder  # noqa: E402
from classifiers.article_flags.evaluation import read_pairs  # noqa: E402
from classifiers.datasets import DEFAULT_DATA_DIR, load_examples  # noqa: E402
from core.claims import KnownClaim  # noqa: E402

SOURCES = ("misinfo/constraint_english_train.csv", "misinfo/constraint_hindi_train.csv", "misinfo/liar_train.tsv")


def seed_texts(limit: int) -> list[str]:
    texts: list[str] = []
    for name in SOURCES:
        path = DEFAULT_DATA_DIR / name
        if path.is_file():
            texts.extend(example.text for example in load_examples(path))
    if not texts:
        texts = [text for pair in read_pairs() for text in (pair.text_a, pair.text_b)]
    return texts[:limit]


def jittered(vectors: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    if total <= len(vectors):
        return vectors[:total]
    picks = rng.integers(len(vectors), size=total - len(vectors))
    extra = vectors[picks] + rng.normal(0.0, 0.02, size=(len(picks), vectors.shape[1])).astype(np.float32)
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.concatenate([vectors, extra.astype(np.float32)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed-texts", type=int, default=8000, help="real texts to embed before jittering")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    embedder = E5SentenceEmbedder()
    texts = seed_texts(args.seed_texts)
    started = time.perf_counter()
    real = embedder.embed(texts)
    embed_rate = len(texts) / (time.perf_counter() - started)
    stored = jittered(real, args.claims, rng)
    index = KnownClaimIndex(embedder.dimensions)
    started = time.perf_counter()
    index.add([KnownClaim(text="", language=None, rating=None, id=i) for i in range(len(stored))], stored)
    build = time.perf_counter() - started
    queries = jittered(real, len(real) + args.queries, rng)[len(real):]
    latencies = []
    found = []
    for query in queries:
        started = time.perf_counter()
        match = index.search(query[None, :], k=1)[0]
        latencies.append(time.perf_counter() - started)
        found.append(match[0].known.id if match else -1)
    exact_latencies = []
    for query in queries[:200]:  # the simplest baseline: a brute-force scan of every stored vector
        started = time.perf_counter()
        np.argmax(stored @ query)
        exact_latencies.append(time.perf_counter() - started)
    exact = np.argmax(queries @ stored.T, axis=1)
    recall = float(np.mean(np.asarray(found) == exact))
    started = time.perf_counter()
    batch = texts[: min(len(texts), 2000)]
    index.search(embedder.embed(batch), k=1)
    matched_rate = len(batch) / (time.perf_counter() - started)
    p50, p95 = np.percentile(np.asarray(latencies) * 1000, [50, 95])
    print(f"stored claims: {len(stored):,} ({len(real):,} real e5 vectors, the rest jittered copies)")
    print(f"index build: {build:.1f} s; kNN k=1 latency p50 {p50:.3f} ms, p95 {p95:.3f} ms over {len(queries):,} queries")
    print(f"recall@1 against exact search: {recall:.4f}")
    print(f"sentence embedding: {embed_rate:.0f} sentences/s; claims matched end to end: {matched_rate:.0f} claims/s")
    exact_p95 = float(np.percentile(np.asarray(exact_latencies) * 1000, 95))
    print(f"brute-force exact search p95 {exact_p95:.3f} ms")
    record(f"claim kNN p95 over {len(stored):,} claims (usearch HNSW)", float(p95), "ms", higher_is_better=False,
           reference="exact numpy scan", reference_value=exact_p95, note=f"recall@1 {recall:.3f}")
    record("claims matched end to end (embedding + kNN)", matched_rate, "claims/s")


if __name__ == "__main__":
    main()
