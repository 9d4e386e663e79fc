"""Re-run extraction on the raw pages kept in the store (after an extractor upgrade or fix)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from core.text import normalise_text
from crawlers.encoding import decode_html
from crawlers.extraction import NoArticle, extract_article
from store.store import Store


def reextract(store: Store, *, min_text_chars: int, source: str | None = None,
              progress: Callable[[int], None] | None = None) -> Counter[str]:
    """Counts of `changed`, `unchanged`, `no_raw_page` and `no_longer_an_article` (kept, but reported)."""
    counts: Counter[str] = Counter()
    for article in store.articles.all(source=source):
        raw = store.articles.raw_page(article.id)
        if raw is None:
            counts["no_raw_page"] += 1
        else:
            page = decode_html(raw.html, raw.content_type)
            fields = extract_article(page.text, raw.fetched_url, min_text_chars=min_text_chars)
            if isinstance(fields, NoArticle):
                counts["no_longer_an_article"] += 1
            else:
                changed = store.articles.update_extraction(
                    article.id, title=normalise_text(fields.title), text=normalise_text(fields.text),
                    author=fields.author, published=fields.published or article.published,
                    description=normalise_text(fields.description) if fields.description else None,
                    image=fields.image, claim_reviews=fields.claim_reviews)
                counts["changed" if changed else "unchanged"] += 1
        if progress is not None:
            progress(1)
    return counts
