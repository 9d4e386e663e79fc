"""Scrapy settings derived from Satark's typed settings (the only place they are translated)."""

from __future__ import annotations

from typing import Any

from core.settings import SatarkSettings


def scrapy_settings(config: SatarkSettings) -> dict[str, Any]:
    crawl = config.crawl
    return {
        "SATARK_SETTINGS": config,
        "BOT_NAME": "satark",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": crawl.autothrottle_start_delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": crawl.retry_times > 0,
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "DOWNLOADER_MIDDLEWARES": {
            # Scrapy's offsite filter knows one spider's domains; ours knows each source's, and the addresses.
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "crawlers.middlewares.fetch_policy.FetchPolicyMiddleware": 50,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawlers.middlewares.backoff_retry.BackoffRetryMiddleware": 550,
        },
        # Only http(s): a feed that links to file:// or ftp:// must not make us read them.
        "DOWNLOAD_HANDLERS": {"file": None, "ftp": None, "s3": None, "data": None},
        "ITEM_PIPELINES": {
            "crawlers.pipelines.normalise.NormalisePipeline": 100,
            "crawlers.pipelines.store.StorePipeline": 500,
        },
        "COOKIES_ENABLED": False,
        # No consoles into a running crawl: the Telnet console, and Scrapy's remote-control server (an HTTP
        # endpoint on loopback that runs Python code sent to it, leaving token files behind when a crawl is killed).
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": crawl.log_level,
        # Every failed URL is reported as a counted reason in the crawl report; no need to shout per URL.
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",
        "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s",
        "HTTPCACHE_ENABLED": False,
        "REDIRECT_MAX_TIMES": 5,
        "DNS_TIMEOUT": min(30.0, crawl.download_timeout),
    }
