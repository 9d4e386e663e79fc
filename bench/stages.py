"""Per-stage throughput on realistic Hindi and English articles: feed parsing, extraction, language detection,
near-duplicate signatures, classification (all active models), index writes. Prints docs/s per stage and, beside
feed parsing, extraction and language detection, the reference tool doing the same work alone in the same run (raw
feedparser, raw trafilatura, raw langdetect).

    .venv/bin/python bench/stages.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import feedparser  # noqa: E402
import langdetect  # noqa: E402
import trafilatura  # noqa: E402

from bench.corpus import composed_articles  # noqa: E402
from bench.figures import record  # noqa: E402
from classifiers.suite import ClassifierSuite  # noqa: E402
from core.text import classification_text  # noqa: E402
from crawlers.encoding import decode_html  # noqa: E402
from crawlers.extraction import extract_article  # noqa: E402
from crawlers.feeds import parse_feed  # noqa: E402
from demosites.feeds import RSS_PATH  # noqa: E402
from demosites.server import DemoServer  # noqa: E402
from index.documents import IndexDocument  # noqa: E402
from index.sqlite.backend import SqliteFtsIndex  # noqa: E402
from pipeline.dedupe import NearDuplicateIndex  # noqa: E402
from pipeline.language import LanguageDetector  # noqa: E402


def timed(name: str, count: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    print(f"  {name:<28} {count / elapsed:10.1f} /s  ({count} in {elapsed:.2f} s)")
    return count / elapsed


def compared(stage: str, ours: tuple[str, int, Callable[[], object]], reference: tuple[str, Callable[[], object]],
             unit: str = "docs/s") -> None:
    """Time our stage and the reference tool on the same input, one after the other, and record both."""
    name, count, work = ours
    rate = timed(name, count, work)
    reference_rate = timed(f"  {reference[0]} alone", count, reference[1])
    record(f"stage: {stage}", rate, unit, reference=reference[0], reference_value=reference_rate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    per_outlet = max(1, args.docs // 4)
    import urllib.request

    pages: list[tuple[str, bytes, str]] = []
    feeds: list[bytes] = []
    with DemoServer() as demo:
        added = [demo.add_article(outlet, slug=f"bench-{i}", title=title, paragraphs=paragraphs)
                 for i, (outlet, title, paragraphs) in enumerate(composed_articles(per_outlet))]
        for article in added:
            url = demo.url(article.outlet, article.path)
            with urllib.request.urlopen(url) as response:
                pages.append((url, response.read(), response.headers.get("Content-Type", "")))
        for outlet in demo.outlets:
            with urllib.request.urlopen(demo.url(outlet, RSS_PATH)) as response:
                feeds.append(response.read())
    n = len(pages)
    print(f"per-stage throughput on {n} Hindi and English article pages (single process):")
    rounds = max(1, min(25, n // len(feeds)))  # each feed lists every article: a few hundred KiB, 0.1 s a parse
    compared("feed parsing", ("feed parsing (feeds.py)", rounds * len(feeds),
                              lambda: [parse_feed(feed) for _ in range(rounds) for feed in feeds]),
             ("feedparser", lambda: [feedparser.parse(feed) for _ in range(rounds) for feed in feeds]),
             unit=f"feeds/s ({sum(map(len, feeds)) // len(feeds) // 1024} KiB)")
    extracted = []
    compared("extraction", ("decode + extract", n, lambda: extracted.extend(
        extract_article(decode_html(body, ctype).text, url, min_text_chars=250) for url, body, ctype in pages)),
        ("trafilatura", lambda: [trafilatura.extract(body, url=url) for url, body, _ in pages]))
    texts = [f"{a.title}\n{a.text}" for a in extracted]  # type: ignore[union-attr]
    detector = LanguageDetector()
    languages: list[str] = []
    langdetect.DetectorFactory.seed = 0
    compared("language detection", ("language detection", n,
                                    lambda: languages.extend(detector.detect(t).language for t in texts)),
             ("langdetect", lambda: [langdetect.detect(t) for t in texts]))
    dedupe = NearDuplicateIndex()
    record("stage: minhash + LSH", timed("minhash + LSH", n, lambda: [dedupe.match_or_add(str(i), dedupe.signature(t))
                                                                    for i, t in enumerate(texts)]), "docs/s")
    suite = ClassifierSuite.from_registry()
    inputs = [classification_text(a.title, a.text) for a in extracted]  # type: ignore[union-attr]
    timed(f"classify ({', '.join(suite.tasks)})", n, lambda: [suite.classify(inputs[i:i + 64], languages[i:i + 64])
                                                            for i in range(0, n, 64)])
    now = datetime.now(UTC)
    docs = [IndexDocument(id=str(i), url=pages[i][0], title=a.title, text=a.text, language=languages[i],  # type: ignore[union-attr]
                          source="bench", fetched=now, published=now) for i, a in enumerate(extracted)]
    with tempfile.TemporaryDirectory() as tmp:
        index = SqliteFtsIndex(Path(tmp) / "index.sqlite")
        record("stage: index writes (sqlite fts5)",
               timed("index writes (sqlite fts5)", n, lambda: [index.upsert(docs[i:i + 500]) for i in range(0, n, 500)]),
               "docs/s")
        index.close()


if __name__ == "__main__":
    main()
