"""Hindi search relevance on judged queries, with spelling folding and without it, on both search backends.

    .venv/bin/python bench/search_relevance.py [--no-elasticsearch]

The demo corpus (all four outlets, Hindi and English) is indexed as it is; each query of
tests/fixtures/search/hindi_relevance.yaml (written and judged by reading the Hindi articles, see its header) is
run twice, sorted by relevance: as typed (words match as spelt or folded, index.hindi_fold) and with every word
quoted, which matches it only as spelt: what search did before folding. Precision and recall at 10 are averaged
over the queries, per kind of spelling difference. Elasticsearch runs on a real local node from tools/esnode.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from demosites.corpus import load_corpus  # noqa: E402
from index.base import SearchIndex  # noqa: E402
from index.documents import IndexDocument, SearchQuery  # noqa: E402
from index.factory import open_index  # noqa: E402
from tools.esnode import esnode  # noqa: E402

JUDGED = REPO / "tests" / "fixtures" / "search" / "hindi_relevance.yaml"
AT = 10


@dataclass(frozen=True)
class Judged:
    query: str
    variant: str
    relevant: frozenset[str]


def judged_queries(path: Path = JUDGED) -> list[Judged]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(q["query"], q["variant"], frozenset(q["relevant"])) for q in raw["queries"]]


def corpus_documents() -> list[IndexDocument]:
    fetched = datetime(2026, 11, 30, tzinfo=UTC)
    return [IndexDocument(id=a.key, url=f"https://{a.outlet}.example{a.path}", title=a.title, text=a.text,
                          language=a.language, source=a.outlet, fetched=fetched, published=a.published, tags=a.tags)
            for a in load_corpus().articles]


def exact_only(query: str) -> str:
    """Every word quoted: matched as spelt, never folded."""
    return " ".join(f'"{word}"' for word in query.split())


def at_ten(index: SearchIndex, text: str, relevant: frozenset[str]) -> tuple[float, float, float]:
    """(precision at 10, recall at 10, precision of the hits shown: how many of what the desk sees are wrong)."""
    hits = [hit.id for hit in index.search(SearchQuery(text=text, sort="relevance", per_page=AT, highlight=False)).hits]
    found = len(relevant.intersection(hits))
    return found / AT, found / len(relevant), found / len(hits) if hits else 1.0


Figures = dict[str, dict[str, tuple[float, ...]]]


def measure(index: SearchIndex, queries: Sequence[Judged]) -> Figures:
    """variant -> mode -> the means of at_ten's figures; variant "all" for every query."""
    per: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(lambda: defaultdict(list))
    for judged in queries:
        for mode, text in (("as spelt", exact_only(judged.query)), ("folded", judged.query)):
            figures = at_ten(index, text, judged.relevant)
            per[judged.variant][mode].append(figures)
            per["all"][mode].append(figures)
    return {variant: {mode: tuple(statistics.fmean(column) for column in zip(*rows, strict=True))
                      for mode, rows in modes.items()} for variant, modes in per.items()}


def report(backend: str, figures: Figures, counts: dict[str, int]) -> None:
    print(f"\n{backend}      (spelt -> folded)")
    print(f"  {'variant':<13} {'queries':>7}   {'P@10':>14}   {'R@10':>14}   {'hits relevant':>14}")
    for variant in sorted(figures, key=lambda v: (v == "all", v)):
        spelt, folded = figures[variant]["as spelt"], figures[variant]["folded"]
        cells = "   ".join(f"{a:>6.3f} -> {b:<5.3f}" for a, b in zip(spelt, folded, strict=True))
        print(f"  {variant:<13} {counts[variant]:>7}   {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-elasticsearch", action="store_true", help="measure the SQLite backend only")
    args = parser.parse_args()
    queries = judged_queries()
    docs = corpus_documents()
    counts: dict[str, int] = defaultdict(int)
    for judged in queries:
        counts[judged.variant] += 1
        counts["all"] += 1
    ideal = statistics.fmean(min(AT, len(j.relevant)) / AT for j in queries)
    print(f"{len(queries)} judged Hindi queries over the demo corpus ({len(docs)} articles), top {AT} by relevance; "
          f"P@10 can reach {ideal:.3f} (most queries have one to three relevant articles). 'hits relevant': the share "
          "of the hits shown that are relevant (1 for a query with no hits).")
    with tempfile.TemporaryDirectory() as tmp:
        with open_index("sqlite", path=Path(tmp) / "index.sqlite") as sqlite_index:
            sqlite_index.upsert(docs)
            report("sqlite", measure(sqlite_index, queries), counts)
        if args.no_elasticsearch:
            return
        node = esnode.start(Path(tmp) / "esnode", heap="512m")
        try:
            with open_index("elasticsearch", url=node.url, index_prefix="relevance", refresh_interval="200ms") as es_index:
                es_index.upsert(docs)
                report("elasticsearch", measure(es_index, queries), counts)
        finally:
            esnode.stop(node)


if __name__ == "__main__":
    main()
