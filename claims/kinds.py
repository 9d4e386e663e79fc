"""What an article is: a fact-check (a source of rated claims, never flagged), an opinion piece, or news.

Evidence is weighed strongest first and the first that speaks decides:

1. ClaimReview markup on the page: a fact-checker's own machine-readable verdict (detail: the first claim).
2. The sources file marks the outlet `fact_checker: true`.
3. A fact-check label in the headline (detail: the cue). The cues are labels, not topics: "Fact check:" opening
   the headline or "| Fact Check" closing it, "फ़ैक्ट चेक:", "सच या झूठ:", "पड़ताल:", a verdict on something
   viral ("viral video is fake", "वायरल वीडियो फ़र्ज़ी निकला") or the truth about it ("वायरल वीडियो की सच्चाई").
   Words a rumour uses ("fake", "shocking", "सच", "वायरल" alone) never decide: rumours must stay news.
4. A tag naming fact-checks ("fact-check", "factcheck").
5. Opinion: JSON-LD type OpinionNewsArticle, or an opinion section in the URL path or tags ("opinion",
   "editorial", "op-ed", "विचार", "संपादकीय"). Path segments and tags must equal the word: an "opinion-poll"
   story is news.
6. Otherwise news.

Headlines and tags are matched folded (`claims.cues.fold`: NFC, case-folded, nukta-blind).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from claims.cues import fold, folded_regex
from core.claims import ArticleKind, KindEvidence, KindGuess
from core.records import ClaimReview

_SEPARATOR = r"\s*[:|\-–—]"
_FACT_CHECK = r"(?:fact[\s\-‑]?check(?:er|ed|ing)?|फ़ैक्ट[\s\-‑]?चेक|फ़ेक्ट[\s\-‑]?चेक|fake news alert|myth vs\.? fact|myth buster)"
_SAYER = r"(?:[\w\u0900-\u097F.&]+\s+){0,2}"  # "PIB Fact Check:", "AFP फ़ैक्ट चेक:"
_TRUE_OR_FALSE = r"(?:सच या झूठ|सच्चाई या अफ़वाह|true or false|fact or fake|fact or fiction)"
_VIRAL_THING = r"(?:वायरल|viral|दावे|दावा|दावों|वीडियो|तस्वीर|फ़ोटो|मैसेज|संदेश|पोस्ट|ख़बर|claim|video|photo|image|post|message|letter)"
# (label for the desk, pattern on the folded headline)
_HEADLINE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, folded_regex(pattern))
    for label, pattern in (
        ("fact check", rf"^\W*{_SAYER}{_FACT_CHECK}(?:{_SEPARATOR}|\s+में\s|\s*$)"),
        ("fact check", rf"^\W*[\[(]{_FACT_CHECK}[\])]"),
        ("fact check", rf"{_SEPARATOR}\s*{_SAYER}{_FACT_CHECK}\W*$"),
        ("सच या झूठ", rf"^\W*{_TRUE_OR_FALSE}\s*[:|?\-–—]"),
        ("सच या झूठ", rf"[:|,\-–—]\s*{_TRUE_OR_FALSE}\W*$"),
        ("पड़ताल", rf"^\W*(?:{_SAYER})?पड़ताल{_SEPARATOR}"),
        ("पड़ताल", rf"{_VIRAL_THING}[^:|]{{0,40}}?की पड़ताल(?![\w\u0900-\u097F])"),
        ("explainer", r"^\W*explainer\s*[:|\-–—]\s*(?:is it true|is this true|did|does|was|were|can)\b"),
        ("की सच्चाई", rf"{_VIRAL_THING}[^:|]{{0,60}}?(?:की|का)\s+(?:पूरी\s+)?(?:सच्चाई|सच)(?![\w\u0900-\u097F])"),
        (
            "viral … false",
            r"\bviral\b[^|]{0,80}?\b(?:is|are|was|were)\s+(?:false|fake|misleading|fabricated|doctored|morphed|"
            r"edited|old|unrelated|not true)\b",
        ),
        ("वायरल … फ़र्ज़ी", r"वायरल[^|]{0,80}?(?:फ़र्ज़ी|झूठा|झूठी|झूठे|भ्रामक|ग़लत)\s*(?:है|हैं|निकला|निकली|निकले|साबित|[,।|:]|$)"),
    )
)
# "FACT CHECK" in capitals opens a headline as a label even without a colon; in lower case it could be a topic.
_CAPS_LABEL = re.compile(r"^\W*(?:[A-Z]+\s+){0,2}FACT[\s\-‑]?CHECK(?:ED)?\b")
_FACT_CHECK_TAGS = ("fact-check", "factcheck", "fact check", "fact_check", "फ़ैक्ट चेक", "फ़ैक्ट-चेक")
_OPINION_WORDS = frozenset(fold(word) for word in ("opinion", "opinions", "editorial", "editorials", "op-ed", "oped",
                                                    "op-eds", "विचार", "संपादकीय", "मत-विमत"))  # fmt: skip
_OPINION_TYPES = frozenset({"opinionnewsarticle"})


def detect_kind(
    *,
    title: str,
    claim_reviews: Sequence[ClaimReview],
    source_is_fact_checker: bool,
    json_ld_types: Sequence[str] = (),
    tags: Sequence[str] = (),
    url: str = "",
) -> KindGuess:
    """The article's kind and the strongest evidence for it."""
    if claim_reviews:
        return KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW, claim_reviews[0].claim)
    if source_is_fact_checker:
        return KindGuess(ArticleKind.FACTCHECK, KindEvidence.SOURCE)
    cue = headline_cue(title)
    if cue:
        return KindGuess(ArticleKind.FACTCHECK, KindEvidence.HEADLINE, cue)
    folded_tags = [fold(tag) for tag in tags]
    for tag in folded_tags:
        if any(fold(marker) in tag for marker in _FACT_CHECK_TAGS):
            return KindGuess(ArticleKind.FACTCHECK, KindEvidence.MARKUP, f"tag: {tag}")
    opinion = _opinion_evidence(json_ld_types, folded_tags, url)
    if opinion:
        return KindGuess(ArticleKind.OPINION, KindEvidence.MARKUP, opinion)
    return KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT)


def headline_cue(title: str) -> str | None:
    """The fact-check label a headline carries, if any."""
    if _CAPS_LABEL.match(title):
        return "fact check"
    folded = fold(title)
    for label, pattern in _HEADLINE_CUES:
        if pattern.search(folded):
            return label
    return None


def _opinion_evidence(json_ld_types: Sequence[str], folded_tags: Sequence[str], url: str) -> str | None:
    for declared in json_ld_types:
        # "OpinionNewsArticle", "schema:OpinionNewsArticle", "https://schema.org/OpinionNewsArticle"
        if re.split(r"[/:#]", declared.strip())[-1].casefold() in _OPINION_TYPES:
            return f"type: {declared}"
    for tag in folded_tags:
        if tag in _OPINION_WORDS:
            return f"tag: {tag}"
    # Directories only: the last segment is the article's slug, where "opinion-poll" is news.
    segments = [fold(unquote(part)) for part in urlsplit(url).path.split("/")[:-1] if part]
    for segment in segments:
        if segment in _OPINION_WORDS:
            return f"section: /{segment}/"
    return None
