"""Main text and metadata of a news page (trafilatura), or the reason the page holds no article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import lxml.html
import trafilatura
import trafilatura.utils
from lxml.etree import ParserError
from trafilatura.settings import Document

from core.records import ClaimReview, Reason
from core.text import nfc
from crawlers.claimreview import claim_reviews
from crawlers.dates import parse_datetime
from crawlers.jsonld import json_ld_items, json_ld_types, names

_JOINERS = frozenset("\u200c\u200d")
_printables_and_spaces = trafilatura.utils.return_printables_and_spaces


@lru_cache(maxsize=2**14)  # as trafilatura's own: called once per character of text that is not all printable
def _keep_joiners(char: str) -> str:
    return char if char in _JOINERS else _printables_and_spaces(char)


# trafilatura drops every character that is not printable (str.isprintable), ZWNJ and ZWJ among them, though in
# Devanagari they select conjunct forms ("क्\u200dष") and NFC keeps them (core/text.py). Its filter is one function,
# looked up when called; this one keeps those two (tests/crawlers/test_article_extraction.py checks it still works).
trafilatura.utils.return_printables_and_spaces = _keep_joiners

_PUBLISHED_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate' or @name='publishdate' or @name='publish-date' or @name='date']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
    "//time[@pubdate]/@datetime",
)


@dataclass(frozen=True, slots=True)
class ExtractedFields:
    title: str
    text: str
    author: str | None
    published: datetime | None
    description: str | None
    image: str | None
    canonical: str | None  # as declared by the page (canonical link, else og:url)
    claim_reviews: tuple[ClaimReview, ...] = ()  # a fact-checker's verdicts, as its ClaimReview markup declares


@dataclass(frozen=True, slots=True)
class NoArticle:
    reason: Reason
    detail: str


def _json_ld_published(tree: lxml.html.HtmlElement) -> datetime | None:
    for item in json_ld_items(tree):
        value = item.get("datePublished")
        found = parse_datetime(value) if isinstance(value, str) else None
        if found:
            return found
    return None


def _published(tree: lxml.html.HtmlElement | None, fallback: str | None) -> datetime | None:
    if tree is not None:
        for xpath in _PUBLISHED_META:
            for value in tree.xpath(xpath):
                found = parse_datetime(str(value))
                if found:
                    return found
        found = _json_ld_published(tree)
        if found:
            return found
    return parse_datetime(fallback)


def _declared_author(tree: lxml.html.HtmlElement | None) -> str | None:
    """The byline as the page declares it. trafilatura's own author clean-up trims trailing "non-word" characters,
    which in Python's regex sense includes Devanagari vowel signs (अग्निहोत्री would become अग्निहोत्र)."""
    if tree is None:
        return None
    candidates = [str(v) for v in tree.xpath("//meta[@name='author']/@content")]
    for item in json_ld_items(tree):
        candidates += names(item.get("author"))
    candidates += [str(v) for v in tree.xpath("//meta[@property='article:author']/@content")]
    for candidate in candidates:
        name = " ".join(candidate.split())
        if name and "://" not in name:
            return nfc(name)
    return None


def _declared_canonical(tree: lxml.html.HtmlElement | None) -> str | None:
    if tree is None:
        return None
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = [str(v).strip() for v in tree.xpath(xpath) if str(v).strip()]
        if values:
            return values[0]
    return None


# A fact-checker's page may declare only its ClaimReview: it is an article all the same.
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "blogposting", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting", "claimreview"}
# Above this share of the extracted text being link labels, the "main text" is a list of links.
_MAX_LINK_SHARE = 0.5


def _declared_non_article(tree: lxml.html.HtmlElement | None) -> str | None:
    """A page that says it is not an article (og:type website, no article schema) is a listing or a stub."""
    if tree is None:
        return None
    if any(json_ld_types(item) & _ARTICLE_TYPES for item in json_ld_items(tree)):
        return None
    og_types = [str(v).strip().lower() for v in tree.xpath("//meta[@property='og:type']/@content")]
    if og_types and og_types[0] != "article":
        return f"page declares og:type {og_types[0]!r}"
    return None


def _link_share(tree: lxml.html.HtmlElement | None, text: str) -> float:
    if tree is None or not text:
        return 0.0
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    anchors.discard("")
    # trafilatura renders list items as "- label"; compare the label itself.
    lines = [" ".join(line.removeprefix("- ").split()) for line in text.splitlines() if line.strip()]
    linked = sum(len(line) for line in lines if line in anchors)
    return linked / max(1, sum(len(line) for line in lines))


def extract_article(html: str, url: str, *, min_text_chars: int) -> ExtractedFields | NoArticle:
    try:
        tree: lxml.html.HtmlElement | None = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        tree = None
    not_article = _declared_non_article(tree)
    if not_article:
        return NoArticle(Reason.NO_ARTICLE, not_article)
    # favor_precision: on a page with little real text, the fallbacks would otherwise return navigation.
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
        favor_precision=True,
        # htmldate's extensive search runs dateparser over every locale and took two thirds of crawl time; the
        # date comes from the page's metadata (below) and, failing that, from the feed or sitemap.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # bare_extraction returns a Document unless as_dict is asked for; the isinstance narrows its declared union.
    if not isinstance(document, Document) or not (document.text or "").strip():
        return NoArticle(Reason.NO_ARTICLE, "no main text found")
    text = nfc((document.text or "").strip()) or ""
    share = _link_share(tree, text)
    if share > _MAX_LINK_SHARE:
        return NoArticle(Reason.NO_ARTICLE, f"{share:.0%} of the main text is link labels (a listing page)")
    title = nfc((document.title or "").strip()) or ""
    if not title:
        return NoArticle(Reason.NO_ARTICLE, "no title")
    # The headline is metadata, not body: drop it when the extractor also kept it as the first line.
    first, _, rest = text.partition("\n")
    if first.strip() == title and rest.strip():
        text = rest.strip()
    if len(text) < min_text_chars:
        return NoArticle(Reason.TOO_SHORT, f"main text has {len(text)} characters (< {min_text_chars})")
    return ExtractedFields(
        title=title,
        text=text,
        author=_declared_author(tree) or nfc(document.author) or None,
        published=_published(tree, document.date),
        description=nfc(document.description) or None,
        image=document.image or None,
        canonical=_declared_canonical(tree),
        claim_reviews=claim_reviews(json_ld_items(tree)) if tree is not None else (),
    )
