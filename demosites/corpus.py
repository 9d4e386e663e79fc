"""Load the demo outlets' content YAML files into a typed, validated corpus.

The corpus is the ground truth for the demo sites and for crawl/extraction tests, so every
string is NFC-normalised on load (Devanagari may arrive decomposed from some editors) and any
schema violation raises :class:`CorpusError` naming the file and the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import yaml
from pydantic import ValidationError

from core.records import ClaimReview
from demosites.profiles import article_path, section_path
from demosites.schema import Language, RawArticle, RawClaimReview, RawOutlet, RawOutletHeader, Sentiment
from demosites.syndication import syndicated_paragraphs

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent / "content"

_BLANK_LINE = re.compile(r"\n\s*\n")


class CorpusError(ValueError):
    """A content file violates the schema; the message names the file and the article."""


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    path: str  # URL path of the section index page on the outlet's site


@dataclass(frozen=True)
class Outlet:
    name: str
    title: str
    language: Language
    tagline: str
    sections: tuple[Section, ...]
    source_file: Path

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(f"{self.name} has no section {slug!r}")


@dataclass(frozen=True)
class DemoClaimReview:
    """A fact-check's verdict on one claim, as the article page declares it in ClaimReview markup."""

    claim: str  # in the article's language
    rating: str  # the verdict in words
    rating_value: int
    best_rating: int
    worst_rating: int
    claimant: str | None = None
    claim_date: date | None = None
    appearances: tuple[str, ...] = ()

    @classmethod
    def from_raw(cls, raw: RawClaimReview) -> DemoClaimReview:
        return cls(claim=raw.claim, rating=raw.rating, rating_value=raw.rating_value, best_rating=raw.best_rating,
                   worst_rating=raw.worst_rating, claimant=raw.claimant, claim_date=raw.claim_date,
                   appearances=tuple(raw.appearances))


@dataclass(frozen=True)
class DemoArticle:
    outlet: str
    slug: str
    path: str  # URL path on the outlet's site; the canonical URL is base URL + path
    section: str
    title: str
    author: str | None
    published: datetime
    description: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    misinformation: bool
    sentiment: Sentiment
    syndicated_from: str | None  # "outlet/slug" of the original for near-duplicate copies
    language: Language
    claim_review: DemoClaimReview | None = None  # fact-checks only

    @property
    def key(self) -> str:
        return f"{self.outlet}/{self.slug}"

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def is_copy(self) -> bool:
        return self.syndicated_from is not None

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path

    def claim_reviews(self, base_url: str, reviewer: str) -> tuple[ClaimReview, ...]:
        """The ClaimReview its page declares (none for a news article): ``reviewer`` reviews, on the article's URL."""
        review = self.claim_review
        if review is None:
            return ()
        return (ClaimReview(
            claim=review.claim,
            rating=review.rating,
            rating_value=float(review.rating_value),
            best_rating=float(review.best_rating),
            worst_rating=float(review.worst_rating),
            claimant=review.claimant,
            # The page declares a bare date; read without a time or zone it is midnight UTC.
            claim_date=datetime.combine(review.claim_date, time(), UTC) if review.claim_date else None,
            reviewer=reviewer,
            reviewed=self.published,
            url=self.url(base_url),
            appearances=review.appearances,
        ),)


@dataclass(frozen=True)
class Corpus:
    outlets: tuple[Outlet, ...]
    articles: tuple[DemoArticle, ...]

    def outlet(self, name: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.name == name:
                return outlet
        raise KeyError(f"no outlet named {name!r}")

    def articles_of(self, outlet: str) -> tuple[DemoArticle, ...]:
        return tuple(a for a in self.articles if a.outlet == outlet)

    def article(self, key: str) -> DemoArticle:
        """Look an article up by ``"outlet/slug"``."""
        for article in self.articles:
            if article.key == key:
                return article
        raise KeyError(f"no article {key!r}")

    def by_language(self, language: Language) -> tuple[DemoArticle, ...]:
        return tuple(a for a in self.articles if a.language == language)


def nfc(value: object) -> object:
    """NFC-normalise every string inside a parsed YAML document."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def split_paragraphs(body: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; line breaks inside one are just wrapping."""
    paragraphs = (" ".join(line.strip() for line in chunk.splitlines()) for chunk in _BLANK_LINE.split(body))
    return tuple(p.strip() for p in paragraphs if p.strip())


def _errors(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err["loc"]) or "(top level)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


@dataclass(frozen=True)
class _LoadedFile:
    path: Path
    outlet: Outlet
    articles: tuple[tuple[int, RawArticle], ...]


def _read_file(path: Path) -> _LoadedFile:
    try:
        document = nfc(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: not valid UTF-8 YAML: {exc}") from exc
    try:
        header = RawOutletHeader.model_validate(document)
        raw_outlet = RawOutlet.model_validate(header.outlet)
    except ValidationError as exc:
        raise CorpusError(f"{path}: outlet: {_errors(exc)}") from exc
    if path.stem != raw_outlet.name:
        raise CorpusError(f"{path}: outlet name {raw_outlet.name!r} must match the file name")
    outlet = Outlet(
        name=raw_outlet.name,
        title=raw_outlet.title,
        language=raw_outlet.language,
        tagline=raw_outlet.tagline,
        sections=tuple(Section(s.slug, s.title, section_path(raw_outlet.name, s.slug)) for s in raw_outlet.sections),
        source_file=path,
    )
    section_slugs = {s.slug for s in outlet.sections}
    seen: set[str] = set()
    articles: list[tuple[int, RawArticle]] = []
    for index, item in enumerate(header.articles):
        label = (
            f"article #{index + 1} {str(item.get('slug', '?'))!r}"
            if isinstance(item, dict)
            else f"article #{index + 1}"
        )
        try:
            raw = RawArticle.model_validate(item)
        except ValidationError as exc:
            raise CorpusError(f"{path}: {label}: {_errors(exc)}") from exc
        if raw.section not in section_slugs:
            raise CorpusError(f"{path}: {label}: section {raw.section!r} is not one of {sorted(section_slugs)}")
        if raw.slug in seen:
            raise CorpusError(f"{path}: {label}: duplicate slug")
        seen.add(raw.slug)
        articles.append((index, raw))
    return _LoadedFile(path, outlet, tuple(articles))


def _original(outlet: Outlet, raw: RawArticle) -> DemoArticle:
    assert raw.body is not None and raw.description is not None  # guaranteed by RawArticle
    return DemoArticle(
        outlet=outlet.name,
        slug=raw.slug,
        path=article_path(outlet.name, raw.section, raw.slug, raw.published),
        section=raw.section,
        title=raw.title,
        author=raw.author,
        published=raw.published,
        description=raw.description,
        tags=tuple(raw.tags),
        paragraphs=split_paragraphs(raw.body),
        misinformation=raw.misinformation,
        sentiment=raw.sentiment,
        syndicated_from=None,
        language=outlet.language,
        claim_review=DemoClaimReview.from_raw(raw.claim_review) if raw.claim_review else None,
    )


def _copy(outlet: Outlet, raw: RawArticle, original: DemoArticle) -> DemoArticle:
    assert raw.intro is not None  # guaranteed by RawArticle
    return DemoArticle(
        outlet=outlet.name,
        slug=raw.slug,
        path=article_path(outlet.name, raw.section, raw.slug, raw.published),
        section=raw.section,
        title=raw.title,
        author=raw.author,
        published=raw.published,
        description=raw.description or original.description,
        tags=tuple(raw.tags),
        paragraphs=syndicated_paragraphs(raw.intro, original.paragraphs, outlet.language),
        misinformation=raw.misinformation,
        sentiment=raw.sentiment,
        syndicated_from=original.key,
        language=outlet.language,
        claim_review=DemoClaimReview.from_raw(raw.claim_review) if raw.claim_review else None,
    )


def content_files(content_dir: Path) -> list[Path]:
    """Outlet files; names starting with '_' or '.' are drafts/samples and are skipped."""
    return sorted(p for p in content_dir.glob("*.yaml") if not p.name.startswith(("_", ".")))


def build_corpus(files: Iterable[_LoadedFile]) -> Corpus:
    loaded = list(files)
    names = [f.outlet.name for f in loaded]
    if len(set(names)) != len(names):
        raise CorpusError(f"duplicate outlet names: {names}")
    originals: dict[str, DemoArticle] = {}
    for f in loaded:
        for _, raw in f.articles:
            if not raw.is_copy:
                article = _original(f.outlet, raw)
                originals[article.key] = article
    articles: list[DemoArticle] = []
    for f in loaded:
        for index, raw in f.articles:
            if raw.syndicated_from is None:
                articles.append(originals[f"{f.outlet.name}/{raw.slug}"])
                continue
            original = originals.get(raw.syndicated_from)
            if original is None:
                raise CorpusError(
                    f"{f.path}: article #{index + 1} {raw.slug!r}: syndicated_from {raw.syndicated_from!r} "
                    "is not an original article of any outlet"
                )
            articles.append(_copy(f.outlet, raw, original))
    return Corpus(outlets=tuple(f.outlet for f in loaded), articles=tuple(articles))


def load_corpus(content_dir: Path | str | None = None) -> Corpus:
    """Load every outlet file in ``content_dir`` (default: ``demosites/content``)."""
    directory = Path(content_dir) if content_dir is not None else DEFAULT_CONTENT_DIR
    files = content_files(directory)
    if not files:
        raise CorpusError(f"{directory}: no outlet content files (*.yaml)")
    return build_corpus(_read_file(p) for p in files)
