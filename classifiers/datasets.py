"""Typed loaders for the labelled training formats in the shared data folder.

Every loader yields :class:`LabelledExample` records holding the file's *raw* labels (e.g. the
fine CONSTRAINT hostility labels, SST-2's "0"/"1"); task-specific label views live in
:mod:`classifiers.task_views` so one file can feed several tasks (misinformation now, hostility later).
Formats are recognised from content, not file names, so any file of a known format can be given.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.text import normalise_text

# Labels as they appear in each source; anything else in a file is a data error, not a new class.
HOSTILITY_LABELS = frozenset({"non-hostile", "fake", "hate", "offensive", "defamation"})
CONSTRAINT_ENGLISH_LABELS = frozenset({"real", "fake"})
LIAR_LABELS = frozenset({"pants-fire", "false", "barely-true", "half-true", "mostly-true", "true"})
IITP_LABELS = frozenset({"positive", "negative", "neutral", "conflict"})
SST2_LABELS = frozenset({"0", "1"})
# Review decisions exported by `satark labels export`, per task; they reuse the data sets' raw label names.
SATARK_TASK_LABELS: dict[str, frozenset[str]] = {
    "misinformation": CONSTRAINT_ENGLISH_LABELS,
    "hostility": HOSTILITY_LABELS | {"hostile"},  # "hostile": confirmed without saying which kind
    "sentiment": frozenset({"negative", "neutral", "positive"}),
}
SATARK_LABELS_COLUMNS = ("text", "labels", "language", "task", "article_id", "decided_at")
SATARK_LANGUAGES = frozenset({"hi", "en"})
# BBC Hindi topic ids as listed in the data set's _labels.txt
BBC_TOPICS = {"0": "india", "1": "news", "2": "international", "3": "entertainment", "4": "sport", "5": "science"}

LIAR_COLUMNS = 14
# The shared data folder beside the checkout (the standard layout of misinfo/, sentiment/, news/).
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
_SNIFF_BYTES = 64 * 1024


class DataFormat(str, enum.Enum):
    """Known file formats; the value doubles as the data-set name recorded in ``origin``."""

    CONSTRAINT_HINDI = "constraint_hindi"
    CONSTRAINT_ENGLISH = "constraint_english"
    LIAR = "liar"
    IITP_PR_HINDI = "iitp_pr_hindi"
    SST2_ENGLISH = "sst2_english"
    BBC_HINDI_TOPICS = "bbc_hindi_topics"  # unlabelled for our tasks; used to probe behaviour on news text
    SATARK_LABELS = "satark_labels"  # review decisions from `satark labels export`


FORMAT_LANGUAGE: dict[DataFormat, str] = {
    DataFormat.CONSTRAINT_HINDI: "hi",
    DataFormat.CONSTRAINT_ENGLISH: "en",
    DataFormat.LIAR: "en",
    DataFormat.IITP_PR_HINDI: "hi",
    DataFormat.SST2_ENGLISH: "en",
    DataFormat.BBC_HINDI_TOPICS: "hi",
    # SATARK_LABELS is absent on purpose: its language is per row (the `language` column).
}


@dataclass(frozen=True)
class LabelledExample:
    """One labelled text, NFC-normalised, with the raw labels of its source file."""

    text: str
    labels: tuple[str, ...]
    language: str  # ISO 639-1
    origin: str  # DataFormat value, i.e. the data set it came from
    source: str = ""  # "file:line" so training problems can be traced back to a row
    task: str | None = None  # set when a row was labelled for one task only (satark_labels); None: any task
    context: str = ""  # who made a claim and where (LIAR's speaker, party and venue); empty elsewhere


class DatasetError(ValueError):
    """A file that cannot be read as a known format, or a bad row in it."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {reason}")


def _read_text(path: Path) -> str:
    try:
        # utf-8-sig: tolerate a BOM some spreadsheet exports add, without it leaking into the first cell.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(path, f"not UTF-8 (byte {exc.start})") from None


def _tsv_rows(content: str) -> Iterator[tuple[int, list[str]]]:
    # Split on "\n" only: str.splitlines() would also break on U+2028 and other separators
    # that can legitimately occur inside scraped text.
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip("\r")
        if line.strip():
            yield number, line.split("\t")


class _CsvRowError(Exception):
    """A csv.Error with the line its record starts on; becomes a DatasetError once the path is known."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _csv_rows(content: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _CsvRowError(start, str(exc)) from None
        if any(cell.strip() for cell in row):
            yield start, row
        start = reader.line_num + 1


def _text_cell(path: Path, line: int, value: str) -> str:
    text = normalise_text(value)
    if not text:
        raise DatasetError(path, "empty text", line)
    return text


def _expect_columns(path: Path, line: int, row: list[str], expected: int) -> None:
    if len(row) != expected:
        raise DatasetError(path, f"expected {expected} columns, found {len(row)}", line)


def _expect_label(path: Path, line: int, label: str, allowed: frozenset[str]) -> str:
    if label not in allowed:
        raise DatasetError(path, f"unknown label {label!r} (expected one of {sorted(allowed)})", line)
    return label


def _read_constraint_hindi(path: Path, content: str) -> Iterator[LabelledExample]:
    for line, row in _csv_rows(content):
        _expect_columns(path, line, row, 2)
        labels = tuple(dict.fromkeys(part.strip() for part in row[1].split(",") if part.strip()))
        if not labels:
            raise DatasetError(path, "no labels", line)
        for label in labels:
            _expect_label(path, line, label, HOSTILITY_LABELS)
        yield LabelledExample(
            _text_cell(path, line, row[0]), labels, "hi", DataFormat.CONSTRAINT_HINDI.value, f"{path.name}:{line}"
        )


def _read_constraint_english(path: Path, content: str) -> Iterator[LabelledExample]:
    rows = _csv_rows(content)
    next(rows, None)  # header: id,tweet,label
    for line, row in rows:
        _expect_columns(path, line, row, 3)
        label = _expect_label(path, line, row[2].strip(), CONSTRAINT_ENGLISH_LABELS)
        yield LabelledExample(
            _text_cell(path, line, row[1]), (label,), "en", DataFormat.CONSTRAINT_ENGLISH.value, f"{path.name}:{line}"
        )


def _read_liar(path: Path, content: str) -> Iterator[LabelledExample]:
    for line, row in _tsv_rows(content):
        _expect_columns(path, line, row, LIAR_COLUMNS)
        label = _expect_label(path, line, row[1].strip(), LIAR_LABELS)
        yield LabelledExample(
            _text_cell(path, line, row[2]),
            (label,),
            "en",
            DataFormat.LIAR.value,
            f"{path.name}:{line}",
            context=_liar_context(row),
        )


def _liar_context(row: Sequence[str]) -> str:
    """"Barack Obama, democrat, in a campaign speech": the claim's speaker, party and venue, as LIAR gives them.

    LIAR's five credit-history counts are left out on purpose: they tally the speaker's ratings, for many rows
    including the statement being rated, so a model reading them would partly read its own answer.
    """
    speaker = row[4].strip().replace("-", " ")
    party = row[7].strip()
    venue = row[13].strip()
    parts = [speaker, "" if party == "none" else party, f"in {venue}" if venue else ""]
    return normalise_text(", ".join(part for part in parts if part))


def _read_iitp(path: Path, content: str) -> Iterator[LabelledExample]:
    rows = _tsv_rows(content)
    next(rows, None)  # header: Sentence\tSentiment_Label
    for line, row in rows:
        _expect_columns(path, line, row, 2)
        label = _expect_label(path, line, row[1].strip(), IITP_LABELS)
        yield LabelledExample(
            _text_cell(path, line, row[0]), (label,), "hi", DataFormat.IITP_PR_HINDI.value, f"{path.name}:{line}"
        )


def _read_sst2(path: Path, content: str) -> Iterator[LabelledExample]:
    rows = _tsv_rows(content)
    next(rows, None)  # header: label\tsentence (train) or label\tcontent (dev)
    for line, row in rows:
        _expect_columns(path, line, row, 2)
        label = _expect_label(path, line, row[0].strip(), SST2_LABELS)
        yield LabelledExample(
            _text_cell(path, line, row[1]), (label,), "en", DataFormat.SST2_ENGLISH.value, f"{path.name}:{line}"
        )


def _read_bbc_topics(path: Path, content: str) -> Iterator[LabelledExample]:
    rows = _tsv_rows(content)
    next(rows, None)  # header: Sentence\tTopic_Label
    for line, row in rows:
        _expect_columns(path, line, row, 2)
        topic = BBC_TOPICS.get(row[1].strip())
        if topic is None:
            raise DatasetError(path, f"unknown topic id {row[1].strip()!r} (expected one of {sorted(BBC_TOPICS)})", line)
        yield LabelledExample(
            _text_cell(path, line, row[0]), (topic,), "hi", DataFormat.BBC_HINDI_TOPICS.value, f"{path.name}:{line}"
        )


def _read_satark_labels(path: Path, content: str) -> Iterator[LabelledExample]:
    rows = _csv_rows(content)
    next(rows, None)  # header: SATARK_LABELS_COLUMNS
    for line, row in rows:
        _expect_columns(path, line, row, len(SATARK_LABELS_COLUMNS))
        raw_labels, language, task = (cell.strip() for cell in row[1:4])
        allowed = SATARK_TASK_LABELS.get(task)
        if allowed is None:
            raise DatasetError(path, f"unknown task {task!r} (expected one of {sorted(SATARK_TASK_LABELS)})", line)
        if language not in SATARK_LANGUAGES:
            raise DatasetError(path, f"unknown language {language!r} (expected one of {sorted(SATARK_LANGUAGES)})",
                               line)
        labels = tuple(dict.fromkeys(part.strip() for part in raw_labels.split(",") if part.strip()))
        if not labels:
            raise DatasetError(path, "no labels", line)
        for label in labels:
            _expect_label(path, line, label, allowed)
        yield LabelledExample(_text_cell(path, line, row[0]), labels, language, DataFormat.SATARK_LABELS.value,
                              f"{path.name}:{line}", task=task)


_READERS: dict[DataFormat, Callable[[Path, str], Iterator[LabelledExample]]] = {
    DataFormat.CONSTRAINT_HINDI: _read_constraint_hindi,
    DataFormat.CONSTRAINT_ENGLISH: _read_constraint_english,
    DataFormat.LIAR: _read_liar,
    DataFormat.IITP_PR_HINDI: _read_iitp,
    DataFormat.SST2_ENGLISH: _read_sst2,
    DataFormat.BBC_HINDI_TOPICS: _read_bbc_topics,
    DataFormat.SATARK_LABELS: _read_satark_labels,
}

_HEADER_FORMATS: dict[str, DataFormat] = {
    "id,tweet,label": DataFormat.CONSTRAINT_ENGLISH,
    "sentence\tsentiment_label": DataFormat.IITP_PR_HINDI,
    "label\tsentence": DataFormat.SST2_ENGLISH,
    "label\tcontent": DataFormat.SST2_ENGLISH,
    "sentence\ttopic_label": DataFormat.BBC_HINDI_TOPICS,
    ",".join(SATARK_LABELS_COLUMNS): DataFormat.SATARK_LABELS,
}


def sniff_content(path: Path, head: str) -> DataFormat:
    """Recognise a format from the start of a file (header line or first record's shape)."""
    first_line = head.split("\n", 1)[0].rstrip("\r").strip()
    if not first_line:
        raise DatasetError(path, "empty file or blank first line")
    key = first_line.lower()
    if key in _HEADER_FORMATS:
        return _HEADER_FORMATS[key]
    cells = first_line.split("\t")
    if len(cells) == LIAR_COLUMNS and cells[1].strip() in LIAR_LABELS:
        return DataFormat.LIAR
    try:
        first = next(csv.reader(io.StringIO(head, newline="")), [])
    except csv.Error:
        first = []
    if len(first) == 2:
        labels = {part.strip() for part in first[1].split(",") if part.strip()}
        if labels and labels <= HOSTILITY_LABELS:
            return DataFormat.CONSTRAINT_HINDI
    raise DatasetError(
        path,
        "unrecognised format (expected CONSTRAINT Hindi/English csv, LIAR tsv, IITP product-review tsv, "
        "SST-2 tsv, BBC Hindi topics tsv or satark_labels csv)",
        1,
    )


def sniff_format(path: Path | str) -> DataFormat:
    """The :class:`DataFormat` of the file at ``path``."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head_bytes = handle.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise DatasetError(path, "file not found") from None
    # Decoding a truncated head may cut a multi-byte character at the end; that tail is never inspected.
    head = head_bytes.decode("utf-8-sig", errors="replace")
    return sniff_content(path, head)


def iter_examples(path: Path | str, data_format: DataFormat | None = None) -> Iterator[LabelledExample]:
    """Yield the examples of one file, sniffing its format unless given."""
    path = Path(path)
    fmt = data_format or sniff_format(path)
    content = _read_text(path)
    try:
        yield from _READERS[fmt](path, content)
    except _CsvRowError as exc:
        raise DatasetError(path, f"malformed CSV: {exc.reason}", exc.line) from None


def load_examples(path: Path | str, data_format: DataFormat | None = None) -> list[LabelledExample]:
    """All examples of one file; raises :class:`DatasetError` naming file and line on a bad row."""
    return list(iter_examples(path, data_format))
