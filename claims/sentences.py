"""Sentences of Hindi and English news text, for claim detection.

pysbd does the hard part (abbreviations such as "Dr.", "Mr.", decimals, initials); around it, rules that news
copy needs and pysbd lacks: a paragraph break always ends a sentence, the danda (।) and double danda (॥) end one
whatever the segmenter, a closing quote stays with the sentence it closes, and Devanagari abbreviations ("डॉ.")
never end one. Nothing but whitespace is ever dropped: sentences are cut out of the text, never rewritten, and a
segmentation that cannot be located in its paragraph falls back to a plain punctuation rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pysbd

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_LATIN = re.compile(r"[A-Za-z]")
# A danda and the closing quotes or brackets that belong to its sentence.
_DANDA_END = re.compile(r"[।॥]+[\"'”’»)\]]*")
_ALWAYS_CLOSING = "”’»)]"
_LATIN_STOP = re.compile(r"[.!?]")
# A stop that may belong to an abbreviation, initial or number ("Mr.", "Nov.", "U.S.", "J.", "No. 3", "3.5"):
# there pysbd's rules decide; elsewhere a stop, question or exclamation mark before a space ends a sentence.
_MAYBE_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[a-z]{1,3}|\b[A-Z](?:\.[A-Z])+|\d)\.$")
_FALLBACK_END = re.compile(r"[.!?।॥|]+[\"'”’»)\]]*(?=\s)")
# Devanagari abbreviations that end in a full stop (English ones are pysbd's business).
_HINDI_ABBREVIATIONS = frozenset({"डॉ.", "प्रो.", "श्री.", "सुश्री.", "कु.", "मो.", "स्व.", "ई.", "पू.", "सं.", "जि.", "न.", "प्र."})


@lru_cache(maxsize=4)
def _segmenter(language: str) -> Any:
    # segment() keeps the text on the instance but reads it back only for char spans (off): safe to share.
    return pysbd.Segmenter(language=language, clean=False)


def _segmenter_language(language: str | None, text: str) -> str:
    if language == "hi":
        return "hi"
    if language is None and len(_DEVANAGARI.findall(text)) > len(_LATIN.findall(text)):
        return "hi"  # undetected language, Devanagari text: the English rules would cut after "डॉ."
    return "en"


def split_sentences(text: str, language: str | None) -> list[str]:
    """The sentences of `text` in order, stripped, none empty; `language` "hi" picks pysbd's Hindi rules."""
    sentences: list[str] = []
    for paragraph in text.splitlines():
        if paragraph.strip():
            sentences.extend(_paragraph_sentences(paragraph, _segmenter_language(language, paragraph)))
    return sentences


def _paragraph_sentences(paragraph: str, language: str) -> list[str]:
    # pysbd costs milliseconds a paragraph: skip it where it cannot cut anything (no stop inside the paragraph,
    # or Hindi with no full stop, question or exclamation mark, where the dandas say it all).
    if not _FALLBACK_END.search(paragraph.rstrip()):
        return [paragraph.strip()]
    if language == "hi" and not _LATIN_STOP.search(paragraph):
        ends: set[int] | None = set()
    elif language == "en" and not any(_MAYBE_ABBREVIATION.search(paragraph, max(0, m.start() - 12), m.start() + 1)
                                      for m in _FALLBACK_END.finditer(paragraph)):
        # Every stop follows an ordinary word: the plain rule cuts exactly where pysbd would.
        ends = None
    else:
        ends = _pysbd_ends(paragraph, language)
    if ends is None:
        ends = {match.end() for match in _FALLBACK_END.finditer(paragraph)}
    ends = {end for end in ends if not _ends_in_abbreviation(paragraph[:end])}
    ends |= {match.end() for match in _DANDA_END.finditer(paragraph)}
    cuts = sorted({_after_closing_quotes(paragraph, end) for end in ends} | {len(paragraph)})
    pieces = (paragraph[start:end].strip() for start, end in zip([0, *cuts], cuts))
    return [piece for piece in pieces if piece]


def _pysbd_ends(paragraph: str, language: str) -> set[int] | None:
    """Where pysbd ends each sentence, as offsets into the paragraph; None when its output cannot be located."""
    ends: set[int] = set()
    cursor = 0
    for segment in _segmenter(language).segment(paragraph):
        piece = str(segment).strip()
        if not piece:
            continue
        found = paragraph.find(piece, cursor)
        if found < 0 or paragraph[cursor:found].strip():
            return None  # pysbd rewrote or skipped text: do not trust its cuts
        cursor = found + len(piece)
        ends.add(cursor)
    return None if paragraph[cursor:].strip() else ends


def _after_closing_quotes(paragraph: str, end: int) -> int:
    """Move a sentence end past the quotes and brackets that close it ('कहा, "... है।" अगला' keeps its quote)."""
    position = end
    while position < len(paragraph):
        char = paragraph[position]
        if char in _ALWAYS_CLOSING or (char in "\"'" and paragraph.count(char, 0, position) % 2 == 1):
            position += 1  # a straight quote closes when one was opened before it
        else:
            break
    return position


def _ends_in_abbreviation(text: str) -> bool:
    words = text.rsplit(None, 1)
    return bool(words) and words[-1].lstrip("(\"'“‘") in _HINDI_ABBREVIATIONS
