"""What the monitoring cell would be shown for the demo corpus: flags per article through the real pipeline.

The bundled demo articles (Hindi and English outlets, 14 rumour stories, 5 fact-checks with ClaimReview markup)
go into an empty store in publication order and through ``SatarkApp.process`` exactly as a crawl leaves them;
the stored claim analyses are then compared with the corpus' ground truth. Used by ``bench/flags.py`` and the
quality gate (tests/pipeline/test_flag_quality_gate.py). The demo corpus is never used to fit or to choose an
operating point, so these figures say how the flags behave on article text the models did not see.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.claims import ArticleKind, ClaimAnalysis
from core.records import ClaimReview, Discovery, ExtractedArticle
from core.tasks import HOSTILITY, MISINFORMATION
from demosites.corpus import Corpus, DemoArticle, load_corpus
from pipeline.app import SatarkApp

DEMO_BASE = "https://demo.satark.invalid"


@dataclass
class LanguageFigures:
    articles: int = 0
    misinformation: int = 0
    flagged: int = 0
    true_flags: int = 0
    hostile: int = 0

    @property
    def precision(self) -> float:
        return self.true_flags / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_flags / self.misinformation if self.misinformation else 1.0


@dataclass
class DemoFlagFigures:
    by_language: dict[str, LanguageFigures] = field(default_factory=dict)
    factchecks: int = 0
    factchecks_recognised: int = 0
    factchecks_flagged: int = 0
    reasons: Counter[str] = field(default_factory=Counter)  # strongest reason of each true flag
    missed: list[str] = field(default_factory=list)  # rumour articles not flagged
    false_flags: list[str] = field(default_factory=list)  # real news flagged
    hostile: list[str] = field(default_factory=list)

    @property
    def overall(self) -> LanguageFigures:
        total = LanguageFigures()
        for figures in self.by_language.values():
            for name in ("articles", "misinformation", "flagged", "true_flags", "hostile"):
                setattr(total, name, getattr(total, name) + getattr(figures, name))
        return total


def _review(article: DemoArticle, url: str) -> tuple[ClaimReview, ...]:
    review = article.claim_review
    if review is None:
        return ()
    claim_date = datetime(review.claim_date.year, review.claim_date.month, review.claim_date.day, tzinfo=UTC) \
        if review.claim_date else None
    return (ClaimReview(claim=review.claim, rating=review.rating, rating_value=float(review.rating_value),
                        best_rating=float(review.best_rating), worst_rating=float(review.worst_rating),
                        claimant=review.claimant, claim_date=claim_date, reviewer=article.outlet,
                        reviewed=article.published, url=url, appearances=review.appearances),)


def as_extracted(article: DemoArticle) -> ExtractedArticle:
    url = article.url(f"{DEMO_BASE}/{article.outlet}")
    return ExtractedArticle(
        id=article.key.replace("/", "-"), url=url, fetched_url=url, source=article.outlet, title=article.title,
        text=article.text, fetched_at=article.published, raw_html=b"", encoding="utf-8", via=Discovery.FEED,
        published=article.published, description=article.description, language_hint=article.language,
        tags=article.tags, claim_reviews=_review(article, url),
    )


def demo_flag_figures(app: SatarkApp, corpus: Corpus | None = None) -> DemoFlagFigures:
    """Store and process every demo article with ``app`` (an empty home), then score what it flagged."""
    articles = sorted((corpus or load_corpus()).articles, key=lambda a: a.published)
    for article in articles:
        app.store.articles.add(as_extracted(article))
    app.process(sync=False)
    analyses = app.store.claims.analyses([as_extracted(a).id for a in articles])
    figures = DemoFlagFigures()
    for article in articles:
        _score(figures, article, analyses.get(as_extracted(article).id))
    return figures


def _score(figures: DemoFlagFigures, article: DemoArticle, analysis: ClaimAnalysis | None) -> None:
    row = figures.by_language.setdefault(article.language, LanguageFigures())
    flagged = bool(analysis and analysis.flagged(MISINFORMATION))
    if "fact-check" in article.tags:
        figures.factchecks += 1
        figures.factchecks_recognised += bool(analysis and analysis.kind.kind is ArticleKind.FACTCHECK)
        figures.factchecks_flagged += flagged or bool(analysis and analysis.flagged(HOSTILITY))
    row.articles += 1
    row.misinformation += article.misinformation
    row.flagged += flagged
    row.true_flags += flagged and article.misinformation
    if analysis and analysis.flagged(HOSTILITY):
        row.hostile += 1
        figures.hostile.append(article.key)
    if flagged and article.misinformation and analysis:
        figures.reasons[next(f.reason.value for f in analysis.flags if f.task == MISINFORMATION)] += 1
    if article.misinformation and not flagged:
        figures.missed.append(article.key)
    if flagged and not article.misinformation:
        figures.false_flags.append(article.key)
