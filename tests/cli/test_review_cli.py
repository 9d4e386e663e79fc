"""`satark review` and `satark labels export` as a reviewer meets them: Hindi and English articles stored and
processed for real, decisions that reach search (or wait out an index outage), and training rows that the
classifier tooling reads back."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from classifiers.datasets import DataFormat, load_examples, sniff_format
from classifiers.registry import read_registry
from classifiers.task_views import task_view
from core.records import Discovery, ExtractedArticle
from core.tasks import MISINFORMATION, NOT_MISINFORMATION
from core.text import classification_text
from crawlers.canonical import article_id, canonicalize
from index.factory import open_index
from store.store import Store
from tests.conftest import run_satark

HEADER = "text,labels,language,task,article_id,decided_at"
NOTE = "फ़र्ज़ी दावा; चुनाव आयोग ने खंडन किया"

HINDI = {
    "slug": "evm-chip-viral",
    "source": "jan-awaaz",
    "title": "ईवीएम में गुप्त चिप से वोट बदलने का दावा",
    "text": "व्हाट्सऐप पर फैल रहे संदेश में दावा किया गया कि ईवीएम में चिप लगाकर वोट बदले गए और डिलीट होने से "
            "पहले इसे शेयर करें।\nचुनाव आयोग ने कहा कि ईवीएम किसी नेटवर्क से नहीं जुड़ी होती और यह दावा पूरी तरह "
            "फ़र्ज़ी है। आयोग ने लोगों से अफ़वाहों पर ध्यान न देने की अपील की।",
    "hint": "hi",
}
ENGLISH = {
    "slug": "poll-dates-announced",
    "source": "capital-chronicle",
    "title": "Election Commission announces poll dates",
    "text": "The Election Commission on Tuesday announced that polling for the first phase of the assembly "
            "elections will be held on April 19.\nThe commission said counting will take place on June 4 and "
            "that the model code of conduct comes into force immediately.",
    "hint": "en",
}


def _article(spec: dict[str, str]) -> ExtractedArticle:
    url = canonicalize(f"https://{spec['source']}.example/news/{spec['slug']}.html")
    return ExtractedArticle(
        id=article_id(url), url=url, fetched_url=url, source=spec["source"], title=spec["title"], text=spec["text"],
        fetched_at=datetime(2026, 11, 28, 6, 0, tzinfo=UTC), raw_html=f"<h1>{spec['title']}</h1>".encode(),
        encoding="utf-8", via=Discovery.FEED, published=datetime(2026, 11, 28, 5, 0, tzinfo=UTC),
        language_hint=spec["hint"],
    )


@pytest.fixture(scope="module")
def processed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with one Hindi and one English article, processed and indexed by the real pipeline."""
    home = tmp_path_factory.mktemp("processed") / "home"
    home.mkdir()
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    try:
        for spec in (HINDI, ENGLISH):
            assert store.articles.add(_article(spec))
    finally:
        store.close()
    result = run_satark(home, "process")
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def home(processed_home: Path, tmp_path: Path) -> Path:
    # Each test gets its own copy: decisions are append-only, tests must not see each other's.
    copy = tmp_path / "home"
    shutil.copytree(processed_home, copy)
    return copy


def _store(home: Path) -> Store:
    return Store(f"sqlite:///{home / 'satark.sqlite'}")


def _review_status(home: Path, article: str) -> str:
    with open_index("sqlite", path=home / "index.sqlite") as index:
        document = index.get(article)
        assert document is not None
        return document.review_status


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


HINDI_ID = _article(HINDI).id
ENGLISH_ID = _article(ENGLISH).id


def test_review_hindi_and_english_articles_and_search_shows_it(home: Path) -> None:
    assert _review_status(home, HINDI_ID) == "unreviewed"
    confirm = run_satark(home, "review", HINDI_ID[:10], "confirm", "--note", NOTE, "--reviewer", "राजेश")
    assert confirm.returncode == 0, confirm.stderr
    (line,) = confirm.stdout.splitlines()
    assert line.startswith(f'{HINDI_ID} "{HINDI["title"]}": misinformation confirmed')
    assert f"(verdict of {read_registry()['misinformation']})" in line  # the model whose verdict was reviewed
    dismiss = run_satark(home, "review", ENGLISH_ID, "dismiss", "--reviewer", "Priya")
    assert dismiss.returncode == 0, dismiss.stderr
    assert f'{ENGLISH_ID} "{ENGLISH["title"]}": misinformation dismissed' in dismiss.stdout

    # The command synced the index itself: search shows the review status without `satark index sync`.
    assert _review_status(home, HINDI_ID) == "confirmed"
    assert _review_status(home, ENGLISH_ID) == "dismissed"
    store = _store(home)
    try:
        (decision,) = store.reviews.history(HINDI_ID)
        assert (decision.note, decision.reviewer) == (NOTE, "राजेश")
        assert decision.model == read_registry()[decision.task]
        assert store.outbox.size() == 0
    finally:
        store.close()


def test_corrected_labels_for_hostility_and_sentiment(home: Path) -> None:
    hostility = run_satark(home, "review", HINDI_ID, "confirm", "--task", "hostility", "--label", "Hate, offensive")
    assert hostility.returncode == 0, hostility.stderr
    assert "hostility confirmed as hate,offensive" in hostility.stdout
    sentiment = run_satark(home, "review", ENGLISH_ID, "dismiss", "--task", "sentiment", "--label", "neutral")
    assert sentiment.returncode == 0, sentiment.stderr
    assert f"sentiment dismissed as neutral (verdict of {read_registry()['sentiment']})" in sentiment.stdout
    # Neither task changes what the index shows.
    assert _review_status(home, HINDI_ID) == _review_status(home, ENGLISH_ID) == "unreviewed"


def test_index_outage_keeps_the_decision_in_the_outbox(home: Path) -> None:
    down = run_satark(home, "review", HINDI_ID, "dismiss", "--note", "स्रोत की पुष्टि हुई",
                      SATARK_SEARCH__BACKEND="elasticsearch", SATARK_SEARCH__ELASTICSEARCH__URL="http://127.0.0.1:9")
    assert down.returncode == 1
    assert f"{HINDI_ID} " in down.stdout and "misinformation dismissed" in down.stdout  # recorded all the same
    message = _one_error_line(down.stderr)
    assert "index unavailable, 1 write(s) wait in the outbox" in message and "satark index sync" in message
    store = _store(home)
    try:
        assert store.reviews.latest(HINDI_ID) is not None and store.outbox.size() == 1
    finally:
        store.close()
    assert _review_status(home, HINDI_ID) == "unreviewed"

    synced = run_satark(home, "index", "sync")
    assert synced.returncode == 0, synced.stderr
    assert _review_status(home, HINDI_ID) == "dismissed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ffffffffffff", "confirm"), "Error: no article with id 'ffffffffffff'"),
        ((HINDI_ID[:6], "confirm"), "at least its first 8 hex characters"),
        ((ENGLISH_ID, "confirm", "--label", "fake"), "the misinformation task takes no label"),
        ((HINDI_ID, "confirm", "--task", "sentiment", "--label", "angry"), "unknown sentiment label 'angry'"),
    ],
)
def test_review_errors_are_one_line(home: Path, args: tuple[str, ...], message: str) -> None:
    result = run_satark(home, "review", *args)
    assert result.returncode == 1
    assert message in _one_error_line(result.stderr)
    assert result.stdout == ""


def test_labels_export_writes_training_rows_that_read_back(home: Path) -> None:
    # Decisions go in through the store (the review command is tested above); the export is what is tested here.
    store = _store(home)
    try:
        for article, decision, task, label in (
            (HINDI_ID, "confirmed", "misinformation", None),
            (ENGLISH_ID, "dismissed", "misinformation", None),
            (HINDI_ID, "confirmed", "hostility", "hate"),
            (ENGLISH_ID, "confirmed", "hostility", None),
            (ENGLISH_ID, "dismissed", "sentiment", "positive"),
            (HINDI_ID, "confirmed", "sentiment", None),  # no class given: nothing to learn, left out
        ):
            store.reviews.record_decision(article, decision, task=task, label=label)
    finally:
        store.close()

    out = home / "labels" / "reviews.csv"
    out.parent.mkdir()
    result = run_satark(home, "labels", "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"exported 5 labelled row(s) to {out} (misinformation en=1, hi=1; hostility en=1, hi=1; sentiment en=1); "
        "1 decision(s) left out (sentiment without a label, or not Hindi/English)"
    )
    raw = out.read_bytes()
    assert raw.startswith(HEADER.encode("ascii") + b"\n")  # exact header, UTF-8 without BOM
    assert not list(home.joinpath("labels").glob(".*.tmp"))

    assert sniff_format(out) is DataFormat.SATARK_LABELS
    examples = load_examples(out)
    assert [(e.task, e.language, e.labels) for e in examples] == [
        ("misinformation", "hi", ("fake",)),
        ("misinformation", "en", ("real",)),
        ("hostility", "hi", ("hate",)),
        ("hostility", "en", ("hostile",)),
        ("sentiment", "en", ("positive",)),
    ]
    # The text is what the pipeline classifies: headline plus lead, Devanagari intact.
    assert examples[0].text == unicodedata.normalize("NFC", classification_text(HINDI["title"], HINDI["text"]))
    assert examples[1].text == classification_text(ENGLISH["title"], ENGLISH["text"])
    view = task_view(MISINFORMATION, examples)
    assert [(e.label, e.language) for e in view.examples] == [(MISINFORMATION, "hi"), (NOT_MISINFORMATION, "en")]

    # The exported file is evaluation data for the classifier tooling as it is.
    evaluated = run_satark(home, "evaluate", "misinformation", "--data", str(out))
    assert evaluated.returncode == 0, evaluated.stderr
    assert "satark_labels" in evaluated.stdout and "lang hi" in evaluated.stdout


def test_labels_export_to_stdout_by_task_and_date(home: Path) -> None:
    store = _store(home)
    try:
        store.reviews.record_decision(HINDI_ID, "confirmed", decided_at=datetime(2026, 11, 28, 23, 59, tzinfo=UTC))
        store.reviews.record_decision(ENGLISH_ID, "dismissed", task="sentiment", label="negative",
                                      decided_at=datetime(2026, 11, 29, 0, 1, tzinfo=UTC))
        store.reviews.record_decision(ENGLISH_ID, "confirmed", decided_at=datetime(2026, 11, 27, tzinfo=UTC))
    finally:
        store.close()

    result = run_satark(home, "labels", "export", "--task", "misinformation")
    assert result.returncode == 0, result.stderr
    header, *rows = csv.reader(io.StringIO(result.stdout))
    assert ",".join(header) == HEADER
    assert [row[1:] for row in rows] == [
        ["fake", "en", "misinformation", ENGLISH_ID, "2026-11-27T00:00:00+00:00"],
        ["fake", "hi", "misinformation", HINDI_ID, "2026-11-28T23:59:00+00:00"],
    ]
    assert rows[1][0].startswith(HINDI["title"] + "\n")
    assert "sentiment" not in result.stdout
    # The summary goes to stderr so that `> file.csv` captures clean data.
    assert result.stderr.strip() == "exported 2 labelled row(s) (misinformation en=1, hi=1)"

    later = run_satark(home, "labels", "export", "--since", "2999-01-01")
    assert later.returncode == 0
    assert later.stdout == HEADER + "\n"
    assert later.stderr.strip() == "exported 0 labelled row(s)"

    # --since is a UTC day: the Hindi decision at 23:59 on the 28th is in, the English one of the 27th is not.
    since = run_satark(home, "labels", "export", "--since", "2026-11-28", "--task", "sentiment", "--task",
                       "misinformation")
    assert since.stderr.strip() == "exported 2 labelled row(s) (misinformation hi=1; sentiment en=1)"
    assert [row[1:4] for row in csv.reader(io.StringIO(since.stdout))][1:] == [
        ["fake", "hi", "misinformation"], ["negative", "en", "sentiment"]]

    bad = run_satark(home, "labels", "export", "--since", "28-11-2026")
    assert bad.returncode == 2 and "Invalid value for '--since'" in bad.stderr
    nowhere = run_satark(home, "labels", "export", "--out", str(home / "no-such-folder" / "labels.csv"))
    assert nowhere.returncode == 1
    assert _one_error_line(nowhere.stderr).startswith(f"Error: cannot write {home / 'no-such-folder' / 'labels.csv'}")


def test_help_lists_the_new_commands(home: Path) -> None:
    result = run_satark(home, "--help")
    for command in ("review", "labels", "models"):
        assert f"  {command} " in result.stdout
    review_help = run_satark(home, "review", "--help").stdout
    assert "confirm" in review_help and "--label" in review_help and "satark review" in review_help
