"""Which trouble pages each demo outlet serves, and where a crawl meets them.

Real news sites are messy; each outlet carries a few deliberately broken or misleading URLs
(listed in its feeds, sitemaps or section pages) so that crawler robustness is tested against
a live server rather than mocks. The expected outcome of each lives in ``expectations.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from demosites.corpus import DemoArticle, Outlet
from demosites.profiles import article_path
from demosites.schema import Language

IST = timezone(timedelta(hours=5, minutes=30))


class TroubleKind(StrEnum):
    NO_ARTICLE = "no_article"  # photo-gallery stub at an article-looking URL
    PAGE_MOVED = "page_moved"  # soft "this page has moved" notice with status 200
    BROKEN_MARKUP = "broken_markup"  # a real article inside unclosed/stray tags
    CHARSET_HEADER = "charset_header"  # UTF-8 bytes, HTTP header says iso-8859-1
    CHARSET_META = "charset_meta"  # windows-1252 bytes, <meta charset="utf-8">
    HTTP_404 = "http_404"
    HTTP_500 = "http_500"
    SLOW = "slow"  # answers only after DemoServer.slow_seconds
    OVERSIZED = "oversized"  # multi-megabyte live blog
    PDF = "pdf"  # application/pdf linked from the feed
    ROBOTS_PRIVATE = "robots_private"  # article-like page under Disallow: /private/
    BROKEN_FEED = "broken_feed"  # malformed RSS that feedparser can partly recover


ARTICLE_BACKED = frozenset({TroubleKind.BROKEN_MARKUP, TroubleKind.CHARSET_HEADER, TroubleKind.CHARSET_META})


class Listing(StrEnum):
    """Places a trouble URL is linked from, so a crawl is sure to meet it."""

    RSS = "rss"
    ATOM = "atom"
    SITEMAP_NEWS = "sitemap-news"
    SECTION = "section"  # the outlet's first section page


PLANS: dict[str, tuple[TroubleKind, ...]] = {
    "bharat-samachar": (
        TroubleKind.CHARSET_HEADER,
        TroubleKind.NO_ARTICLE,
        TroubleKind.HTTP_404,
        TroubleKind.OVERSIZED,
        TroubleKind.ROBOTS_PRIVATE,
    ),
    "jan-awaaz": (
        TroubleKind.BROKEN_MARKUP,
        TroubleKind.BROKEN_FEED,
        TroubleKind.HTTP_500,
        TroubleKind.PDF,
        TroubleKind.PAGE_MOVED,
        TroubleKind.ROBOTS_PRIVATE,
    ),
    "capital-chronicle": (
        TroubleKind.CHARSET_META,
        TroubleKind.SLOW,
        TroubleKind.HTTP_404,
        TroubleKind.NO_ARTICLE,
        TroubleKind.ROBOTS_PRIVATE,
    ),
    "indus-courier": (
        TroubleKind.BROKEN_MARKUP,
        TroubleKind.HTTP_500,
        TroubleKind.PDF,
        TroubleKind.PAGE_MOVED,
        TroubleKind.ROBOTS_PRIVATE,
    ),
}
DEFAULT_PLAN = (TroubleKind.NO_ARTICLE, TroubleKind.HTTP_404, TroubleKind.ROBOTS_PRIVATE)

_LISTINGS: dict[TroubleKind, frozenset[Listing]] = {
    TroubleKind.NO_ARTICLE: frozenset({Listing.RSS, Listing.ATOM, Listing.SITEMAP_NEWS, Listing.SECTION}),
    TroubleKind.PAGE_MOVED: frozenset({Listing.RSS, Listing.SITEMAP_NEWS, Listing.SECTION}),
    TroubleKind.HTTP_404: frozenset({Listing.RSS, Listing.ATOM}),
    TroubleKind.HTTP_500: frozenset({Listing.RSS}),
    TroubleKind.SLOW: frozenset({Listing.RSS}),
    TroubleKind.OVERSIZED: frozenset({Listing.RSS, Listing.SECTION}),
    TroubleKind.PDF: frozenset({Listing.RSS, Listing.ATOM}),
    TroubleKind.ROBOTS_PRIVATE: frozenset({Listing.RSS}),
}

# (slug, headline) of the URL-only trouble pages, per language.
_STUBS: dict[TroubleKind, dict[Language, tuple[str, str]]] = {
    TroubleKind.NO_ARTICLE: {
        "hi": ("tasveeron-mein-chunav-prachar", "तस्वीरों में: चुनाव प्रचार के रंग"),
        "en": ("in-pictures-campaign-trail", "In pictures: colours of the campaign trail"),
    },
    TroubleKind.PAGE_MOVED: {
        "hi": ("matdata-suchi-naya-pata", "मतदाता सूची में नाम कैसे जाँचें"),
        "en": ("voter-list-check-moved", "How to check your name on the voter list"),
    },
    TroubleKind.HTTP_404: {
        "hi": ("hatayi-gayi-khabar-rally-vivad", "रैली विवाद पर हटाई गई ख़बर"),
        "en": ("withdrawn-story-rally-clash", "Withdrawn: rally clash report"),
    },
    TroubleKind.HTTP_500: {
        "hi": ("live-matganana-updates", "लाइव: मतगणना के ताज़ा रुझान"),
        "en": ("live-counting-updates", "Live: counting trends as they come in"),
    },
    TroubleKind.SLOW: {
        "hi": ("exit-poll-vishleshan", "एग्ज़िट पोल का विश्लेषण"),
        "en": ("exit-poll-analysis", "Exit poll analysis: what the numbers say"),
    },
    TroubleKind.OVERSIZED: {
        "hi": ("live-blog-pehla-charan-matdan", "लाइव ब्लॉग: पहले चरण का मतदान"),
        "en": ("live-blog-phase-one-polling", "Live blog: phase one polling"),
    },
    TroubleKind.PDF: {
        "hi": ("ghoshna-patra-2026", "घोषणापत्र 2026 (पीडीएफ़)"),
        "en": ("manifesto-2026", "Manifesto 2026 (PDF)"),
    },
    TroubleKind.ROBOTS_PRIVATE: {
        "hi": ("embargo-ummidvar-suchi", "एम्बार्गो: उम्मीदवारों की सूची"),
        "en": ("embargoed-candidate-list", "Embargoed: candidate list"),
    },
}

BROKEN_FEED_PATH = "/feeds/broken.xml"
# windows-1252 has these but ASCII does not: curly quotes, dashes, accented Latin letters.
_CP1252_SHOWCASE = frozenset("‘’“”–—…éèàçñöü£€")


@dataclass(frozen=True)
class TroublePage:
    kind: TroubleKind
    path: str
    title: str
    published: datetime
    listed_in: frozenset[Listing]
    article: DemoArticle | None = None  # the real corpus article an article-backed page serves


def plan_for(outlet_name: str) -> tuple[TroubleKind, ...]:
    return PLANS.get(outlet_name, DEFAULT_PLAN)


def _cp1252_score(article: DemoArticle) -> int:
    text = article.title + article.text
    return sum(ch in _CP1252_SHOWCASE for ch in text)


def _pick_article(kind: TroubleKind, candidates: list[DemoArticle]) -> DemoArticle | None:
    if not candidates:
        return None
    if kind is TroubleKind.CHARSET_META:
        # The page only proves the point if its story text has bytes that differ between
        # windows-1252 and UTF-8, so prefer the story richest in such characters.
        return max(candidates, key=lambda a: (_cp1252_score(a), -candidates.index(a)))
    return candidates[0]


def _stub_path(outlet: Outlet, kind: TroubleKind, slug: str, published: datetime) -> str:
    if kind is TroubleKind.PDF:
        return f"/uploads/{published:%Y}/{published:%m}/{slug}.pdf"
    path = article_path(outlet.name, outlet.sections[0].slug, slug, published)
    if kind is TroubleKind.ROBOTS_PRIVATE:
        return "/private" + path
    return path


def trouble_pages(outlet: Outlet, articles: Sequence[DemoArticle]) -> tuple[TroublePage, ...]:
    """The outlet's trouble pages; ``articles`` are its corpus articles (never added ones)."""
    candidates = sorted((a for a in articles if not a.is_copy), key=lambda a: (a.published, a.slug))
    pages: list[TroublePage] = []
    for index, kind in enumerate(plan_for(outlet.name)):
        if kind in ARTICLE_BACKED:
            article = _pick_article(kind, candidates)
            if article is None:
                continue
            candidates.remove(article)
            pages.append(TroublePage(kind, article.path, article.title, article.published, frozenset(), article))
        elif kind is TroubleKind.BROKEN_FEED:
            pages.append(
                TroublePage(kind, BROKEN_FEED_PATH, outlet.title, datetime(2026, 11, 28, 8, tzinfo=IST), frozenset())
            )
        else:
            slug, title = _STUBS[kind][outlet.language]
            published = datetime(2026, 11, 27, 20, tzinfo=IST) - timedelta(hours=3 * index)
            pages.append(
                TroublePage(kind, _stub_path(outlet, kind, slug, published), title, published, _LISTINGS[kind])
            )
    return tuple(pages)
