"""Single-document tools: `satark extract`, `satark feed`, `satark classify`."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console
from crawlers.fetch import read_document

if TYPE_CHECKING:
    from core.records import ClaimReview


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _claim_review_record(review: ClaimReview) -> dict[str, Any]:
    return {**asdict(review), "claim_date": _iso(review.claim_date), "reviewed": _iso(review.reviewed),
            "appearances": list(review.appearances)}


@click.command("extract")
@click.argument("locations", nargs=-1, required=True, metavar="FILE_OR_URL...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, one per line.")
@click.option("--min-chars", type=click.IntRange(min=0), default=None, help="Shortest main text that counts as an article.")
@pass_app
def extract_command(app: AppContext, locations: tuple[str, ...], as_json: bool, min_chars: int | None) -> None:
    """Extract title, main text, author, date and language from saved pages or URLs."""
    from core.text import normalise_text
    from crawlers.encoding import decode_html
    from crawlers.extraction import NoArticle, extract_article
    from pipeline.language import LanguageDetector

    settings = app.settings()
    detector = LanguageDetector(seed=settings.process.language_seed)
    failures = 0
    for location in locations:
        document = read_document(location)
        page = decode_html(document.body, document.content_type)
        fields = extract_article(page.text, document.location,
                                 min_text_chars=settings.crawl.min_text_chars if min_chars is None else min_chars)
        if isinstance(fields, NoArticle):
            failures += 1
            err_console.print(f"{location}: no article ({fields.reason.value}: {fields.detail})", highlight=False)
            continue
        text = normalise_text(fields.text)
        record = {
            "url": fields.canonical or document.location,
            "title": fields.title,
            "text": text,
            "language": detector.detect(f"{fields.title}\n{text}").language,
            "published": _iso(fields.published),
            "author": fields.author,
            "claim_reviews": [_claim_review_record(review) for review in fields.claim_reviews],
        }
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            out_console.print(f"[bold]{record['title']}[/]  [dim]{record['language']} · {record['published']} · "
                              f"{record['author'] or 'no author'}[/]\n{record['url']}\n\n{text}\n", highlight=False)
            for review in fields.claim_reviews:
                out_console.print(f"fact-check: {review.claim} -> {review.rating or 'no verdict given'} "
                                  f"({review.reviewer or 'unnamed fact-checker'}, {_iso(review.reviewed) or 'undated'})",
                                  highlight=False)
    if failures:
        raise SatarkCliError(f"{failures} of {len(locations)} document(s) had no article")


@click.command("feed")
@click.argument("location", metavar="FILE_OR_URL")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entry, one per line.")
def feed_command(location: str, as_json: bool) -> None:
    """List the entries of one RSS or Atom feed."""
    from crawlers.feeds import parse_feed

    document = read_document(location)
    feed = parse_feed(document.body, content_type=document.content_type, base_url=document.location)
    if feed.malformed:
        err_console.print(f"warning: malformed feed ({feed.malformed}); {len(feed.entries)} entries recovered",
                          highlight=False)
    if not feed.entries and feed.malformed:
        raise SatarkCliError(f"{location}: not a readable feed ({feed.malformed})")
    for entry in feed.entries:
        record = {"url": entry.link, "title": entry.title, "published": _iso(entry.published),
                  "author": entry.author, "summary": entry.summary}
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            out_console.print(f"{record['published'] or 'undated':25} {entry.title or '(no title)'}\n"
                              f"{'':25} [blue]{entry.link}[/]", highlight=False)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _problem(value: Any) -> str | None:
    """Why a parsed line cannot be classified, or None."""
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        return 'expected an object with a "text" string'
    for field in ("text", "title", "id"):
        # JSON can spell a lone surrogate ("\ud800"), which is no text at all: no tokenizer or output takes it.
        if isinstance(value.get(field), str) and (lone := _SURROGATE.search(value[field])):
            return f'"{field}" holds a lone surrogate (\\u{ord(lone.group()):04x}), not text'
    if "\x00" in value["text"] or "\x00" in str(value.get("title") or ""):
        return 'a NUL character in "text" or "title"'
    return None


def _read_lines() -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Each input line parsed, or the reason it was not: bytes that are not UTF-8, not JSON, JSON nested too deeply,
    not an object with a "text" string, text that is not text. One bad line never stops the rest."""
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON ({exc.msg})"
            continue
        except ValueError as exc:  # an integer of more digits than Python converts (4,300 by default)
            yield number, f"not JSON this reader accepts ({exc})"
            continue
        except RecursionError:
            yield number, "JSON nested too deeply"
            continue
        problem = _problem(value)
        yield (number, problem) if problem else (number, value)


@click.command("classify")
@click.option("--json", "as_json", is_flag=True, default=True, help="JSON lines out (the default; kept for symmetry).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None)
@pass_app
def classify_command(app: AppContext, as_json: bool, batch_size: int | None) -> None:
    """Classify JSON lines from standard input: {"text": ..., "id"?: ..., "title"?: ...}.

    Writes one JSON line per input with language, misinformation and sentiment. Lines that are not valid are
    reported on stderr with their line number and skipped; the exit code is then 1."""
    from core.text import classification_text, normalise_text
    from pipeline.language import LanguageDetector

    settings = app.settings()
    classifier = app.app().classifier
    detector = LanguageDetector(seed=settings.process.language_seed)
    size = batch_size or settings.classify.batch_size
    bad = 0
    batch: list[tuple[int, dict[str, Any]]] = []

    def classify(items: list[tuple[int, dict[str, Any]]]) -> None:
        texts = [classification_text(normalise_text(str(item.get("title") or "")), normalise_text(item["text"]))
                 for _, item in items]
        languages = [detector.detect(t).language for t in texts]
        predictions = classifier.classify(texts, languages)
        for (number, item), language, by_task in zip(items, languages, predictions, strict=True):
            record: dict[str, Any] = {"id": item.get("id", number), "language": language}
            for task, prediction in sorted(by_task.items()):
                record[task] = prediction_json(prediction)
            click.echo(json.dumps(record, ensure_ascii=False))

    def flush() -> None:
        nonlocal bad
        try:
            classify(batch)
        except Exception:  # noqa: BLE001 - one line the reader let through must not cost the batch: go line by line
            for one in batch:
                try:
                    classify([one])
                except Exception as exc:  # noqa: BLE001 - reported with its line number, like a malformed line
                    bad += 1
                    err_console.print(f"line {one[0]}: could not be classified ({type(exc).__name__}: {exc})",
                                      highlight=False, markup=False)
        batch.clear()

    for number, item in _read_lines():
        if isinstance(item, str):
            bad += 1
            err_console.print(f"line {number}: {item}", highlight=False, markup=False)
            continue
        batch.append((number, item))
        if len(batch) >= size:
            flush()
    if batch:
        flush()
    if bad:
        raise SatarkCliError(f"{bad} input line(s) skipped")


def prediction_json(prediction: Any) -> dict[str, Any]:
    """The public JSON shape per task: binary tasks {flagged, score}, multi-class {label, scores},
    multi-label {labels, scores}; every one names its model."""
    kind = prediction.kind.value if prediction.kind else "binary"
    if kind == "binary":
        return {"flagged": prediction.flagged, "score": round(prediction.score, 4), "model": prediction.model}
    scores = {k: round(v, 4) for k, v in prediction.scores.items()}
    if kind == "multiclass":
        return {"label": prediction.label, "scores": scores, "model": prediction.model}
    return {"labels": list(prediction.labels), "scores": scores, "model": prediction.model}
