"""Build the body of a syndicated near-duplicate from its original.

Agency copy on Indian news sites is typically the wire story with a new lead sentence, the tail
trimmed for space and a credit line. The edits are deliberately small so that shingle-based
near-duplicate detection (MinHash/Jaccard) rates the pair as highly similar but not identical.
"""

from __future__ import annotations

import re

from demosites.schema import Language

AGENCY_CREDIT: dict[Language, str] = {
    "hi": "— एजेंसी इनपुट के साथ",
    "en": "— With agency inputs",
}

# Danda (।) ends Hindi sentences; keep the terminator attached to its sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?।])\s+")


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def trim_tail(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Drop the last sentence of the story (or its last one-sentence paragraph)."""
    *head, last = paragraphs
    sentences = split_sentences(last)
    if len(sentences) > 1:
        return (*head, " ".join(sentences[:-1]))
    if len(head) >= 3:
        return tuple(head)
    return paragraphs


def syndicated_paragraphs(intro: str, original: tuple[str, ...], language: Language) -> tuple[str, ...]:
    return (intro, *trim_tail(original), AGENCY_CREDIT[language])
