"""What the monitoring cell would see with the ACTIVE article flag model, per language, in one run.

    .venv/bin/python bench/flags.py [--data-dir ../shared/data] [--models-dir models] [--seeded]

(a) held-out real news (AG's News en, BBC Hindi hi) flagged per task and language, recomputed rather than read
from the card; (b) per held-out public set, recall and news false flags along a grid of thresholds, the
operating point marked; (c) claim matching precision and recall on the TEST claim pairs at the model's match
thresholds, and (c') with the claim reranker where it decides; (d) the demo corpus through the real pipeline
(``SatarkApp`` on a temporary home), (d0) the same without the reranker; (e) on the same
demo articles, the previous behaviour for comparison: the active transformer classifiers' own verdicts on
title + lead. (a) and (b) need the shared data and are skipped without it. A few minutes on a 2-core CPU.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifiers.article_flags.data import FlagExample, Split, load_flag_examples  # noqa: E402
from classifiers.article_flags.embedder import E5SentenceEmbedder, shared_embedder  # noqa: E402
from classifiers.article_flags.evaluation import (  # noqa: E402
    false_flags,
    pair_figures,
    pair_group,
    pair_similarities,
    read_pairs,
    recall_curves,
)
from classifiers.article_flags.model import ArticleFlagModel, load_active_flag_model  # noqa: E402
from classifiers.datasets import DEFAULT_DATA_DIR, DatasetError  # noqa: E402
from core.tasks import HOSTILE, HOSTILITY, MISINFORMATION  # noqa: E402
from core.text import classification_text  # noqa: E402
from demosites.corpus import DemoArticle, load_corpus  # noqa: E402
from pipeline.flag_quality import DemoFlagFigures, record  # noqa: E402


def held_out_examples(data_dir: Path) -> list[FlagExample] | None:
    try:
        examples = load_flag_examples(data_dir)
    except DatasetError as exc:
        print(f"(a), (b) skipped: the shared data is not usable here ({exc})")
        return None
    return [e for e in examples if e.split is Split.HELD_OUT]


def print_news(model: ArticleFlagModel, figures: Mapping[str, Mapping[str, Mapping[str, float]]]) -> None:
    print("\n(a) held-out real news flagged (AG's News en, BBC Hindi hi; no step saw these items)")
    print(f"  {'task':<15} {'lang':<5} {'threshold':>9} {'items':>6} {'flagged':>8}")
    for task, by_language in figures.items():
        for language, row in by_language.items():
            print(f"  {task:<15} {language:<5} {model.thresholds[task][language]:>9.4f} {int(row['items']):>6} "
                  f"{row['rate']:>8.1%}")


def print_curves(curves: Mapping[str, Mapping[str, Sequence[Mapping[str, float]]]], languages: Mapping[str, str]) -> None:
    print("\n(b) recall per held-out public set along the threshold (* the operating point of the set's language)")
    for task, by_dataset in curves.items():
        for dataset, curve in by_dataset.items():
            print(f"  {task} / {dataset} ({languages[dataset]})")
            print(f"    {'threshold':>10} {'recall':>7} {'news flagged':>13}")
            for row in curve:
                mark = " *" if row["operating_point"] else ""
                print(f"    {row['threshold']:>10.4f} {row['recall']:>7.3f} {row['news_false_flags']:>13.1%}{mark}")


def print_pairs(model: ArticleFlagModel, embedder: E5SentenceEmbedder) -> None:
    pairs = read_pairs()
    figures = pair_figures(pairs, pair_similarities(pairs, embedder.embed), model.match_thresholds, "test")
    print("\n(c) claim matching on the TEST claim pairs (thresholds chosen on the tune pairs)")
    print(f"  {'pairs':<15} {'threshold':>11} {'n':>4} {'precision':>9} {'recall':>7}")
    for group, row in figures.items():
        threshold = f"{model.match_thresholds[group]:.4f}" if group in model.match_thresholds else "per pairing"
        print(f"  {group:<15} {threshold:>11} {int(row['pairs']):>4} {row['precision']:>9.3f} {row['recall']:>7.3f}")


def print_demo(title: str, figures: DemoFlagFigures, recognised: bool) -> None:
    print(f"\n{title}")
    print(f"  {'lang':<5} {'articles':>8} {'rumours':>8} {'flagged':>8} {'true':>5} {'precision':>9} {'recall':>7} "
          f"{'hostile':>8}")
    for language, row in [*sorted(figures.by_language.items()), ("all", figures.overall)]:
        print(f"  {language:<5} {row.articles:>8} {row.misinformation:>8} {row.flagged:>8} {row.true_flags:>5} "
              f"{row.precision:>9.3f} {row.recall:>7.3f} {row.hostile:>8}")
    known = f"{figures.factchecks_recognised} recognised as fact-checks, " if recognised else ""
    print(f"  fact-checks: {figures.factchecks}, {known}{figures.factchecks_flagged} flagged or marked hostile")
    if figures.reasons:
        print(f"  reasons of the true flags: {dict(figures.reasons)}")
    print(f"  missed rumours ({len(figures.missed)}): {', '.join(figures.missed) or '-'}")
    print(f"  real news flagged ({len(figures.false_flags)}): {', '.join(figures.false_flags) or '-'}")
    print(f"  marked hostile ({len(figures.hostile)}): {', '.join(figures.hostile) or '-'}")


def print_rerank_pairs(models_dir: Path | None, embedder: E5SentenceEmbedder) -> bool:
    """(c') the claim reranker on the same TEST pairs at its floors and thresholds; False when none is active."""
    from classifiers.claim_rerank.model import load_active_reranker
    from classifiers.claim_rerank.train import gated, precision_recall

    reranker = load_active_reranker(models_dir)
    if reranker is None:
        return False
    pairs = [p for p in read_pairs() if p.split == "test"]
    probabilities = reranker.probabilities([(p.text_a, p.text_b) for p in pairs])
    similarities = pair_similarities(pairs, embedder.embed)
    labels = np.asarray([p.same_claim for p in pairs])
    print(f"\n(c') the same pairs with the claim reranker {reranker.model_id} where it decides (cosine floor, probability)")
    print(f"  {'pairs':<15} {'floor':>6} {'threshold':>9} {'n':>4} {'precision':>9} {'recall':>7}")
    for group, threshold in reranker.thresholds.items():
        mine = np.asarray([pair_group(p) == group for p in pairs])
        scores = gated(probabilities[mine], similarities[mine], np.full(int(mine.sum()), reranker.floors[group]))
        row = precision_recall(scores, labels[mine], threshold)
        print(f"  {group:<15} {reranker.floors[group]:>6.3f} {threshold:>9.4f} {row['pairs']:>4} "
              f"{row['precision']:>9.3f} {row['recall']:>7.3f}")
    return True


def pipeline_demo(models_dir: Path | None, seed_from: Path | None = None, rerank: bool = True) -> DemoFlagFigures:
    """The demo corpus through the pipeline; ``seed_from``: the public sets' fake items seeded as known claims first."""
    from core.settings import SatarkSettings
    from pipeline.app import SatarkApp
    from pipeline.flag_quality import demo_flag_figures

    extra: dict[str, Any] = {"classify": {"models_dir": models_dir}} if models_dir else {}
    extra["claims"] = {"rerank": rerank}
    with tempfile.TemporaryDirectory(prefix="satark-bench-flags-") as home:
        with SatarkApp(SatarkSettings(home=Path(home), **extra)) as app:
            if seed_from is not None:
                seeded = app.seed_known_claims(seed_from)
                print(f"\n{seeded.added:,} known claims seeded from {seed_from}")
                if app.claims is not None:
                    points = app.claims.points
                    print(f"match thresholds now {points.match:.4f} same-language, {points.match_cross} cross-language")
            return demo_flag_figures(app)


def transformer_demo(models_dir: Path | None) -> tuple[DemoFlagFigures, dict[str, str]]:
    """The previous behaviour: an article is flagged when the misinformation classifier says so, marked hostile
    when the hostility classifier gives the coarse "hostile" label; fact-checks are not told apart."""
    from classifiers.suite import ClassifierSuite

    suite = ClassifierSuite.from_registry(models_dir, tasks=[MISINFORMATION, HOSTILITY])
    articles: list[DemoArticle] = sorted(load_corpus().articles, key=lambda a: a.published)
    verdicts = suite.classify([classification_text(a.title, a.text) for a in articles], [a.language for a in articles])
    figures = DemoFlagFigures()
    for article, verdict in zip(articles, verdicts, strict=True):
        record(figures, article, flagged=MISINFORMATION in verdict[MISINFORMATION].labels,
               hostile=HOSTILE in verdict[HOSTILITY].labels)
    return figures, suite.models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the shared data (misinfo/, news/)")
    parser.add_argument("--models-dir", type=Path, default=None, help="model registry (default: the repository's models/)")
    parser.add_argument("--seeded", action="store_true",
                        help="also run (d) with the public sets' fake items from --data-dir seeded as known claims")
    args = parser.parse_args()

    started = time.perf_counter()
    model = load_active_flag_model(args.models_dir)
    if model is None:
        sys.exit("no active article flag model: run `satark train article-flags` first")
    print(f"active article flag model {model.model_id} (embedder {model.embedder}, budget {model.budget:.0%})")
    embedder = shared_embedder()
    held = held_out_examples(args.data_dir)
    if held is not None:
        scores = model.scores(embedder.embed_articles([e.text for e in held]))
        print_news(model, false_flags(held, scores, model.thresholds))
        print_curves(recall_curves(held, scores, model.thresholds), {e.dataset: e.language for e in held})
    print_pairs(model, embedder)
    reranking = print_rerank_pairs(args.models_dir, embedder)
    print_demo("(d) demo corpus through the pipeline (claim analysis with the article flag model"
               + (" and the claim reranker)" if reranking else ")"), pipeline_demo(args.models_dir), recognised=True)
    if reranking:
        print_demo("(d0) the same without the claim reranker (cosine thresholds alone)",
                   pipeline_demo(args.models_dir, rerank=False), recognised=True)
    if args.seeded:
        print_demo("(d') the same, with the public sets' fake items seeded as known claims",
                   pipeline_demo(args.models_dir, args.data_dir), recognised=True)
    baseline, models = transformer_demo(args.models_dir)
    print_demo(f"(e) demo corpus, previous behaviour: the classifiers' own verdicts ({models})", baseline, recognised=False)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
