"""Deliberate damage applied to a correctly rendered page for the trouble cases.

The damage is applied after rendering so that the damaged page carries exactly the same story
as its clean twin; extraction tests can then compare against the corpus text.
"""

from __future__ import annotations

import re

_FIRST_HEADLINE = re.compile(r"<h1\b")


def break_markup(html: str) -> str:
    """Unclosed paragraphs and list items, stray closing tags, no ``</body>``/``</html>``.

    Browsers (and lxml) recover from all of it, which is exactly why sloppy CMS output like
    this survives in production.
    """
    damaged = html.replace("</p>", "").replace("</li>", "")
    damaged = damaged.replace("</body>", "").replace("</html>", "")
    # Stray closers just before the headline close wrappers the parser thinks are open.
    damaged = _FIRST_HEADLINE.sub("</div></span></div>\n<h1", damaged, count=1)
    # An ad slot whose div and bold never get closed.
    damaged = damaged.replace("<footer", '<div class="ad-slot"><b>Sponsored\n<footer', 1)
    damaged = damaged.replace('<div id="colophon"', '<div class="ad-slot"><b>Sponsored\n<div id="colophon"', 1)
    return damaged.rstrip() + "\n"


def encode_windows_1252(html: str) -> bytes:
    """Encode as windows-1252; characters it lacks (e.g. ₹) become numeric references."""
    return html.encode("cp1252", errors="xmlcharrefreplace")
