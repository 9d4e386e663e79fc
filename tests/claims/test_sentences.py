"""Sentence splitting for claims: Hindi and English news copy, with nothing but whitespace lost."""

from __future__ import annotations

import re
import unicodedata

import pytest

from claims.sentences import split_sentences
from demosites.corpus import load_corpus
from demosites.schema import Language

CORPUS = load_corpus()


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_english_abbreviations_decimals_and_quotes_stay_inside_sentences() -> None:
    text = (
        'Dr. Rao said turnout was 61.4% in Lucknow. Mr. Singh disagreed! "Is it true?" he asked. '
        "He said, “We will win.” Then he left."
    )
    assert split_sentences(text, "en") == [
        "Dr. Rao said turnout was 61.4% in Lucknow.",
        "Mr. Singh disagreed!",
        '"Is it true?" he asked.',
        "He said, “We will win.”",
        "Then he left.",
    ]


def test_hindi_danda_double_danda_and_doctor_abbreviation() -> None:
    text = 'डॉ. नसरीन बानो ने कहा कि वे जीतेंगी। उन्होंने बताया, "हमारा वादा पक्का है।" क्या यह सच है? हाँ॥ मतदान 61.4 प्रतिशत रहा।'
    expected = [
        "डॉ. नसरीन बानो ने कहा कि वे जीतेंगी।",
        'उन्होंने बताया, "हमारा वादा पक्का है।"',  # the closing quote stays with its sentence
        "क्या यह सच है?",
        "हाँ॥",
        "मतदान 61.4 प्रतिशत रहा।",
    ]
    assert split_sentences(text, "hi") == expected
    # No language detected: the Devanagari text still gets the Hindi rules, so "डॉ." does not end a sentence.
    assert split_sentences(text, None) == expected


def test_danda_ends_a_sentence_even_with_english_rules() -> None:
    # A Hindi paragraph in an article detected as English (or mixed copy) must still split at the danda.
    assert split_sentences("डॉ. अमन राज ने नामांकन भरा। Counting is on November 23.", "en") == [
        "डॉ. अमन राज ने नामांकन भरा।",
        "Counting is on November 23.",
    ]


def test_paragraph_breaks_end_sentences_and_empty_pieces_are_dropped() -> None:
    text = "  Also read: JVP manifesto\n\nNo full stop at the end of this line\n   \nलखनऊ।\n(Agency)  "
    assert split_sentences(text, "en") == [
        "Also read: JVP manifesto",
        "No full stop at the end of this line",
        "लखनऊ।",
        "(Agency)",
    ]
    assert split_sentences("", "hi") == []
    assert split_sentences(" \n \n", None) == []


@pytest.mark.parametrize("language", ["hi", "en"])
def test_no_character_is_lost_on_any_demo_article(language: Language) -> None:
    articles = CORPUS.by_language(language)
    assert len(articles) > 20
    for article in articles:
        text = f"{article.title}\n{article.text}"
        sentences = split_sentences(text, article.language)
        assert _no_space("".join(sentences)) == _no_space(text), article.key
        assert all(sentence and sentence == sentence.strip() for sentence in sentences), article.key
        # Articles are several sentences each, not one blob per paragraph.
        assert len(sentences) > len(article.paragraphs), article.key


# Nukta letters as single code points (U+0958-U+095F): what some editors type, and not NFC (NFC spells them base +
# nukta, the form normalise_text produces).
_PRECOMPOSED = {chr(base) + "\u093c": chr(single) for base, single in zip(
    (0x915, 0x916, 0x917, 0x91C, 0x921, 0x922, 0x92B, 0x92F), range(0x958, 0x960), strict=True
)}  # fmt: skip


@pytest.mark.parametrize("form", ["precomposed", "NFD"])
def test_text_that_is_not_nfc_splits_the_same_and_keeps_every_mark(form: str) -> None:
    article = CORPUS.article("jan-awaaz/nnd-ghoshna-patra-kaushal-kendra")
    nfc = article.text
    if form == "NFD":
        text = unicodedata.normalize("NFD", nfc)
    else:
        text = nfc
        for spelled, single in _PRECOMPOSED.items():
            text = text.replace(spelled, single)
        assert text != nfc  # the article has nukta letters, so the test means something
    sentences = split_sentences(text, "hi")
    assert _no_space("".join(sentences)) == _no_space(text)
    assert [unicodedata.normalize("NFC", s) for s in sentences] == split_sentences(nfc, "hi")


def test_hindi_article_splits_into_its_sentences() -> None:
    article = CORPUS.article("jan-awaaz/nnd-ghoshna-patra-kaushal-kendra")
    sentences = split_sentences(article.text, "hi")
    assert sentences[0] == (
        "नव निर्माण दल (NND) ने रविवार को लखनऊ प्रेस क्लब में उत्तर प्रदेश विधानसभा चुनाव के लिए अपना संकल्प पत्र जारी कर दिया।"
    )
    assert all(s.endswith(("।", '।"', "?", "!")) for s in sentences)


class _RewritingSegmenter:
    """A segmenter that rewrites its input, as pysbd's cleaning would: its pieces cannot be found in the text."""

    def segment(self, text: str) -> list[str]:
        return [text.replace("  ", " ").upper()]


def test_a_segmentation_that_rewrote_the_text_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claims.sentences._segmenter", lambda language: _RewritingSegmenter())
    text = "The EC said polling is on November 19.  Police said 4,000 personnel will be deployed! मतदान 19 नवंबर को होगा।"
    assert split_sentences(text, "en") == [
        "The EC said polling is on November 19.",
        "Police said 4,000 personnel will be deployed!",
        "मतदान 19 नवंबर को होगा।",
    ]
