"""Editorial style rules of the demo corpus that are not structural.

These are reported rather than raised by the loader: a story of 175 words is still a usable
demo article, and one slightly-off article should fail one test, not every crawl test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from demosites.corpus import Corpus, DemoArticle

FIRST_DAY = date(2026, 11, 1)
LAST_DAY = date(2026, 11, 28)
PARAGRAPHS = range(4, 8)
WORDS = range(180, 401)
TAGS = range(1, 5)
SECTIONS = range(3, 6)
FACT_CHECK_TAG = "fact-check"
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


@dataclass(frozen=True)
class StyleProblem:
    where: str  # "outlet" or "outlet/slug"
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def _claim_review_problems(article: DemoArticle) -> list[str]:
    review = article.claim_review
    if (FACT_CHECK_TAG in article.tags) != (review is not None):
        return [f"a {FACT_CHECK_TAG} tag and a claim_review go together (a fact-check publishes its verdict)"]
    if review is not None and bool(_DEVANAGARI.search(review.claim)) != (article.language == "hi"):
        return [f"claim_review claim is not in the article's language ({article.language})"]
    return []


def _article_problems(corpus: Corpus, article: DemoArticle) -> list[str]:
    problems = _claim_review_problems(article)
    if not FIRST_DAY <= article.published.date() <= LAST_DAY:
        problems.append(f"published {article.published.isoformat()} outside {FIRST_DAY}..{LAST_DAY}")
    if len(article.tags) not in TAGS:
        problems.append(f"{len(article.tags)} tags, expected 1-4")
    if article.syndicated_from is None:
        if len(article.paragraphs) not in PARAGRAPHS:
            problems.append(f"{len(article.paragraphs)} paragraphs, expected 4-7")
        words = len(article.text.split())
        if words not in WORDS:
            problems.append(f"{words} words, expected 180-400")
    else:
        original = corpus.article(article.syndicated_from)
        if original.outlet == article.outlet:
            problems.append("syndicated from its own outlet")
        if original.language != article.language:
            problems.append("syndicated from an outlet of another language")
    return problems


def style_problems(corpus: Corpus) -> list[StyleProblem]:
    problems = [
        StyleProblem(o.name, f"{len(o.sections)} sections, expected 3-5")
        for o in corpus.outlets
        if len(o.sections) not in SECTIONS
    ]
    for article in corpus.articles:
        problems.extend(StyleProblem(article.key, p) for p in _article_problems(corpus, article))
    return problems
