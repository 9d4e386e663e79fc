"""Links out to crawled URLs (the desk's pages, the digests): crawled content is hostile input, so only http(s)
URLs become links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def web_link(url: str | None) -> str:
    """An href for a link to a crawled URL: only http(s); a `javascript:` or `data:` URL becomes inert ("#")."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return "#"


_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]*):[^@\s/]*@", re.IGNORECASE)


def redacted_text(text: str) -> str:
    """`text` with the password of every URL in it replaced by `***` (a driver's error quotes the URL it used)."""
    return _CREDENTIALS.sub(r"\1:***@", text)
