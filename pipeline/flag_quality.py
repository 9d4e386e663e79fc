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

from core.claims import ArticleKind
from core.records import Discovery, ExtractedArticle
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


def as_extracted(article: DemoArticle, reviewer: str) -> ExtractedArticle:
    """The article as a crawl of its outlet would store it (``reviewer``: the outlet's name on its fact-checks)."""
    base = f"{DEMO_BASE}/{article.outlet}"
    url = article.url(base)
    return ExtractedArticle(
        id=article.key.replace("/", "-"), url=url, fetched_url=url, source=article.outlet, title=article.title,
        text=article.text, fetched_at=article.published, raw_html=b"", encoding="utf-8", via=Discovery.FEED,
        published=article.published, description=article.description, language_hint=article.language,
        tags=article.tags, claim_reviews=article.claim_reviews(base, reviewer),
    )


def demo_flag_figures(app: SatarkApp, corpus: Corpus | None = None) -> DemoFlagFigures:
    """Store and process every demo article with ``app`` (an empty home), then score what it flagged."""
    corpus = corpus or load_corpus()
    articles = sorted(corpus.articles, key=lambda a: a.published)
    stored = {a.key: as_extracted(a, corpus.outlet(a.outlet).title) for a in articles}
    for extracted in stored.values():
        app.store.articles.add(extracted)
    app.process(sync=False)
    analyses = app.store.claims.analyses([extracted.id for extracted in stored.values()])
    figures = DemoFlagFigures()
    for article in articles:
        analysis = analyses.get(stored[article.key].id)
        reason = next((f.reason.value for f in analysis.flags if f.task == MISINFORMATION), None) if analysis else None
        record(figures, article, flagged=reason is not None, hostile=bool(analysis and analysis.flagged(HOSTILITY)),
               factcheck=bool(analysis and analysis.kind.kind is ArticleKind.FACTCHECK), reason=reason)
    return figures


def record(figures: DemoFlagFigures, article: DemoArticle, *, flagged: bool, hostile: bool, factcheck: bool = False,
           reason: str | None = None) -> None:
    """Count one article's outcome against the corpus' ground truth (``factcheck``: recognised as one)."""
    row = figures.by_language.setdefault(article.language, LanguageFigures())
    if "fact-check" in article.tags:
        figures.factchecks += 1
        figures.factchecks_recognised += factcheck
        figures.factchecks_flagged += flagged or hostile
    row.articles += 1
    row.misinformation += article.misinformation
    row.flagged += flagged
    row.true_flags += flagged and article.misinformation
    if hostile:
        row.hostile += 1
        figures.hostile.append(article.key)
    if flagged and article.misinformation and reason:
        figures.reasons[reason] += 1
    if article.misinformation and not flagged:
        figures.missed.append(article.key)
    if flagged and not article.misinformation:
        figures.false_flags.append(article.key)
