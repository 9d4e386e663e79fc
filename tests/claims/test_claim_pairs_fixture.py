"""Integrity of the labelled claim-matching pairs (tests/fixtures/claims/claim_pairs.csv).

The known-claim threshold is chosen on the `tune` seeds and measured on the `test` seeds, so the file has to keep
its shape: four relations per seed, both languages on both sides, Devanagari that survives NFC, and no seed whose
pairs straddle the two splits.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAIRS = REPO / "tests" / "fixtures" / "claims" / "claim_pairs.csv"
COLUMNS = ["pair_id", "seed_id", "split", "relation", "lang_a", "text_a", "lang_b", "text_b", "label", "seed_source"]
LABELS = {"paraphrase": 1, "translation": 1, "hard-negative": 0, "unrelated": 0}
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LATIN = re.compile(r"[A-Za-z]")
SOURCE = re.compile(r"^(constraint_english_valid\.csv|constraint_hindi_valid\.csv|liar_valid\.tsv):row (\d+)$")
SEEDS_PER_SOURCE = {
    "constraint_english_valid.csv": 45,
    "constraint_hindi_valid.csv": 40,
    "liar_valid.tsv": 35,
    "written:election": 20,
}

Row = dict[str, str]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def seeds(rows: list[Row]) -> dict[str, list[Row]]:
    by_seed: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_seed[row["seed_id"]].append(row)
    return dict(by_seed)


def source_name(row: Row) -> str:
    return row["seed_source"].split(":row ")[0]


def test_header_and_encoding() -> None:
    raw = PAIRS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    text = raw.decode("utf-8")
    assert text.splitlines()[0].split(",") == COLUMNS


def test_labels_follow_relations(rows: list[Row]) -> None:
    assert {row["label"] for row in rows} == {"0", "1"}
    assert {row["relation"] for row in rows} == set(LABELS)
    assert all(int(row["label"]) == LABELS[row["relation"]] for row in rows)
    assert len({row["pair_id"] for row in rows}) == len(rows)


def test_every_seed_has_the_four_relations_and_one_anchor(seeds: dict[str, list[Row]]) -> None:
    for seed_id, pairs in seeds.items():
        assert sorted(row["relation"] for row in pairs) == sorted(LABELS), seed_id
        assert len({(row["text_a"], row["lang_a"], row["split"], row["seed_source"]) for row in pairs}) == 1, seed_id


def test_seed_counts_per_source(seeds: dict[str, list[Row]]) -> None:
    counts = Counter(source_name(pairs[0]) for pairs in seeds.values())
    assert counts == SEEDS_PER_SOURCE
    written = Counter(pairs[0]["lang_a"] for pairs in seeds.values() if source_name(pairs[0]) == "written:election")
    assert written == {"hi": 10, "en": 10}
    for pairs in seeds.values():
        if source_name(pairs[0]) != "written:election":
            assert SOURCE.match(pairs[0]["seed_source"]), pairs[0]["seed_source"]


def is_hindi(text: str) -> bool:
    return len(DEVANAGARI.findall(text)) > 3 * len(LATIN.findall(text))


def test_languages_match_the_text(rows: list[Row]) -> None:
    for row in rows:
        for lang, text in ((row["lang_a"], row["text_a"]), (row["lang_b"], row["text_b"])):
            assert lang in {"en", "hi"}, row["pair_id"]
            if lang == "hi":
                assert is_hindi(text), (row["pair_id"], text)
            else:
                assert not DEVANAGARI.search(text), (row["pair_id"], text)


def test_both_languages_on_both_sides_for_every_relation(rows: list[Row]) -> None:
    assert {row["lang_a"] for row in rows} == {"en", "hi"}
    assert {row["lang_b"] for row in rows} == {"en", "hi"}
    for relation in LABELS:
        sides = {(row["lang_a"], row["lang_b"]) for row in rows if row["relation"] == relation}
        if relation == "paraphrase":
            assert sides == {("en", "en"), ("hi", "hi")}
        elif relation == "translation":
            assert sides == {("en", "hi"), ("hi", "en")}
        else:  # negatives come in the same and the other language, so language alone cannot separate them
            assert sides == {("en", "en"), ("en", "hi"), ("hi", "en"), ("hi", "hi")}, relation


def test_texts_are_nfc_and_clean(rows: list[Row]) -> None:
    for row in rows:
        for text in (row["text_a"], row["text_b"]):
            assert unicodedata.normalize("NFC", text) == text, row["pair_id"]
            assert text == text.strip() and text, row["pair_id"]
            assert "http" not in text and "#" not in text and "@" not in text, row["pair_id"]


def test_text_b_is_never_the_anchor(rows: list[Row]) -> None:
    for row in rows:
        assert row["text_b"].casefold() != row["text_a"].casefold(), row["pair_id"]


def test_negatives_come_from_another_seed_or_are_written(seeds: dict[str, list[Row]]) -> None:
    anchors = {pairs[0]["text_a"]: seed_id for seed_id, pairs in seeds.items()}
    positives = {row["text_b"]: seed_id for seed_id, pairs in seeds.items() for row in pairs if row["label"] == "1"}
    for seed_id, pairs in seeds.items():
        for row in pairs:
            if row["label"] == "0":
                # a negative that is some seed's own claim or rewording must be another seed's
                assert anchors.get(row["text_b"], "") != seed_id, row["pair_id"]
                assert positives.get(row["text_b"], "") != seed_id, row["pair_id"]


def test_splits_alternate_and_balance(seeds: dict[str, list[Row]]) -> None:
    order = sorted(seeds)
    assert [seeds[seed_id][0]["split"] for seed_id in order] == ["tune", "test"] * (len(order) // 2)
    for source in SEEDS_PER_SOURCE:
        for lang in ("en", "hi"):
            split_counts = Counter(
                pairs[0]["split"] for pairs in seeds.values() if source_name(pairs[0]) == source and pairs[0]["lang_a"] == lang
            )
            assert abs(split_counts["tune"] - split_counts["test"]) <= 1, (source, lang, split_counts)


def test_each_split_holds_every_relation_and_language_pair(rows: list[Row]) -> None:
    cells = Counter((row["split"], row["relation"], row["lang_a"], row["lang_b"]) for row in rows)
    for split in ("tune", "test"):
        for relation in LABELS:
            langs = {(a, b) for (s, r, a, b) in cells if s == split and r == relation}
            assert len(langs) == (2 if relation in {"paraphrase", "translation"} else 4), (split, relation)
    splits = Counter(row["split"] for row in rows)
    assert splits["tune"] == splits["test"]


def test_seed_sources_are_fake_items(shared_data: Path, seeds: dict[str, list[Row]]) -> None:
    """Each public seed points at a row the data set labels fake (CONSTRAINT) or false/pants-fire (LIAR)."""
    tables: dict[str, list[list[str]]] = {}
    for pairs in seeds.values():
        match = SOURCE.match(pairs[0]["seed_source"])
        if not match:
            continue
        name, row_number = match.group(1), int(match.group(2))
        if name not in tables:
            with (shared_data / "misinfo" / name).open(encoding="utf-8", newline="") as handle:
                reader = (
                    csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if name.endswith(".tsv") else csv.reader(handle)
                )
                table = list(reader)
            tables[name] = table[1:] if name == "constraint_english_valid.csv" else table
        record = tables[name][row_number]
        if name == "constraint_english_valid.csv":
            assert record[2] == "fake", pairs[0]["seed_source"]
        elif name == "constraint_hindi_valid.csv":
            assert "fake" in record[1].split(","), pairs[0]["seed_source"]
        else:
            assert record[1] in {"false", "pants-fire"}, pairs[0]["seed_source"]
