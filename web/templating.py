"""Server-rendered pages: Jinja2 with autoescaping on for every template, so crawled text is always escaped;
the only markup from content is the `<mark>` of search highlights, which the index escapes first."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from core.links import web_link
from web.deps import Principal, ui_language
from web.i18n import translator

TEMPLATES = Path(__file__).with_name("templates")

_environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                           trim_blocks=True, lstrip_blocks=True)


_environment.filters["href"] = web_link
_environment.filters["unquote"] = unquote_plus  # a saved search's query string, as people typed it
templates = Jinja2Templates(env=_environment)


def render(request: Request, name: str, principal: Principal | None, status_code: int = 200, *,
           language: str | None = None, **context: Any) -> Response:
    """`language` overrides the user's interface language (a page for someone who is not a desk user)."""
    language = language or ui_language(request, principal)
    return templates.TemplateResponse(request, name, {
        "t": translator(language), "lang": language, "principal": principal,
        "csrf": principal.csrf_token if principal else None, **context,
    }, status_code=status_code)
