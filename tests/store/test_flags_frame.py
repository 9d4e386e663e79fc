"""The analysts' classification table: newest verdict per article and task, flag rates by any grouping."""

from __future__ import annotations

from datetime import UTC, datetime

from core.records import LanguageGuess, ProcessingResult, TaskPrediction
from core.tasks import TaskKind
from store.flags import classification_frame, flag_rates
from store.store import Store


def _result(article_id: str, language: str, model: str, flagged: bool, hostile: bool = False) -> ProcessingResult:
    score = 0.9 if flagged else 0.1
    return ProcessingResult(
        article_id=article_id,
        language=LanguageGuess(language, 0.99, "script"),
        duplicate_of=None,
        minhash=b"",
        predictions={
            "misinformation": TaskPrediction("misinformation", model, {"misinformation": score},
                                             ("misinformation",) if flagged else (), TaskKind.BINARY),
            "hostility": TaskPrediction("hostility", model, {"hostile": 0.8 if hostile else 0.1, "hate": 0.7 if hostile else 0.0},
                                        ("hostile", "hate") if hostile else (), TaskKind.MULTILABEL),
            "sentiment": TaskPrediction("sentiment", model, {"negative": 0.7, "neutral": 0.2, "positive": 0.1},
                                        ("negative",), TaskKind.MULTICLASS),
        },
    )


def test_newest_verdicts_and_flag_rates(store: Store, make_article) -> None:
    hindi = make_article("chunav-1")
    hindi_two = make_article("chunav-2", published=datetime(2024, 4, 17, 4, 0, tzinfo=UTC))
    english = make_article("poll-1", hindi=False)
    for article in (hindi, hindi_two, english):
        store.articles.add(article)
    store.articles.save_processing([_result(hindi.id, "hi", "tfidf-lr/2026.11.29-2", flagged=False)],
                                   processed_at=datetime(2026, 11, 1, tzinfo=UTC))
    # A newer model changes its mind about the first Hindi article.
    store.articles.save_processing([
        _result(hindi.id, "hi", "e5-mt/2026.11.29-1", flagged=True, hostile=True),
        _result(hindi_two.id, "hi", "e5-mt/2026.11.29-1", flagged=False),
        _result(english.id, "en", "e5-mt/2026.11.29-1", flagged=True),
    ], processed_at=datetime(2026, 11, 2, tzinfo=UTC))
    store.reviews.record_decision(hindi.id, "dismissed", note="पुरानी ख़बर")

    frame = classification_frame(store)
    assert len(frame) == 9  # three articles x three tasks, newest model only
    assert set(frame["model"]) == {"e5-mt/2026.11.29-1"}
    assert len(classification_frame(store, every_model=True)) == 12

    misinformation = frame[frame["task"] == "misinformation"].set_index("article_id")
    assert misinformation.loc[hindi.id, "review"] == "dismissed"
    assert misinformation.loc[english.id, "review"] == "unreviewed"
    assert "चुनाव" in misinformation.loc[hindi.id, "title"]
    assert not frame[frame["task"] == "sentiment"]["flagged"].any()  # sentiment never flags

    by_language = flag_rates(frame, ["language"]).set_index("language")
    assert by_language.loc["hi", "articles"] == 2 and by_language.loc["hi", "flagged"] == 1
    assert by_language.loc["en", "rate"] == 1.0
    by_day = flag_rates(frame, ["day"])
    assert list(by_day["articles"]) == [2, 1]  # 16 April: both first articles; 17 April: the second Hindi one
    hostility = flag_rates(frame, ["source"], task="hostility").set_index("source")
    assert hostility.loc["samachar", "flagged"] == 1
