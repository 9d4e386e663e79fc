"""Loaders and format sniffing on the shipped samples and on deliberately broken files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from classifiers.datasets import (
    FORMAT_LANGUAGE,
    HOSTILITY_LABELS,
    DataFormat,
    DatasetError,
    load_examples,
    sniff_format,
)

SAMPLES = {
    "misinfo/constraint_hindi_train.csv": (DataFormat.CONSTRAINT_HINDI, 150),
    "misinfo/constraint_hindi_valid.csv": (DataFormat.CONSTRAINT_HINDI, 200),
    "misinfo/constraint_english_train.csv": (DataFormat.CONSTRAINT_ENGLISH, 150),
    "misinfo/constraint_english_valid.csv": (DataFormat.CONSTRAINT_ENGLISH, 200),
    "misinfo/liar_train.tsv": (DataFormat.LIAR, 150),
    "misinfo/liar_valid.tsv": (DataFormat.LIAR, 200),
    "sentiment/iitp_pr_hindi_train.tsv": (DataFormat.IITP_PR_HINDI, 150),
    "sentiment/iitp_pr_hindi_dev.tsv": (DataFormat.IITP_PR_HINDI, 200),
    "sentiment/sst2_english_train.tsv": (DataFormat.SST2_ENGLISH, 150),
    "sentiment/sst2_english_dev.tsv": (DataFormat.SST2_ENGLISH, 200),
    "news/bbc_hindi_topics_dev.tsv": (DataFormat.BBC_HINDI_TOPICS, 60),
}


@pytest.mark.parametrize("relative", sorted(SAMPLES))
def test_samples_load_with_sniffed_format(fixture_data: Path, relative: str) -> None:
    expected_format, expected_rows = SAMPLES[relative]
    path = fixture_data / relative
    assert sniff_format(path) is expected_format
    examples = load_examples(path)
    assert len(examples) == expected_rows
    for example in examples:
        assert example.origin == expected_format.value
        assert example.language == FORMAT_LANGUAGE[expected_format]
        assert example.text and example.text == example.text.strip()
        assert "\r" not in example.text and all("\r" not in label for label in example.labels)
        assert unicodedata.is_normalized("NFC", example.text)
        assert example.source.startswith(path.name + ":")


def test_constraint_hindi_keeps_multi_labels_and_multiline_posts(fixture_data: Path) -> None:
    examples = load_examples(fixture_data / "misinfo/constraint_hindi_train.csv")
    assert all(set(e.labels) <= HOSTILITY_LABELS for e in examples)
    assert any(len(e.labels) > 1 for e in examples)
    assert any("\n" in e.text for e in examples)  # quoted CSV cells span lines
    # Devanagari survives: vowel signs (matras) and virama are present, not stripped.
    joined = "".join(e.text for e in examples)
    assert "\u094d" in joined and "\u093e" in joined


def test_sst2_train_and_dev_headers_both_recognised(tmp_path: Path) -> None:
    for header in ("label\tsentence", "label\tcontent"):
        path = tmp_path / f"{header.split()[1]}.tsv"
        path.write_text(f"{header}\n1\ta gem of a film .\n0\tdull\n", encoding="utf-8")
        examples = load_examples(path)
        assert [(e.text, e.labels) for e in examples] == [("a gem of a film .", ("1",)), ("dull", ("0",))]


def test_text_is_nfc_normalised_without_losing_nukta(tmp_path: Path) -> None:
    decomposed = "सड\u093cक पर भीड\u093c"  # "सड़क पर भीड़" with decomposed nukta
    composed_form = "\u0958"  # precomposed क़, which NFC decomposes (composition exclusion)
    path = tmp_path / "iitp.tsv"
    path.write_text(f"Sentence\tSentiment_Label\n{decomposed}\tneutral\n{composed_form}ीमत कम\tpositive\n", encoding="utf-8")
    first, second = load_examples(path)
    assert first.text == unicodedata.normalize("NFC", decomposed)
    assert "\u093c" in first.text  # nukta kept
    assert second.text == unicodedata.normalize("NFC", f"{composed_form}ीमत कम")
    assert second.text.startswith("क\u093c")


def test_bad_liar_row_names_file_and_line(tmp_path: Path) -> None:
    good = "1.json\tfalse\tA claim.\ts\tsp\tj\tst\tp\t0\t0\t0\t0\t0\tctx"
    path = tmp_path / "liar.tsv"
    path.write_text(f"{good}\n{good}\n2.json\tfalse\tshort row\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_examples(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}:3: expected 14 columns, found 3")


def test_liar_context_names_speaker_party_and_venue_but_not_credit_counts(tmp_path: Path) -> None:
    rows = [
        "1.json\thalf-true\tSays jobs grew.\teconomy\tbarack-obama\tPresident\tIllinois\tdemocrat\t70\t71\t160\t163\t9\ta speech",
        "2.json\tfalse\tA chain email claim.\thealth\tchain-email\t\t\tnone\t11\t43\t8\t5\t105\t",
    ]
    path = tmp_path / "liar.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first, second = load_examples(path)
    assert first.text == "Says jobs grew." and first.context == "barack obama, democrat, in a speech"
    assert second.context == "chain email"  # party "none" and an empty venue are left out
    assert not any(char.isdigit() for char in first.context + second.context)


def test_unknown_label_after_multiline_record_reports_its_start_line(tmp_path: Path) -> None:
    path = tmp_path / "hindi.csv"
    path.write_text('"पहली\nपंक्ति",non-hostile\n"दूसरी पोस्ट",rumour\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"hindi\.csv:3: unknown label 'rumour'"):
        load_examples(path)


def test_malformed_csv_quoting_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "hindi.csv"
    path.write_text('"ठीक है",non-hostile\n"खुला "उद्धरण" गलत"x,fake\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"hindi\.csv:2: malformed CSV"):
        load_examples(path)


def test_empty_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "english.csv"
    path.write_text("id,tweet,label\n1,Real news,real\n2,  ,fake\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"english\.csv:3: empty text"):
        load_examples(path)


def test_unrecognised_and_missing_files(tmp_path: Path) -> None:
    odd = tmp_path / "odd.tsv"
    odd.write_text("a\tb\tc\n1\t2\t3\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="unrecognised format"):
        load_examples(odd)
    with pytest.raises(DatasetError, match="file not found"):
        load_examples(tmp_path / "absent.csv")


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes("Sentence\tSentiment_Label\ncaf\xe9\tpositive\n".encode("latin-1"))
    with pytest.raises(DatasetError, match="not UTF-8"):
        load_examples(path)


def test_bom_and_crlf_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffid,tweet,label\r\n1,Masks work,real\r\n".encode("utf-8"))
    (example,) = load_examples(path)
    assert (example.text, example.labels, example.language) == ("Masks work", ("real",), "en")
