"""Render the HTML pages of one outlet's site from the templates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from demosites.chrome import SiteChrome
from demosites.comments import comments_for
from demosites.corpus import DemoArticle
from demosites.templating import environment
from demosites.views import Link, ListItem, SectionView


class PageRenderer:
    def __init__(self, chrome: SiteChrome) -> None:
        self.chrome = chrome
        self.env = environment()

    def _common(self, base_url: str, exclude: str | None = None) -> dict[str, Any]:
        return {
            "site": self.chrome.site_view(base_url),
            "labels": self.chrome.labels,
            "sidebar": self.chrome.sidebar(base_url, exclude),
        }

    def _render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)

    def jsonld(self, article: DemoArticle, modified: datetime, canonical: str, base_url: str) -> dict[str, Any]:
        og_image = self.chrome.site_view(base_url).og_image
        author: dict[str, str] = (
            {"@type": "Person", "name": article.author}
            if article.author
            else {"@type": "Organization", "name": self.chrome.labels.agency_desk}
        )
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.description,
            "datePublished": article.published.isoformat(),
            "dateModified": modified.isoformat(),
            "author": author,
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": self.chrome.outlet.title,
                "logo": {"@type": "ImageObject", "url": og_image},
            },
            "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
            "url": canonical,
            "image": [og_image],
            "inLanguage": article.language,
            "articleSection": self.chrome.outlet.section(article.section).title,
            "keywords": list(article.tags),
        }

    def claim_review_jsonld(self, article: DemoArticle, canonical: str, base_url: str) -> dict[str, Any] | None:
        """A fact-check's verdict as schema.org ClaimReview (what Google's fact-check results read), or None."""
        review = article.claim_review
        if review is None:
            return None
        claim: dict[str, Any] = {"@type": "Claim"}
        if review.claimant:
            claim["author"] = {"@type": "Organization", "name": review.claimant}
        if review.claim_date:
            claim["datePublished"] = review.claim_date.isoformat()
        if review.appearances:
            claim["appearance"] = [{"@type": "CreativeWork", "url": url} for url in review.appearances]
        return {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": canonical,
            "claimReviewed": review.claim,
            "datePublished": article.published.isoformat(),
            "inLanguage": article.language,
            "author": {"@type": "Organization", "name": self.chrome.outlet.title, "url": base_url + "/"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": review.rating_value,
                "bestRating": review.best_rating,
                "worstRating": review.worst_rating,
                "alternateName": review.rating,
            },
            "itemReviewed": claim,
        }

    def article(self, article: DemoArticle, modified: datetime, base_url: str) -> str:
        canonical = article.url(base_url)
        section = self.chrome.outlet.section(article.section)
        author_name = article.author or self.chrome.labels.agency_desk
        also_read = self.chrome.also_read(article)
        context = self._common(base_url, exclude=article.key) | {
            "article": article,
            "canonical": canonical,
            "section": SectionView(section.slug, section.title, base_url + section.path),
            "author_name": author_name,
            "author_url": f"{base_url}/author/{quote(author_name.lower().replace(' ', '-'))}/",
            "modified": modified,
            "updated": modified > article.published,
            "comments": comments_for(article),
            "related": tuple(Link(a.title, a.url(base_url)) for a in self.chrome.related(article)),
            "also_read": Link(also_read.title, also_read.url(base_url)) if also_read else None,
            "jsonld": self.jsonld(article, modified, canonical, base_url),
            "claim_review_jsonld": self.claim_review_jsonld(article, canonical, base_url),
        }
        return self._render(f"{self.chrome.profile.layout}/article.html", context)

    def listing(self, heading: str | None, canonical: str, items: Sequence[ListItem], base_url: str) -> str:
        """Home page (``heading=None``: newest story as the lead) or a section index page."""
        lead = items[0] if heading is None and items else None
        rest = items[1:] if lead else items
        context = self._common(base_url) | {
            "heading": heading,
            "canonical": canonical,
            "lead": lead,
            "items": tuple(rest),
        }
        return self._render(f"{self.chrome.profile.layout}/listing.html", context)

    def gallery(self, heading: str, canonical: str, base_url: str) -> str:
        return self._render("pages/gallery.html", self._common(base_url) | {"heading": heading, "canonical": canonical})

    def notice(self, heading: str, lines: Sequence[str], base_url: str, robots_meta: str = "noindex, follow") -> str:
        context = self._common(base_url) | {"heading": heading, "lines": tuple(lines), "robots_meta": robots_meta}
        return self._render("pages/notice.html", context)

    def moved(self, heading: str, text: str, base_url: str) -> str:
        """A bare CMS stub left behind at a retired URL: no site furniture at all."""
        context = {
            "site": self.chrome.site_view(base_url),
            "labels": self.chrome.labels,
            "heading": heading,
            "text": text,
        }
        return self._render("pages/moved.html", context)

    def liveblog(self, heading: str, canonical: str, entries: int, base_url: str) -> str:
        context = self._common(base_url) | {"heading": heading, "canonical": canonical, "entries": entries}
        return self._render("pages/liveblog.html", context)
