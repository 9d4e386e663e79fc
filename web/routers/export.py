"""Any search, with its filters, as CSV (UTF-8 with a byte-order mark, so spreadsheet programs show Devanagari)
or JSON lines, for the war room's daily reports. Rows stream out page by page as the index answers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from index.documents import SearchHit
from pipeline.search_params import SearchParams
from web.deps import Satark, Viewer
from web.schemas import ErrorOut

router = APIRouter()
PAGE = 100
# An export holds at most what one search can page through (Elasticsearch's result window); a larger set is
# narrowed with filters (a date range) and exported in parts.
MAX_ROWS = 10_000
COLUMNS = ("id", "url", "title", "source", "language", "published", "kind", "flagged", "misinfo_score",
           "flag_reasons", "evidence", "claim", "verdict", "match_url", "sentiment", "hostility", "review_status",
           "duplicate_of")
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def export_row(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.id, "url": hit.url, "title": hit.title, "source": hit.source, "language": hit.language,
        "published": hit.published.isoformat() if hit.published else None, "kind": hit.kind, "flagged": hit.flagged,
        "misinfo_score": hit.misinfo_score, "flag_reasons": list(hit.flag_reasons), "evidence": hit.evidence,
        "claim": hit.claim, "verdict": hit.verdict, "match_url": hit.match_url, "sentiment": hit.sentiment,
        "hostility": list(hit.hostility), "review_status": hit.review_status, "duplicate_of": hit.duplicate_of,
    }


def _hits(satark: Satark, params: SearchParams) -> Iterator[SearchHit]:
    sent = 0
    for page in range(1, MAX_ROWS // PAGE + 1):
        query = params.model_copy(update={"page": page, "per_page": PAGE}).to_query()
        result = satark.search(replace(query, highlight=False))
        for hit in result.hits:
            yield hit
            sent += 1
        if page >= result.pages or sent >= MAX_ROWS:
            return


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return "" if value is None else str(value)


def _csv(hits: Iterator[SearchHit]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
    for hit in hits:
        buffer.seek(0)
        buffer.truncate()
        row = export_row(hit)
        writer.writerow([_csv_cell(row[column]) for column in COLUMNS])
        yield buffer.getvalue().encode("utf-8")


def _jsonl(hits: Iterator[SearchHit]) -> Iterator[bytes]:
    for hit in hits:
        yield (json.dumps(export_row(hit), ensure_ascii=False) + "\n").encode("utf-8")


@router.get("/api/v1/export.{fmt}", tags=["search"], response_class=StreamingResponse,
            responses={200: {"content": {MEDIA["csv"]: {}, MEDIA["jsonl"]: {}}}, 401: {"model": ErrorOut},
                       422: {"model": ErrorOut}})
def export(satark: Satark, principal: Viewer, fmt: Literal["csv", "jsonl"],
           params: Annotated[SearchParams, Query()]) -> StreamingResponse:
    """A search's hits (up to 10,000, in the search's order) as CSV with a byte-order mark, or as JSON lines."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    body = _csv(_hits(satark, params)) if fmt == "csv" else _jsonl(_hits(satark, params))
    return StreamingResponse(body, media_type=MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="satark-{stamp}.{fmt}"'})
