"""Review decisions: an append-only history in the store whose newest entry per (article, task) counts; a
misinformation decision reaches the search index through the outbox; effective decisions become training rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from core.records import ExtractedArticle, LanguageGuess, ProcessingResult, TaskPrediction
from index.factory import open_index
from pipeline.indexing import drain_outbox, rebuild_index
from store.database import alembic_config, migration_heads
from store.models import Base, ReviewDecisionRow
from store.reviews import AmbiguousArticleId, ReviewError, UnknownArticle
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
WHEN = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
MISINFO_MODEL = "tfidf-lr/2026.11.29-2"
SENTIMENT_MODEL = "tfidf-lr/2026.11.29-3"
NOTE = "फ़र्ज़ी दावा: चुनाव आयोग ने खंडन किया, ईवीएम में कोई चिप नहीं"


def processing(article: ExtractedArticle, language: str, *, flagged: bool = True) -> ProcessingResult:
    misinfo = TaskPrediction("misinformation", MISINFO_MODEL, {"misinformation": 0.91 if flagged else 0.12},
                             ("misinformation",) if flagged else ())
    sentiment = TaskPrediction("sentiment", SENTIMENT_MODEL, {"negative": 0.7, "neutral": 0.2, "positive": 0.1},
                               ("negative",))
    return ProcessingResult(article_id=article.id, language=LanguageGuess(language, 0.99, "script"), duplicate_of=None,
                            minhash=b"\x01" * 16, predictions={"misinformation": misinfo, "sentiment": sentiment})


@pytest.fixture
def hindi(store: Store, make_article: ArticleFactory) -> ExtractedArticle:
    article = make_article("evm-chip", hindi=True)
    store.articles.add(article)
    store.articles.save_processing([processing(article, "hi")], processed_at=WHEN)
    return article


@pytest.fixture
def english(store: Store, make_article: ArticleFactory) -> ExtractedArticle:
    article = make_article("poll-dates", hindi=False)
    store.articles.add(article)
    store.articles.save_processing([processing(article, "en", flagged=False)], processed_at=WHEN)
    return article


def _drain_all(store: Store) -> None:
    store.outbox.ack([item.id for item in store.outbox.batch(100)])


# --- schema ---------------------------------------------------------------------------------------------------


def test_migration_0002_creates_the_table_and_matches_the_model(store: Store, db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == max(migration_heads())
            # Autogenerate against the migrated database finds nothing to add: migrations and models agree.
            context = MigrationContext.configure(connection, opts={"render_as_batch": True})
            assert compare_metadata(context, Base.metadata) == []
        columns = {c["name"]: c for c in inspect(engine).get_columns("review_decisions")}
        assert set(columns) == {"id", "article_id", "task", "decision", "label", "note", "reviewer", "model",
                                "decided_at"}
        assert [c["name"] for c in columns.values() if not c["nullable"]] == [
            "id", "article_id", "task", "decision", "decided_at"]
        assert {i["name"] for i in inspect(engine).get_indexes("review_decisions")} == {
            "ix_review_decisions_article_id"}
        (foreign_key,) = inspect(engine).get_foreign_keys("review_decisions")
        assert (foreign_key["referred_table"], foreign_key["constrained_columns"]) == ("articles", ["article_id"])
    finally:
        engine.dispose()


def test_migration_downgrades_to_0001_and_upgrades_again(store: Store, db_url: str, hindi: ExtractedArticle) -> None:
    store.reviews.record_decision(hindi.id, "confirmed", note=NOTE)
    engine = store.sessions.kw["bind"]
    config = alembic_config(db_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "review_decisions" not in inspect(engine).get_table_names()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert store.reviews.history(hindi.id) == []
    assert store.articles.get(hindi.id) is not None  # articles untouched by the round trip


def test_the_store_refuses_a_third_kind_of_decision(store: Store, hindi: ExtractedArticle) -> None:
    with pytest.raises(IntegrityError), store.sessions.begin() as session:
        session.add(ReviewDecisionRow(article_id=hindi.id, decision="maybe", decided_at=WHEN))
    with pytest.raises(IntegrityError), store.sessions.begin() as session:
        session.add(ReviewDecisionRow(article_id="no-such-article", decision="confirmed", decided_at=WHEN))


# --- recording ------------------------------------------------------------------------------------------------


def test_decisions_on_hindi_and_english_articles_are_recorded_with_the_reviewed_model(
    store: Store, hindi: ExtractedArticle, english: ExtractedArticle
) -> None:
    confirmed = store.reviews.record_decision(hindi.id, "confirmed", note=NOTE, reviewer="राजेश")
    assert (confirmed.article_id, confirmed.task, confirmed.decision) == (hindi.id, "misinformation", "confirmed")
    assert confirmed.model == MISINFO_MODEL  # copied from the stored verdict at decision time
    assert confirmed.decided_at.tzinfo is not None
    dismissed = store.reviews.record_decision(english.id, "dismissed", task="sentiment", label="Neutral",
                                              reviewer=" Priya Sharma ", note="Balanced report, not negative")
    assert (dismissed.task, dismissed.label, dismissed.reviewer) == ("sentiment", "neutral", "Priya Sharma")
    assert dismissed.model == SENTIMENT_MODEL

    # Read back from a fresh store handle: Devanagari (nukta, virama, matras) survives the round trip.
    again = Store(store.url)
    try:
        (stored,) = again.reviews.history(hindi.id)
        assert stored == confirmed
        assert stored.note == NOTE and stored.reviewer == "राजेश"
        assert again.reviews.latest(english.id, "sentiment") == dismissed
        assert again.reviews.latest(english.id) is None  # no misinformation decision on it
    finally:
        again.close()


def test_history_is_append_only_and_the_newest_decision_counts(
    store: Store, hindi: ExtractedArticle, english: ExtractedArticle
) -> None:
    first = store.reviews.record_decision(hindi.id, "confirmed", decided_at=WHEN)
    second = store.reviews.record_decision(hindi.id, "dismissed", decided_at=WHEN + timedelta(hours=1),
                                           note="स्रोत विश्वसनीय निकला")
    hostility = store.reviews.record_decision(hindi.id, "confirmed", task="hostility", label="hate, offensive",
                                              decided_at=WHEN + timedelta(minutes=5))
    english_decision = store.reviews.record_decision(english.id, "confirmed", decided_at=WHEN)
    # A decision entered later but dated earlier (a back-filled paper log) does not override a newer one.
    store.reviews.record_decision(hindi.id, "confirmed", decided_at=WHEN - timedelta(days=1))

    assert [d.decision for d in store.reviews.history(hindi.id)] == ["confirmed", "confirmed", "confirmed",
                                                                     "dismissed"]
    assert [d.id for d in store.reviews.history(hindi.id)][1:] == [first.id, hostility.id, second.id]
    latest = store.reviews.latest_decisions()
    assert latest == {(hindi.id, "misinformation"): second, (hindi.id, "hostility"): hostility,
                      (english.id, "misinformation"): english_decision}
    assert hostility.labels == ("hate", "offensive")
    assert store.reviews.latest_decisions([english.id]) == {(english.id, "misinformation"): english_decision}
    assert store.reviews.latest_decisions(tasks=["hostility"]) == {(hindi.id, "hostility"): hostility}
    assert store.reviews.review_statuses([hindi.id, english.id, "unreviewed-id"]) == {
        hindi.id: "dismissed", english.id: "confirmed"}


def test_article_ids_resolve_by_unique_prefix(store: Store, make_article: ArticleFactory,
                                              hindi: ExtractedArticle) -> None:
    assert store.reviews.resolve_id(hindi.id) == hindi.id
    assert store.reviews.resolve_id(hindi.id[:8].upper()) == hindi.id
    decision = store.reviews.record_decision(hindi.id[:10], "confirmed")
    assert decision.article_id == hindi.id

    for slug, article_id in (("twin-a", "abcdef0123456789aaaa"), ("twin-b", "abcdef0123456789bbbb")):
        store.articles.add(replace(make_article(slug, hindi=False), id=article_id))
    with pytest.raises(AmbiguousArticleId, match="abcdef0123456789aaaa, abcdef0123456789bbbb"):
        store.reviews.record_decision("abcdef01", "confirmed")
    assert store.reviews.resolve_id("abcdef0123456789b") == "abcdef0123456789bbbb"

    with pytest.raises(UnknownArticle, match="at least its first 8 hex characters"):
        store.reviews.record_decision(hindi.id[:7], "confirmed")
    with pytest.raises(UnknownArticle, match="no article with id 'ffffffffffff'"):
        store.reviews.record_decision("ffffffffffff", "confirmed")
    with pytest.raises(UnknownArticle):
        store.reviews.record_decision("चुनाव-आयोग-लेख", "confirmed")
    assert len(store.reviews.history(hindi.id)) == 1  # the failed attempts stored nothing


@pytest.mark.parametrize(
    ("task", "decision", "label", "message"),
    [
        ("misinformation", "confirmed", "fake", "takes no label"),
        ("hostility", "confirmed", "rude", "unknown hostility label 'rude'"),
        ("hostility", "dismissed", "hate", "dismissed hostility flag means non-hostile"),
        ("sentiment", "dismissed", "negative,positive", "one sentiment label"),
        ("sentiment", "dismissed", "angry", "unknown sentiment label 'angry'"),
        ("rumour", "confirmed", None, "unknown review task 'rumour'"),
        ("misinformation", "maybe", None, "unknown decision 'maybe'"),
    ],
)
def test_bad_decisions_are_refused_with_one_line(store: Store, hindi: ExtractedArticle, task: str, decision: str,
                                                 label: str | None, message: str) -> None:
    with pytest.raises(ReviewError, match=message) as caught:
        store.reviews.record_decision(hindi.id, decision, task=task, label=label)
    assert "\n" not in str(caught.value)
    assert store.reviews.history(hindi.id) == [] and store.outbox.size() == 1  # only processing's own row


# --- index ----------------------------------------------------------------------------------------------------


def test_misinformation_decisions_queue_an_index_write_in_the_same_transaction(
    store: Store, make_article: ArticleFactory, hindi: ExtractedArticle, english: ExtractedArticle
) -> None:
    _drain_all(store)
    store.reviews.record_decision(hindi.id, "confirmed")
    store.reviews.record_decision(english.id, "dismissed")
    assert [(i.article_id, i.op) for i in store.outbox.batch(10)] == [(hindi.id, "upsert"), (english.id, "upsert")]
    _drain_all(store)
    # Sentiment and hostility reviews change nothing the index shows.
    store.reviews.record_decision(english.id, "dismissed", task="sentiment", label="neutral")
    store.reviews.record_decision(hindi.id, "confirmed", task="hostility")
    assert store.outbox.size() == 0
    # An article not processed yet is not in the index; processing will index it with its decision.
    waiting = make_article("not-processed-yet", hindi=True)
    store.articles.add(waiting)
    decision = store.reviews.record_decision(waiting.id, "confirmed")
    assert store.outbox.size() == 0 and decision.model is None


def test_search_index_shows_the_effective_review_status(
    store: Store, tmp_path: Path, hindi: ExtractedArticle, english: ExtractedArticle
) -> None:
    with open_index("sqlite", path=tmp_path / "index.sqlite") as index:
        assert drain_outbox(store, index).written == 2
        assert index.get(hindi.id).review_status == "unreviewed"  # type: ignore[union-attr]

        store.reviews.record_decision(hindi.id, "confirmed", note=NOTE)
        store.reviews.record_decision(english.id, "dismissed")
        report = drain_outbox(store, index)
        assert (report.written, report.pending) == (2, 0)
        hindi_doc, english_doc = index.get(hindi.id), index.get(english.id)
        assert hindi_doc is not None and english_doc is not None
        assert (hindi_doc.review_status, hindi_doc.flagged, hindi_doc.language) == ("confirmed", True, "hi")
        assert (english_doc.review_status, english_doc.flagged, english_doc.language) == ("dismissed", False, "en")

        store.reviews.record_decision(hindi.id, "dismissed", note="दोबारा जाँच: ख़बर सही निकली")
        drain_outbox(store, index)
        assert index.get(hindi.id).review_status == "dismissed"  # type: ignore[union-attr]

        # A rebuild from the store keeps the decisions.
        index.clear()
        assert rebuild_index(store, index).written == 2
        assert index.get(hindi.id).review_status == "dismissed"  # type: ignore[union-attr]
        assert index.get(english.id).review_status == "dismissed"  # type: ignore[union-attr]


# --- training rows --------------------------------------------------------------------------------------------


def test_effective_decisions_become_labelled_examples(
    store: Store, make_article: ArticleFactory, hindi: ExtractedArticle, english: ExtractedArticle
) -> None:
    store.reviews.record_decision(hindi.id, "dismissed", decided_at=WHEN)
    store.reviews.record_decision(hindi.id, "confirmed", decided_at=WHEN + timedelta(hours=1))  # replaces it
    store.reviews.record_decision(english.id, "dismissed", decided_at=WHEN + timedelta(hours=2))
    store.reviews.record_decision(hindi.id, "confirmed", task="hostility", label="hate,offensive",
                                  decided_at=WHEN + timedelta(hours=3))
    store.reviews.record_decision(english.id, "confirmed", task="hostility", decided_at=WHEN + timedelta(hours=4))
    store.reviews.record_decision(english.id, "dismissed", task="sentiment", label="positive",
                                  decided_at=WHEN + timedelta(hours=5))
    store.reviews.record_decision(hindi.id, "confirmed", task="sentiment", decided_at=WHEN + timedelta(hours=6))
    unprocessed = make_article("waiting", hindi=True)
    store.articles.add(unprocessed)
    store.reviews.record_decision(unprocessed.id, "dismissed", task="hostility", decided_at=WHEN + timedelta(hours=7))

    examples = list(store.reviews.iter_labelled_examples())
    assert [(e.article_id, e.task, e.labels, e.language) for e in examples] == [
        (hindi.id, "misinformation", ("fake",), "hi"),
        (english.id, "misinformation", ("real",), "en"),
        (hindi.id, "hostility", ("hate", "offensive"), "hi"),
        (english.id, "hostility", ("hostile",), "en"),
        (english.id, "sentiment", ("positive",), "en"),
        # the Hindi sentiment confirmation carries no class, so it teaches nothing and is left out
        (unprocessed.id, "hostility", ("non-hostile",), "hi"),  # language from the source's hint
    ]
    assert examples[0].title == hindi.title and examples[0].text == hindi.text
    assert examples[0].decided_at == WHEN + timedelta(hours=1)

    only = list(store.reviews.iter_labelled_examples(tasks=["misinformation", "sentiment"],
                                                      since=WHEN + timedelta(hours=1, minutes=30)))
    assert [(e.article_id, e.task) for e in only] == [(english.id, "misinformation"), (english.id, "sentiment")]
    # `since` applies to the effective decision: the Hindi one replaced before the cut-off does not come back.
    assert list(store.reviews.iter_labelled_examples(tasks=["misinformation"], since=WHEN + timedelta(hours=3))) == []


def test_reviewers_can_decide_on_every_task_the_pipeline_runs_on_articles() -> None:
    from core.tasks import ARTICLE_TASKS, HOSTILITY_CLASSES
    from store.reviews import CORRECTED_LABELS, REVIEW_TASKS

    assert set(REVIEW_TASKS) == set(ARTICLE_TASKS)
    # A hostility correction may name any class the model predicts, so the export reads back through the view.
    assert set(HOSTILITY_CLASSES) <= CORRECTED_LABELS["hostility"]

