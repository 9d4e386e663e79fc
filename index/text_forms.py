"""Text normalisation shared by indexing and querying.

Both sides must see identical code points or Hindi words silently stop matching: documents arrive as
NFC or NFD (and with the precomposed nukta letters such as U+095B "ज़", which NFC decomposes), and web
pages sprinkle ZWJ/ZWNJ into conjuncts purely as rendering hints.
"""

from __future__ import annotations

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
