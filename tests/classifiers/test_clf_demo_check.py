"""The out-of-domain demo-corpus check: right texts, right gold labels, figures that match the predictions."""

from __future__ import annotations

import numpy as np
import pytest

from classifiers.demo_check import check_demo_corpus, demo_corpus_view
from classifiers.registry import load_active
from core.tasks import MISINFORMATION, NOT_MISINFORMATION, SENTIMENT
from core.text import classification_text
from demosites.corpus import Corpus, load_corpus


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def test_view_is_every_article_as_the_pipeline_classifies_it(corpus: Corpus) -> None:
    view = demo_corpus_view(MISINFORMATION, corpus)
    assert len(view.examples) == len(corpus.articles) and view.dropped == 0
    for article, example in zip(corpus.articles, view.examples):
        assert example.text == classification_text(article.title, article.text)
        assert (example.language, example.origin) == (article.language, article.outlet)
        assert example.label == (MISINFORMATION if article.misinformation else NOT_MISINFORMATION)
    sentiments = [e.label for e in demo_corpus_view(SENTIMENT, corpus).examples]
    assert sentiments == [a.sentiment for a in corpus.articles]


def test_misinformation_figures_match_the_model_predictions(corpus: Corpus) -> None:
    model = load_active(MISINFORMATION)
    check = check_demo_corpus(model, corpus)
    articles = corpus.articles
    texts = [e.text for e in demo_corpus_view(MISINFORMATION, corpus).examples]
    flagged = np.array([p.flagged for p in model.predict(texts, [a.language for a in articles])])
    truth = np.array([a.misinformation for a in articles])
    assert check.articles == len(articles)
    assert check.flag_rate == pytest.approx(flagged.mean())
    for language in ("hi", "en"):
        mask = np.array([a.language == language for a in articles])
        metrics = check.evaluation.by_language[language]
        true_positives = int((flagged & truth & mask).sum())
        assert check.flag_rate_by_language[language] == pytest.approx(flagged[mask].mean())
        assert metrics.recall == pytest.approx(true_positives / (truth & mask).sum())
        assert metrics.precision == pytest.approx(true_positives / max(1, (flagged & mask).sum()))
    assert set(check.evaluation.by_dataset) == {a.outlet for a in articles}


def test_sentiment_check_reports_accuracy_without_flag_rates(corpus: Corpus) -> None:
    model = load_active(SENTIMENT)
    check = check_demo_corpus(model, corpus)
    texts = [e.text for e in demo_corpus_view(SENTIMENT, corpus).examples]
    predicted = [p.label for p in model.predict(texts, [a.language for a in corpus.articles])]
    expected = np.mean([guess == a.sentiment for guess, a in zip(predicted, corpus.articles)])
    assert check.flag_rate is None and check.flag_rate_by_language == {}
    assert check.evaluation.overall.accuracy == pytest.approx(expected)


def test_tasks_without_demo_ground_truth_are_refused(corpus: Corpus) -> None:
    # The demo outlets carry misinformation and sentiment ground truth only.
    with pytest.raises(ValueError, match="no ground truth for task 'hostility'"):
        demo_corpus_view("hostility", corpus)
    with pytest.raises(ValueError, match="unknown task"):
        demo_corpus_view("satire", corpus)
