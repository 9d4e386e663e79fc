"""The sources file: outlets and how to reach them (feeds, news sitemaps, site sections), as typed data."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from core.yaml_text import YamlProblem, read_yaml_file

_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_MAX_INTERVAL_S = 366 * 86400
_MAX_FILE_BYTES = 256 * 2**20  # 100,000 sources take about 30 MiB


class SourcesError(ValueError):
    """The sources file is missing or invalid; the message names file, source and field."""


def _parse_interval(value: object) -> object:
    seconds: float
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value
    elif isinstance(value, str):
        match = _INTERVAL.match(value)
        if not match:
            raise ValueError("expected a duration like 30m, 2h, 1d or a number of seconds")
        seconds = int(match.group(1)) * _UNITS[match.group(2)]
    else:
        return value
    # Also keeps timedelta from overflowing (it raises OverflowError, which pydantic would not report).
    if not 0 <= seconds <= _MAX_INTERVAL_S:
        raise ValueError("a duration between 0 and 366 days")
    return timedelta(seconds=seconds)


def _check_http_url(url: str) -> str:
    if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


HttpUrl = Annotated[str, BeforeValidator(lambda v: _check_http_url(str(v)))]


class Section(BaseModel):
    """A part of a site crawled by following links: article pages are those whose URL path matches `allow`.

    Other links are read as listing pages (for more links, up to `depth`) only when they lie under a start page's
    folder and carry no query string, or match `follow` (path plus ?query): a same-site link such as
    `/admin/drop-db?confirm=yes` is not a listing, whatever the site's own GET handlers do with it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_urls: tuple[HttpUrl, ...] = Field(min_length=1)
    allow: tuple[str, ...] = Field(min_length=1)
    deny: tuple[str, ...] = ()
    follow: tuple[str, ...] = ()
    depth: int = Field(2, ge=0, le=10)

    @field_validator("allow", "deny", "follow")
    @classmethod
    def _compiles(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except (re.error, OverflowError, RecursionError) as exc:  # "a{4294967296}" overflows, deep groups recurse
                raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
        return patterns

    def is_article_path(self, path: str) -> bool:
        return any(re.search(p, path) for p in self.allow) and not any(re.search(p, path) for p in self.deny)

    def is_listing(self, path: str, query: str) -> bool:
        if any(re.search(p, f"{path}?{query}" if query else path) for p in self.follow):
            return True
        if query or any(re.search(p, path) for p in self.deny):
            return False
        return any(path == folder or path.startswith(folder.rstrip("/") + "/") for folder in self._start_folders())

    def _start_folders(self) -> tuple[str, ...]:
        folders = []
        for url in self.start_urls:
            path = urlsplit(url).path or "/"
            # A start page that is a file (`/news/india.html`) stands for its folder, where its later pages live.
            last = path.rsplit("/", 1)[-1]
            folders.append(path.rsplit("/", 1)[0] + "/" if "." in last else path)
        return tuple(folders)


def _host_name(value: str) -> str:
    host = value.strip().lower().removeprefix("*.").removeprefix(".").rstrip(".")
    if not re.fullmatch(r"[a-z0-9\[\]:._-]+", host):
        raise ValueError(f"not a host name: {value!r} (write a host or domain such as cdn.example.com, no scheme or path)")
    return host


class FetchRules(BaseModel):
    """Where a source's crawl may go (decision 55). By default: the registrable domains of its entry URLs (feeds,
    sitemaps, section start pages), on public addresses only, checked at every redirect."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # More hosts or domains the source's pages live on (a CDN, a sister domain); a domain covers its subdomains.
    hosts: tuple[Annotated[str, BeforeValidator(lambda v: _host_name(str(v)))], ...] = ()
    # Loopback, private, link-local and other non-public addresses: for intranet or test sites only.
    private_addresses: bool = False
    # Feed and sitemap entries on other hosts are this source's articles (syndication, Google News feeds).
    offsite_entries: bool = False


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    language: Literal["hi", "en"] | None = None
    tags: tuple[str, ...] = ()
    crawl_interval: Annotated[timedelta, BeforeValidator(_parse_interval)] = timedelta(hours=1)
    feeds: tuple[HttpUrl, ...] = ()
    sitemaps: tuple[HttpUrl, ...] = ()
    sections: tuple[Section, ...] = ()
    # A fact-checking outlet: its articles are read as fact-checks (sources of rated claims), never flagged, even
    # when a page lacks ClaimReview markup or a "Fact check:" headline.
    fact_checker: bool = False
    fetch: FetchRules = FetchRules()

    @model_validator(mode="after")
    def _has_entry_point(self) -> Source:
        if not (self.feeds or self.sitemaps or self.sections):
            raise ValueError("a source needs at least one of feeds, sitemaps or sections")
        return self

    def entry_urls(self) -> tuple[str, ...]:
        return self.feeds + self.sitemaps + tuple(u for s in self.sections for u in s.start_urls)


class SourcesConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Source, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesConfig:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"duplicate source name {source.name!r}")
            seen.add(source.name)
        return self

    def get(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise SourcesError(f"no source named {name!r} (known: {', '.join(s.name for s in self.sources)})")

    def select(self, names: tuple[str, ...] | list[str] | None) -> tuple[Source, ...]:
        return tuple(self.get(n) for n in names) if names else self.sources


def _describe(path: Path, data: object, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into 'source NAME (#i): field.path'."""
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        index = loc[1]
        name = "?"
        if isinstance(data, dict) and isinstance(data.get("sources"), list) and index < len(data["sources"]):
            entry = data["sources"][index]
            if isinstance(entry, dict):
                name = str(entry.get("name", "?"))
        field = ".".join(str(p) for p in loc[2:]) or "(source)"
        return f"source {name!r} (#{index + 1}): {field}"
    return ".".join(str(p) for p in loc) or "(file)"


def parse_sources(data: object, path: Path = Path("<sources>")) -> SourcesConfig:
    try:
        return SourcesConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        raise SourcesError(f"{path}: {_describe(path, data, tuple(first['loc']))}: {message}") from exc


def load_sources(path: Path) -> SourcesConfig:
    try:
        data = read_yaml_file(path, _MAX_FILE_BYTES)
    except FileNotFoundError as exc:
        raise SourcesError(f"{path}: sources file not found") from exc
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the sources file: {exc.strerror or exc}") from exc
    except YamlProblem as exc:
        raise SourcesError(f"{path}: {exc}") from exc
    return parse_sources(data, path)
