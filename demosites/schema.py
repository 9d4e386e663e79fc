"""Raw shape of a content YAML file, validated with pydantic before it becomes a typed corpus.

These models mirror the documented schema one-to-one; unknown keys are rejected so that a typo
such as ``publised:`` fails loudly instead of silently dropping a field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ABSOLUTE_URL = re.compile(r"^https?://[^\s/]+/\S*$")
ARTICLE_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$")

Language = Literal["hi", "en"]
Sentiment = Literal["negative", "neutral", "positive"]


def _check_slug(value: str) -> str:
    if not ASCII_SLUG.match(value):
        raise ValueError(f"{value!r} is not an ascii kebab-case slug")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class RawSection(_Strict):
    slug: str
    title: str = Field(min_length=1)

    _slug = field_validator("slug")(_check_slug)


class RawOutlet(_Strict):
    name: str
    title: str = Field(min_length=1)
    language: Language
    tagline: str = ""
    sections: list[RawSection] = Field(min_length=1)

    _name = field_validator("name")(_check_slug)

    @model_validator(mode="after")
    def _unique_sections(self) -> Self:
        slugs = [s.slug for s in self.sections]
        duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
        if duplicates:
            raise ValueError(f"duplicate section slugs: {duplicates}")
        return self


class RawClaimReview(_Strict):
    """A fact-check's verdict, published as schema.org ClaimReview markup on the article page."""

    claim: str = Field(min_length=1)  # the claim reviewed, in the article's language
    rating: str = Field(min_length=1)  # the verdict in words: "False", "फ़र्ज़ी"
    rating_value: int
    best_rating: int = 5
    worst_rating: int = 1
    claimant: str | None = None
    claim_date: date | None = None
    appearances: list[str] = Field(default_factory=list)  # absolute URLs where the claim was seen

    @field_validator("appearances")
    @classmethod
    def _absolute_urls(cls, urls: list[str]) -> list[str]:
        bad = [u for u in urls if not ABSOLUTE_URL.match(u)]
        if bad:
            raise ValueError(f"appearances must be absolute http(s) URLs: {bad}")
        return urls

    @model_validator(mode="after")
    def _rating_on_scale(self) -> Self:
        if not self.worst_rating <= self.rating_value <= self.best_rating:
            raise ValueError(
                f"rating_value {self.rating_value} is outside worst_rating..best_rating "
                f"({self.worst_rating}..{self.best_rating})"
            )
        return self


class RawArticle(_Strict):
    slug: str
    section: str
    title: str = Field(min_length=1)
    author: str | None = None
    published: AwareDatetime
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    misinformation: bool
    sentiment: Sentiment
    body: str | None = None
    syndicated_from: str | None = None
    intro: str | None = None
    claim_review: RawClaimReview | None = None  # only fact-checks carry one

    _slug = field_validator("slug")(_check_slug)

    @field_validator("tags")
    @classmethod
    def _ascii_tags(cls, tags: list[str]) -> list[str]:
        bad = [t for t in tags if not t.isascii() or not t.strip()]
        if bad:
            raise ValueError(f"tags must be non-empty ascii: {bad}")
        return tags

    @model_validator(mode="after")
    def _original_or_copy(self) -> Self:
        if self.syndicated_from is None:
            if not self.body:
                raise ValueError("an original article needs a 'body'")
            if not self.description:
                raise ValueError("an original article needs a 'description'")
            if self.intro is not None:
                raise ValueError("'intro' is only for syndicated copies")
        else:
            if self.body is not None:
                raise ValueError("a syndicated copy takes its body from the original; remove 'body'")
            if not self.intro:
                raise ValueError("a syndicated copy needs an 'intro' sentence")
            if not ARTICLE_KEY.match(self.syndicated_from):
                raise ValueError("'syndicated_from' must look like 'outlet-name/article-slug'")
        return self

    @property
    def is_copy(self) -> bool:
        return self.syndicated_from is not None


class RawOutletHeader(_Strict):
    """Top level of a file; articles are validated one by one so errors can name the article."""

    outlet: dict[str, object]
    articles: list[dict[str, object]] = Field(min_length=1)
