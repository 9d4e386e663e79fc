"""Language identification: a script-count fast path for clearly Devanagari or clearly Latin text, seeded
langdetect (deterministic) for the rest."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from langdetect import DetectorFactory, LangDetectException, detect_langs
from langdetect.detector_factory import init_factory

from core.records import LanguageGuess

SUPPORTED = ("hi", "en")
# Share of letters that must be in one script before we trust the script alone.
_CLEAR_SCRIPT = 0.9
# Devanagari is also used for Marathi and Nepali, so the fast path needs langdetect to not disagree strongly.
_DEVANAGARI = range(0x0900, 0x0980)
_DEVANAGARI_EXT = range(0xA8E0, 0xA900)


def script_shares(text: str) -> tuple[float, float, int]:
    """(Devanagari share, basic-Latin share, number of letters) over letters and combining marks."""
    deva = latin = letters = 0
    for char in text:
        code = ord(char)
        if code in _DEVANAGARI or code in _DEVANAGARI_EXT:
            deva += 1
            letters += 1
        elif unicodedata.category(char).startswith("L"):
            letters += 1
            if char.isascii():
                latin += 1
    if letters == 0:
        return 0.0, 0.0, 0
    return deva / letters, latin / letters, letters


@lru_cache(maxsize=1)
def _factory_ready() -> bool:
    init_factory()
    return True


# Very common function words: enough of them in clearly-scripted text settles the language without a model, and
# tells Hindi from Marathi/Nepali (also Devanagari) and English from other Latin-script languages.
_HINDI_MARKERS = frozenset("है हैं के की का को में से ने और पर भी था थी थे यह वह कि लिए नहीं गया किया".split())
_ENGLISH_MARKERS = frozenset("the of and to in is was for on that with by said at as from it be has have".split())
_MARKER_SHARE = 0.12


def _marker_share(text: str, markers: frozenset[str]) -> float:
    words = [w.strip(".,;:!?\"'()[]{}।॥-").lower() for w in text.split()]
    words = [w for w in words if w]
    return sum(w in markers for w in words) / len(words) if words else 0.0


class LanguageDetector:
    def __init__(self, seed: int = 0, sample_chars: int = 2000) -> None:
        self.seed = seed
        self.sample_chars = sample_chars

    def detect(self, text: str) -> LanguageGuess:
        sample = text[: self.sample_chars]
        deva, latin, letters = script_shares(sample)
        if letters == 0:
            return LanguageGuess("other", 0.0, "script")
        if deva >= _CLEAR_SCRIPT and _marker_share(sample, _HINDI_MARKERS) >= _MARKER_SHARE:
            return LanguageGuess("hi", round(deva, 4), "script")
        if latin >= _CLEAR_SCRIPT and _marker_share(sample, _ENGLISH_MARKERS) >= _MARKER_SHARE:
            return LanguageGuess("en", round(latin, 4), "script")
        return self._langdetect(sample)

    def _langdetect(self, sample: str) -> LanguageGuess:
        _factory_ready()
        DetectorFactory.seed = self.seed  # langdetect is random unless seeded before each call
        try:
            candidates = detect_langs(sample)
        except LangDetectException:
            return LanguageGuess("other", 0.0, "langdetect")
        best = candidates[0]
        language = best.lang if best.lang in SUPPORTED else "other"
        return LanguageGuess(language, round(float(best.prob), 4), "langdetect")
