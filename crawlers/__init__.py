"""Scrapy crawlers: feed, sitemap and site spiders that fetch news pages and extract typed articles."""
