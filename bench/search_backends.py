"""Bulk indexing throughput and search latency of both search backends, side by side, on realistic Hindi and
English articles (composed from the demo corpus, plus the shared data sets' texts when ../shared/data exists).

    .venv/bin/python bench/search_backends.py [--docs 100000] [--queries 300]

Elasticsearch runs on a real local node started from tools/esnode (512 MB heap).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import record  # noqa: E402
from classifiers.datasets import load_examples  # noqa: E402
from demosites.corpus import load_corpus  # noqa: E402
from index.base import SearchIndex  # noqa: E402
from index.documents import IndexDocument, SearchQuery  # noqa: E402
from index.factory import open_index  # noqa: E402
from tools.esnode import esnode  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
SHARED_TEXTS = ("news/bbc_hindi_topics_train.tsv", "misinfo/constraint_hindi_train.csv",
                "misinfo/constraint_english_train.csv", "misinfo/liar_train.tsv")
SOURCES = ("bharat-samachar", "jan-awaaz", "capital-chronicle", "indus-courier", "lok-patrika", "deccan-wire")
QUERIES = {
    "hi": ["चुनाव", "मतदान", "ईवीएम", "चुनाव आयोग", "\"आचार संहिता\"", "किसान", "बाढ़ राहत", "मुख्यमंत्री", "वायरल"],
    "en": ["election", "evm", "\"election commission\"", "turnout", "farmers", "flood relief", "viral video", "manifesto"],
}


def paragraphs_by_language() -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"hi": [], "en": []}
    for article in load_corpus().articles:
        pools[article.language].extend(article.paragraphs)
    if SHARED.is_dir():
        for relative in SHARED_TEXTS:
            for example in load_examples(SHARED / relative):
                if example.language in pools and len(example.text) > 40:
                    pools[example.language].append(example.text)
    return pools


def hostility_labels(rng: random.Random) -> tuple[str, ...]:
    """About a third hostile (the demo's transformer marks 46% of Hindi and 24% of English articles), with a
    kind on most of those."""
    if rng.random() >= 0.35:
        return ()
    return ("hostile", *(label for label in ("hate", "offensive", "defamation") if rng.random() < 0.4))


def documents(count: int, seed: int = 11) -> Iterator[IndexDocument]:
    rng = random.Random(seed)
    labels_rng = random.Random(seed + 1)  # its own stream, so the articles stay those of earlier runs
    pools = paragraphs_by_language()
    start = datetime(2026, 6, 1, tzinfo=UTC)
    for n in range(count):
        language = "hi" if n % 2 else "en"
        body = rng.sample(pools[language], 5)
        score = rng.random()
        published = start + timedelta(minutes=rng.randrange(0, 180 * 24 * 60))
        yield IndexDocument(
            id=f"doc-{n}", url=f"https://example.invalid/{n}", title=body[0][:120], text="\n".join(body[1:]),
            language=language, source=rng.choice(SOURCES), fetched=published, published=published,
            misinfo_score=score, flagged=score > 0.7, sentiment=rng.choice(("negative", "neutral", "positive")),
            sentiment_score=rng.random(), tags=("bench",), hostility=hostility_labels(labels_rng))


def typical_queries(count: int, seed: int = 5) -> list[SearchQuery]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        language = rng.choice(("hi", "en"))
        text = rng.choice(QUERIES[language])
        kind = rng.random()
        if kind < 0.3:
            out.append(SearchQuery(text=text))
        elif kind < 0.6:
            out.append(SearchQuery(text=text, languages=(language,), flagged=True, sort="score"))
        elif kind < 0.8:
            since = date(2026, 6, 1) + timedelta(days=rng.randrange(0, 150))
            out.append(SearchQuery(text=text, published_from=since, published_to=since + timedelta(days=14)))
        else:
            out.append(SearchQuery(sources=(rng.choice(SOURCES),), sort="newest"))
    return out


def measure(index: SearchIndex, docs: list[IndexDocument], queries: list[SearchQuery]) -> tuple[float, float, float]:
    started = time.perf_counter()
    # Batches of 10,000 as a bulk load sends them; each upsert returns once its documents are searchable.
    for i in range(0, len(docs), 10_000):
        index.upsert(docs[i : i + 10_000])
    rate = len(docs) / (time.perf_counter() - started)
    for query in queries[:20]:  # warm caches as a running service would have them
        index.search(query)
    latencies = []
    for query in queries:
        began = time.perf_counter()
        index.search(query)
        latencies.append((time.perf_counter() - began) * 1000)
    quantiles = statistics.quantiles(latencies, n=100)
    return rate, quantiles[49], quantiles[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    docs = list(documents(args.docs))
    queries = typical_queries(args.queries)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_index("sqlite", path=Path(tmp) / "index.sqlite") as sqlite_index:
            results["sqlite fts5"] = measure(sqlite_index, docs, queries)
        node = esnode.start(Path(tmp) / "esnode", heap="1g")
        try:
            with open_index("elasticsearch", url=node.url, index_prefix="bench") as es_index:
                results["elasticsearch"] = measure(es_index, docs, queries)
        finally:
            esnode.stop(node)
    print(f"{len(docs):,} articles (Hindi and English), {len(queries)} typical monitoring queries (with filters, "
          f"facets and highlights):")
    print(f"  {'backend':<15} {'bulk docs/s':>12} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (rate, p50, p95) in results.items():
        print(f"  {name:<15} {rate:12,.0f} {p50:8.1f} {p95:8.1f}")
        record(f"index bulk writes: {name}", rate, "docs/s", note=f"{len(docs):,} articles")
        record(f"search p50: {name}", p50, "ms", higher_is_better=False, note=f"{len(docs):,} articles, filters and facets")
        record(f"search p95: {name}", p95, "ms", higher_is_better=False, note=f"{len(docs):,} articles, filters and facets")


if __name__ == "__main__":
    main()
