"""Text as every part reads it: one normaliser (NFC and whitespace, never touching Devanagari combining marks)
for crawling, training and serving, and the title + lead that classifiers read."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from core.records import ExtractedArticle

# Models are trained on claims, posts and reviews: the headline and the first paragraphs carry the claim.
LEAD_CHARS = 1200


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def nfc(text: str | None) -> str | None:
    """Unicode NFC alone, for metadata fields (feed titles, authors) whose spacing is the publisher's business."""
    return None if text is None else unicodedata.normalize("NFC", text)


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


def classification_text(title: str, text: str, lead_chars: int = LEAD_CHARS) -> str:
    lead = text[:lead_chars]
    if len(text) > lead_chars:
        # Cut at a sentence or word end so a half word does not become a feature.
        cut = max(lead.rfind("।"), lead.rfind(". "), lead.rfind("\n"))
        lead = lead[: cut + 1] if cut > lead_chars // 2 else lead.rsplit(" ", 1)[0]
    return f"{title}\n{lead}".strip()
