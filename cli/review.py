"""`satark review` and `satark labels export`: reviewers' decisions on flagged articles, and those decisions as
training data."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import stage_progress
from cli.reporting import check_synced
from core.tasks import MISINFORMATION
from store.reviews import REVIEW_TASKS, ReviewError

if TYPE_CHECKING:
    from pipeline.app import Decision

ACTIONS: dict[str, Decision] = {"confirm": "confirmed", "dismiss": "dismissed"}


@click.command("review")
@click.argument("article_id")
@click.argument("action", type=click.Choice(sorted(ACTIONS)))
@click.option("--task", type=click.Choice(REVIEW_TASKS), default=MISINFORMATION, show_default=True,
              help="Which verdict is reviewed.")
@click.option("--label", default=None,
              help="The right label: hostility hate/offensive/defamation/fake (comma-separated), sentiment "
                   "negative/neutral/positive.")
@click.option("--note", default=None, help="Why (kept with the decision; Hindi or English).")
@click.option("--reviewer", default=None, help="Who decided.")
@pass_app
def review_command(app: AppContext, article_id: str, action: str, task: str, label: str | None, note: str | None,
                   reviewer: str | None) -> None:
    """Record a reviewer's decision on ARTICLE_ID (the id or its first 8+ characters, as `satark search` shows).

    \b
    confirm: the verdict stands (misinformation: it is misinformation);
    dismiss: it does not (misinformation: it is not).
    The newest decision per task counts; earlier ones are kept.
    Examples:
      satark review 3f9a1c07 confirm --note "फ़र्ज़ी दावा, चुनाव आयोग ने खंडन किया"
      satark review 3f9a1c07 dismiss --reviewer priya
      satark review 3f9a1c07 confirm --task hostility --label hate,offensive
      satark review 3f9a1c07 dismiss --task sentiment --label negative
    """
    try:
        with stage_progress() as progress:
            outcome = app.app().review(article_id, ACTIONS[action], task=task, label=label, note=note,
                                       reviewer=reviewer, progress=progress)
    except ReviewError as exc:
        raise SatarkCliError(str(exc)) from exc
    decision = outcome.decision
    corrected = f" as {decision.label}" if decision.label else ""
    reviewed = f" (verdict of {decision.model})" if decision.model else ""
    click.echo(f'{decision.article_id} "{outcome.title}": {decision.task} {decision.decision}{corrected}{reviewed}')
    # The review status shows in search; an index outage leaves the write in the outbox and exits 1.
    check_synced(outcome.index)


@click.group("labels")
def labels_group() -> None:
    """Training data from review decisions."""


@labels_group.command("export")
@click.option("--out", "out", default="-", show_default=True, help="CSV file to write, or - for standard output.")
@click.option("--task", "tasks", multiple=True, type=click.Choice(REVIEW_TASKS),
              help="Only this task's decisions (repeatable; default: all).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only decisions taken on or after this day (UTC, YYYY-MM-DD).")
@pass_app
def export_command(app: AppContext, out: str, tasks: tuple[str, ...], since: datetime | None) -> None:
    """Write the effective review decisions as labelled training data (satark_labels CSV, UTF-8).

    \b
    Columns: text,labels,language,task,article_id,decided_at.
    text: what the classifiers read (headline and lead).
    labels: misinformation fake/real; hostility non-hostile, or the reviewer's kinds (hostile when none
    was given); sentiment the reviewer's class (decisions without one are left out).
    `satark evaluate TASK --data FILE` and the data set loaders read the file back.
    Examples:
      satark labels export --out reviews.csv
      satark labels export --task misinformation --since 2026-11-01 > misinfo-reviews.csv
    """
    since_utc = since.replace(tzinfo=UTC) if since is not None else None
    try:
        result = app.app().export_labels(sys.stdout if out == "-" else Path(out), tasks or None, since_utc)
    except OSError as exc:
        raise SatarkCliError(f"cannot write {out}: {exc.strerror or exc}") from exc
    counts, left_out = result.counts, result.left_out
    rows = result.rows
    per_task = "; ".join(
        f"{task} " + ", ".join(f"{lang}={n}" for (t, lang), n in sorted(counts.items()) if t == task)
        for task in REVIEW_TASKS if any(t == task for t, _ in counts)
    )
    summary = f"exported {rows} labelled row(s)" + (f" to {out}" if out != "-" else "")
    summary += f" ({per_task})" if per_task else ""
    if left_out:
        summary += f"; {left_out} decision(s) left out (sentiment without a label, or not Hindi/English)"
    # With the CSV on standard output the summary goes to stderr, so a redirect captures clean data.
    click.echo(summary, err=out == "-")
