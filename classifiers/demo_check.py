"""Out-of-domain check: how a model behaves on the bundled demo news articles.

The labelled training and validation sets are posts, tweets, one-line claims and reviews; the war
room classifies news articles. The demo corpus is the only article-length text with ground truth
in the repository, so every model card reports it, classified exactly as the pipeline does (title
+ lead from :func:`pipeline.classify.classification_text`, the article's own language).

It is reported only: nothing here feeds fitting, calibration, thresholds or model selection, or
the figures would stop saying anything about unseen news.
"""

from __future__ import annotations

from pydantic import BaseModel

from classifiers.base import TaskClassifier
from classifiers.evaluation import Metrics, TaskEvaluation, evaluate
from classifiers.task_views import TaskExample, TaskView
from core.tasks import MISINFORMATION, NOT_MISINFORMATION, SENTIMENT, task_spec
from core.text import classification_text
from demosites.corpus import Corpus, DemoArticle, load_corpus

SOURCE = "demosites.corpus (bundled demo outlets)"
INPUT = "title + lead via pipeline.classify.classification_text; language from the article"
NOTE = "out-of-domain check, reported only; never used to fit, calibrate or choose thresholds"


class DemoCorpusCheck(BaseModel):
    """One model's figures on the demo articles; ``evaluation.by_dataset`` is broken down by outlet."""

    source: str = SOURCE
    input: str = INPUT
    note: str = NOTE
    articles: int
    evaluation: TaskEvaluation
    flag_rate: float | None = None  # binary tasks: share of articles flagged, all languages
    flag_rate_by_language: dict[str, float] = {}


def _gold_label(task: str, article: DemoArticle) -> str:
    if task == MISINFORMATION:
        return MISINFORMATION if article.misinformation else NOT_MISINFORMATION
    if task == SENTIMENT:
        return article.sentiment
    raise ValueError(f"the demo corpus has no ground truth for task {task!r}")


def demo_corpus_view(task: str, corpus: Corpus | None = None) -> TaskView:
    """The demo articles as task examples (origin = outlet), in the text form the pipeline classifies."""
    task_spec(task)
    articles = (corpus or load_corpus()).articles
    examples = tuple(
        TaskExample(
            text=classification_text(article.title, article.text),
            label=_gold_label(task, article),
            language=article.language,
            origin=article.outlet,
        )
        for article in articles
    )
    return TaskView(task, examples, dropped=0)


def flag_rate(metrics: Metrics, positive: str) -> float:
    """Share of texts predicted positive, read off the confusion matrix (column of ``positive``)."""
    column = metrics.labels.index(positive)
    return sum(row[column] for row in metrics.confusion) / metrics.n if metrics.n else 0.0


def check_demo_corpus(classifier: TaskClassifier, corpus: Corpus | None = None) -> DemoCorpusCheck:
    """Evaluate ``classifier`` on every demo article, per language and per outlet."""
    view = demo_corpus_view(classifier.task, corpus)
    evaluation = evaluate(classifier, view)
    positive = task_spec(classifier.task).positive
    if positive is None:
        return DemoCorpusCheck(articles=len(view.examples), evaluation=evaluation)
    return DemoCorpusCheck(
        articles=len(view.examples),
        evaluation=evaluation,
        flag_rate=flag_rate(evaluation.overall, positive),
        flag_rate_by_language={
            language: flag_rate(metrics, positive) for language, metrics in evaluation.by_language.items()
        },
    )


def demo_label_shares(classifier: TaskClassifier, corpus: Corpus | None = None) -> dict[str, dict[str, float]]:
    """Per language, the share of demo articles given each label: for tasks the corpus has no ground truth for.

    The demo outlets publish news, so for hostility these shares are how often plain news is marked.
    """
    articles = (corpus or load_corpus()).articles
    predictions = classifier.predict(
        [classification_text(article.title, article.text) for article in articles],
        [article.language for article in articles],
    )
    classes = task_spec(classifier.task).classes
    shares: dict[str, dict[str, float]] = {}
    for language in sorted({article.language for article in articles}):
        picked = [p for p, article in zip(predictions, articles, strict=True) if article.language == language]
        shares[language] = {label: round(sum(label in p.labels for p in picked) / len(picked), 4) for label in classes}
    return shares
