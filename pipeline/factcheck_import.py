"""Known claims from a fact-checker's export: ClaimReview JSON(-LD or lines) or a CSV with a `claim` column.

The format is read from the content, not the file name (exports arrive as .txt, .json or .jsonld alike). A bad
row or item is skipped and named in `problems`, so one typo never costs the desk the rest of the file; a file
that yields no claim at all is an error, with a one-line message that names it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.claims import KnownClaim
from core.text import nfc, normalise_text
from crawlers.claimreview import claim_reviews
from crawlers.dates import parse_datetime
from crawlers.jsonld import json_ld_objects, json_ld_types

CSV_COLUMNS = ("claim", "rating", "reviewer", "reviewed", "url", "claimant", "language")
LANGUAGES = ("hi", "en")
_DELIMITERS = (",", ";", "\t")  # spreadsheets in some locales save CSV with semicolons, others with tabs
_DEVANAGARI = re.compile(r"[\u0900-\u097f\ua8e0-\ua8ff]")
_LATIN = re.compile(r"[A-Za-z]")


class FactcheckImportError(ValueError):
    """The file holds no usable claim (unreadable, empty, neither format, or every row bad); one line, names it."""


@dataclass(frozen=True, slots=True)
class FactcheckFile:
    path: Path
    format: str  # "json", "jsonl" or "csv"
    claims: list[KnownClaim] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "row 7: no claim text", "item 2: ...", in file order


def read_factchecks(path: Path) -> FactcheckFile:
    """Every valid claim in `path`, with the problems of the rows or items that were skipped."""
    text = _read_text(path)
    origin = f"import:{path.name}"
    if text.lstrip()[:1] in ("{", "["):
        fmt, claims, problems = _read_json(path, text, origin)
    else:
        fmt, (claims, problems) = "csv", _read_csv(path, text, origin)
    if not claims:
        detail = f"{len(problems)} problem(s), the first: {problems[0]}" if problems else "nothing in it to read"
        raise FactcheckImportError(f"{path}: no valid claim ({detail})")
    return FactcheckFile(path, fmt, claims, problems)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FactcheckImportError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a byte order mark; it is not part of the first column's name
    except UnicodeDecodeError as exc:
        raise FactcheckImportError(f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded)") from exc
    if not text.strip():
        raise FactcheckImportError(f"{path}: the file is empty")
    return text


def script_language(text: str) -> str:
    """hi for text mostly in Devanagari ("EVM में चिप" included), else en: the two languages Satark reads."""
    devanagari = len(_DEVANAGARI.findall(text))
    return "hi" if devanagari and devanagari >= len(_LATIN.findall(text)) else "en"


class _Claims:
    """Claims in file order, each once: a repeated claim (same text, verdict and reviewer) is reported, not kept."""

    def __init__(self) -> None:
        self.claims: list[KnownClaim] = []
        self.problems: list[str] = []
        self._seen: dict[tuple[str, str | None, str | None], str] = {}

    def add(self, where: str, claim: KnownClaim) -> None:
        key = (claim.text, claim.rating, claim.reviewer)
        if key in self._seen:
            self.problems.append(f"{where}: repeats {self._seen[key]}, skipped")
            return
        self._seen[key] = where
        self.claims.append(claim)

    def problem(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")


# --- JSON: one document (an object, a list, an @graph) or JSON lines --------------------------------------------


def _read_json(path: Path, text: str, origin: str) -> tuple[str, list[KnownClaim], list[str]]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        lines = _json_lines(text)
        if lines is None:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            where = f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            raise FactcheckImportError(f"{path}: not valid JSON ({message}{where})") from exc
        found = _Claims()
        for number, parsed, error in lines:
            if error is not None:
                found.problem(f"line {number}", f"not valid JSON ({error}), skipped")
            else:
                _read_objects(found, f"line {number}", parsed, origin)
        return "jsonl", found.claims, found.problems
    found = _Claims()
    if isinstance(document, list):
        for number, member in enumerate(document, start=1):
            _read_objects(found, f"item {number}", member, origin)
    elif isinstance(document, dict) and isinstance(document.get("@graph"), list):
        _read_graph(found, "item ", document, origin)
    else:
        _read_objects(found, "item 1", document, origin)
    return "json", found.claims, found.problems


def _json_lines(text: str) -> list[tuple[int, object, str | None]] | None:
    """(line number, value, parse error) per non-blank line; None unless the first line is an object of its own."""
    parsed: list[tuple[int, object, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line), None))
        except ValueError as exc:
            if not parsed:
                return None  # a broken document, not JSON lines
            parsed.append((number, None, exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)))
    return parsed if parsed and isinstance(parsed[0][1], dict) else None


def _read_objects(found: _Claims, where: str, value: object, origin: str) -> None:
    if not isinstance(value, dict):
        found.problem(where, f"a JSON {type(value).__name__}, not a ClaimReview object, skipped")
    elif isinstance(value.get("@graph"), list):
        _read_graph(found, f"{where}.", value, origin)  # item 3.2: the graph's second member
    elif "claimreview" not in json_ld_types(value):
        declared = ", ".join(sorted(json_ld_types(value))) or "no @type"
        found.problem(where, f"not a ClaimReview ({declared}), skipped")
    else:
        _read_review(found, where, value, origin)


def _read_graph(found: _Claims, prefix: str, document: dict[str, object], origin: str) -> None:
    # A graph describes a whole page (its WebPage, publisher, article): only its ClaimReviews are claims.
    for number, item in enumerate(json_ld_objects(document), start=1):
        if "claimreview" in json_ld_types(item):
            _read_review(found, f"{prefix}{number}", item, origin)


def _read_review(found: _Claims, where: str, item: dict[str, object], origin: str) -> None:
    reviews = claim_reviews([item])
    if not reviews:
        found.problem(where, "no claim text (claimReviewed is missing or empty), skipped")
        return
    review = reviews[0]
    declared = item.get("inLanguage")
    declared = declared.strip().lower()[:2] if isinstance(declared, str) else ""
    language = declared if declared in LANGUAGES else script_language(review.claim)
    found.add(where, KnownClaim.from_review(review, language, origin))


# --- CSV with a header row ---------------------------------------------------------------------------------------


def _read_csv(path: Path, text: str, origin: str) -> tuple[list[KnownClaim], list[str]]:
    header_line = next(line for line in text.splitlines() if line.strip())
    delimiter = max(_DELIMITERS, key=header_line.count) if any(d in header_line for d in _DELIMITERS) else ","
    # Rows are numbered as a spreadsheet shows them: the header is row 1 (blank rows count, and are skipped).
    rows = ((number, values) for number, values in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                                         delimiter=delimiter), start=1)
            if any(value.strip() for value in values))
    _, names = next(rows)
    header = [name.strip().lower() for name in names]
    if "claim" not in header:
        raise FactcheckImportError(
            f"{path}: neither ClaimReview JSON nor a CSV with a 'claim' column (first line: {header_line.strip()[:80]!r})")
    found = _Claims()
    unused = [name for name in header if name and name not in CSV_COLUMNS]
    if unused:
        found.problem("header", f"columns {', '.join(map(repr, unused))} are not read (known: {', '.join(CSV_COLUMNS)})")
    for number, values in rows:
        if len(values) > len(header):
            found.problem(f"row {number}", f"{len(values)} values for {len(header)} columns "
                                            "(a comma in unquoted text?), skipped")
            continue
        row = {name: nfc(value.strip()) or "" for name, value in zip(header, values, strict=False)}
        claim, problem = _csv_claim(row, origin)
        if claim is None:
            found.problem(f"row {number}", f"{problem}, skipped")
        else:
            found.add(f"row {number}", claim)
    return found.claims, found.problems


def _csv_claim(row: dict[str, str], origin: str) -> tuple[KnownClaim | None, str]:
    """The row's claim, or None and what is wrong with the row."""
    text = normalise_text(row.get("claim", ""))
    if not text:
        return None, "no claim text"
    reviewed = None
    if row.get("reviewed"):
        reviewed = parse_datetime(row["reviewed"])
        if reviewed is None:
            return None, f"reviewed {row['reviewed']!r} is not an ISO date or date-time (2026-11-18, 2026-11-18T10:00)"
    url = row.get("url") or None
    if url is not None and not url.startswith(("http://", "https://")):
        return None, f"url {url!r} is not an http(s) URL"
    language = row.get("language", "").lower() or script_language(text)
    if language not in LANGUAGES:
        return None, f"language {row['language']!r} is not one of {', '.join(LANGUAGES)}"
    return KnownClaim(text=text, language=language, rating=row.get("rating") or None,
                      reviewer=row.get("reviewer") or None, reviewed=reviewed, url=url,
                      claimant=row.get("claimant") or None, origin=origin), ""

