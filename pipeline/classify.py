"""The classification stage: what text a model reads, and batching over every task at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from classifiers.base import TaskPrediction

# Models are trained on claims, posts and reviews: the headline and the first paragraphs carry the claim.
LEAD_CHARS = 1200


class MultiTaskClassifier(Protocol):
    def classify(self, texts: Sequence[str], languages: Sequence[str | None]) -> list[dict[str, TaskPrediction]]:
        ...


def classification_text(title: str, text: str, lead_chars: int = LEAD_CHARS) -> str:
    lead = text[:lead_chars]
    if len(text) > lead_chars:
        # Cut at a sentence or word end so a half word does not become a feature.
        cut = max(lead.rfind("।"), lead.rfind(". "), lead.rfind("\n"))
        lead = lead[: cut + 1] if cut > lead_chars // 2 else lead.rsplit(" ", 1)[0]
    return f"{title}\n{lead}".strip()
