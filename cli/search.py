"""`satark search`: full-text search over processed articles, with filters, facets and highlights."""

from __future__ import annotations

import json
import re
from datetime import date

import click
from rich.markup import escape

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import out_console
from cli.reporting import kind_line, why_line
from index.documents import FLAG_REASONS, HOSTILITY_LABELS, KINDS, SearchHit, SearchQuery, SearchResult
from pipeline.search_params import MAX_PAGE

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "language": hit.language,
        "source": hit.source,
        "published": hit.published.isoformat() if hit.published else None,
        "scores": {"misinformation": hit.misinfo_score, "flagged": hit.flagged, "sentiment": hit.sentiment,
                   "hostility": list(hit.hostility)},
        "duplicate_of": hit.duplicate_of,
        "review_status": hit.review_status,
        "kind": hit.kind,
        "flag_reasons": list(hit.flag_reasons),
        "evidence": hit.evidence,
        "claim": hit.claim,
        "verdict": hit.verdict,
        "match_url": hit.match_url,
        "snippet": hit.snippet,
    }


def _html_to_rich(fragment: str) -> str:
    import html

    parts = _MARK.split(fragment)
    # Odd positions are the marked matches.
    return "".join(f"[bold yellow]{escape(html.unescape(p))}[/]" if i % 2 else escape(html.unescape(p))
                   for i, p in enumerate(parts))


def _hostility_text(hit: SearchHit) -> str:
    return f" [magenta]hostility: {', '.join(hit.hostility)}[/]" if hit.hostility else ""


def print_result(result: SearchResult) -> None:
    first = (result.page - 1) * result.per_page + 1 if result.total else 0
    last = min(result.total, result.page * result.per_page)
    out_console.print(f"[bold]{result.total}[/] result(s); showing {first}-{last} (page {result.page}/{result.pages})")
    for hit in result.hits:
        flag = f"[red]FLAGGED {hit.misinfo_score:.2f}[/]" if hit.flagged and hit.misinfo_score is not None else (
            f"misinfo {hit.misinfo_score:.2f}" if hit.misinfo_score is not None else "")
        when = hit.published.date().isoformat() if hit.published else "undated"
        dup = f" · duplicate of {hit.duplicate_of}" if hit.duplicate_of else ""
        out_console.print(f"\n{_html_to_rich(hit.title_highlighted)}")
        out_console.print(f"  [dim]{hit.id} · {hit.source} · {hit.language} · {when} · "
                          f"{hit.sentiment or '-'}{dup}[/] {flag}{_hostility_text(hit)}")
        for line in (kind_line(hit), why_line(hit)):
            if line:
                out_console.print(f"  {line}")
        if hit.snippet:
            out_console.print(f"  {_html_to_rich(hit.snippet)}")
        out_console.print(f"  [blue]{escape(hit.url)}[/]")
    if result.facets:
        out_console.print("\n[bold]facets[/]")
        for name, counts in result.facets.items():
            out_console.print(f"  {name}: " + ", ".join(f"{c.value} ({c.count})" for c in counts))


# A query may start with a dash ("-evm": everything but EVM); unknown options are read as the query, not refused.
@click.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query", required=False, default="")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["hi", "en", "other"]), help="Language (repeatable).")
@click.option("--source", "sources", multiple=True, help="Source name (repeatable).")
@click.option("--sentiment", "sentiments", multiple=True, type=click.Choice(["negative", "neutral", "positive"]))
@click.option("--flagged/--not-flagged", default=None, help="Only flagged (or only unflagged) articles.")
@click.option("--hostile/--not-hostile", default=None,
              help="Only articles the hostility model marked hostile (or only those it did not).")
@click.option("--hostility", "hostility", multiple=True, type=click.Choice(HOSTILITY_LABELS),
              help="Articles with any of these hostility labels (repeatable).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Articles of any of these kinds (repeatable).")
@click.option("--flag", "flag_reasons", multiple=True, type=click.Choice(FLAG_REASONS),
              help="Articles flagged for any of these reasons (repeatable).")
@click.option("--min-score", type=click.FloatRange(0, 1), default=None, help="Minimum misinformation score.")
@click.option("--max-score", type=click.FloatRange(0, 1), default=None, help="Maximum misinformation score.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on or before (YYYY-MM-DD).")
@click.option("--no-duplicates", is_flag=True, help="Hide near-duplicates of articles already in the results.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "score"]), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit, one per line.")
@pass_app
def search_command(app: AppContext, query: str, languages: tuple[str, ...], sources: tuple[str, ...],
                   sentiments: tuple[str, ...], flagged: bool | None, hostile: bool | None,
                   hostility: tuple[str, ...], kinds: tuple[str, ...], flag_reasons: tuple[str, ...],
                   min_score: float | None,
                   max_score: float | None, date_from: object, date_to: object, no_duplicates: bool, sort: str,
                   page: int, per_page: int, as_json: bool) -> None:
    """Search stored articles (Hindi and English). An empty QUERY matches everything, newest first.

    \b
    Query syntax: words (all must match; Hindi words also in their spelling variants and inflections, so
    फर्जी finds फ़र्ज़ी and चुनावों finds चुनाव), "exact phrase" (as spelt), -excluded, either OR other, prefix*.
    Examples:
      satark search "चुनाव आयोग" --lang hi
      satark search evm --flagged --sort score
      satark search "" --lang hi --hostility hate --hostility offensive
      satark search "" --flag matches-factcheck --lang hi
      satark search ईवीएम --kind factcheck
      satark search "" --source capital-chronicle --from 2026-11-20 --json
      satark search -evm --lang en            # everything without "evm"
    """
    if min_score is not None and max_score is not None and min_score > max_score:
        raise click.BadParameter(f"{min_score} is above --max-score {max_score}", param_hint="--min-score")
    if date_from is not None and date_to is not None and date_from > date_to:  # type: ignore[operator]
        raise click.BadParameter("a day after --to", param_hint="--from")

    def as_date(value: object) -> date | None:
        return value.date() if value is not None else None  # type: ignore[attr-defined]

    search_query = SearchQuery(
        text=query, languages=languages, sources=sources, sentiments=sentiments, flagged=flagged,
        hostile=hostile, hostility=hostility, kinds=kinds, flag_reasons=flag_reasons,
        min_score=min_score, max_score=max_score, published_from=as_date(date_from), published_to=as_date(date_to),
        include_duplicates=not no_duplicates, sort=sort, page=page, per_page=per_page,  # type: ignore[arg-type]
    )
    satark = app.app()
    result = satark.search(search_query)
    if result.total == 0 and (lost := satark.lost_index()) is not None:
        raise SatarkCliError(lost.advice())  # "0 results" from a lost index would be a lie
    if as_json:
        for hit in result.hits:
            click.echo(json.dumps(hit_json(hit), ensure_ascii=False))
    else:
        print_result(result)
