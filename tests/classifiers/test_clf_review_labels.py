"""The satark_labels format (`satark labels export`): sniffed by its header, language and task per row, and each
row informs only the task it was reviewed for."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from classifiers.datasets import (
    FORMAT_LANGUAGE,
    SATARK_LABELS_COLUMNS,
    DataFormat,
    DatasetError,
    LabelledExample,
    load_examples,
    sniff_format,
)
from classifiers.task_views import task_label, task_view
from core.tasks import MISINFORMATION, NOT_MISINFORMATION, SENTIMENT

HEADER = "text,labels,language,task,article_id,decided_at"


def test_fixture_is_sniffed_and_loaded_with_per_row_language_and_task(fixture_data: Path) -> None:
    path = fixture_data / "satark_labels.csv"
    assert path.read_bytes().startswith(HEADER.encode("ascii"))  # UTF-8 without BOM
    assert sniff_format(path) is DataFormat.SATARK_LABELS
    assert DataFormat.SATARK_LABELS not in FORMAT_LANGUAGE  # its language is per row
    examples = load_examples(path)
    assert [(e.task, e.language, e.labels) for e in examples] == [
        ("misinformation", "hi", ("fake",)),
        ("misinformation", "en", ("real",)),
        ("hostility", "hi", ("hate", "offensive")),
        ("hostility", "en", ("non-hostile",)),
        ("hostility", "en", ("fake",)),
        ("sentiment", "hi", ("negative",)),
        ("sentiment", "en", ("positive",)),
    ]
    for example in examples:
        assert example.origin == "satark_labels"
        assert example.source.startswith("satark_labels.csv:")
        assert unicodedata.is_normalized("NFC", example.text)
    hindi = examples[0].text
    assert hindi.startswith("ईवीएम में गुप्त चिप") and "\n" in hindi  # headline and lead, quoted across lines
    assert "\u094d" in hindi and "\u093c" in hindi  # virama and nukta survive


def test_task_views_honour_the_row_task(fixture_data: Path) -> None:
    examples = load_examples(fixture_data / "satark_labels.csv")
    misinformation = task_view(MISINFORMATION, examples)
    assert [(e.label, e.language) for e in misinformation.examples] == [
        (MISINFORMATION, "hi"), (NOT_MISINFORMATION, "en")]
    # Five rows were reviewed for other tasks, among them a hostility "fake" that is no misinformation verdict.
    assert misinformation.dropped == 5
    sentiment = task_view(SENTIMENT, examples)
    assert [(e.label, e.language) for e in sentiment.examples] == [("negative", "hi"), ("positive", "en")]
    assert sentiment.dropped == 5


def test_task_column_also_guards_other_formats_labels() -> None:
    # A CONSTRAINT-style example carrying a task of its own is only seen by that task.
    example = LabelledExample("फ़र्ज़ी ख़बर", ("fake",), "hi", DataFormat.CONSTRAINT_HINDI.value, task="hostility")
    assert task_label(MISINFORMATION, example) is None
    untagged = LabelledExample("फ़र्ज़ी ख़बर", ("fake",), "hi", DataFormat.CONSTRAINT_HINDI.value)
    assert task_label(MISINFORMATION, untagged) == MISINFORMATION


def test_header_alone_is_recognised_even_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "exported.csv"
    row = "Polls open at 7 am,real,en,misinformation,ab12cd34ef,2026-11-29T10:00:00+00:00"
    path.write_text(f"\ufeff{HEADER}\r\n{row}\r\n", encoding="utf-8")  # as a spreadsheet would save it
    assert sniff_format(path) is DataFormat.SATARK_LABELS
    (example,) = load_examples(path)
    assert (example.text, example.labels, example.language, example.task) == (
        "Polls open at 7 am", ("real",), "en", "misinformation")
    assert ",".join(SATARK_LABELS_COLUMNS) == HEADER


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("मतदान स्थगित,fake,mr,misinformation,ab12cd34ef,2026-11-29T10:00:00+00:00", "unknown language 'mr'"),
        ("Polls postponed,fake,en,rumour,ab12cd34ef,2026-11-29T10:00:00+00:00", "unknown task 'rumour'"),
        ("मतदान स्थगित,hate,hi,misinformation,ab12cd34ef,2026-11-29T10:00:00+00:00", "unknown label 'hate'"),
        ("Polls postponed,angry,en,sentiment,ab12cd34ef,2026-11-29T10:00:00+00:00", "unknown label 'angry'"),
        ("Polls postponed,,en,sentiment,ab12cd34ef,2026-11-29T10:00:00+00:00", "no labels"),
        ("Polls postponed,fake,en,misinformation", "expected 6 columns"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "labels.csv"
    good = "EC announces poll dates,real,en,misinformation,ab12cd34ef,2026-11-29T10:00:00+00:00"
    path.write_text(f"{HEADER}\n{good}\n{row}\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_examples(path)
    assert caught.value.line == 3
    assert reason in str(caught.value) and str(path) in str(caught.value)
