"""Unicode NFC and whitespace normalisation that never damages Devanagari."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime

from core.records import Discovery, ExtractedArticle
from core.text import normalise_article, normalise_text

NUKTA = "\u093c"
VIRAMA = "\u094d"
ZWJ, ZWNJ = "\u200d", "\u200c"


def test_decomposed_nukta_letter_composes() -> None:
    # न + ़ has a composed form (U+0929 ऩ) that NFC must produce.
    assert normalise_text("\u0928" + NUKTA) == "\u0929"


def test_precomposed_and_decomposed_qa_become_identical_nfc() -> None:
    # क़ (U+0958) is a composition exclusion: NFC is क + ़, and both spellings must end up byte-identical.
    precomposed = "\u0958\u093e\u0928\u0942\u0928"  # क़ानून
    decomposed = "\u0915" + NUKTA + "\u093e\u0928\u0942\u0928"
    out_pre, out_de = normalise_text(precomposed), normalise_text(decomposed)
    assert out_pre == out_de
    assert NUKTA in out_pre  # the nukta is kept, not stripped
    assert unicodedata.is_normalized("NFC", out_pre)


def test_mixed_unnormalised_sentence_becomes_nfc() -> None:
    # Precomposed फ़ ज़ ख़ (U+095E U+095B U+0959) are not NFC; ऩ and é arrive decomposed (NFD).
    text = "\u095e\u0930\u094d\u095b\u0940 \u0959\u092c\u0930 \u0928\u093c \u2014 cafe\u0301"
    assert not unicodedata.is_normalized("NFC", text)
    out = normalise_text(text)
    assert unicodedata.is_normalized("NFC", out)
    assert out == "\u092b\u093c\u0930\u094d\u091c\u093c\u0940 \u0916\u093c\u092c\u0930 \u0929 \u2014 caf\u00e9"


def test_vowel_signs_virama_and_joiners_are_preserved() -> None:
    words = ["प्रधानमंत्री", "हिंदी", "आँख", "श्रद्धांजलि", "क्" + ZWJ + "ष", "क्" + ZWNJ + "ष"]
    out = normalise_text("  ".join(words))
    assert out.split(" ") == words
    assert out.count(VIRAMA) == "".join(words).count(VIRAMA)
    assert ZWJ in out and ZWNJ in out


def test_english_decomposed_accent_composes() -> None:
    assert normalise_text("cafe\u0301 re\u0301sume\u0301") == "caf\u00e9 r\u00e9sum\u00e9"


def test_whitespace_runs_collapse_and_lines_are_trimmed() -> None:
    text = "  चुनाव \t\u00a0 आयोग\u2003ने   कहा  \nThe   Election\u202fCommission  "
    assert normalise_text(text) == "चुनाव आयोग ने कहा\nThe Election Commission"


def test_paragraph_breaks_are_kept_and_blank_runs_collapse() -> None:
    text = "पहला अनुच्छेद।\r\n\r\n\r\n   दूसरा अनुच्छेद।\n\n \t \nThird paragraph.\nSame paragraph line."
    assert normalise_text(text).split("\n") == [
        "पहला अनुच्छेद।",
        "दूसरा अनुच्छेद।",
        "Third paragraph.",
        "Same paragraph line.",
    ]


def test_normalisation_is_idempotent() -> None:
    text = unicodedata.normalize("NFD", " ज़िला   प्रशासन \n\n ने  कहा ")
    once = normalise_text(text)
    assert normalise_text(once) == once


def test_normalise_article_touches_text_fields_only() -> None:
    raw = "<p>क\u093c</p>".encode()
    article = ExtractedArticle(
        id="a1",
        url="https://example.in/a",
        fetched_url="https://example.in/a?utm_source=x",
        source="demo",
        title="  चुनाव   आयोग ",
        text=unicodedata.normalize("NFD", "फ़र्ज़ी  ख़बर\n\n\nदूसरा"),
        fetched_at=datetime(2024, 4, 16, tzinfo=UTC),
        raw_html=raw,
        encoding="utf-8",
        via=Discovery.FEED,
        author="   ",
        description=" सार   यहाँ ",
    )
    out = normalise_article(article)
    assert out.title == "चुनाव आयोग"
    assert out.text == unicodedata.normalize("NFC", "फ़र्ज़ी ख़बर\nदूसरा")
    assert out.author is None  # blank after normalising means "no author"
    assert out.description == "सार यहाँ"
    assert out.raw_html == raw  # the served bytes are never rewritten
    assert replace(out, title=article.title, text=article.text, author=article.author,
                   description=article.description) == article
