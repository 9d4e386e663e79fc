"""Figures of an article flag model, the ones the desk feels: how often real news is flagged, what is caught.

- ``false_flags``: per task and language, the share of held-out real news (AG's News, BBC Hindi) flagged.
- ``recall_curves``: per task and held-out public set, recall and the news false-flag rate at a grid of
  thresholds around the operating point, so a deployment can move along the curve knowing the cost.
- ``pair_figures``: claim matching precision and recall on the labelled claim pairs, same-language and
  cross-language (Hindi <-> English) apart.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifiers.article_flags.data import NEWS_LANGUAGE, FlagExample, Split

CURVE_POINTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
DEFAULT_PAIRS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "claims" / "claim_pairs.csv"


def _rate(flags: np.ndarray) -> float:
    return round(float(flags.mean()), 4) if len(flags) else 0.0


def news_scores(examples: Sequence[FlagExample], scores: np.ndarray, split: Split, language: str) -> np.ndarray:
    return np.asarray(
        [s for e, s in zip(examples, scores, strict=True)
         if e.is_news and e.split is split and NEWS_LANGUAGE[e.dataset] == language]
    )


def false_flags(
    examples: Sequence[FlagExample], scores: Mapping[str, np.ndarray], thresholds: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, dict[str, float]]]:
    """task -> language -> {items, rate} on held-out real news."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for task, by_language in thresholds.items():
        out[task] = {}
        for language, threshold in by_language.items():
            held = news_scores(examples, scores[task], Split.HELD_OUT, language)
            out[task][language] = {"items": len(held), "rate": _rate(held >= threshold)}
    return out


def recall_curves(
    examples: Sequence[FlagExample], scores: Mapping[str, np.ndarray], thresholds: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, list[dict[str, float]]]]:
    """task -> held-out public set -> [{threshold, recall, news_false_flags}], the operating point included."""
    out: dict[str, dict[str, list[dict[str, float]]]] = {}
    for task, by_language in thresholds.items():
        out[task] = {}
        datasets = sorted({e.dataset for e in examples if not e.is_news and e.split is Split.HELD_OUT})
        for dataset in datasets:
            rows = [(e, s) for e, s in zip(examples, scores[task], strict=True)
                    if e.dataset == dataset and e.split is Split.HELD_OUT and e.label(task)]
            if not rows:
                continue
            language = rows[0][0].language
            positives = np.asarray([s for _, s in rows])
            news = news_scores(examples, scores[task], Split.HELD_OUT, language)
            points = sorted({*CURVE_POINTS, round(by_language.get(language, 0.5), 4)})
            out[task][dataset] = [
                {"threshold": t, "recall": _rate(positives >= t), "news_false_flags": _rate(news >= t),
                 "operating_point": t == round(by_language.get(language, 0.5), 4)}
                for t in points
            ]
    return out


@dataclass(frozen=True, slots=True)
class ClaimPair:
    split: str  # tune | test
    relation: str
    lang_a: str
    text_a: str
    lang_b: str
    text_b: str
    same_claim: bool

    @property
    def cross_language(self) -> bool:
        return self.lang_a != self.lang_b


def read_pairs(path: Path = DEFAULT_PAIRS) -> list[ClaimPair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ClaimPair(row["split"], row["relation"], row["lang_a"], row["text_a"], row["lang_b"], row["text_b"],
                      row["label"] == "1")
            for row in csv.DictReader(handle)
        ]


def pair_similarities(pairs: Sequence[ClaimPair], embed: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
    left = embed([p.text_a for p in pairs])
    right = embed([p.text_b for p in pairs])
    return np.einsum("ij,ij->i", left, right)


def _precision_recall(similarities: np.ndarray, labels: np.ndarray, threshold: float) -> dict[str, float]:
    predicted = similarities >= threshold
    true_positives = int((predicted & labels).sum())
    return {
        "pairs": int(len(labels)),
        "precision": round(true_positives / int(predicted.sum()), 4) if predicted.any() else 1.0,
        "recall": round(true_positives / int(labels.sum()), 4) if labels.any() else 0.0,
    }


def choose_match_threshold(similarities: np.ndarray, labels: np.ndarray, min_precision: float) -> float:
    """The lowest threshold whose precision on the pairs reaches ``min_precision`` (so recall is highest)."""
    for threshold in np.unique(np.round(similarities, 4)):
        if _precision_recall(similarities, labels, float(threshold))["precision"] >= min_precision:
            return float(threshold)
    return float(similarities.max()) + 1e-4


PAIR_GROUPS = ("same-language", "cross-language")


def pair_group(pair: ClaimPair) -> str:
    return "cross-language" if pair.cross_language else "same-language"


def choose_match_thresholds(pairs: Sequence[ClaimPair], similarities: np.ndarray, min_precision: float) -> dict[str, float]:
    """Per language pairing, the lowest threshold reaching ``min_precision`` on the TUNE pairs."""
    out = {}
    labels = np.asarray([p.same_claim for p in pairs])
    for group in PAIR_GROUPS:
        mask = np.asarray([p.split == "tune" and pair_group(p) == group for p in pairs])
        out[group] = round(choose_match_threshold(similarities[mask], labels[mask], min_precision), 4)
    return out


def pair_figures(pairs: Sequence[ClaimPair], similarities: np.ndarray, thresholds: Mapping[str, float],
                 split: str) -> dict[str, dict[str, float]]:
    """Precision and recall on one split: all pairs (each judged at its pairing's threshold), same-language and
    cross-language."""
    in_split = np.asarray([p.split == split for p in pairs])
    labels = np.asarray([p.same_claim for p in pairs])
    # Shift each pair by its own threshold so one cut at 0 applies both.
    margin = similarities - np.asarray([thresholds[pair_group(p)] for p in pairs])
    groups = {"all": np.ones(len(pairs), bool), **{g: np.asarray([pair_group(p) == g for p in pairs]) for g in PAIR_GROUPS}}
    return {name: _precision_recall(margin[in_split & mask], labels[in_split & mask], 0.0) for name, mask in groups.items()}


def public_set_figures(
    examples: Sequence[FlagExample], scores: Mapping[str, np.ndarray], thresholds: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, dict[str, float]]]:
    """task -> held-out public set -> precision, recall and F1 at the operating point of the set's language: the
    tweet- and claim-level figures the earlier model cards report, for comparison."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for task, by_language in thresholds.items():
        out[task] = {}
        for dataset in sorted({e.dataset for e in examples if not e.is_news and e.split is Split.HELD_OUT}):
            rows = [(e, s) for e, s in zip(examples, scores[task], strict=True)
                    if e.dataset == dataset and e.split is Split.HELD_OUT and e.label(task) is not None]
            if not rows or not any(e.label(task) for e, _ in rows):
                continue
            threshold = by_language.get(rows[0][0].language, 0.5)
            truth = np.asarray([bool(e.label(task)) for e, _ in rows])
            flagged = np.asarray([s >= threshold for _, s in rows])
            hits = int((truth & flagged).sum())
            precision = hits / int(flagged.sum()) if flagged.any() else 0.0
            recall = hits / int(truth.sum())
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[task][dataset] = {"rows": len(rows), "precision": round(precision, 4), "recall": round(recall, 4),
                                  "f1": round(f1, 4)}
    return out
