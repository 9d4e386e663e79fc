"""Classification throughput on article text (title + lead), all task heads together, per model family.

For the transformer bundle it sweeps precision and batch size on the chosen device; one encoder pass
feeds every head, so articles/s is for misinformation + hostility + sentiment at once.

    .venv/bin/python bench/classifiers.py [--articles 1000] [--device cpu|cuda] [--threads N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import composed_articles
from bench.figures import record
from classifiers.registry import list_versions, load_model, read_registry
from classifiers.suite import ClassifierSuite
from core.tasks import TASKS
from core.text import classification_text
from demosites.corpus import load_corpus


def articles(count: int) -> tuple[list[str], list[str]]:
    languages = {outlet.name: outlet.language for outlet in load_corpus().outlets}
    texts: list[str] = []
    langs: list[str] = []
    for outlet, title, paragraphs in composed_articles(max(1, count // 4)):
        texts.append(classification_text(title, "\n\n".join(paragraphs)))
        langs.append(languages[outlet])
    return texts[:count], langs[:count]


def rate(suite: ClassifierSuite, texts: list[str], languages: list[str], batch: int) -> float:
    # Warm-up (kernels, allocations) on the first batch reversed: a bundle remembers its last batch's vectors,
    # so warming up on the exact first batch would let the timed run skip that batch's encoder pass.
    suite.classify(texts[:batch][::-1], languages[:batch][::-1])
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        suite.classify(texts[start : start + batch], languages[start : start + batch])
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--models-dir", type=Path, default=None)
    args = parser.parse_args()

    import torch

    from classifiers.e5.encoder import resolve_device, resolve_dtype
    from classifiers.e5.options import EncoderOptions, Precision

    texts, languages = articles(args.articles)
    # Only the tasks the pipeline runs on articles (claim-rating is evaluated, never run on articles).
    registry = {task: model for task, model in read_registry(args.models_dir).items()
                if task in TASKS and TASKS[task].on_articles}
    print(f"{len(texts)} Hindi and English articles (title + lead); active models: {registry}")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, device {args.device}")
    # The TF-IDF fallback, active or not, for comparison.
    baselines = {task: [m for m in list_versions(task, args.models_dir) if m.startswith("tfidf-lr/")] for task in registry}
    fallback = {task: load_model(task, versions[-1], args.models_dir) for task, versions in baselines.items() if versions}
    tfidf_rate = None
    if fallback:
        suite = ClassifierSuite(fallback)
        tfidf_rate = rate(suite, texts, languages, 64)
        print(f"  {'tfidf-lr':<10} {'-':<8} batch  64  {tfidf_rate:8.1f} articles/s  ({', '.join(sorted(fallback))})")
    families = sorted({model.split('/')[0] for model in registry.values()} - {"tfidf-lr"})
    for family in families:
        tasks = sorted(task for task, model in registry.items() if model.startswith(family + "/"))
        precisions = [Precision.FP32, Precision.BF16] if args.device == "cpu" else [Precision.AUTO]
        for precision in precisions:
            best = 0.0
            for batch in (16, 32, 64):
                options = EncoderOptions(device=args.device, precision=precision, threads=args.threads, batch_size=batch)
                suite = ClassifierSuite.from_registry(args.models_dir, tasks, options=options)
                dtype = str(resolve_dtype(precision, resolve_device(args.device))).replace("torch.", "")
                articles_per_s = rate(suite, texts, languages, batch)
                best = max(best, articles_per_s)
                print(f"  {family:<10} {dtype:<8} batch {batch:3d}  {articles_per_s:8.1f} articles/s  "
                      f"({', '.join(tasks)})", flush=True)
            # A transformer is slower than TF-IDF by design: the ratio says what the better flags cost.
            record(f"classification, {family} {dtype} ({args.device}, best batch)", best, "articles/s",
                   reference="TF-IDF classifier" if tfidf_rate else None, reference_value=tfidf_rate)


if __name__ == "__main__":
    main()
