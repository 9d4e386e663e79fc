"""From claims to flags: the one rule that decides what the monitoring cell is shown, and why.

- A fact-check is never flagged: it quotes the rumour to debunk it, and it is where known claims come from.
- A sentence that matches a claim a fact-checker rated (similarity at or above the validated match threshold,
  or, where the claim reranker decides a pairing, a same-claim probability at or above its threshold) flags
  misinformation with reason ``matches-factcheck``: the strongest flag, since a person already checked it.
- Otherwise a sentence whose calibrated style score reaches its language's operating point flags the task
  (misinformation or hostility) with reason ``style``: a weaker signal, kept within a false-flag budget
  measured on real news (see the claim model's card).

Each flag carries the sentence that drove it; an article gets at most one flag per task and reason (its
strongest sentence), so the desk reads one line of evidence per reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.claims import CROSS_LANGUAGE, ArticleKind, Claim, ClaimMatch, Flag, FlagReason, pairing
from core.tasks import MISINFORMATION

# Verdicts that make a matched claim a misinformation flag; "True"-rated claims in the store are not alerts.
DEBUNKED_HINTS = (
    "false", "fake", "misleading", "incorrect", "wrong", "fabricated", "doctored", "edited", "altered",
    "pants", "hoax", "scam", "satire", "no evidence", "unproven", "baseless", "not true", "half true",
    "फ़र्ज़ी", "फर्जी", "झूठ", "भ्रामक", "गलत", "ग़लत", "फेक", "फ़ेक", "अफ़वाह", "अफवाह", "असत्य", "बेबुनियाद",
)
TRUE_HINTS = ("true", "correct", "accurate", "सही", "सच")


def rating_debunks(rating: str | None) -> bool:
    """Whether a verdict in words says the claim is false or misleading. No rating counts as debunked: claims
    enter the store from fact-checks and fake-labelled data, which rate them false unless they say otherwise."""
    if not rating:
        return True
    folded = rating.casefold()
    if any(hint in folded for hint in DEBUNKED_HINTS):
        return True
    return not any(hint in folded for hint in TRUE_HINTS)


@dataclass(frozen=True)
class OperatingPoints:
    """Thresholds in force: the match similarity (one for a claim in the article's own language, one across
    Hindi and English: e5 places translations a little further apart than paraphrases) and, per task, the
    style threshold per language."""

    match: float  # same language
    match_cross: float | None = None  # across languages; None: the same-language threshold
    style: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # task -> language -> threshold
    fallback_language: str = "en"
    # Per pairing where the claim reranker decides: the same-claim probability a match needs, and the cosine a
    # neighbour needs to be read at all. Pairings not listed keep the cosine threshold.
    rerank: Mapping[str, float] = field(default_factory=dict)
    rerank_floors: Mapping[str, float] = field(default_factory=dict)

    def match_threshold(self, language: str | None, known_language: str | None) -> float:
        crossing = pairing(language, known_language) == CROSS_LANGUAGE
        return self.match_cross if crossing and self.match_cross is not None else self.match

    def reranks(self, language: str | None, known_language: str | None) -> float | None:
        """The cosine floor above which the reranker reads a neighbour of this pairing, or None if it does not."""
        group = pairing(language, known_language)
        return self.rerank_floors.get(group, 0.0) if group in self.rerank else None

    def strength(self, language: str | None, match: ClaimMatch) -> float:
        """How far a match clears what its pairing requires (negative: it does not match)."""
        group = pairing(language, match.known.language)
        if group in self.rerank and match.same_claim is not None:
            return min(match.same_claim - self.rerank[group], match.similarity - self.rerank_floors.get(group, 0.0))
        return match.similarity - self.match_threshold(language, match.known.language)

    def confirms(self, language: str | None, match: ClaimMatch) -> bool:
        return self.strength(language, match) >= 0.0

    def style_threshold(self, task: str, language: str | None) -> float | None:
        by_language = self.style.get(task)
        if not by_language:
            return None
        if language is not None and language in by_language:
            return by_language[language]
        return by_language.get(self.fallback_language, max(by_language.values()))


def decide_flags(
    kind: ArticleKind,
    claims: Sequence[Claim],
    language: str | None,
    points: OperatingPoints,
    style: Mapping[str, float] | None = None,
) -> tuple[Flag, ...]:
    """The article's flags, strongest reason first.

    ``style`` holds the article's own calibrated scores per task (title + lead, the text the operating points
    were chosen on); the evidence of a style flag is the claim sentence the same head scores highest.
    """
    if kind is ArticleKind.FACTCHECK:
        return ()
    flags: list[Flag] = []
    matched = [c for c in claims if c.match and points.confirms(language, c.match) and rating_debunks(c.match.known.rating)]
    if matched:
        best = max(matched, key=lambda c: points.strength(language, c.match) if c.match else 0.0)
        assert best.match is not None
        flags.append(Flag(MISINFORMATION, FlagReason.MATCHES_FACTCHECK, best.match.similarity, best.text, best.match))
    for task, score in (style or {}).items():
        threshold = points.style_threshold(task, language)
        if threshold is None or score < threshold or not claims:
            continue
        evidence = max(claims, key=lambda c: (c.scores.get(task, 0.0), -c.position))
        flags.append(Flag(task, FlagReason.STYLE, score, evidence.text))
    return tuple(flags)
