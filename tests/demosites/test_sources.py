"""The sources configuration handed to the crawler points at the live sites."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from demosites.server import DemoServer


def test_sources_config_shape_and_live_urls(fixture_demo: DemoServer, get) -> None:
    config = fixture_demo.sources_config()
    sources = config["sources"]
    assert [s["name"] for s in sources] == list(fixture_demo.outlets)
    for source in sources:
        name = str(source["name"])
        base = fixture_demo.base_url(name)
        assert source["language"] == fixture_demo.corpus.outlet(name).language
        assert source["tags"] and source["crawl_interval"] in ("15m", "30m")
        assert set(source) == {"name", "language", "tags", "crawl_interval", "feeds", "sitemaps", "sections", "fetch"}
        assert source["fetch"] == {"private_addresses": True}  # served on loopback, which a source must allow
        for url in [*source["feeds"], *source["sitemaps"]]:  # type: ignore[misc]
            assert url.startswith(base + "/") and get(url).status == 200
        sections = source["sections"]
        assert len(sections) == len(fixture_demo.corpus.outlet(name).sections)  # type: ignore[arg-type]
        for section in sections:  # type: ignore[attr-defined]
            assert section["depth"] == 2
            for url in section["start_urls"]:
                assert get(url).status == 200


def test_allow_patterns_match_article_paths_only(fixture_demo: DemoServer) -> None:
    for source in fixture_demo.sources_config()["sources"]:
        name = str(source["name"])
        outlet = fixture_demo.corpus.outlet(name)
        entries = source["sections"]
        assert isinstance(entries, list)
        patterns = {s.slug: re.compile(e["allow"][0]) for s, e in zip(outlet.sections, entries, strict=True)}
        for article in fixture_demo.corpus.articles_of(name):
            assert patterns[article.section].search(article.path), article.path
        for section in outlet.sections:
            assert not any(p.search(section.path) for p in patterns.values())
        assert not any(p.search("/rss.xml") or p.search("/") for p in patterns.values())


def test_write_sources_round_trips(fixture_demo: DemoServer, tmp_path: Path) -> None:
    path = fixture_demo.write_sources(tmp_path / "conf" / "sources.yaml")
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == fixture_demo.sources_config()
