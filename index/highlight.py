"""Turn backend snippets containing private-use match markers into safe HTML."""

from __future__ import annotations

import html

from index.text_forms import MARK_CLOSE, MARK_OPEN

_OPEN_TAG = "<mark>"
_CLOSE_TAG = "</mark>"
DEFAULT_PLAIN_SNIPPET_CHARS = 240
ELLIPSIS = "…"


def markers_to_html(marked: str) -> str:
    """Escape everything, then swap the markers for <mark> tags.

    Escaping first is what makes this safe: a "<" from the article becomes "&lt;", while the markers
    (untouched by html.escape) are the only source of real tags.
    """
    escaped = html.escape(marked, quote=True)
    return escaped.replace(MARK_OPEN, _OPEN_TAG).replace(MARK_CLOSE, _CLOSE_TAG)


def plain_snippet(text: str, max_chars: int = DEFAULT_PLAIN_SNIPPET_CHARS) -> str:
    """Escaped leading excerpt for hits without a text match, cut at a space (never inside a word,
    which for Devanagari could split a conjunct)."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return html.escape(flat, quote=True)
    cut = flat.rfind(" ", 0, max_chars)
    excerpt = flat[: cut if cut > 0 else max_chars]
    return html.escape(excerpt, quote=True) + ELLIPSIS
