"""Contract: upsert / get / delete / count / clear / close."""

from __future__ import annotations

import dataclasses
import threading
import unicodedata

import pytest

from index import IndexDocument, IndexUnavailable, SearchIndex, SearchQuery
from tests.index.index_corpus import BY_ID, CORPUS, search_ids


def _nfc(doc: IndexDocument) -> IndexDocument:
    def nfc(value: str | None) -> str | None:
        return unicodedata.normalize("NFC", value) if value is not None else None

    return dataclasses.replace(
        doc, title=unicodedata.normalize("NFC", doc.title), text=unicodedata.normalize("NFC", doc.text),
        evidence=nfc(doc.evidence), claim=nfc(doc.claim), verdict=nfc(doc.verdict),
    )


def test_upsert_reports_written_documents_and_count(fresh_index: SearchIndex) -> None:
    assert fresh_index.count() == 0
    assert fresh_index.upsert(CORPUS) == len(CORPUS)
    assert fresh_index.count() == len(CORPUS)


def test_upsert_accepts_a_generator(fresh_index: SearchIndex) -> None:
    assert fresh_index.upsert(d for d in CORPUS[:3]) == 3
    assert fresh_index.count() == 3


def test_reindexing_never_duplicates(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    fresh_index.upsert(CORPUS)
    fresh_index.upsert([CORPUS[0], CORPUS[0]])
    assert fresh_index.count() == len(CORPUS)
    assert search_ids(fresh_index, "प्रधानमंत्री").count("hi-01") == 1
    assert fresh_index.search(SearchQuery()).total == len(CORPUS)


def test_upsert_replaces_searchable_text_and_fields(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    old = BY_ID["hi-04"]
    assert "hi-04" in search_ids(fresh_index, "पेयजल")
    updated = dataclasses.replace(
        old, title="बिजली कटौती पर विपक्ष का हमला", text="ग्रामीण इलाक़ों में बिजली कटौती बढ़ी।",
        flagged=False, review_status="dismissed",
    )
    fresh_index.upsert([updated])
    assert "hi-04" not in search_ids(fresh_index, "पेयजल")
    assert search_ids(fresh_index, "बिजली") == ["hi-04"]
    assert "hi-04" not in search_ids(fresh_index, flagged=True)
    assert fresh_index.get("hi-04") == updated
    assert fresh_index.count() == len(CORPUS)


def test_get_round_trips_every_field(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    for doc in CORPUS:
        stored = fresh_index.get(doc.id)
        assert stored == _nfc(doc)
    en04 = fresh_index.get("en-04")
    assert en04 is not None and en04.published is not None
    assert en04.published.utcoffset() == BY_ID["en-04"].published.utcoffset()  # type: ignore[union-attr]
    assert fresh_index.get("missing") is None


def test_delete_removes_from_search_and_counts(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    assert fresh_index.delete(["hi-01", "en-01", "no-such-id"]) == 2
    assert fresh_index.count() == len(CORPUS) - 2
    assert fresh_index.get("hi-01") is None
    assert "hi-01" not in search_ids(fresh_index, "प्रधानमंत्री")
    assert "en-01" not in search_ids(fresh_index, "election")
    assert search_ids(fresh_index, "प्रधानमंत्री") == ["hi-05"]
    assert fresh_index.delete([]) == 0


def test_clear_empties_and_stays_usable(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    fresh_index.clear()
    assert fresh_index.count() == 0
    assert fresh_index.search(SearchQuery(text="चुनाव")).total == 0
    assert fresh_index.search(SearchQuery()).facets["language"] == []
    fresh_index.upsert(CORPUS[:2])
    assert set(search_ids(fresh_index)) == {"hi-01", "hi-02"}


def test_closed_index_raises_index_unavailable(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS[:1])
    fresh_index.close()
    fresh_index.close()  # idempotent
    with pytest.raises(IndexUnavailable):
        fresh_index.search(SearchQuery(text="चुनाव"))
    with pytest.raises(IndexUnavailable):
        fresh_index.count()


def test_rebuild_replaces_the_whole_index(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS[:10])
    assert fresh_index.rebuild(iter(CORPUS[5:])) == len(CORPUS) - 5
    assert fresh_index.count() == len(CORPUS) - 5
    assert fresh_index.get(CORPUS[0].id) is None
    assert fresh_index.get(CORPUS[-1].id) is not None


def test_searches_answer_throughout_a_rebuild(fresh_index: SearchIndex) -> None:
    fresh_index.upsert(CORPUS)
    many = [dataclasses.replace(doc, id=f"{doc.id}-{n}") for n in range(40) for doc in CORPUS]
    totals: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def search_loop() -> None:
        while not done.is_set():
            try:
                totals.append(fresh_index.search(SearchQuery(per_page=1)).total)
            except BaseException as exc:  # a failed search is what this test looks for
                errors.append(exc)
                return

    searcher = threading.Thread(target=search_loop)
    searcher.start()
    try:
        for _ in range(2):
            fresh_index.rebuild(many)
    finally:
        done.set()
        searcher.join()
    assert not errors
    assert totals and all(total in (len(CORPUS), len(many)) for total in totals)
    assert fresh_index.count() == len(many)


def test_review_status_filter_keeps_any_of_the_statuses(fresh_index: SearchIndex) -> None:
    decided = {"hi-04": "confirmed", "en-02": "dismissed", "hi-09": "confirmed"}
    fresh_index.upsert([dataclasses.replace(d, review_status=decided.get(d.id, "unreviewed")) for d in CORPUS])
    assert set(search_ids(fresh_index, review_statuses=("confirmed",))) == {"hi-04", "hi-09"}
    assert set(search_ids(fresh_index, review_statuses=("dismissed", "confirmed"))) == set(decided)
    assert set(search_ids(fresh_index, "मतदाताओं", review_statuses=("confirmed",))) == {"hi-09"}
    assert len(search_ids(fresh_index, review_statuses=("unreviewed",))) == len(CORPUS) - len(decided)
