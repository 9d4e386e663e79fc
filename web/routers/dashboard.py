"""The dashboard: flags per day by language and by reason, the sources flagged most, the sentiment trend, and
crawl health (the last crawl per source, failures by reason), drawn as server-side SVG; the scheduler's jobs with
their last and next run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from pipeline.desk_stats import desk_stats
from web.charts import day_chart
from web.deps import Satark, Viewer
from web.templating import render

router = APIRouter()


@router.get("/dashboard", include_in_schema=False)
def dashboard(request: Request, satark: Satark, principal: Viewer,
              days: Annotated[int, Query(ge=1, le=90)] = 14) -> Response:
    stats = desk_stats(satark.store, days=days)
    return render(request, "dashboard.html", principal, stats=stats, days=days, jobs=satark.store.job_runs.all(), charts={
        "flags_by_language": day_chart(stats.days, stats.flags_by_language),
        "flags_by_reason": day_chart(stats.days, stats.flags_by_reason),
        "sentiment": day_chart(stats.days, stats.sentiment),
    })
