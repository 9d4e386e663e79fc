"""Canonical article URLs (the article's identity) and ids derived from them."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the content.
_TRACKING = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref|ref_src|ref_url"
    r"|referrer|cmpid|ito|at_medium|at_campaign)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SURROGATE = re.compile("[\ud800-\udfff]")


class NotHttpUrl(ValueError):
    pass


def canonicalize(url: str) -> str:
    """Normalise a URL so that every link to the same article maps to one string.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters, sorts the remaining
    query, and normalises percent-encoding (so Devanagari slugs compare equal however they were escaped)."""
    if _SURROGATE.search(url):
        # A lone surrogate (a feed's "&#xd800;", JSON-LD's "\ud800") has no UTF-8 form, so no request can carry it.
        raise NotHttpUrl(f"malformed URL {url!r}: it holds a lone surrogate")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # bad IPv6 literal or port: garbage from a page, not our bug
        raise NotHttpUrl(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise NotHttpUrl(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise NotHttpUrl(f"URL without a host: {url!r}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # keep the host as written; it still identifies the site consistently
    if ":" in host:
        # An IPv6 literal keeps its brackets: without them its colons read as a port ("http://::1/" is no URL).
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path or "/"), safe="/%:@!$&'()*+,;=-._~")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)),
        quote_via=quote,
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def same_site(a: str, b: str) -> bool:
    """True if both URLs are on the same host (ignoring a leading www.)."""
    def site(u: str) -> tuple[str, int | None]:
        try:
            parts = urlsplit(u)
            return (parts.hostname or "").lower().removeprefix("www."), parts.port
        except ValueError:
            return "", None

    first = site(a)
    return bool(first[0]) and first == site(b)


def resolve_canonical(fetched_url: str, declared: str | None) -> str:
    """The article's canonical URL: the page's declared canonical link when it points at the same site, else the
    fetched URL. A cross-site canonical (syndication) is not trusted as identity: another site could claim ours."""
    base = canonicalize(fetched_url)
    if not declared:
        return base
    try:
        candidate = canonicalize(urljoin(fetched_url, declared))
    except (NotHttpUrl, ValueError):  # urljoin itself rejects some malformed links
        return base
    return candidate if same_site(candidate, base) else base


def article_id(canonical_url: str) -> str:
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:20]
