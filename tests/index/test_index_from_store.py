"""From the store to the index (pipeline.indexing): the classifiers' verdicts, hostility labels included, reach
index documents, and an index upgraded in place from an older layout is refilled from the store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.records import Discovery, ExtractedArticle, LanguageGuess, ProcessingResult, TaskPrediction
from core.tasks import HOSTILITY_CLASSES, TaskKind
from index import IndexDocument, SearchQuery, open_index
from pipeline.indexing import drain_outbox, rebuild_index
from store.store import Store
from tests.index.old_layouts import sqlite_version_1

MODEL = "e5-mt/2026.11.30-7"
WHEN = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _article(slug: str, title: str, text: str) -> ExtractedArticle:
    url = f"https://samachar.example/desh/{slug}"
    return ExtractedArticle(id=f"{slug:0>16}"[:16], url=url, fetched_url=url, source="samachar", title=title,
                            text=text, fetched_at=WHEN, raw_html=f"<p>{text}</p>".encode(), encoding="utf-8",
                            via=Discovery.FEED, published=WHEN)


HINDI = _article("hindi-hate", "समुदाय विशेष के ख़िलाफ़ भड़काऊ पोस्ट वायरल",
                 "सोशल मीडिया पर एक समुदाय के ख़िलाफ़ भड़काऊ और अपमानजनक पोस्ट तेज़ी से फैलाई जा रही है।")
ENGLISH = _article("english-calm", "Polling stations ready for the second phase",
                   "Officials said every polling station in the district is ready for Friday's vote.")
UNLABELLED = _article("english-old", "Counting to begin at eight",
                      "Counting of votes will begin at 8 am, the returning officer said.")


def _hostility(labels: tuple[str, ...]) -> TaskPrediction:
    scores = {label: (0.9 if label in labels else 0.1) for label in HOSTILITY_CLASSES}
    return TaskPrediction("hostility", MODEL, scores, labels, TaskKind.MULTILABEL)


def _processed(article: ExtractedArticle, language: str, hostility: tuple[str, ...] | None) -> ProcessingResult:
    predictions = {"misinformation": TaskPrediction("misinformation", MODEL, {"misinformation": 0.2}, ())}
    if hostility is not None:  # an article classified before the hostility head existed has no verdict
        predictions["hostility"] = _hostility(hostility)
    return ProcessingResult(article.id, LanguageGuess(language, 0.99, "script"), None, b"\x01" * 16, predictions)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'satark.sqlite'}")
    for article in (HINDI, ENGLISH, UNLABELLED):
        opened.articles.add(article)
    opened.articles.save_processing([
        _processed(HINDI, "hi", ("hostile", "hate", "offensive")),
        _processed(ENGLISH, "en", ()),
        _processed(UNLABELLED, "en", None),
    ], processed_at=WHEN)
    yield opened
    opened.close()


def _labels(index_docs: dict[str, IndexDocument | None]) -> dict[str, tuple[str, ...] | None]:
    return {doc_id: doc.hostility if doc else None for doc_id, doc in index_docs.items()}


def test_stored_hostility_labels_are_indexed_and_filterable(store: Store, tmp_path: Path) -> None:
    with open_index("sqlite", path=tmp_path / "index.sqlite") as index:
        assert drain_outbox(store, index).written == 3
        docs = {a.id: index.get(a.id) for a in (HINDI, ENGLISH, UNLABELLED)}
        assert _labels(docs) == {HINDI.id: ("hostile", "hate", "offensive"), ENGLISH.id: (), UNLABELLED.id: ()}
        assert [h.id for h in index.search(SearchQuery(text="पोस्ट", hostile=True)).hits] == [HINDI.id]
        assert index.search(SearchQuery(hostile=False)).total == 2
        assert [h.id for h in index.search(SearchQuery(hostility=("offensive", "defamation"))).hits] == [HINDI.id]


def test_an_index_of_the_old_layout_is_refilled_from_the_store(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with open_index("sqlite", path=path) as index:
        drain_outbox(store, index)
        old_documents = [index.get(a.id) for a in (HINDI, ENGLISH, UNLABELLED)]
    sqlite_version_1(path, [doc for doc in old_documents if doc is not None])
    with open_index("sqlite", path=path) as index:
        assert index.needs_refill() and index.get(HINDI.id).hostility == ()  # type: ignore[union-attr]
        report = drain_outbox(store, index)  # the outbox is empty: only the refill writes
        assert (report.written, report.pending, report.error) == (3, 0, None)
        assert not index.needs_refill()
        assert index.get(HINDI.id).hostility == ("hostile", "hate", "offensive")  # type: ignore[union-attr]
        assert [h.id for h in index.search(SearchQuery(hostile=True)).hits] == [HINDI.id]
        # A later sync only applies the outbox again.
        assert drain_outbox(store, index).written == 0


def test_rebuild_carries_the_labels(store: Store, tmp_path: Path) -> None:
    with open_index("sqlite", path=tmp_path / "index.sqlite") as index:
        assert rebuild_index(store, index).written == 3
        facet = {f.value: f.count for f in index.search(SearchQuery()).facets["hostility"]}
        assert facet == {"hostile": 1, "hate": 1, "offensive": 1}
