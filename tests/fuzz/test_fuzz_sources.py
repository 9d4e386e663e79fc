"""The sources file under generated input: `parse_sources` (any YAML-shaped data) and `load_sources` (any bytes in the
file) raise only SourcesError, whose message names the file; what they accept is a usable sources configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from core.sources import SourcesConfig, SourcesError, load_sources, parse_sources
from tests.fuzz.strategies import mixed_text, mutated

PATH = Path("fuzz-sources.yaml")
# Scalars as YAML reads them, and the ones that break a loader: dates that do not exist, numbers beyond a float or
# a timedelta, regular expressions that do not compile or compile to nothing sensible.
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), mixed_text(3), st.just(10**30),
    st.sampled_from(["30m", "2h", "1d", "99999999999999d", "-5m", "1.5h", "https://samachar.example/rss", "ftp://x",
                     "/desh/.*", "(", "a{4294967296}", "(?P<x>", "*", "samachar", "jan-awaaz", "hi", "en"]),
)
_FIELDS = ("name", "language", "tags", "crawl_interval", "feeds", "sitemaps", "sections", "fact_checker", "fetch",
           "start_urls", "allow", "deny", "follow", "depth", "hosts", "private_addresses", "offsite_entries", "x")
_DATA = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(_FIELDS), _SCALARS), inner, max_size=5)),
    max_leaves=20)


@st.composite
def source_like(draw: st.DrawFn) -> dict[str, Any]:
    """A source entry whose fields are mostly right, with any of them replaced by arbitrary data."""
    source: dict[str, Any] = {
        "name": draw(st.sampled_from(["samachar", "jan-awaaz", "daily_example"])),
        "language": draw(st.sampled_from(["hi", "en", None])),
        "crawl_interval": draw(st.sampled_from(["30m", "2h", 3600, "1d"])),
        "feeds": ["https://samachar.example/rss"],
        "sections": [{"start_urls": ["https://samachar.example/desh/"], "allow": [r"/desh/\d+"], "depth": 2}],
    }
    if draw(st.booleans()):
        source["sections"][0][draw(st.sampled_from(_FIELDS))] = draw(_DATA)
    for key in draw(st.lists(st.sampled_from(_FIELDS), max_size=3)):
        source[key] = draw(_DATA)
    return source


sources_data = st.one_of(_DATA, st.lists(source_like(), min_size=1, max_size=3).map(lambda s: {"sources": s}))


def assert_usable(config: SourcesConfig) -> None:
    names = [source.name for source in config.sources]
    assert names and len(names) == len(set(names))
    for source in config.sources:
        assert source.entry_urls() and all(re.match(r"(?i)https?://", url) for url in source.entry_urls())
        assert source.crawl_interval.total_seconds() >= 0
        for section in source.sections:
            section.is_article_path("/desh/चुनाव-1")  # every pattern compiles


def parse(data: object) -> None:
    try:
        config = parse_sources(data, PATH)
    except SourcesError as exc:
        assert str(exc).startswith(str(PATH))
        return
    assert_usable(config)


@given(sources_data)
@example({"sources": [{"name": "samachar", "feeds": ["https://samachar.example/rss"], "crawl_interval": "99999999999999d"}]})
@example({"sources": [{"name": "samachar", "feeds": ["https://samachar.example/rss"], "crawl_interval": float("inf")}]})
@example({"sources": [{"name": "samachar", "sections": [{"start_urls": ["https://samachar.example/"],
                                                         "allow": ["a{4294967296}"]}]}]})
def test_parse_sources_gives_a_usable_config_or_sources_error(data: object) -> None:
    parse(data)


@pytest.fixture(scope="module")
def sources_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz-sources") / "sources.yaml"


def load(path: Path, body: bytes) -> None:
    path.write_bytes(body)
    try:
        config = load_sources(path)
    except SourcesError as exc:
        assert str(exc).startswith(str(path))
        return
    assert_usable(config)


# YAML text that PyYAML turns into something other than a YAMLError: impossible dates, explicit tags on bad values,
# nesting deeper than the recursion limit.
_YAML_TRAPS = st.sampled_from([b"sources: 2024-13-45", b"x: !!float abc", b"x: !!int 12z", b"x: !!timestamp yesterday",
                               b"x: !!binary '!!!'", b"[" * 5000, b"{a: " * 3000, b"x: !!python/object:os.system ls",
                               b"\xff\xfe", b"sources:\n  - name: \xe0\xa4"])


@given(st.one_of(st.binary(max_size=500), _YAML_TRAPS,
                 sources_data.map(lambda data: yaml.safe_dump(data, allow_unicode=True).encode())))
@example(b"sources: [{name: samachar, feeds: ['https://samachar.example/rss']}]\n\xff")  # not UTF-8
def test_load_sources_gives_a_usable_config_or_sources_error(sources_file: Path, body: bytes) -> None:
    load(sources_file, body)


@given(st.lists(source_like(), min_size=1, max_size=2), st.data())
def test_a_mutated_sources_file_gives_a_usable_config_or_sources_error(sources_file: Path, entries: list[dict[str, Any]],
                                                                       data: st.DataObject) -> None:
    text = yaml.safe_dump({"sources": entries}, allow_unicode=True).encode()
    load(sources_file, data.draw(mutated(text)))
