"""The Jinja2 environment shared by every demo-site page, feed and sitemap."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from demosites.labels import Labels

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment)


def human_date(moment: datetime, labels: Labels) -> str:
    """Date as Indian sites print it, e.g. '21 नवंबर 2026, 09:30 IST'."""
    return f"{moment.day} {labels.months[moment.month - 1]} {moment.year}, {moment:%H:%M} IST"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        # robots.txt is plain text; HTML and XML must be escaped.
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Keep Devanagari readable inside JSON-LD; tojson still escapes <, >, & and '.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.filters["rfc822"] = rfc822
    env.filters["iso"] = datetime.isoformat
    env.filters["human_date"] = human_date
    return env
