"""Text normalisation: Unicode NFC and whitespace, never touching Devanagari combining marks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from pipeline.records import ExtractedArticle

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalise_text(text: str) -> str:
    """NFC (composes nukta forms, keeps vowel signs and virama), collapse runs of spaces, keep paragraph breaks.

    ZWJ/ZWNJ (U+200D/U+200C) are kept: in Devanagari they select conjunct forms and carry meaning."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


def normalise_article(article: ExtractedArticle) -> ExtractedArticle:
    def opt(value: str | None) -> str | None:
        return normalise_text(value) or None if value is not None else None

    return replace(
        article,
        title=normalise_text(article.title),
        text=normalise_text(article.text),
        author=opt(article.author),
        description=opt(article.description),
    )
