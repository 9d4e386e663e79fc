"""Shared Hypothesis strategies for the fuzz tests: Hindi and mixed text, and byte-level mutations of valid inputs.

Random bytes alone rarely get past a parser's first check; a valid document with a few bytes changed reaches the
code behind it (recovered entries, half-read metadata, odd encodings), which is where handlers break.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import strategies as st

HINDI_WORDS = (
    "चुनाव", "आयोग", "मतदान", "प्रधानमंत्री", "फ़र्ज़ी", "ख़बर", "क्षेत्र", "वायरल", "दावा", "भ्रामक", "सरकार",
    "ज़िला", "श्रद्धांजलि", "हिंदी", "ईवीएम", "क्‍ष", "सत्य", "जाँच", "रैली", "विपक्ष",
)
ENGLISH_WORDS = ("election", "commission", "EVM", "fake", "viral", "claim", "poll", "OR", "AND", "NEAR", "covid-19")

DEVANAGARI = st.characters(min_codepoint=0x0900, max_codepoint=0x097F)
# What trips up text handling: quotes, dashes, brackets, operators, ZWJ/ZWNJ, the BOM, NUL, RTL marks, surrogates.
AWKWARD = st.sampled_from(list("\"'-()[]{}*^:~!|&+=<>,;\\/?#%@ \t\n\r\x00\u200c\u200d\ufeff\u202e\u0964\ud800"))

# Any code point, weighted towards Devanagari and syntax characters.
text_char = st.one_of(DEVANAGARI, AWKWARD, st.characters())
words = st.sampled_from(HINDI_WORDS + ENGLISH_WORDS)


@st.composite
def mixed_text(draw: st.DrawFn, max_parts: int = 12) -> str:
    """Words and stray characters run together: what a monitor pastes from a WhatsApp forward."""
    parts = draw(st.lists(st.one_of(words, st.text(text_char, max_size=6)), max_size=max_parts))
    return "".join(parts)


def clean_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Printable Hindi/English text with single inner spaces, no edge space and nothing markup would interpret."""
    alphabet = st.one_of(DEVANAGARI.filter(lambda c: c.isprintable()), st.sampled_from("abcXYZ019 .,?।"))
    return st.text(alphabet, min_size=min_size, max_size=max_size).map(lambda s: " ".join(s.split())).filter(bool)


def xml_text(value: str) -> str:
    return escape(value, {'"': "&quot;"})


@st.composite
def mutated(draw: st.DrawFn, base: bytes, max_edits: int = 6) -> bytes:
    """`base` with a few byte-level edits: insert, delete, overwrite, duplicate a slice, or truncate."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, max_edits))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("insert", "delete", "overwrite", "duplicate", "truncate")))
        if kind == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=8), words.map(str.encode), st.sampled_from(_MARKUP)))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif kind == "overwrite" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            data[at:at] = data[max(0, at - draw(st.integers(1, 64))):at]
        elif kind == "truncate":
            del data[at:]
    return bytes(data)


# Fragments that change how a parser reads what follows them.
_MARKUP = (b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"<![CDATA[", b"]]>", b"<!--", b"-->", b"</", b"/>",
           b"\"", b"'", b"<?xml version='1.0' encoding='latin-1'?>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xe0\xa4",
           b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"<script>", b"<meta charset=\"shift_jis\">")
