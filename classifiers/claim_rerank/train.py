"""Training a claim reranker: fit on written claim pairs, choose the operating points on the TUNE half of the
claim-pair fixture, measure on its TEST half beside the cosine thresholds it would replace.

The adapter (LoRA on the top layers) and a linear head read each pair in both orders, trained by the
transformer family's own trainer (classifiers.e5.trainer: the frozen lower layers run once per pair). A pairing
(same-language, cross-language) gets an operating point only where the reranker beats the cosine threshold on
the TEST pairs; elsewhere matching stays on cosine, the simpler baseline.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.article_flags.evaluation import ClaimPair, choose_match_threshold, pair_group
from classifiers.claim_rerank import TASK
from classifiers.claim_rerank.model import (
    CARD_FILE,
    NAME,
    PAIRINGS,
    SIDE_TOKENS,
    ClaimReranker,
    RerankerConfig,
    load_reranker,
    pair_ids,
    save_reranker,
)
from classifiers.e5.cache import cached_base
from classifiers.e5.examples import MultiTaskExample
from classifiers.e5.lora import LoraSettings
from classifiers.e5.network import MultiTaskNetwork
from classifiers.e5.trainer import StepReport, TrainingBase, TrainSettings, encoder_for_training, train_network
from classifiers.registry import model_dir, next_version, promote
from core.claims import pairing
from core.tasks import TaskKind, TaskSpec

DEFAULT_FIT_PAIRS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "claims" / "rerank_pairs.csv"
SPEC = TaskSpec(TASK, TaskKind.BINARY, ("different", "same"), positive="same")
Progress = Callable[[str], None]
NEIGHBOURS = 5  # as the claim stage reads them (pipeline.claims_stage)


@dataclass(frozen=True)
class RerankTrainingParams:
    epochs: int = 6
    batch_size: int = 16
    learning_rate: float = 1e-3
    head_learning_rate: float = 2e-3
    lora: LoraSettings = field(default_factory=LoraSettings)
    min_precision: float = 0.9  # the claim-matching target
    floor_recall: float = 0.99  # the cosine floor lets this share of TUNE positives through to the reranker
    news_budget: float = 0.01  # share of real news sentences allowed to confirm a stored claim (decision 43)
    seed: int = 13


@dataclass
class RerankTrainingResult:
    config: RerankerConfig
    folder: Path
    card: dict[str, Any]
    promoted: bool


def fit_network(pairs: Sequence[ClaimPair], params: RerankTrainingParams, say: Progress) -> MultiTaskNetwork:
    """The adapter and head, fitted on ``pairs`` read in both orders by the transformer family's trainer (one
    binary task whose "text" is the pair)."""
    settings = TrainSettings(epochs=params.epochs, max_length=SIDE_TOKENS, batch_size=params.batch_size,
                             learning_rate=params.learning_rate, head_learning_rate=params.head_learning_rate,
                             seed=params.seed, lora=params.lora)
    encoder = encoder_for_training(settings)
    both = [(p.text_a, p.text_b, p) for p in pairs] + [(p.text_b, p.text_a, p) for p in pairs]
    rows = [MultiTaskExample(text=f"{a}\n{b}", language=p.lang_a, origin=p.relation, targets={TASK: float(p.same_claim)})
            for a, b, p in both]
    say(f"fitting on {len(rows):,} ordered pairs")

    def report(step: StepReport) -> None:
        if step.step % max(1, step.steps // (4 * params.epochs)) == 0 or step.step == step.steps:
            say(f"step {step.step}/{step.steps} (epoch {step.epoch + 1}): loss {step.loss:.4f}")

    network, _ = train_network(rows, pair_ids(encoder, [(a, b) for a, b, _ in both]), {TASK: SPEC}, settings,
                               TrainingBase.of(encoder), on_step=report)
    return network


def gated(probabilities: np.ndarray, similarities: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """The reranker's probability where the cosine clears its pairing's floor, else -1 (never read, never a match)."""
    return np.where(similarities >= floors, probabilities, -1.0)


def precision_recall(scores: np.ndarray, labels: np.ndarray, threshold: float | None) -> dict[str, float]:
    if threshold is None:
        return {}
    predicted = scores >= threshold
    hits = int((predicted & labels).sum())
    precision = hits / int(predicted.sum()) if predicted.any() else 1.0
    recall = hits / int(labels.sum()) if labels.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": int(len(labels)), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def choose_floors(pairs: Sequence[ClaimPair], similarities: np.ndarray, params: RerankTrainingParams) -> dict[str, float]:
    """Per pairing, the cosine that lets ``floor_recall`` of the TUNE positives through to the reranker."""
    labels = np.asarray([p.same_claim for p in pairs])
    floors = {}
    for group in PAIRINGS:
        tune = np.asarray([pair_group(p) == group and p.split == "tune" for p in pairs]) & labels
        floors[group] = round(float(np.quantile(similarities[tune], 1.0 - params.floor_recall)) - 0.005, 4)
    return floors


def operating_points(pairs: Sequence[ClaimPair], probabilities: np.ndarray, similarities: np.ndarray,
                     params: RerankTrainingParams, floors: Mapping[str, float],
                     at_least: Mapping[str, float] | None = None) -> tuple[dict[str, float], dict[str, Any]]:
    """(thresholds, figures): per pairing, on TUNE both rules' thresholds for ``min_precision`` (the reranker's
    raised to ``at_least``, what real news allows); on TEST each rule's precision, recall and F1. A pairing keeps
    a reranker threshold only where the reranker's TEST F1 is at least the cosine threshold's."""
    labels = np.asarray([p.same_claim for p in pairs])
    thresholds, figures = {}, {}
    for group in PAIRINGS:
        in_group = np.asarray([pair_group(p) == group for p in pairs])
        tune = in_group & np.asarray([p.split == "tune" for p in pairs])
        test = in_group & np.asarray([p.split == "test" for p in pairs])
        scores = gated(probabilities, similarities, np.full(len(pairs), floors[group]))
        on_pairs = choose_match_threshold(scores[tune], labels[tune], params.min_precision)
        rerank_at = max(on_pairs, (at_least or {}).get(group, 0.0))
        cosine_at = choose_match_threshold(similarities[tune], labels[tune], params.min_precision)
        reranked = precision_recall(scores[test], labels[test], rerank_at)
        cosine = precision_recall(similarities[test], labels[test], cosine_at)
        adopted = reranked["f1"] >= cosine["f1"]
        if adopted:
            thresholds[group] = round(rerank_at, 4)
        figures[group] = {"floor": floors[group], "reranker_threshold_pairs": round(on_pairs, 4),
                          "reranker_threshold": round(rerank_at, 4), "cosine_threshold": round(cosine_at, 4),
                          "test_reranker": reranked, "test_cosine": cosine, "adopted": adopted}
    return thresholds, figures


def mined_negatives(pairs: Sequence[ClaimPair], embed: Callable[[Sequence[str]], np.ndarray],
                    seed: int, nearest: int = 2) -> list[ClaimPair]:
    """Negatives between different seeds: each seed's claim against the report of its ``nearest`` most similar
    other seeds, and its viral paraphrase against a random seed's report, all in the seed's language. Written
    hard negatives alone taught the reranker that two viral-sounding Hindi headlines are the same claim."""
    by_seed: dict[str, dict[str, ClaimPair]] = {}
    for pair in pairs:
        by_seed.setdefault(pair.text_a, {})[pair.relation] = pair
    seeds = [s for s in by_seed.values() if {"report", "translation", "paraphrase"} <= s.keys()]
    vectors = embed([s["report"].text_a for s in seeds])
    rng = random.Random(seed)

    def text_in(target: dict[str, ClaimPair], language: str) -> str:
        return target["report"].text_b if target["report"].lang_b == language else target["translation"].text_b

    out = []
    for i, own in enumerate(seeds):
        language = own["report"].lang_a
        order = [j for j in np.argsort(-(vectors @ vectors[i])) if j != i]
        partners = order[:nearest] + [rng.choice(order[nearest:])]
        for k, j in enumerate(partners):
            mine = own["report"].text_a if k < nearest else own["paraphrase"].text_b
            out.append(ClaimPair("fit", "mined-negative", language, mine, language, text_in(seeds[j], language), False))
    return out


def news_thresholds(reranker: ClaimReranker, embed: Callable[[Sequence[str]], np.ndarray],
                    claims: Sequence[tuple[str, str]], news: Sequence[tuple[str, str]], floors: Mapping[str, float],
                    budget: float) -> dict[str, float]:
    """Per pairing, the same-claim probability that real news sentences reach against a store of the fitted
    claims only ``budget`` of the time (their best neighbour above the floor): a pair's precision is not a
    store's (decision 43)."""
    store = embed([text for text, _ in claims])
    sentences = embed([text for text, _ in news])
    best = {group: np.full(len(news), -1.0) for group in PAIRINGS}
    asks: list[tuple[int, int, str]] = []
    for i, neighbours in enumerate(np.argsort(-(sentences @ store.T), axis=1)[:, :NEIGHBOURS]):
        for j in neighbours:
            group = pairing(news[i][1], claims[j][1])
            if float(sentences[i] @ store[j]) >= floors[group]:
                asks.append((i, int(j), group))
    verdicts = reranker.probabilities([(news[i][0], claims[j][0]) for i, j, _ in asks])
    for (i, _, group), probability in zip(asks, verdicts, strict=True):
        best[group][i] = max(best[group][i], float(probability))
    return {group: round(float(np.quantile(values, 1.0 - budget)) + 0.001, 4) for group, values in best.items()}


def head_arrays(network: MultiTaskNetwork) -> tuple[np.ndarray, float]:
    head = network.heads.linear(TASK)
    return head.weight.detach().double().numpy().reshape(-1), float(head.bias.detach().double().numpy()[0])


def read_written_pairs(path: Path) -> list[ClaimPair]:
    """Training pairs in the claim-pair columns (``split`` may be absent: they are all for fitting)."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [ClaimPair(row.get("split") or "fit", row["relation"], row["lang_a"], row["text_a"], row["lang_b"],
                          row["text_b"], row["label"] == "1") for row in csv.DictReader(handle)]


def seed_claims(pairs: Sequence[ClaimPair]) -> list[tuple[str, str]]:
    """Each written seed's claim in both languages: the store that real news is checked against."""
    return list(dict.fromkeys(
        claim for p in pairs if p.relation == "translation" for claim in ((p.text_a, p.lang_a), (p.text_b, p.lang_b))))


def train_claim_reranker(
    fit_pairs: Sequence[ClaimPair],
    evaluation_pairs: Sequence[ClaimPair],
    models_dir: Path | str | None = None,
    *,
    news: Sequence[tuple[str, str]] = (),
    params: RerankTrainingParams | None = None,
    sources: Sequence[str] = (),
    promote_if_fit: bool = True,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> RerankTrainingResult:
    """Fit on ``fit_pairs`` (plus negatives mined between their seeds); choose operating points on the TUNE half
    of ``evaluation_pairs``, raised so real ``news`` sentences (text, language) confirm a stored claim at most
    ``news_budget`` of the time, and measure on its TEST half; save a version and make it active if the
    reranker beats cosine in at least one pairing."""
    from classifiers.article_flags.embedder import E5SentenceEmbedder

    params = params or RerankTrainingParams()
    say = progress or (lambda _message: None)
    embedder = E5SentenceEmbedder()
    mined = mined_negatives(fit_pairs, embedder.embed, params.seed)
    network = fit_network([*fit_pairs, *mined], params, say)
    files = cached_base()
    version = next_version(TASK, NAME, models_dir, today=today).split("/", 1)[1]
    folder = model_dir(TASK, f"{NAME}/{version}", models_dir)
    save_reranker(folder, RerankerConfig(version, params.lora, files.source_sha256, {}, {}), network.adapter_state(),
                  head_arrays(network))
    say("scoring the claim-pair fixture (TUNE: operating points, TEST: figures)")
    reranker = load_reranker(folder)  # as the pipeline will run it: merged weights, bf16 where the CPU has it
    probabilities = reranker.probabilities([(p.text_a, p.text_b) for p in evaluation_pairs])
    left = embedder.embed([p.text_a for p in evaluation_pairs])
    similarities = np.einsum("ij,ij->i", left, embedder.embed([p.text_b for p in evaluation_pairs]))
    floors = choose_floors(evaluation_pairs, similarities, params)
    news_at: dict[str, float] = {}
    if news:
        say(f"checking {len(news):,} real news sentences against the {len(seed_claims(fit_pairs))} fitted claims")
        news_at = news_thresholds(reranker, embedder.embed, seed_claims(fit_pairs), news, floors, params.news_budget)
    thresholds, figures = operating_points(evaluation_pairs, probabilities, similarities, params, floors, news_at)
    card = _card(version, params, len(fit_pairs), len(mined), sources, figures, thresholds, news, news_at)
    config = RerankerConfig(version, params.lora, files.source_sha256, thresholds, floors)
    save_reranker(folder, config, network.adapter_state(), head_arrays(network))
    (folder / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    promoted = promote_if_fit and bool(thresholds)
    if promoted:
        promote(TASK, config.model_id, models_dir)
    return RerankTrainingResult(config, folder, card, promoted)


def _card(version: str, params: RerankTrainingParams, fitted: int, mined: int, sources: Sequence[str],
          figures: Mapping[str, Any], thresholds: Mapping[str, float], news: Sequence[tuple[str, str]],
          news_at: Mapping[str, float]) -> dict[str, Any]:
    return {
        "task": TASK, "model": f"{NAME}/{version}", "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "fit_pairs": fitted, "mined_negatives": mined, "fit_sources": list(sources),
        "params": {"epochs": params.epochs, "batch_size": params.batch_size, "learning_rate": params.learning_rate,
                   "head_learning_rate": params.head_learning_rate, "lora": params.lora.to_dict(),
                   "min_precision": params.min_precision, "floor_recall": params.floor_recall,
                   "news_budget": params.news_budget},
        "news": {"sentences": len(news), "languages": dict(sorted(Counter(lang for _, lang in news).items())),
                 "thresholds": dict(news_at)},
        "pairings": dict(figures), "adopted": sorted(thresholds),
        "limitations": "Fitted on pairs written for Satark from the public sets' TRAIN items and invented election "
                       "claims; measured on pairs written from their VALIDATION items by another hand. Real news "
                       "sentences raise the thresholds against a store of the fitted claims only; the claim stage "
                       "does not yet raise them as its own store grows.",
    }
