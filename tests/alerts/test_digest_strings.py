"""The digest's own text: every message in English and Hindi, and no template asks for one that is missing."""

from __future__ import annotations

import re

from alerts.compose import TEMPLATES
from alerts.selection import REASONS
from alerts.strings import MESSAGES, translator


def test_every_message_has_english_and_hindi() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == {"en", "hi"}, key
        assert re.search("[\u0900-\u097f]", texts["hi"]), f"{key}: the Hindi text has no Devanagari"
        assert set(re.findall(r"{(\w+)}", texts["en"])) == set(re.findall(r"{(\w+)}", texts["hi"])), key


def test_the_templates_use_only_known_messages() -> None:
    used = set()
    for template in TEMPLATES.iterdir():
        used |= set(re.findall(r't\("([\w-]+(?:\.[\w-]+)*)"\s*[,)]', template.read_text(encoding="utf-8")))
    used |= {f"reason.{reason}" for reason in REASONS}  # t("reason." + reason)
    assert used and used <= set(MESSAGES), used - set(MESSAGES)
    assert translator("hi")("more", count=3) == "3 और नए परिणाम डेस्क में हैं"
