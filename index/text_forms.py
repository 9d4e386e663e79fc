"""Text normalisation shared by indexing and querying.

Both sides must see identical code points or Hindi words silently stop matching: documents arrive as
NFC or NFD (and with the precomposed nukta letters such as U+095B "ज़", which NFC decomposes), and web
pages sprinkle ZWJ/ZWNJ into conjuncts purely as rendering hints.
"""

from __future__ import annotations

import functools
import re
import unicodedata

ZWNJ = "\u200c"
ZWJ = "\u200d"

# Private-use characters that wrap matches in backend snippets before HTML escaping. They are chosen
# from the Private Use Area so they never carry meaning in news text; any occurrence in a document is
# dropped from the searchable form so it cannot be confused with a real match marker.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

# Characters removed from the *searchable* form of text (stored text keeps them). ZWJ/ZWNJ only
# change how a conjunct is drawn, so "क्‍ष" and "क्ष" must match each other.
SEARCH_DROPPED_CHARS: tuple[str, ...] = (ZWNJ, ZWJ, MARK_OPEN, MARK_CLOSE)


def nfc(text: str) -> str:
    """Canonical composition; never strips vowel signs, virama or nukta."""
    return unicodedata.normalize("NFC", text)


def search_form(text: str) -> str:
    """The form that is tokenised for matching: NFC with rendering-only characters removed."""
    out = nfc(text)
    for ch in SEARCH_DROPPED_CHARS:
        out = out.replace(ch, "")
    return out


def is_token_char(ch: str) -> bool:
    """Mirror of the FTS5 tokenizer's notion of a word character (categories L*, N*, M*, Co).

    Marks (M*) count because Devanagari vowel signs, virama, nukta and anusvara are marks; treating
    them as separators would cut "प्रधानमंत्री" into meaningless fragments.
    """
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


@functools.cache
def _token_run() -> re.Pattern[str]:
    """A run of token characters as one regular expression (letters and digits, marks, private use): what
    is_token_char accepts, matched in C rather than a character at a time in Python."""
    marks: list[str] = []
    start: int | None = None
    for code in range(0x10000):  # the marks of the Basic Multilingual Plane, as ranges
        if unicodedata.category(chr(code))[0] == "M":
            start = code if start is None else start
        elif start is not None:
            marks.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    private = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    return re.compile(f"(?:[^\\W_]|[{''.join(marks)}{private}])+")


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` as the SQLite tokenizer cuts it."""
    return [match.span() for match in _token_run().finditer(text)]
