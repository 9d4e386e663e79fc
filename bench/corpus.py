"""A larger realistic corpus for benchmarks: new articles composed from the demo corpus's paragraphs."""

from __future__ import annotations

import random
from collections.abc import Iterator

from demosites.corpus import DemoArticle, load_corpus


def composed_articles(per_outlet: int, seed: int = 7) -> Iterator[tuple[str, str, list[str]]]:
    """(outlet, title, paragraphs): each article mixes paragraphs of several same-language demo articles, so
    texts are realistic Hindi or English news but not near-duplicates of one another."""
    corpus = load_corpus()
    rng = random.Random(seed)
    by_language: dict[str, list[DemoArticle]] = {}
    for outlet in corpus.outlets:
        by_language.setdefault(outlet.language, []).extend(corpus.articles_of(outlet.name))
    for outlet in corpus.outlets:
        pool = by_language[outlet.language]
        for n in range(per_outlet):
            picks = rng.sample(pool, 4)
            paragraphs = [p for article in picks for p in rng.sample(list(article.paragraphs), 2)]
            rng.shuffle(paragraphs)
            yield outlet.name, f"{picks[0].title} ({n})", paragraphs
