"""The digest's own text in English and Hindi (the subscription's mail language); article titles and evidence
stay in the language they were written in."""

from __future__ import annotations

from collections.abc import Callable

from core import messages

# Every key has both languages, and the templates use no other (tests/alerts/test_digest_strings.py).
MESSAGES: dict[str, dict[str, str]] = {
    "subject": {"en": "Satark digest: {name}: {count} new flagged items ({day})",
                "hi": "सतर्क डाइजेस्ट: {name}: {count} नए फ़्लैग ({day})"},
    "subject.empty": {"en": "Satark digest: {name}: nothing new ({day})", "hi": "सतर्क डाइजेस्ट: {name}: कुछ नया नहीं ({day})"},
    "heading": {"en": "Daily digest", "hi": "दैनिक डाइजेस्ट"},
    "summary": {"en": "{count} new flagged items since the last digest", "hi": "पिछले डाइजेस्ट के बाद {count} नए फ़्लैग"},
    "empty": {"en": "Nothing new matched this search since the last digest.",
              "hi": "पिछले डाइजेस्ट के बाद इस खोज से कुछ नया नहीं मिला।"},
    "trend": {"en": "Flagged matches per day (last 7 days)", "hi": "प्रतिदिन फ़्लैग (पिछले 7 दिन)"},
    "reason.matches-factcheck": {"en": "Repeats a fact-checked claim", "hi": "फ़ैक्ट चेक किए गए दावे को दोहराता है"},
    "reason.style": {"en": "Misinformation style", "hi": "भ्रामक सूचना की शैली"},
    "reason.hostile": {"en": "Hostile", "hi": "आपत्तिजनक"},
    "score": {"en": "score", "hi": "स्कोर"},
    "why": {"en": "Why", "hi": "क्यों"},
    "factcheck": {"en": "Fact-check", "hi": "फ़ैक्ट चेक"},
    "rated": {"en": "rated", "hi": "रेटिंग"},
    "open": {"en": "Open in the desk", "hi": "डेस्क में खोलें"},
    "original": {"en": "original", "hi": "मूल लेख"},
    "more": {"en": "{count} more new matches are in the desk", "hi": "{count} और नए परिणाम डेस्क में हैं"},
    "all_in_desk": {"en": "See all in the desk", "hi": "सभी डेस्क में देखें"},
    "footer": {"en": "You receive this because you subscribe to the saved search “{name}” of the Satark monitoring desk.",
               "hi": "आपको यह इसलिए मिला क्योंकि आपने सतर्क निगरानी डेस्क की सहेजी गई खोज “{name}” की सदस्यता ली है।"},
    "unsubscribe": {"en": "Unsubscribe", "hi": "सदस्यता समाप्त करें"},
}


def translator(language: str) -> Callable[..., str]:
    return messages.translator(MESSAGES, language)
