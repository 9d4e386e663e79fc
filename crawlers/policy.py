"""The fetch policy: which hosts and addresses a source's crawl may fetch (decision 55).

A source fetches its own registrable domains (those of its feeds, sitemaps and section start pages, plus the hosts
its `fetch.hosts` lists) and never a non-public address (loopback, private, link-local, reserved) unless its
`fetch.private_addresses` says so. Feed and sitemap entries on other hosts are fetched only where the source allows
off-site entries. Checked for every request the crawl makes, redirects and meta refreshes included."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract
from scrapy.exceptions import IgnoreRequest

from core.records import Reason
from core.sources import Source

# The public suffix list bundled with tldextract: never fetched (no network but the sites we crawl). Private suffixes
# count, so foo.blogspot.com and bar.blogspot.com are different sites.
_suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


class FetchRefused(IgnoreRequest):
    """A request the policy refuses; `reason` is the counted reason it is settled with."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """`www.bbc.co.uk` -> `bbc.co.uk`; an IP address, `localhost` or a bare name stands for itself."""
    host = host.lower().strip("[]").rstrip(".")
    return _suffixes(host).top_domain_under_public_suffix or host


def non_public(address: str) -> bool:
    """Loopback, private, link-local, shared, reserved, multicast or unspecified (IPv4-mapped IPv6 included)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone index (fe80::1%eth0) is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast  # 224.0.0.0/4 counts as global


def ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def resolve_addresses(host: str) -> tuple[str, ...]:
    """The addresses `host` resolves to (an IP literal stands for itself); none when the lookup fails, which the
    fetch itself then reports as a network error."""
    if (literal := ip_literal(host)) is not None:
        return (literal,)
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return ()
    return tuple(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    source: str
    domains: frozenset[str]  # registrable domains of the entry URLs
    hosts: tuple[str, ...]  # listed hosts; each covers its subdomains
    private_addresses: bool
    offsite_entries: bool

    @classmethod
    def of(cls, source: Source) -> SourcePolicy:
        domains = frozenset(registrable_domain(urlsplit(url).hostname or "") for url in source.entry_urls())
        return cls(source.name, domains, source.fetch.hosts, source.fetch.private_addresses,
                   source.fetch.offsite_entries)

    def on_site(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return (registrable_domain(host) in self.domains
                or any(host == allowed or host.endswith("." + allowed) for allowed in self.hosts))

    def check_host(self, url: str, *, entry: bool) -> None:
        """Raise FetchRefused when `url` is off this source's sites; `entry`: an article a feed or sitemap named."""
        host = urlsplit(url).hostname or ""
        if self.on_site(host) or (entry and self.offsite_entries):
            return
        allowed = ", ".join(sorted(self.domains | set(self.hosts)))
        raise FetchRefused(Reason.OFF_SITE, f"{host} is not a site of source {self.source!r} ({allowed}); list it "
                                            "under fetch.hosts, or allow fetch.offsite_entries for feed entries")

    def check_addresses(self, host: str, addresses: tuple[str, ...]) -> None:
        """Raise FetchRefused when `host` resolves to a non-public address and the source does not allow that."""
        if self.private_addresses:
            return
        for address in addresses:
            if non_public(address):
                raise FetchRefused(Reason.PRIVATE_ADDRESS,
                                   f"{host} resolves to {address}, not a public address; allow it with "
                                   f"fetch.private_addresses: true on source {self.source!r}")
