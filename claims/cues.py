"""Matching cue words and phrases in Hindi and English text, the one way claims/ does it.

Text and cues are folded alike: NFC, case-folded, and without the nukta (U+093C). NFC decomposes the nukta letters
(फ़ = फ + ़), and writers use them inconsistently ("फ़ैक्ट" and "फैक्ट", "करोड़" and "करोड"), so a cue written once
matches both. Word edges are Devanagari-aware: Python's \\b treats vowel signs as non-word characters and would find
an edge inside "कहा".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NUKTA = "\u093c"
# A word character in either script: letters, digits, Devanagari vowel signs, virama and nukta.
_WORD = r"\w\u0900-\u097F"
_BEFORE = rf"(?<![{_WORD}])"
_AFTER = rf"(?![{_WORD}])"


def fold(text: str) -> str:
    """The form cues are matched in: NFC, case-folded, nukta dropped, runs of whitespace as one space."""
    folded = unicodedata.normalize("NFC", text).casefold().replace(_NUKTA, "")
    return " ".join(folded.split())


def cue_pattern(cues: Iterable[str], *, prefix: bool = False) -> re.Pattern[str]:
    """A pattern matching any cue as whole words in folded text; `prefix` lets a cue end inside a word.

    A cue is written as a phrase ("according to", "के मुताबिक"); a space in it matches any run of whitespace or a
    hyphen, so "fact check" also matches "fact-check"."""
    alternatives = sorted({fold(cue) for cue in cues if cue.strip()}, key=len, reverse=True)
    body = "|".join(r"[\s\-‑]+".join(re.escape(word) for word in cue.split()) for cue in alternatives)
    return re.compile(rf"{_BEFORE}(?:{body}){'' if prefix else _AFTER}")


def folded_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A regular expression written for folded text, its own Devanagari folded the same way (nukta dropped)."""
    return re.compile(unicodedata.normalize("NFC", pattern).replace(_NUKTA, ""), flags)
