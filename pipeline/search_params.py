"""The one query model of the desk: the search page and `/api/v1/search` read the same parameters, so a search
URL and an API call with the same query string return the same hits; a saved search (alerts) keeps the same
query string, so a search URL can be saved as it is.

Parameters repeat for several values (`?lang=hi&lang=en`). An empty value, as an HTML form sends for a field
left blank, means "not set". A malformed value is a 4xx that names the parameter, never a 500.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from index.documents import MAX_PER_PAGE, SearchQuery

LanguageParam = Literal["hi", "en", "other"]
KindParam = Literal["news", "factcheck", "opinion"]
ReasonParam = Literal["matches-factcheck", "style"]
SentimentParam = Literal["negative", "neutral", "positive"]
ReviewParam = Literal["unreviewed", "confirmed", "dismissed"]
SortParam = Literal["relevance", "newest", "score"]
MAX_PAGE = 500  # nobody reviews result 10,000 by paging; Elasticsearch would refuse it anyway

_LISTS = ("lang", "source", "kind", "flag", "sentiment", "review")


class SearchParams(BaseModel):
    """What a search asks for, as query parameters."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    q: str = Field("", max_length=500, description="Words (all must match), \"exact phrase\", -excluded, a OR b, prefix*")
    lang: list[LanguageParam] = []
    source: list[str] = []
    kind: list[KindParam] = []
    flag: list[ReasonParam] = Field([], description="flag reasons: matches-factcheck, style")
    flagged: bool | None = None
    hostile: bool | None = None
    sentiment: list[SentimentParam] = []
    review: list[ReviewParam] = Field([], description="review status of the flag")
    min_score: float | None = Field(None, ge=0.0, le=1.0)
    max_score: float | None = Field(None, ge=0.0, le=1.0)
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    duplicates: bool = True
    sort: SortParam = "relevance"
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in value if not (isinstance(v, str) and not v.strip())]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @model_validator(mode="before")
    @classmethod
    def _defaults_for_unset(cls, data: Any) -> Any:
        # A blank field came through as None: let the field's default apply instead.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value not in (None, "")}
        return data

    @model_validator(mode="after")
    def _ranges(self) -> SearchParams:
        if self.min_score is not None and self.max_score is not None and self.min_score > self.max_score:
            raise ValueError("min_score must not exceed max_score")
        if self.date_from is not None and self.date_to is not None and self.date_from > self.date_to:
            raise ValueError("from must not be after to")
        return self

    @classmethod
    def from_query_string(cls, text: str) -> SearchParams:
        """Parse a query string or a whole search URL (`/search?q=...&lang=hi`). Raises pydantic's
        ValidationError, which names the parameter, when a value is malformed."""
        query = urlsplit(text).query if "?" in text or text.startswith(("http://", "https://", "/")) else text
        values: dict[str, Any] = {}
        for key, found in parse_qs(query, keep_blank_values=True).items():
            values[key] = found if key in _LISTS else found[-1]
        return cls.model_validate(values)

    def to_query(self) -> SearchQuery:
        return SearchQuery(
            text=self.q, languages=tuple(self.lang), sources=tuple(self.source), kinds=tuple(self.kind),
            flag_reasons=tuple(self.flag), flagged=self.flagged, hostile=self.hostile,
            sentiments=tuple(self.sentiment), review_statuses=tuple(self.review), min_score=self.min_score,
            max_score=self.max_score, published_from=self.date_from, published_to=self.date_to,
            include_duplicates=self.duplicates, sort=self.sort, page=self.page, per_page=self.per_page,
        )

    def query_string(self, **changes: Any) -> str:
        """This search as a query string (only what differs from the defaults), with ``changes`` applied: the
        shareable URL of a page, a facet or the next page."""
        values = self.model_dump(by_alias=True, exclude_defaults=True)
        for key, value in changes.items():
            name = "from" if key == "date_from" else "to" if key == "date_to" else key
            if value is None or value == [] or value == SearchParams.model_fields[key].default:
                values.pop(name, None)
            else:
                values[name] = value
        pairs: list[tuple[str, str]] = []
        for key, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                pairs.append((key, str(one).lower() if isinstance(one, bool) else str(one)))
        return urlencode(pairs)

    def toggled(self, name: str, value: str) -> str:
        """The query string with ``value`` added to or removed from the list parameter ``name`` (page 1)."""
        assert name in _LISTS, name
        current: list[str] = list(getattr(self, name))
        new = [v for v in current if v != value] if value in current else [*current, value]
        return self.query_string(**{name: new, "page": 1})
