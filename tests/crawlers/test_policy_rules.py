"""The fetch policy's rules on their own: registrable domains, public addresses, listed hosts, off-site entries and
which section links are listing pages. The real crawl is tests/crawlers/test_fetch_policy.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import Reason
from core.sources import Section, Source, SourcesError, load_sources, parse_sources
from crawlers.policy import FetchRefused, SourcePolicy, non_public, registrable_domain


@pytest.mark.parametrize(("host", "domain"), [
    ("www.bbc.co.uk", "bbc.co.uk"), ("feeds.bbci.co.uk", "bbci.co.uk"), ("hindi.news18.com", "news18.com"),
    ("WWW.AmarUjala.com.", "amarujala.com"), ("foo.blogspot.com", "foo.blogspot.com"),
    ("127.0.0.1", "127.0.0.1"), ("localhost", "localhost"), ("[::1]", "::1"),
])
def test_registrable_domains(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(("address", "private"), [
    ("127.0.0.1", True), ("127.8.8.8", True), ("10.1.2.3", True), ("172.16.0.1", True), ("192.168.1.1", True),
    ("169.254.169.254", True), ("100.64.0.1", True), ("0.0.0.0", True), ("::1", True), ("fe80::1%eth0", True),
    ("::ffff:127.0.0.1", True), ("fd00::1", True), ("224.0.0.1", True),
    ("203.0.113.9", True), ("8.8.8.8", False), ("49.44.1.1", False), ("2001:4860:4860::8888", False),
])
def test_non_public_addresses(address: str, private: bool) -> None:
    assert non_public(address) is private


def _source(**fetch: object) -> Source:
    return Source(name="dainik", feeds=["https://www.dainik-samachar.co.in/rss/desh.xml"],
                  sitemaps=["https://sitemaps.dainik-static.com/news.xml"], fetch=fetch)


def test_a_source_is_at_home_on_the_registrable_domains_of_its_entry_urls() -> None:
    policy = SourcePolicy.of(_source())
    assert policy.on_site("www.dainik-samachar.co.in") and policy.on_site("m.dainik-samachar.co.in")
    assert policy.on_site("cdn.dainik-static.com")
    assert not policy.on_site("dainik-samachar.com") and not policy.on_site("co.in")
    assert not policy.on_site("dainik-samachar.co.in.attacker.net")
    with pytest.raises(FetchRefused) as refused:
        policy.check_host("https://partner.example.org/story", entry=False)
    assert refused.value.reason is Reason.OFF_SITE and "fetch.hosts" in str(refused.value)


def test_listed_hosts_cover_their_subdomains_and_entries_may_be_allowed_off_site() -> None:
    policy = SourcePolicy.of(_source(hosts=["*.images.example.net", "Partner.example.org."], offsite_entries=True))
    assert policy.on_site("a.images.example.net") and policy.on_site("partner.example.org")
    assert not policy.on_site("other.example.net")
    policy.check_host("https://news.google.example/articles/x", entry=True)  # a feed entry: allowed off-site
    with pytest.raises(FetchRefused):
        policy.check_host("https://news.google.example/articles/x", entry=False)  # a listing or child sitemap: not


def test_non_public_addresses_need_the_sources_consent() -> None:
    with pytest.raises(FetchRefused) as refused:
        SourcePolicy.of(_source()).check_addresses("dainik-samachar.co.in", ("49.44.1.1", "10.0.0.5"))
    assert refused.value.reason is Reason.PRIVATE_ADDRESS and "10.0.0.5" in str(refused.value)
    SourcePolicy.of(_source(private_addresses=True)).check_addresses("intranet", ("10.0.0.5",))


def test_a_listed_host_must_be_a_host() -> None:
    with pytest.raises(SourcesError, match="fetch.hosts.0.*not a host name"):
        parse_sources({"sources": [{"name": "x", "feeds": ["https://x.example/f"],
                                    "fetch": {"hosts": ["https://x.example/path"]}}]})


def test_section_listings_stay_in_the_start_pages_folder() -> None:
    section = Section(start_urls=["https://x.example/desh/", "https://x.example/rajya/index.html"], allow=[r"/\d+$"],
                      deny=["/desh/archive"], follow=[r"^/search\?page=\d+$"])
    assert section.is_listing("/desh/", "") and section.is_listing("/desh/page-2", "")
    assert section.is_listing("/rajya/page-2.html", "")
    assert not section.is_listing("/admin/drop-db", "confirm=yes")
    assert not section.is_listing("/desh/page-2", "delete=1")  # a query string only where `follow` allows it
    assert not section.is_listing("/deshbhakti/", "") and not section.is_listing("/desh/archive/2019", "")
    assert section.is_listing("/search", "page=3")
    everything = Section(start_urls=["https://x.example/"], allow=["/story/"])
    assert everything.is_listing("/about", "") and not everything.is_listing("/admin", "action=purge")


@pytest.mark.parametrize("content", ["sources:\n  - name: समाचार\xe9\n".encode("latin-1", "replace"),
                                     b"\x00\xff\xfe binary \x89PNG"])
def test_a_sources_file_that_is_not_utf8_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sources.yaml"
    path.write_bytes(content)
    with pytest.raises(SourcesError, match=r"not UTF-8 text \(byte 0x[0-9a-f]{2} on line \d+\)"):
        load_sources(path)


def test_a_hindi_sources_file_in_utf8_loads(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("# दैनिक समाचार\nsources:\n  - name: dainik\n    tags: [हिंदी]\n    feeds: [https://x.example/f]\n",
                    encoding="utf-8")
    assert load_sources(path).sources[0].tags == ("हिंदी",)
