"""`satark factchecks` and `satark claims`: the claims fact-checkers have rated, and why articles are flagged
(claim by claim, with the sentence that drove each flag and the fact-check it repeats)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import out_console, stage_progress
from cli.reporting import check_synced
from core.claims import Claim, ClaimAnalysis, ClaimMatch, Flag, FlagReason, KnownClaim
from core.tasks import HOSTILITY, MISINFORMATION

if TYPE_CHECKING:
    from store.models import ArticleRow
    from store.store import Store

FLAG_TASKS = (MISINFORMATION, HOSTILITY)
FLAG_REASONS = tuple(reason.value for reason in FlagReason)


def _echo_json(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


def _day(when: datetime | None) -> str | None:
    return when.date().isoformat() if when is not None else None


def verdict_text(known: KnownClaim) -> str:
    """"False by BOOM Live, 2026-11-20, https://…": whatever of its verdict the fact-checker gave."""
    head = (known.rating or "no rating") + (f" by {known.reviewer}" if known.reviewer else "")
    return ", ".join(part for part in (head, _day(known.reviewed), known.url) if part)


def _match_text(match: ClaimMatch) -> str:
    return f"matches: “{escape(match.known.text)}” — {escape(verdict_text(match.known))}"


# --- satark factchecks ----------------------------------------------------------------------------------------


@click.group("factchecks")
def factchecks_group() -> None:
    """Claims fact-checkers have rated: import a fact-checker's export, list what is known."""


@factchecks_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@pass_app
def import_command(app: AppContext, file: Path) -> None:
    """Add the claims of FILE (ClaimReview JSON, JSON-LD or JSON lines, or a CSV with a `claim` column) to the
    known claims, then match recent articles against them.

    \b
    Rows or items that cannot be read are skipped and named on stderr; the rest are imported.
    CSV columns: claim (required), rating, reviewer, reviewed, url, claimant, language (hi|en).
    Examples:
      satark factchecks import boom-export.jsonld
      satark factchecks import फ़ैक्ट-चेक.csv
    """
    from pipeline.factcheck_import import FactcheckImportError

    try:
        with stage_progress() as progress:
            report = app.app().import_factchecks(file, progress)
    except FactcheckImportError as exc:
        raise SatarkCliError(str(exc).splitlines()[0]) from exc
    click.echo(f"read {report.read} claim(s), {report.added} new; {report.rematched} recent article(s) now match")
    if report.added and not app.settings().claims.enabled:
        click.echo("claim analysis is off (claims.enabled: false): recent articles were not matched against them")
    for problem in report.problems:
        click.echo(f"skipped: {problem}", err=True)
    check_synced(report.index)


@factchecks_group.command("seed")
@click.option("--data-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The shared data folder (default: ../shared/data beside the checkout).")
@pass_app
def seed_command(app: AppContext, data_dir: Path | None) -> None:
    """Add the public sets' fake-labelled items (CONSTRAINT English and Hindi fake, LIAR false and pants-fire;
    TRAIN files only) to the known claims, then match recent articles against them."""
    from classifiers.datasets import DEFAULT_DATA_DIR

    folder = data_dir or DEFAULT_DATA_DIR
    if not folder.is_dir():
        raise SatarkCliError(f"data directory not found: {folder}")
    with stage_progress() as progress:
        report = app.app().seed_known_claims(folder, progress)
    if not report.read:
        raise SatarkCliError(f"no fake-labelled items found under {folder}")
    click.echo(f"read {report.read} claim(s), {report.added} new; {report.rematched} recent article(s) now match")
    check_synced(report.index)


def _print_known(known: KnownClaim) -> None:
    details = " · ".join(part for part in (
        f"#{known.id}" if known.id is not None else None, known.language or "?", known.rating or "no rating",
        known.reviewer, _day(known.reviewed)) if part)
    out_console.print(f"\n[dim]{escape(details)}[/]")
    out_console.print(f"  “{escape(known.text)}”")
    if known.url:
        out_console.print(f"  [blue]{escape(known.url)}[/]")


@factchecks_group.command("list")
@click.option("--lang", "language", type=click.Choice(["hi", "en"]), default=None, help="Only claims in this language.")
@click.option("--origin", default=None,
              help='Only claims from this origin (a prefix: "import:", "import:boom.csv", "article:").')
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many claims.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim, one per line.")
@pass_app
def list_known_command(app: AppContext, language: str | None, origin: str | None, limit: int, as_json: bool) -> None:
    """List the known claims, newest first: verdict, fact-checker, date, claim and the fact-check's URL.

    \b
    Examples:
      satark factchecks list --lang hi
      satark factchecks list --origin import: --limit 100 --json
    """
    claims = app.app().store.claims
    known = claims.known(language=language, origin=origin, limit=limit)
    if as_json:
        for claim in known:
            _echo_json(claim.to_dict())
        return
    total = claims.known_count(language=language, origin=origin)
    shown = f"; showing the newest {len(known)}" if len(known) < total else ""
    out_console.print(f"[bold]{total}[/] known claim(s){shown}")
    for claim in known:
        _print_known(claim)


# --- satark claims --------------------------------------------------------------------------------------------


@click.group("claims")
def claims_group() -> None:
    """Why articles are flagged: each flag's reason, score, evidence sentence and fact-check match."""


def _newest_first(rows: dict[str, ArticleRow], flags: list[tuple[str, Flag]]) -> list[tuple[str, Flag]]:
    """Flags of several tasks in one list, newest article first as the store orders each task's flags (published,
    else fetched); each article's flags keep their order."""
    by_id = sorted(flags, key=lambda pair: pair[0])
    return sorted(by_id, key=lambda pair: rows[pair[0]].published or rows[pair[0]].fetched_at, reverse=True)


def _flag_json(article_id: str, row: ArticleRow, flag: Flag) -> dict[str, Any]:
    return {"article_id": article_id, "title": row.title, **flag.to_dict()}


def _print_flag(flag: Flag, indent: str = "  ") -> None:
    out_console.print(f"{indent}[red]{flag.task} · {flag.reason.value} {flag.score:.2f}[/]: “{escape(flag.evidence)}”")
    if flag.match is not None:
        out_console.print(f"{indent}  {_match_text(flag.match)}")


def _print_flags(rows: dict[str, ArticleRow], flags: list[tuple[str, Flag]]) -> None:
    articles = len({article_id for article_id, _ in flags})
    out_console.print(f"[bold]{len(flags)}[/] flag(s) on {articles} article(s), newest article first")
    shown = None
    for article_id, flag in flags:
        if article_id != shown:
            row = rows[article_id]
            when = _day(row.published) or "undated"
            out_console.print(f"\n[bold]{escape(row.title)}[/]\n  [dim]{article_id} · {escape(row.source)} · "
                              f"{row.language or '?'} · {when}[/]")
            shown = article_id
        _print_flag(flag)


@claims_group.command("list")
@click.option("--task", "task", type=click.Choice(FLAG_TASKS), default=None, help="Only this task's flags (default: both).")
@click.option("--reason", type=click.Choice(FLAG_REASONS), default=None, help="Only flags with this reason.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many flags.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per flag, one per line.")
@pass_app
def list_flags_command(app: AppContext, task: str | None, reason: str | None, limit: int, as_json: bool) -> None:
    """List flagged claims, newest article first: why each article is flagged and the sentence behind it.

    \b
    A matches-factcheck flag names the fact-checked claim the sentence repeats, its verdict
    and the fact-check's URL.
    Examples:
      satark claims list --reason matches-factcheck
      satark claims list --task hostility --limit 50 --json
    """
    store = app.app().store
    flags = [pair for one in ((task,) if task else FLAG_TASKS)
             for pair in store.claims.flagged(task=one, reason=reason, limit=limit)]
    rows = _articles(store, {article_id for article_id, _ in flags})
    flags = _newest_first(rows, [pair for pair in flags if pair[0] in rows])[:limit]
    if as_json:
        for article_id, flag in flags:
            _echo_json(_flag_json(article_id, rows[article_id], flag))
    else:
        _print_flags(rows, flags)


def _articles(store: Store, ids: set[str]) -> dict[str, ArticleRow]:
    rows = {article_id: store.articles.get(article_id) for article_id in sorted(ids)}
    return {article_id: row for article_id, row in rows.items() if row is not None}


def _kind_text(analysis: ClaimAnalysis) -> str:
    kind = analysis.kind
    detail = f": {kind.detail}" if kind.detail else ""
    return f"{kind.kind.value} (decided by {kind.evidence.value}{detail})"


def _print_claim(claim: Claim) -> None:
    scores = "".join(f" · {task} {score:.2f}" for task, score in sorted(claim.scores.items()))
    out_console.print(f"  [{claim.position}] “{escape(claim.text)}”")
    out_console.print(f"      [dim]checkworthiness {claim.checkworthiness:.2f}{scores}[/]")
    if claim.match is not None:
        same = f", same claim {claim.match.same_claim:.2f}" if claim.match.same_claim is not None else ""
        out_console.print(f"      similarity {claim.match.similarity:.2f}{same}, {_match_text(claim.match)}")


def _print_analysis(row: ArticleRow, analysis: ClaimAnalysis) -> None:
    out_console.print(f"[bold]{escape(row.title)}[/]")
    out_console.print(f"  [dim]{row.id} · {escape(row.source)} · {row.language or '?'} · "
                      f"{_day(row.published) or 'undated'}[/]")
    out_console.print(f"  [blue]{escape(row.url)}[/]")
    out_console.print(f"kind: {escape(_kind_text(analysis))}")
    out_console.print(f"\n[bold]claims[/] ({len(analysis.claims)})")
    for claim in analysis.claims:
        _print_claim(claim)
    out_console.print(f"\n[bold]flags[/] ({len(analysis.flags)})")
    for flag in analysis.flags:
        _print_flag(flag)
    if analysis.known_claims:
        out_console.print(f"\n[bold]known claims it contributed[/] ({len(analysis.known_claims)})")
        for known in analysis.known_claims:
            out_console.print(f"  “{escape(known.text)}” — {escape(verdict_text(known))}")


def analysis_json(row: ArticleRow, analysis: ClaimAnalysis) -> dict[str, Any]:
    return {
        "article_id": row.id,
        "title": row.title,
        "url": row.url,
        "language": row.language,
        "kind": analysis.kind.kind.value,
        "kind_evidence": analysis.kind.evidence.value,
        "kind_detail": analysis.kind.detail,
        "claims": [claim.to_dict() for claim in analysis.claims],
        "flags": [flag.to_dict() for flag in analysis.flags],
        "known_claims": [known.to_dict() for known in analysis.known_claims],
    }


@claims_group.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@pass_app
def show_command(app: AppContext, article_id: str, as_json: bool) -> None:
    """Show what claim analysis found in ARTICLE_ID (the id or its first 8+ characters, as `satark search` shows).

    \b
    Its kind and what decided it; each check-worthy sentence (position 0 is the headline)
    with its scores and its closest fact-checked claim; the flags with their evidence;
    for a fact-check, the claims it reviews.
    Examples:
      satark claims show 3f9a1c07
      satark claims show 3f9a1c07e2b4 --json
    """
    from store.reviews import ReviewError

    store = app.app().store
    try:
        full_id = store.reviews.resolve_id(article_id)
    except ReviewError as exc:
        raise SatarkCliError(str(exc)) from exc
    row = store.articles.get(full_id)
    if row is None or row.processed_at is None:
        raise SatarkCliError(f"article {full_id} has not been processed yet; run `satark process`")
    analysis = store.claims.analyses([full_id]).get(full_id)
    if analysis is None:
        raise SatarkCliError(f"article {full_id} has no claim analysis (it was processed while claims.enabled "
                             f"was false)")
    if as_json:
        _echo_json(analysis_json(row, analysis))
    else:
        _print_analysis(row, analysis)
