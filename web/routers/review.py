"""The review queue: unreviewed flags, strongest first, grouped by reason, cleared from the keyboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from index.documents import FLAG_REASONS, SearchHit, SearchQuery
from web.deps import Reviewer, Satark
from web.templating import render

router = APIRouter()
QUEUE_SIZE = 100  # one screen's work; the next batch appears as these are decided


def queue_groups(hits: tuple[SearchHit, ...]) -> list[tuple[str, list[SearchHit]]]:
    """Hits grouped by their strongest flag reason (a fact-check match before style), each group in score order."""
    groups: dict[str, list[SearchHit]] = {reason: [] for reason in FLAG_REASONS}
    for hit in hits:
        groups.setdefault(hit.flag_reasons[0] if hit.flag_reasons else "style", []).append(hit)
    return [(reason, members) for reason, members in groups.items() if members]


@router.get("/review", include_in_schema=False)
def review_queue(request: Request, satark: Satark, principal: Reviewer) -> Response:
    result = satark.search(SearchQuery(flagged=True, review_statuses=("unreviewed",), sort="score",
                                       per_page=QUEUE_SIZE, include_duplicates=False, highlight=False))
    return render(request, "review.html", principal, groups=queue_groups(result.hits), total=result.total)
