"""Integrity of the claim reranker's training pairs (tests/fixtures/claims/rerank_pairs.csv): five relations per
seed with the right labels and languages, Devanagari in NFC, and no text shared with the evaluation pairs (the
reranker is measured on claim_pairs.csv, so a shared text would leak)."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIT = REPO / "tests" / "fixtures" / "claims" / "rerank_pairs.csv"
EVALUATION = REPO / "tests" / "fixtures" / "claims" / "claim_pairs.csv"
LABELS = {"paraphrase": 1, "report": 1, "translation": 1, "hard-negative": 0, "hard-negative-cross": 0}
CROSSING = {"translation", "hard-negative-cross"}
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_five_relations_per_seed_with_their_labels_and_languages() -> None:
    rows = _rows(FIT)
    by_seed: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_seed[row["seed_id"]].append(row)
        assert int(row["label"]) == LABELS[row["relation"]], row["pair_id"]
        assert (row["lang_a"] != row["lang_b"]) == (row["relation"] in CROSSING), row["pair_id"]
        for language, text in ((row["lang_a"], row["text_a"]), (row["lang_b"], row["text_b"])):
            assert text.strip() and unicodedata.normalize("NFC", text) == text
            assert bool(DEVANAGARI.search(text)) == (language == "hi"), (row["pair_id"], text)
    assert len(rows) == len({row["pair_id"] for row in rows}) == 895
    assert all(sorted(r["relation"] for r in pairs) == sorted(LABELS) for pairs in by_seed.values())
    assert Counter(seed[:2] for seed in by_seed) == {"ce": 45, "ch": 45, "li": 45, "we": 44}
    assert Counter(pairs[0]["lang_a"] for pairs in by_seed.values()) == {"en": 112, "hi": 67}


def test_no_text_is_shared_with_the_evaluation_pairs() -> None:
    evaluation = {text for row in _rows(EVALUATION) for text in (row["text_a"], row["text_b"])}
    fit = {text for row in _rows(FIT) for text in (row["text_a"], row["text_b"])}
    assert not fit & evaluation
