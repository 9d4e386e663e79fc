"""save_processing writes results and the index outbox in one transaction; the outbox drains in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from core.records import ExtractedArticle, LanguageGuess, ProcessingResult, TaskPrediction
from core.tasks import TaskKind
from store.models import OutboxRow
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
WHEN = datetime(2024, 4, 16, 12, 0, tzinfo=UTC)


def prediction(task: str, model: str, scores: dict[str, float], labels: tuple[str, ...],
               kind: TaskKind | None = None) -> TaskPrediction:
    return TaskPrediction(task=task, model=model, scores=scores, labels=labels, kind=kind)


def result(article_id: str, *, language: str = "hi", duplicate_of: str | None = None,
           predictions: tuple[TaskPrediction, ...] = (), minhash: bytes = b"\x01" * 16) -> ProcessingResult:
    return ProcessingResult(
        article_id=article_id,
        language=LanguageGuess(language, 0.97, "script"),
        duplicate_of=duplicate_of,
        minhash=minhash,
        predictions={p.task: p for p in predictions},
    )


@pytest.fixture
def two_articles(store: Store, make_article: ArticleFactory) -> tuple[ExtractedArticle, ExtractedArticle]:
    original, copy = make_article("chunav-1"), make_article("chunav-1-copy")
    store.articles.add(original)
    store.articles.add(copy)
    return original, copy


def test_processing_fields_are_written(store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]) -> None:
    original, copy = two_articles
    store.articles.save_processing(
        [result(original.id, minhash=b"sig-original"), result(copy.id, duplicate_of=original.id)], processed_at=WHEN
    )
    row = store.articles.get(copy.id)
    assert row is not None
    assert (row.language, row.language_confidence, row.language_method) == ("hi", 0.97, "script")
    assert row.duplicate_of == original.id
    assert row.processed_at == WHEN
    assert store.articles.count(processed=True) == 2
    assert store.articles.unprocessed(10) == []
    # Only originals are signatures to compare against; the copy is not.
    assert store.articles.minhashes() == [(original.id, b"sig-original")]


def test_classifications_are_stored_per_task(store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]) -> None:
    original, _ = two_articles
    misinfo = prediction("misinfo", "tfidf-lr/1", {"fake": 0.83}, ("fake",))
    hostility = prediction("hostility", "tfidf-lr/1", {"hate": 0.7, "offensive": 0.6, "defamation": 0.1},
                           ("hate", "offensive"), TaskKind.MULTILABEL)
    store.articles.save_processing([result(original.id, predictions=(misinfo, hostility))], processed_at=WHEN)
    rows = {r.task: r for r in store.articles.classifications(original.id)}
    assert set(rows) == {"misinfo", "hostility"}
    assert rows["misinfo"].labels == ["fake"]
    assert rows["misinfo"].scores == {"fake": 0.83}
    assert rows["hostility"].labels == ["hate", "offensive"]
    assert rows["hostility"].model == "tfidf-lr/1"


def test_reprocessing_updates_in_place_and_newest_model_wins(
    store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]
) -> None:
    original, _ = two_articles
    store.articles.save_processing(
        [result(original.id, predictions=(prediction("misinfo", "tfidf-lr/1", {"fake": 0.8}, ("fake",)),))],
        processed_at=WHEN,
    )
    store.articles.save_processing(
        [result(original.id, predictions=(prediction("misinfo", "tfidf-lr/1", {"fake": 0.2}, ()),))],
        processed_at=WHEN + timedelta(minutes=1),
    )
    rows = store.articles.classifications(original.id)
    assert len(rows) == 1  # same task and model: updated, not duplicated
    assert rows[0].labels == [] and rows[0].scores == {"fake": 0.2}

    store.articles.save_processing(
        [result(original.id, predictions=(prediction("misinfo", "xlmr/2", {"fake": 0.95}, ("fake",)),))],
        processed_at=WHEN + timedelta(minutes=2),
    )
    rows = store.articles.classifications(original.id)
    assert [(r.model, r.labels) for r in rows] == [("xlmr/2", ["fake"])]


def test_one_outbox_row_per_article_per_save(store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]) -> None:
    original, copy = two_articles
    assert store.outbox.size() == 0
    store.articles.save_processing([result(original.id), result(copy.id, duplicate_of=original.id)])
    items = store.outbox.batch(10)
    assert [(i.article_id, i.op) for i in items] == [(original.id, "upsert"), (copy.id, "upsert")]


def test_unknown_article_in_results_is_skipped_without_outbox_row(
    store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]
) -> None:
    original, _ = two_articles
    store.articles.save_processing([result("no-such-article"), result(original.id)])
    assert [i.article_id for i in store.outbox.batch(10)] == [original.id]


def test_processing_and_outbox_commit_or_roll_back_together(
    store: Store, two_articles: tuple[ExtractedArticle, ExtractedArticle]
) -> None:
    original, copy = two_articles
    misinfo = prediction("misinfo", "tfidf-lr/1", {"fake": 0.8}, ("fake",))
    # The second result points at an article that does not exist: the foreign key fails the whole batch.
    with pytest.raises(IntegrityError):
        store.articles.save_processing(
            [result(original.id, predictions=(misinfo,)), result(copy.id, duplicate_of="no-such-original")]
        )
    assert store.outbox.size() == 0
    assert store.articles.count(processed=True) == 0
    assert store.articles.classifications(original.id) == []


def test_outbox_batch_ack_and_fail(store: Store) -> None:
    store.outbox.enqueue(["a", "b", "c"])
    store.outbox.enqueue(["a"], op="delete")
    first = store.outbox.batch(2)
    assert [(i.article_id, i.op) for i in first] == [("a", "upsert"), ("b", "upsert")]
    assert first[0].id < first[1].id

    store.outbox.ack([first[0].id])
    assert [i.article_id for i in store.outbox.batch(10)] == ["b", "c", "a"]

    store.outbox.fail([first[1].id], "index unavailable: " + "x" * 5000)
    store.outbox.fail([first[1].id], "index unavailable again")
    with store.sessions() as session:
        row = session.get(OutboxRow, first[1].id)
        assert row is not None
        assert row.attempts == 2
        assert row.last_error == "index unavailable again"
    # A failed item stays queued, in order, for the next drain.
    assert [i.article_id for i in store.outbox.batch(10)] == ["b", "c", "a"]
    assert store.outbox.size() == 3

    store.outbox.ack([i.id for i in store.outbox.batch(10)])
    assert store.outbox.size() == 0
    assert store.outbox.batch(10) == []


def test_outbox_error_text_is_bounded(store: Store) -> None:
    store.outbox.enqueue(["a"])
    item = store.outbox.batch(1)[0]
    store.outbox.fail([item.id], "त्रुटि " * 1000)
    with store.sessions() as session:
        row = session.get(OutboxRow, item.id)
        assert row is not None and row.last_error is not None
        assert len(row.last_error) == 2000
