"""Every page of the real corpus renders with its metadata, body and site furniture."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import lxml.html
import pytest

from demosites.corpus import DemoArticle
from demosites.server import DemoServer
from demosites.trouble import TroubleKind

BROADSHEET = ("bharat-samachar", "capital-chronicle")
PORTAL = ("jan-awaaz", "indus-courier")


def encoding_of(demo: DemoServer, article: DemoArticle) -> str:
    page = next((p for p in demo.site(article.outlet).trouble if p.article == article), None)
    return "cp1252" if page is not None and page.kind is TroubleKind.CHARSET_META else "utf-8"


def parse(demo: DemoServer, article: DemoArticle, get) -> lxml.html.HtmlElement:
    response = get(demo.url(article.outlet, article.path))
    assert response.status == 200, article.key
    return lxml.html.fromstring(response.body.decode(encoding_of(demo, article)))


def meta(doc: lxml.html.HtmlElement, attribute: str, value: str) -> str:
    found = doc.xpath(f"//meta[@{attribute}=$v]/@content", v=value)
    assert found, f"missing meta {attribute}={value}"
    return str(found[0])


def test_every_article_page_has_title_metadata_and_every_paragraph(real_demo: DemoServer, get) -> None:
    for article in real_demo.corpus.articles:
        doc = parse(real_demo, article, get)
        canonical = article.url(real_demo.base_url(article.outlet))
        assert doc.get("lang") == article.language
        assert doc.xpath("//meta[@charset='utf-8']")
        assert article.title in doc.findtext(".//title")
        assert [h.text_content().strip() for h in doc.iter("h1")] == [article.title]
        paragraphs = {p.text_content().strip() for p in doc.iter("p")}
        missing = [p for p in article.paragraphs if p not in paragraphs]
        assert not missing, (article.key, missing[:1])
        assert doc.xpath("//link[@rel='canonical']/@href") == [canonical]
        assert meta(doc, "property", "og:title") == article.title
        assert meta(doc, "property", "og:description") == article.description
        assert meta(doc, "property", "og:url") == canonical
        assert meta(doc, "property", "og:image").startswith(real_demo.base_url(article.outlet) + "/")
        assert meta(doc, "property", "article:published_time") == article.published.isoformat()
        assert meta(doc, "name", "author") == (
            article.author or real_demo.site(article.outlet).chrome.labels.agency_desk
        )
        assert article.published.isoformat() in doc.xpath("//time/@datetime")
        scripts = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
        # Fact-checks publish their verdict as a second item, beside the article's own.
        assert [s["@type"] for s in scripts] == ["NewsArticle"] + (["ClaimReview"] if article.claim_review else [])
        data = scripts[0]
        assert data["headline"] == article.title
        assert data["mainEntityOfPage"]["@id"] == canonical
        assert data["datePublished"] == article.published.isoformat()


@pytest.mark.parametrize("outlet", BROADSHEET + PORTAL)
def test_article_pages_carry_realistic_boilerplate(real_demo: DemoServer, get, outlet: str) -> None:
    article = next(a for a in real_demo.corpus.articles_of(outlet) if not a.is_copy)
    doc = parse(real_demo, article, get)
    labels = real_demo.site(outlet).chrome.labels
    text = doc.text_content()
    for label in (
        labels.breaking,
        labels.most_read,
        labels.trending,
        labels.advertisement,
        labels.leave_reply,
        labels.newsletter_title,
        labels.cookie_accept,
        labels.privacy,
        labels.share,
    ):
        assert label in text, label
    assert len(doc.xpath("//*[contains(@class,'comment-list')]/li")) in (2, 3)
    assert doc.xpath("//form[contains(@class,'comment-form')]//textarea")
    sidebar_links = {a.text_content().strip() for a in doc.xpath("//*[contains(@class,'widget')]//a")}
    other_titles = {a.title for a in real_demo.corpus.articles_of(outlet) if a != article}
    assert len(sidebar_links & other_titles) >= 3
    assert article.title not in sidebar_links


def test_two_distinct_layouts(real_demo: DemoServer, get) -> None:
    for outlet in BROADSHEET:
        doc = parse(real_demo, real_demo.corpus.articles_of(outlet)[0], get)
        assert doc.xpath("//article//div[@class='story-body']/p") and not doc.xpath("//div[@id='primary']")
    for outlet in PORTAL:
        doc = parse(real_demo, real_demo.corpus.articles_of(outlet)[0], get)
        assert doc.xpath("//div[@id='primary']//div[@class='entry-content']/p") and not doc.xpath("//article")


@pytest.mark.parametrize("outlet", BROADSHEET + PORTAL)
def test_home_and_section_pages_are_link_lists_without_an_article(real_demo: DemoServer, get, outlet: str) -> None:
    base = real_demo.base_url(outlet)
    articles = real_demo.site(outlet).articles()
    home = lxml.html.fromstring(get(base + "/").body.decode())
    assert not home.xpath("//article") and not home.xpath("//meta[@property='og:type' and @content='article']")
    home_paths = {urlsplit(h).path for h in home.xpath("//a/@href") if h.startswith(base)}
    assert {a.path for a in articles} <= home_paths
    for section in real_demo.corpus.outlet(outlet).sections:
        response = get(base + section.path)
        assert response.status == 200
        doc = lxml.html.fromstring(response.body.decode())
        assert not doc.xpath("//article")
        assert section.title in doc.findtext(".//h1")
        linked = {urlsplit(h).path for h in doc.xpath("//a/@href") if h.startswith(base)}
        assert {a.path for a in articles if a.section == section.slug} <= linked


def claim_review_of(demo: DemoServer, key: str, get) -> dict:
    article = demo.corpus.article(key)
    scripts = [json.loads(s) for s in parse(demo, article, get).xpath("//script[@type='application/ld+json']/text()")]
    (review,) = [s for s in scripts if s["@type"] == "ClaimReview"]
    return review


def test_fact_checks_publish_their_verdict_as_claim_review(real_demo: DemoServer, get) -> None:
    fact_checks = [a for a in real_demo.corpus.articles if "fact-check" in a.tags]
    assert len(fact_checks) == 5 and all(a.claim_review for a in fact_checks)
    assert {a.language for a in fact_checks} == {"hi", "en"}

    key = "bharat-samachar/evm-afwah-fact-check"
    base = real_demo.base_url("bharat-samachar")
    assert claim_review_of(real_demo, key, get) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": real_demo.corpus.article(key).url(base),
        "claimReviewed": "ईवीएम में गुप्त ब्लूटूथ चिप लगी है, जिससे मोबाइल से वोट बदले जा रहे हैं",
        "datePublished": "2026-11-08T16:00:00+05:30",
        "inLanguage": "hi",
        "author": {"@type": "Organization", "name": "भारत समाचार", "url": base + "/"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "फ़र्ज़ी"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "सोशल मीडिया यूज़र्स"},
            "appearance": [
                {"@type": "CreativeWork", "url": "https://videos.example/watch/evm-gupt-bluetooth-chip"},
                {"@type": "CreativeWork", "url": "https://chat.example/forwards/evm-chip-delete-hone-se-pehle-share-karein"},
            ],
        },
    }

    english = claim_review_of(real_demo, "capital-chronicle/fact-check-lucknow-polling-date-whatsapp", get)
    assert english["claimReviewed"] == (
        "Polling in Lucknow and six neighbouring districts has been moved from November 19 to November 17"
    )
    assert english["reviewRating"]["alternateName"] == "False"
    assert english["author"]["name"] == "The Capital Chronicle"
    assert english["itemReviewed"]["datePublished"] == "2026-11-09"

    # Without a claimant or appearances the Claim says only what is known.
    hindi_date = claim_review_of(real_demo, "bharat-samachar/matdan-tithi-whatsapp-sandesh-fact-check", get)
    assert hindi_date["itemReviewed"] == {"@type": "Claim", "datePublished": "2026-11-19"}
    # The syndicated copy is published (and so reviewed) by the outlet that carries it.
    copy = claim_review_of(real_demo, "jan-awaaz/evm-gupt-chip-video-ki-sachchai", get)
    assert copy["author"]["name"] == "जन आवाज़" and copy["url"].startswith(real_demo.base_url("jan-awaaz") + "/")
