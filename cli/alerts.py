"""`satark subscriptions ...` and `satark digest run`: saved searches mailed daily, and the job that mails them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import unquote_plus

import click
from pydantic import ValidationError

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console
from store.subscriptions import DIGEST_LANGUAGES, EMPTY_DAYS, MAIL_LANGUAGES, Subscription


@click.group("subscriptions")
def subscriptions_group() -> None:
    """Saved searches mailed as a daily digest: add, list, show, pause, resume, remove."""


def _describe(subscription: Subscription) -> str:
    languages = ",".join(subscription.languages) or "all"
    floor = f"{subscription.min_score:.2f}" if subscription.min_score is not None else "any"
    return (f"{subscription.id}\t{subscription.status}\t{subscription.send_time} IST\t{subscription.search.name}\t"
            f"{len(subscription.recipients)} recipient(s)\tlanguages {languages}\tmin score {floor}\t"
            f"mail in {subscription.mail_language}")


@subscriptions_group.command("add")
@click.argument("name")
@click.option("--search", "query", required=True,
              help='The saved search: a desk search URL or its query string, e.g. "q=फ़र्ज़ी&lang=hi&flag=matches-factcheck".')
@click.option("--to", "recipients", multiple=True, required=True, help="A recipient's address (repeat for more).")
@click.option("--at", "send_time", default="07:30", show_default=True, help="Send time, HH:MM in Asia/Kolkata.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Leave out weaker misinformation flags.")
@click.option("--lang", "languages", multiple=True, type=click.Choice(DIGEST_LANGUAGES),
              help="Only articles in this language (repeat; default: all the saved search allows).")
@click.option("--mail-language", type=click.Choice(MAIL_LANGUAGES), default="en", show_default=True,
              help="The language of the mail's own text.")
@click.option("--empty", "empty_day", type=click.Choice(EMPTY_DAYS), default="notice", show_default=True,
              help="On a day with nothing new: send a short notice, or skip the mail.")
@click.option("--owner", default=None, help="The desk account the subscription belongs to.")
@pass_app
def subscriptions_add(app: AppContext, name: str, query: str, recipients: tuple[str, ...], send_time: str,
                      min_score: float | None, languages: tuple[str, ...], mail_language: str, empty_day: str,
                      owner: str | None) -> None:
    """Subscribe recipients to the daily digest of a saved search called NAME."""
    from pipeline.search_params import SearchParams

    try:
        params = SearchParams.from_query_string(query)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "search"
        raise SatarkCliError(f"--search: {where}: {first['msg']}") from exc
    subscription = app.app().store.subscriptions.add(
        name=name, query=params.query_string(page=1), recipients=recipients, send_time=send_time, min_score=min_score,
        languages=languages, mail_language=mail_language, empty_day=empty_day, owner=owner)  # type: ignore[arg-type]
    click.echo(_describe(subscription))


@subscriptions_group.command("list")
@click.option("--all", "include_removed", is_flag=True, help="Include removed subscriptions.")
@pass_app
def subscriptions_list(app: AppContext, include_removed: bool) -> None:
    """Every subscription: id, state, send time, name, recipients."""
    for subscription in app.app().store.subscriptions.list(include_removed=include_removed):
        click.echo(_describe(subscription))


@subscriptions_group.command("show")
@click.argument("subscription_id", type=int)
@pass_app
def subscriptions_show(app: AppContext, subscription_id: int) -> None:
    """One subscription: its search, recipients, and its latest digests with each recipient's delivery."""
    store = app.app().store
    subscription = store.subscriptions.get(subscription_id)
    stopped = store.subscriptions.unsubscribed(subscription_id)
    click.echo(_describe(subscription))
    click.echo(f"search\t{unquote_plus(subscription.search.query) or '(everything)'}")
    for address in subscription.recipients:
        click.echo(f"to\t{address}{'  (unsubscribed)' if address in stopped else ''}")
    for delivery in store.digests.deliveries(subscription_id, limit=30):
        when = f"{delivery.sent_at:%Y-%m-%d %H:%M} UTC" if delivery.sent_at else ""
        problem = f"\t{delivery.last_error}" if delivery.last_error and delivery.state != "sent" else ""
        click.echo(f"digest\t{delivery.day}\t{delivery.address}\t{delivery.state}\t{when}{problem}")


def _set_status(app: AppContext, subscription_id: int, status: str) -> None:
    subscription = app.app().store.subscriptions.set_status(subscription_id, status)  # type: ignore[arg-type]
    click.echo(_describe(subscription))


@subscriptions_group.command("pause")
@click.argument("subscription_id", type=int)
@pass_app
def subscriptions_pause(app: AppContext, subscription_id: int) -> None:
    """Stop the digests of SUBSCRIPTION_ID until it is resumed."""
    _set_status(app, subscription_id, "paused")


@subscriptions_group.command("resume")
@click.argument("subscription_id", type=int)
@pass_app
def subscriptions_resume(app: AppContext, subscription_id: int) -> None:
    """Send the digests of a paused subscription again."""
    _set_status(app, subscription_id, "active")


@subscriptions_group.command("remove")
@click.argument("subscription_id", type=int)
@pass_app
def subscriptions_remove(app: AppContext, subscription_id: int) -> None:
    """Stop SUBSCRIPTION_ID for good (its digest log is kept)."""
    _set_status(app, subscription_id, "removed")


@click.group("digest")
def digest_group() -> None:
    """Daily alert digests by email."""


@digest_group.command("run")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day of the digests (default: today in Asia/Kolkata).")
@click.option("--subscription", "subscription_id", type=int, default=None, help="Only this subscription.")
@click.option("--dry-run", is_flag=True, help="Write the messages as .eml files instead of sending; record nothing.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for --dry-run's .eml files (default: <home>/digests-dry-run).")
@pass_app
def digest_run(app: AppContext, day: date | None, subscription_id: int | None, dry_run: bool, out: Path | None) -> None:
    """Build each active subscription's digest of the day (once) and send what is due.

    \b
    Run it again at will: a digest already built is not built again, and a message already sent is not sent again.
    Messages that failed for a while (mail server down) go out on a later run.
    """
    from alerts.job import DigestJob, today

    satark = app.app()
    the_day = day.date() if day is not None else today()  # type: ignore[attr-defined]
    job = DigestJob(satark)
    if dry_run:
        report = job.dry_run(the_day, subscription_id, out or satark.settings.home_dir / "digests-dry-run")
    else:
        report = job.run(the_day, subscription_id)
    for built in report.built:
        more = f" (+{built.more} more in the desk)" if built.more else ""
        click.echo(f"built\t{built.subscription_id}\t{built.name}\t{built.items} item(s){more}\t"
                   f"{built.recipients} message(s)")
    for subscription in report.already_built:
        click.echo(f"already built\t{subscription}\t{the_day}")
    for path in report.written:
        click.echo(f"wrote\t{path}")
    if not dry_run:
        click.echo(f"sent {report.sent}, refused {len(report.refused)}, waiting {len(report.waiting)}, "
                   f"failed {len(report.failed)}")
    for line in report.refused:
        err_console.print(f"satark: refused for good: {line}", markup=False, highlight=False)
    for line in report.failed:
        err_console.print(f"satark: gave up: {line}", markup=False, highlight=False)
    if report.waiting:
        err_console.print(f"satark: {len(report.waiting)} message(s) wait for the mail server ({report.waiting[0]}); "
                          "a later `satark digest run` sends them", markup=False, highlight=False)
        raise SystemExit(3)
