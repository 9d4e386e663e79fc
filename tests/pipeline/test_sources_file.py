"""The sources file: typed parsing, durations, and errors that name file, source, index and field."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.sources import SourcesConfig, SourcesError, load_sources, parse_sources

VALID = r"""
sources:
  - name: amar-ujala
    language: hi
    tags: [hindi, national]
    crawl_interval: 30m
    feeds:
      - https://www.amarujala.example/rss/breaking-news.xml
  - name: the_hindu
    language: en
    crawl_interval: 2h
    sitemaps: [https://www.thehindu.example/sitemap/news.xml]
    sections:
      - start_urls: [https://www.thehindu.example/news/national/]
        allow: ['/article\d+\.ece$']
        deny: ['/video/']
        depth: 3
  - name: daily
    crawl_interval: 1d
    feeds: [http://daily.example/feed]
  - name: seconds
    crawl_interval: 90
    feeds: [http://seconds.example/feed]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> SourcesConfig:
    return load_sources(write(tmp_path, VALID))


def test_valid_file_parses_with_durations(config: SourcesConfig) -> None:
    intervals = {s.name: s.crawl_interval for s in config.sources}
    assert intervals == {
        "amar-ujala": timedelta(minutes=30),
        "the_hindu": timedelta(hours=2),
        "daily": timedelta(days=1),
        "seconds": timedelta(seconds=90),
    }
    hindu = config.get("the_hindu")
    assert hindu.language == "en"
    assert hindu.sections[0].depth == 3
    assert config.get("amar-ujala").tags == ("hindi", "national")


def test_default_interval_is_one_hour(tmp_path: Path) -> None:
    parsed = load_sources(write(tmp_path, "sources:\n  - name: x\n    feeds: [https://x.example/f]\n"))
    assert parsed.sources[0].crawl_interval == timedelta(hours=1)


def test_entry_urls_cover_feeds_sitemaps_and_sections(config: SourcesConfig) -> None:
    assert config.get("the_hindu").entry_urls() == (
        "https://www.thehindu.example/sitemap/news.xml",
        "https://www.thehindu.example/news/national/",
    )


def test_section_article_paths_honour_allow_and_deny(config: SourcesConfig) -> None:
    section = config.get("the_hindu").sections[0]
    assert section.is_article_path("/news/national/article67891234.ece")
    assert not section.is_article_path("/news/national/")
    assert not section.is_article_path("/video/article67891234.ece")


def test_select_returns_named_sources_in_order_or_all(config: SourcesConfig) -> None:
    assert [s.name for s in config.select(["daily", "amar-ujala"])] == ["daily", "amar-ujala"]
    assert config.select(None) == config.sources
    assert config.select([]) == config.sources


def test_select_unknown_name_lists_known_sources(config: SourcesConfig) -> None:
    with pytest.raises(SourcesError) as caught:
        config.select(["dainik"])
    assert "dainik" in str(caught.value)
    assert "amar-ujala" in str(caught.value)


def test_sources_are_immutable(config: SourcesConfig) -> None:
    with pytest.raises(ValidationError):
        config.sources[0].name = "changed"  # type: ignore[misc]


ONE_GOOD = "  - name: good\n    feeds: [https://good.example/feed]\n"


@pytest.mark.parametrize(
    ("second_entry", "expected"),
    [
        pytest.param(
            "  - name: bad-scheme\n    feeds: [ftp://bad.example/feed]\n",
            ["source 'bad-scheme' (#2)", "feeds.0", "ftp://bad.example/feed"],
            id="bad-url-scheme",
        ),
        pytest.param(
            "  - name: bad-regex\n    sections:\n      - start_urls: [https://x.example/]\n"
            "        allow: ['(unclosed']\n",
            ["source 'bad-regex' (#2)", "sections.0.allow", "(unclosed"],
            id="bad-regex",
        ),
        pytest.param(
            "  - name: no-entry\n    language: hi\n",
            ["source 'no-entry' (#2)", "at least one of feeds, sitemaps or sections"],
            id="no-entry-points",
        ),
        pytest.param(
            "  - name: bad-interval\n    crawl_interval: 1.5h\n    feeds: [https://x.example/f]\n",
            ["source 'bad-interval' (#2)", "crawl_interval", "30m"],
            id="bad-duration",
        ),
        pytest.param(
            "  - name: typo\n    feed: [https://x.example/f]\n",
            ["source 'typo' (#2)", "feed"],
            id="unknown-field",
        ),
        pytest.param(
            "  - name: bad-lang\n    language: fr\n    feeds: [https://x.example/f]\n",
            ["source 'bad-lang' (#2)", "language"],
            id="unsupported-language",
        ),
        pytest.param(
            "  - name: Bad Name\n    feeds: [https://x.example/f]\n",
            ["source 'Bad Name' (#2)", "name"],
            id="bad-name",
        ),
    ],
)
def test_errors_name_file_source_index_and_field(tmp_path: Path, second_entry: str, expected: list[str]) -> None:
    path = write(tmp_path, "sources:\n" + ONE_GOOD + second_entry)
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n" + ONE_GOOD + ONE_GOOD.replace("good.example", "other.example"))
    with pytest.raises(SourcesError, match="duplicate source name 'good'") as caught:
        load_sources(path)
    assert str(path) in str(caught.value)


def test_yaml_syntax_error_names_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - name: a\n   feeds: [x\n")
    with pytest.raises(SourcesError, match="not valid YAML") as caught:
        load_sources(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="sources file not found") as caught:
        load_sources(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(caught.value)


def test_empty_file_and_empty_list_are_errors(tmp_path: Path) -> None:
    with pytest.raises(SourcesError):
        load_sources(write(tmp_path, ""))
    with pytest.raises(SourcesError, match="sources"):
        load_sources(write(tmp_path, "sources: []\n"))


def test_parse_sources_accepts_plain_data() -> None:
    parsed = parse_sources({"sources": [{"name": "x", "sitemaps": ["https://x.example/news.xml"]}]})
    assert parsed.get("x").sitemaps == ("https://x.example/news.xml",)
