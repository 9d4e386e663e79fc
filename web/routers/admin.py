"""Admin pages: the configured sources with their last crawl."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from web.deps import Admin, Satark
from web.templating import render

router = APIRouter()


@router.get("/admin/sources", include_in_schema=False)
def sources_page(request: Request, satark: Satark, principal: Admin) -> Response:
    return render(request, "sources.html", principal, status=satark.status())
