"""What a classifier reads: headline plus a lead cut at a sentence or word end."""

from __future__ import annotations

from core.text import classification_text

SENTENCE_HI = "चुनाव आयोग ने मतदान की तारीख़ों की घोषणा की और सभी दलों से आचार संहिता का पालन करने को कहा। "
SENTENCE_EN = "The Election Commission announced the polling dates and asked all parties to follow the code. "


def test_short_article_is_title_then_whole_text() -> None:
    assert classification_text("शीर्षक", "पूरा पाठ।") == "शीर्षक\nपूरा पाठ।"


def test_empty_text_gives_title_only() -> None:
    assert classification_text("Headline", "") == "Headline"


def test_long_hindi_text_is_cut_at_a_danda() -> None:
    text = SENTENCE_HI * 40
    out = classification_text("शीर्षक", text, lead_chars=300)
    lead = out.split("\n", 1)[1]
    assert lead.endswith("।")
    assert len(lead) <= 300
    assert text.startswith(lead)


def test_long_english_text_is_cut_at_a_sentence_end() -> None:
    text = SENTENCE_EN * 40
    lead = classification_text("Headline", text, lead_chars=250).split("\n", 1)[1]
    assert lead.endswith(".")
    assert text.startswith(lead)


def test_text_without_sentence_ends_is_cut_at_a_word_end() -> None:
    words = ["मतदान"] * 200
    text = " ".join(words)
    lead = classification_text("T", text, lead_chars=100).split("\n", 1)[1]
    assert len(lead) <= 100
    assert all(word == "मतदान" for word in lead.split(" "))  # no half word at the end
