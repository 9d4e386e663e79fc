"""Quality gate for the flags the monitoring cell sees, with floors recorded from the active model.

A retrained article flag model (or a change to claim analysis) that floods the desk with false flags, flags a
fact-check, or matches claims less precisely fails here. The floors are the figures measured when the active
version was adopted (docs/decisions.md, decision 39), less a small margin; raise them as the flags improve.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifiers.article_flags import TASK
from classifiers.article_flags.data import Split, load_flag_examples
from classifiers.article_flags.embedder import E5SentenceEmbedder
from classifiers.article_flags.evaluation import false_flags, pair_figures, pair_similarities, read_pairs
from classifiers.article_flags.model import CARD_FILE, load_active_flag_model
from classifiers.datasets import DEFAULT_DATA_DIR
from classifiers.registry import active, model_dir
from core.settings import SatarkSettings
from pipeline.app import SatarkApp
from pipeline.flag_quality import demo_flag_figures

pytestmark = pytest.mark.slow

# Demo corpus (article text no step was fitted or calibrated on). Measured at adoption: precision 0.75 (en 0.67,
# hi 0.83), recall 0.64, 5 of 86 news articles marked hostile. The targets (all 14 rumours flagged at
# precision 0.8) are not reached yet; these floors stop a step back.
MIN_PRECISION = 0.7
MIN_LANGUAGE_PRECISION = 0.6
MIN_RECALL = 0.6
MAX_HOSTILE_SHARE = 0.10  # of the demo's news articles marked hostile
# Held-out real news (AG's News, BBC Hindi) flagged, per task and language: the false-flag budget.
MAX_NEWS_FALSE_FLAGS = 0.05
# Claim matching on the TEST claim pairs at the model's validated thresholds (measured: precision 0.92 overall,
# cross-language 0.93 at recall 0.97; same-language precision 0.85 at recall 0.16).
MIN_PAIR_PRECISION = 0.88
MIN_CROSS_LANGUAGE_RECALL = 0.9


@pytest.fixture(scope="module")
def embedder() -> E5SentenceEmbedder:
    return E5SentenceEmbedder()


def test_demo_corpus_flags_are_precise_and_fact_checks_never_flagged(tmp_path: Path) -> None:
    with SatarkApp(SatarkSettings(home=tmp_path)) as app:
        figures = demo_flag_figures(app)
    overall = figures.overall
    assert figures.factchecks == 5 and figures.factchecks_recognised == 5
    assert figures.factchecks_flagged == 0
    assert overall.precision >= MIN_PRECISION, figures.false_flags
    assert overall.recall >= MIN_RECALL, figures.missed
    for language in ("hi", "en"):
        assert figures.by_language[language].precision >= MIN_LANGUAGE_PRECISION, (language, figures.false_flags)
    news = overall.articles - overall.misinformation
    assert len(figures.hostile) <= MAX_HOSTILE_SHARE * news, figures.hostile


def test_claim_matching_precision_on_held_out_pairs(embedder: E5SentenceEmbedder) -> None:
    model = load_active_flag_model()
    assert model is not None, "no active article flag model in models/registry.json"
    pairs = read_pairs()
    figures = pair_figures(pairs, pair_similarities(pairs, embedder.embed), model.match_thresholds, "test")
    assert figures["all"]["precision"] >= MIN_PAIR_PRECISION, figures
    assert figures["cross-language"]["precision"] >= 0.9, figures
    assert figures["cross-language"]["recall"] >= MIN_CROSS_LANGUAGE_RECALL, figures


def test_active_card_keeps_the_false_flag_budget() -> None:
    model_id = active(TASK)
    assert model_id is not None
    card = json.loads((model_dir(TASK, model_id) / CARD_FILE).read_text(encoding="utf-8"))
    for task, by_language in card["news_false_flags"].items():
        for language, row in by_language.items():
            assert row["items"] > 500 and row["rate"] <= MAX_NEWS_FALSE_FLAGS, (task, language, row)


@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "news" / "ag_news_english_dev.csv").is_file(),
                    reason="the shared data (held-out news) is not on this machine; the card figures are checked above")
def test_held_out_news_false_flags_measured_again(embedder: E5SentenceEmbedder) -> None:
    model = load_active_flag_model()
    assert model is not None
    held = [e for e in load_flag_examples(DEFAULT_DATA_DIR) if e.is_news and e.split is Split.HELD_OUT]
    scores = model.scores(embedder.embed_articles([e.text for e in held]))
    figures = false_flags(held, scores, model.thresholds)
    for task, by_language in figures.items():
        for language, row in by_language.items():
            assert row["rate"] <= MAX_NEWS_FALSE_FLAGS, (task, language, row)
    assert np.isfinite([row["rate"] for by in figures.values() for row in by.values()]).all()
