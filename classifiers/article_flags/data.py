"""What the article flag heads are fitted, calibrated and measured on, with a fixed split.

- The public sets (CONSTRAINT English and Hindi, LIAR): their TRAIN files are fitted, their validation files
  are held out and give the recall figures.
- Real news as negatives for both tasks: AG's News (English title + lead) and BBC Hindi (headlines). Each item
  goes by a hash of its text to fit (AG 50 %, BBC train 60 %), calibrate (20 %: the operating point is the
  score real news reaches only ``budget`` of the time) or held out (the rest, and all of BBC Hindi DEV): the
  false-flag rate is reported on items no step ever saw.

The hash split keeps an item on the same side however the files are re-read or re-ordered.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from classifiers.datasets import DatasetError, load_examples
from classifiers.task_views import task_label
from core.tasks import HOSTILITY, MISINFORMATION, NO_HOSTILITY
from core.text import normalise_text


class Split(enum.StrEnum):
    FIT = "fit"
    CALIBRATE = "calibrate"
    HELD_OUT = "held-out"


@dataclass(frozen=True, slots=True)
class FlagExample:
    text: str
    language: str
    dataset: str  # constraint_english, constraint_hindi, liar, ag_news, bbc_hindi
    split: Split
    misinformation: bool | None  # None: the row says nothing about the task
    hostile: bool | None

    def label(self, task: str) -> bool | None:
        return self.misinformation if task == MISINFORMATION else self.hostile

    @property
    def is_news(self) -> bool:
        return self.dataset in NEWS_DATASETS


PUBLIC_FILES: tuple[tuple[str, Split], ...] = (
    ("misinfo/constraint_english_train.csv", Split.FIT),
    ("misinfo/constraint_hindi_train.csv", Split.FIT),
    ("misinfo/liar_train.tsv", Split.FIT),
    ("misinfo/constraint_english_valid.csv", Split.HELD_OUT),
    ("misinfo/constraint_hindi_valid.csv", Split.HELD_OUT),
    ("misinfo/liar_valid.tsv", Split.HELD_OUT),
)
AG_NEWS = "news/ag_news_english_dev.csv"
BBC_TRAIN = "news/bbc_hindi_topics_train.tsv"
BBC_DEV = "news/bbc_hindi_topics_dev.tsv"
NEWS_DATASETS = frozenset({"ag_news", "bbc_hindi"})
NEWS_LANGUAGE = {"ag_news": "en", "bbc_hindi": "hi"}
AG_SHARES = ((Split.FIT, 0.5), (Split.CALIBRATE, 0.2), (Split.HELD_OUT, 0.3))
BBC_SHARES = ((Split.FIT, 0.6), (Split.CALIBRATE, 0.2), (Split.HELD_OUT, 0.2))


def hashed_split(key: str, shares: tuple[tuple[Split, float], ...]) -> Split:
    point = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    total = 0.0
    for split, share in shares:
        total += share
        if point < total:
            return split
    return shares[-1][0]


def read_ag_news(path: Path) -> Iterator[tuple[str, str]]:
    """(title, lead) per item; the file keeps the original escapes (``\\`` for a line break, HTML entities)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DatasetError(path, "file not found") from None
    with handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"title", "description"} <= set(reader.fieldnames):
            raise DatasetError(path, "expected a header with class,title,description", 1)
        for row in reader:
            title = normalise_text(html.unescape(row["title"] or ""))
            lead = normalise_text(html.unescape((row["description"] or "").replace("\\\\", "\n").replace("\\", " ")))
            if title or lead:
                yield title, lead


def _public(data_dir: Path) -> Iterator[FlagExample]:
    for name, split in PUBLIC_FILES:
        for example in load_examples(data_dir / name):
            misinformation = task_label(MISINFORMATION, example)
            hostility = task_label(HOSTILITY, example)
            yield FlagExample(
                text=example.text,
                language=example.language,
                dataset=example.origin,
                split=split,
                misinformation=None if misinformation is None else misinformation == MISINFORMATION,
                hostile=None if hostility is None else hostility != NO_HOSTILITY,
            )


def _news(data_dir: Path) -> Iterator[FlagExample]:
    for title, lead in read_ag_news(data_dir / AG_NEWS):
        text = f"{title}\n{lead}".strip()
        yield FlagExample(text, "en", "ag_news", hashed_split(f"ag:{title}", AG_SHARES), False, False)
    for name in (BBC_TRAIN, BBC_DEV):
        for example in load_examples(data_dir / name):
            split = Split.HELD_OUT if name == BBC_DEV else hashed_split(f"bbc:{example.text}", BBC_SHARES)
            yield FlagExample(example.text, "hi", "bbc_hindi", split, False, False)


def load_flag_examples(data_dir: Path) -> list[FlagExample]:
    """Every example, public sets first; raises DatasetError naming a missing or malformed file."""
    return [*_public(data_dir), *_news(data_dir)]
