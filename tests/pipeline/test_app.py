"""The composition root driven directly, as the web desk and the scheduler will: Hindi and English articles stored,
processed with real (TF-IDF) models, found by search, reviewed; an index outage leaves the writes in the outbox."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.records import Discovery, ExtractedArticle
from core.settings import SatarkSettings, load_settings
from crawlers.canonical import article_id, canonicalize
from index.documents import SearchQuery
from pipeline.app import SatarkApp
from pipeline.progress import INDEXING, PROCESSING, ProgressUpdate

HINDI_TITLE = "ईवीएम में गुप्त चिप से वोट बदलने का दावा"
HINDI_TEXT = ("व्हाट्सऐप पर फैल रहे संदेश में दावा किया गया कि ईवीएम में चिप लगाकर वोट बदले गए।\n"
              "चुनाव आयोग ने कहा कि ईवीएम किसी नेटवर्क से नहीं जुड़ी होती और यह दावा पूरी तरह फ़र्ज़ी है।")
ENGLISH_TITLE = "Election Commission announces poll dates"
ENGLISH_TEXT = ("The Election Commission on Tuesday announced that polling for the first phase of the assembly "
                "elections will be held on April 19.\nCounting will take place on June 4.")


def _article(source: str, slug: str, title: str, text: str, hint: str) -> ExtractedArticle:
    url = canonicalize(f"https://{source}.example/news/{slug}.html")
    return ExtractedArticle(
        id=article_id(url), url=url, fetched_url=url, source=source, title=title, text=text,
        fetched_at=datetime(2026, 11, 28, 6, 0, tzinfo=UTC), raw_html=f"<h1>{title}</h1><p>{text}</p>".encode(),
        encoding="utf-8", via=Discovery.FEED, published=datetime(2026, 11, 28, 5, 0, tzinfo=UTC), language_hint=hint,
    )


HINDI = _article("jan-awaaz", "evm-chip-viral", HINDI_TITLE, HINDI_TEXT, "hi")
ENGLISH = _article("capital-chronicle", "poll-dates", ENGLISH_TITLE, ENGLISH_TEXT, "en")
UNREACHABLE_ES = {"backend": "elasticsearch", "elasticsearch": {"url": "http://127.0.0.1:9", "timeout_s": 2.0}}


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             fixture_training: tuple[Path, list[object]]) -> SatarkSettings:
    """A fresh data folder using the SQLite backend and the TF-IDF models trained on the shipped samples."""
    for name in [n for n in os.environ if n.startswith("SATARK_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no ./satark.yaml is picked up
    models_dir, _ = fixture_training
    return load_settings(home=tmp_path / "home", classify={"models_dir": models_dir})


@pytest.fixture
def app(settings: SatarkSettings) -> Iterator[SatarkApp]:
    with SatarkApp(settings) as opened:
        for article in (HINDI, ENGLISH):
            assert opened.store.articles.add(article)
        yield opened


def test_process_then_search_finds_hindi_and_english(app: SatarkApp) -> None:
    status = app.status()
    assert status.to_process == 2 and status.outbox == 0
    assert [(s.name, s.stored) for s in status.sources] == [("capital-chronicle", 1), ("jan-awaaz", 1)]

    events: list[ProgressUpdate] = []
    report = app.process(progress=events.append)

    assert report.processed == 2 and dict(report.languages) == {"hi": 1, "en": 1}
    assert report.index is not None and report.index.error is None and report.index.written == 2
    assert events[0] == ProgressUpdate(PROCESSING, 0, 2) and ProgressUpdate(PROCESSING, 2, 2) in events
    assert [e.stage for e in events].index(INDEXING) > [e.stage for e in events].index(PROCESSING)
    assert app.status().to_process == 0 and app.status().outbox == 0

    hindi = app.search(SearchQuery(text="चुनाव आयोग"))
    assert [hit.id for hit in hindi.hits] == [HINDI.id] and hindi.hits[0].language == "hi"
    english = app.search(SearchQuery(text="polling", languages=("en",)))
    assert [hit.id for hit in english.hits] == [ENGLISH.id]
    assert app.search(SearchQuery()).total == 2
    # The TF-IDF models classified both (their names are in the stored results).
    for article in (HINDI, ENGLISH):
        assert {row.task for row in app.store.articles.classifications(article.id)} >= {"misinformation"}


def test_index_outage_leaves_writes_in_the_outbox(settings: SatarkSettings, app: SatarkApp) -> None:
    down = SatarkApp(settings.model_copy(update={"search": settings.search.model_validate(UNREACHABLE_ES)}),
                     classifier=app.classifier)
    with down:
        report = down.process()
        assert report.processed == 2  # classified and stored all the same
        assert report.index is not None and report.index.error and report.index.pending == 2
        assert down.status().outbox == 2 and down.status().to_process == 0
        assert down.sync().pending == 2  # still down: nothing lost, nothing applied

    synced = app.sync()  # the SQLite index of the same data folder is back
    assert (synced.written, synced.pending, synced.error) == (2, 0, None)
    assert app.search(SearchQuery(text="ईवीएम")).hits[0].id == HINDI.id


def test_review_reaches_search(app: SatarkApp) -> None:
    app.process()
    outcome = app.review(HINDI.id[:10], "confirmed", note="फ़र्ज़ी दावा; चुनाव आयोग ने खंडन किया", reviewer="राजेश")
    assert outcome.decision.article_id == HINDI.id and outcome.title == HINDI_TITLE
    assert outcome.index is not None and outcome.index.written == 1
    assert app.search(SearchQuery(text="ईवीएम")).hits[0].review_status == "confirmed"

    sentiment = app.review(ENGLISH.id, "dismissed", task="sentiment", label="neutral")
    assert sentiment.index is None  # sentiment reviews do not change what the index shows
    assert app.search(SearchQuery(text="polling")).hits[0].review_status == "unreviewed"


def test_parts_open_only_when_needed(settings: SatarkSettings) -> None:
    with SatarkApp(settings) as app:
        result = app.search(SearchQuery(text="चुनाव"))
        assert result.total == 0
        # Searching reads the index alone: the store is not even created.
        assert not (settings.home_dir / "satark.sqlite").exists()
        assert app.status().to_process == 0
    assert (settings.home_dir / "satark.sqlite").exists()  # status opened it


def test_close_and_reopen(settings: SatarkSettings) -> None:
    app = SatarkApp(settings)
    with app:
        app.store.articles.add(HINDI)
    with app:  # closed above; the store reopens on demand
        assert app.status().to_process == 1
