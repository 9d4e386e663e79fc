"""Fact-checkers' verdicts from schema.org ClaimReview markup (the JSON-LD behind Google's fact-check results).

Publishers fill the schema loosely: ratings as strings or numbers, names as strings, objects or lists, dates
with or without a time. Each field is read leniently and a review without the claim it rates is dropped, so
one malformed item never costs the page its other reviews or the article itself."""

from __future__ import annotations

import math

from core.records import ClaimReview
from core.text import normalise_text
from crawlers.dates import parse_datetime
from crawlers.jsonld import json_ld_types, names


def claim_reviews(items: list[dict[str, object]]) -> tuple[ClaimReview, ...]:
    """The ClaimReview items among a page's JSON-LD, in page order, each claim once."""
    reviews: list[ClaimReview] = []
    seen: set[str] = set()
    for item in items:
        if "claimreview" not in json_ld_types(item):
            continue
        review = _claim_review(item)
        if review is not None and review.claim not in seen:
            seen.add(review.claim)
            reviews.append(review)
    return tuple(reviews)


def _claim_review(item: dict[str, object]) -> ClaimReview | None:
    claim = _text(item.get("claimReviewed"))
    if not claim:
        return None
    rating = item.get("reviewRating")
    rating = rating if isinstance(rating, dict) else {}
    reviewed = item.get("itemReviewed")
    reviewed = reviewed if isinstance(reviewed, dict) else {}
    return ClaimReview(
        claim=claim,
        rating=_text(rating.get("alternateName")) or _text(rating.get("name")),
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        claimant=_first_name(reviewed.get("author")),
        claim_date=parse_datetime(_text(reviewed.get("datePublished"))),
        reviewer=_first_name(item.get("author")) or _first_name(item.get("publisher")),
        reviewed=parse_datetime(_text(item.get("datePublished"))),
        url=_text(item.get("url")),
        appearances=tuple(dict.fromkeys(_urls(reviewed.get("appearance")) + _urls(reviewed.get("firstAppearance")))),
    )


def _text(value: object) -> str | None:
    return normalise_text(value) or None if isinstance(value, str) else None


def _first_name(value: object) -> str | None:
    return next((name for name in (_text(n) for n in names(value)) if name), None)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except ValueError:
        return None  # a verdict written into ratingValue ("False") says nothing numeric
    except OverflowError:
        return None  # an integer no float holds (JSON allows 10**400): no rating, and the page is still read
    # "NaN" and "Infinity" parse too, but rate nothing (and would be invalid JSON in `satark extract --json`).
    return number if math.isfinite(number) else None


def _urls(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip().startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return _urls(value.get("url"))
    if isinstance(value, list):
        return [url for part in value for url in _urls(part)]
    return []
