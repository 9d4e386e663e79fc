"""What the three spiders share: configuration from the crawler, frontier requests and article parsing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from core.records import CrawlEvent, Discovery, ExtractedArticle, FrontierEntry, LinkHint, Reason
from core.settings import SatarkSettings
from core.sources import Source
from crawlers.canonical import NotHttpUrl, article_id, canonicalize, resolve_canonical
from crawlers.extraction import NoArticle
from crawlers.extractor import Extractor
from crawlers.failures import classify_failure
from crawlers.items import Fetched
from crawlers.ports import CrawlStore

HTML_TYPES = ("text/html", "application/xhtml+xml")


class ArticleSpider(scrapy.Spider):
    """Discovers article URLs its own way (subclasses), puts them in the durable frontier, fetches and extracts them."""

    via: ClassVar[Discovery]
    config: SatarkSettings
    sources: tuple[Source, ...]
    store: CrawlStore

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = crawler.settings["SATARK_SETTINGS"]
        return spider

    def __init__(self, *, sources: tuple[Source, ...], store: CrawlStore, extractor: Extractor, run_id: int | None = None,
                 refresh_before: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.store = store
        self.extractor = extractor
        self.run_id = run_id
        # With --refresh: URLs fetched before this instant (the crawl's start) are fetched again, once.
        self.refresh_before = refresh_before
        self._by_name = {s.name: s for s in sources}
        self._requested: set[str] = set()  # frontier URLs asked for in this crawl

    # --- discovery --------------------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        # Resume: whatever an earlier (killed or interrupted) crawl discovered but did not settle comes first.
        for entry in self.store.crawl.pending(self._by_name):
            if entry.via is self.via and (request := self.article_request(entry)) is not None:
                yield request
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterable[scrapy.Request]:
        raise NotImplementedError

    def conditional_request(self, url: str, callback: Any, source: Source, **meta: Any) -> scrapy.Request:
        """A GET that carries the validators from our last fetch, so an unchanged feed costs a 304."""
        headers: dict[str, str] = {}
        validators = self.store.crawl.validators(url)
        if validators is not None and not self.config.crawl.refresh:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        return scrapy.Request(url, callback=callback, errback=self.on_discovery_error, headers=headers,
                              meta={"source": source.name, "handle_httpstatus_list": [304], **meta},
                              priority=10)

    def not_modified(self, response: Response) -> Fetched | None:
        """The event for a 304 answer to a conditional request, else None."""
        if response.status != 304:
            return None
        return Fetched(CrawlEvent(response.url, response.meta["source"], Reason.NOT_MODIFIED, "unchanged", 304))

    def remember_validators(self, response: Response) -> None:
        def header(name: str) -> str | None:
            value = response.headers.get(name)
            return value.decode("latin-1") if value else None

        self.store.crawl.save_validators(response.url, response.status, header("ETag"), header("Last-Modified"))

    def discover(self, source: Source, hints: Iterable[LinkHint]) -> Iterator[scrapy.Request]:
        """Record discovered links in the frontier (one transaction), then request those that need fetching."""
        pairs: list[tuple[str, LinkHint]] = []
        for hint in hints:
            try:
                pairs.append((canonicalize(hint.url), hint))
            except NotHttpUrl:
                self.crawler.stats.inc_value(f"satark/{Reason.UNSUPPORTED_URL}")
        for entry in self.store.crawl.discover(pairs, refresh_before=self.refresh_before):
            if (request := self.article_request(entry)) is not None:
                yield request

    def on_discovery_error(self, failure: Failure) -> Iterator[Fetched]:
        reason, status, detail = classify_failure(failure)
        request = failure.request  # type: ignore[attr-defined]
        yield Fetched(CrawlEvent(request.url, request.meta["source"], reason, detail, status))

    # --- articles ---------------------------------------------------------------------------------------------
    def article_request(self, entry: FrontierEntry) -> scrapy.Request | None:
        """The request for a frontier entry, once per crawl (None the second time). Deduplicated here, by frontier
        URL, rather than by Scrapy's filter: that filter also drops a redirect back to a URL already asked for,
        with no callback and no errback, which left a redirect loop pending for ever. Unfiltered, a loop ends at
        REDIRECT_MAX_TIMES and is settled as too_many_redirects."""
        if entry.url in self._requested:
            return None
        self._requested.add(entry.url)
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.on_article_error, dont_filter=True,
                              meta={"source": entry.source, "frontier": entry.url, "via": entry.via.value,
                                    "hint_published": entry.hint_published})

    def on_article_error(self, failure: Failure) -> Iterator[Fetched]:
        reason, status, detail = classify_failure(failure)
        request = failure.request  # type: ignore[attr-defined]
        frontier = request.meta["frontier"]
        yield Fetched(CrawlEvent(frontier, request.meta["source"], reason, detail, status), frontier)

    async def parse_article(self, response: Response) -> AsyncIterator[Fetched]:
        source = self._by_name[response.meta["source"]]
        frontier = response.meta["frontier"]
        # Events name the URL we asked for; a redirect (HTTP or meta refresh) is said in the detail.
        redirected = f" (redirected to {response.url})" if canonicalize(response.url) != frontier else ""

        def event(reason: Reason, detail: str) -> Fetched:
            return Fetched(CrawlEvent(frontier, source.name, reason, detail + redirected, response.status), frontier)

        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            yield event(Reason.NOT_HTML, f"content type {content_type or 'missing'}")
            return
        extraction = await self.extractor.extract(response.body, content_type, response.url)
        page, fields = extraction.page, extraction.result
        if page.mismatch:
            # Not a failure (the frontier entry is settled by the article below): counted so that a site that
            # mislabels its pages shows in the crawl report.
            yield Fetched(CrawlEvent(frontier, source.name, Reason.CHARSET_MISMATCH,
                                     f"declared {page.declared}, decoded as {page.encoding}", response.status))
        if isinstance(fields, NoArticle):
            yield event(fields.reason, fields.detail)
            return
        canonical = resolve_canonical(response.url, fields.canonical)
        yield Fetched(
            ExtractedArticle(
                id=article_id(canonical),
                url=canonical,
                fetched_url=response.url,
                source=source.name,
                title=fields.title,
                text=fields.text,
                fetched_at=datetime.now(UTC),
                raw_html=response.body,
                encoding=page.encoding,
                via=Discovery(response.meta["via"]),
                author=fields.author,
                published=fields.published or response.meta.get("hint_published"),
                description=fields.description,
                image=fields.image,
                language_hint=source.language,
                tags=source.tags,
                http_status=response.status,
                content_type=content_type,
                claim_reviews=fields.claim_reviews,
            ),
            frontier,
        )
