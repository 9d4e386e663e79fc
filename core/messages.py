"""Text in English and Hindi from a catalogue (the desk's interface, the digests' own words): one lookup for both."""

from __future__ import annotations

from collections.abc import Callable, Mapping

Catalogue = Mapping[str, Mapping[str, str]]  # key -> language -> text, with {placeholders}


def translator(catalogue: Catalogue, language: str, fallback: str = "en") -> Callable[..., str]:
    """`t(key, **values)`: the text of `key` in `language` (else in `fallback`; an unknown key is itself), with its
    placeholders filled."""

    def translate(key: str, **values: object) -> str:
        entry = catalogue.get(key, {})
        text = entry.get(language) or entry.get(fallback) or key
        return text.format(**values) if values else text

    return translate
