"""Per-stage throughput on realistic Hindi and English articles: extraction, language detection, near-duplicate
signatures, classification (all active models), index writes. Prints docs/s per stage.

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

from bench.corpus import composed_articles  # noqa: E402
from classifiers.suite import ClassifierSuite  # noqa: E402
from core.text import classification_text  # noqa: E402
from crawlers.encoding import decode_html  # noqa: E402
from crawlers.extraction import extract_article  # noqa: E402
from demosites.server import DemoServer  # noqa: E402
from index.documents import IndexDocument  # noqa: E402
from index.sqlite.backend import SqliteFtsIndex  # noqa: E402
from pipeline.dedupe import NearDuplicateIndex  # noqa: E402
from pipeline.language import LanguageDetector  # noqa: E402


def timed(name: str, count: int, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    print(f"  {name:<28} {count / elapsed:10.1f} docs/s  ({count} docs in {elapsed:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    per_outlet = max(1, args.docs // 4)
    import urllib.request

    pages: list[tuple[str, bytes, str]] = []
    with DemoServer() as demo:
        added = [demo.add_article(outlet, slug=f"bench-{i}", title=title, paragraphs=paragraphs)
                 for i, (outlet, title, paragraphs) in enumerate(composed_articles(per_outlet))]
        for article in added:
            url = demo.url(article.outlet, article.path)
            with urllib.request.urlopen(url) as response:
                pages.append((url, response.read(), response.headers.get("Content-Type", "")))
    n = len(pages)
    print(f"per-stage throughput on {n} Hindi and English article pages (single process):")
    extracted = []
    timed("decode + extract", n, lambda: extracted.extend(
        extract_article(decode_html(body, ctype).text, url, min_text_chars=250) for url, body, ctype in pages))
    texts = [f"{a.title}\n{a.text}" for a in extracted]  # type: ignore[union-attr]
    detector = LanguageDetector()
    languages: list[str] = []
    timed("language detection", n, lambda: languages.extend(detector.detect(t).language for t in texts))
    dedupe = NearDuplicateIndex()
    timed("minhash + LSH", n, lambda: [dedupe.match_or_add(str(i), dedupe.signature(t)) for i, t in enumerate(texts)])
    suite = ClassifierSuite.from_registry()
    inputs = [classification_text(a.title, a.text) for a in extracted]  # type: ignore[union-attr]
    timed(f"classify ({', '.join(suite.tasks)})", n, lambda: [suite.classify(inputs[i:i + 64], languages[i:i + 64])
                                                            for i in range(0, n, 64)])
    now = datetime.now(UTC)
    docs = [IndexDocument(id=str(i), url=pages[i][0], title=a.title, text=a.text, language=languages[i],  # type: ignore[union-attr]
                          source="bench", fetched=now, published=now) for i, a in enumerate(extracted)]
    with tempfile.TemporaryDirectory() as tmp:
        index = SqliteFtsIndex(Path(tmp) / "index.sqlite")
        timed("index writes (sqlite fts5)", n, lambda: [index.upsert(docs[i:i + 500]) for i in range(0, n, 500)])
        index.close()


if __name__ == "__main__":
    main()
