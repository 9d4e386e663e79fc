"""SQL for one SearchQuery against the SQLite FTS5 schema.

Everything user-supplied is a bound parameter; the MATCH expression itself is built only from quoted
literals (fts5_query), so no user text is ever interpreted as SQL or FTS5 syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from core.tasks import HOSTILE
from index.dates import lower_bound, to_epoch_us, upper_bound
from index.documents import SearchQuery
from index.hindi_fold import FOLDED_LANGUAGES
from index.query_syntax import ParsedQuery
from index.sqlite.fts5_query import PrefixExpander, exclusion_expression, positive_expression
from index.sqlite.records import flag_reasons_mask, hostility_mask
from index.sqlite.schema import (
    BM25_WEIGHTS,
    BODY_COLUMN,
    BODY_FOLD_COLUMN,
    DOCUMENTS_TABLE,
    FTS_TABLE,
    HOSTILITY_BITS,
    TITLE_COLUMN,
    TITLE_FOLD_COLUMN,
)
from index.text_forms import MARK_CLOSE, MARK_OPEN, nfc

SNIPPET_TOKENS = 24
SNIPPET_ELLIPSIS = "…"

_NEWEST = "d.published_us DESC NULLS LAST, d.fetched_us DESC, d.id ASC"


@dataclass
class SqlPlan:
    """FROM + WHERE shared by the facet/total query and the page query."""

    from_clause: str
    conditions: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    has_match: bool = False

    @property
    def where(self) -> str:
        return "WHERE " + " AND ".join(self.conditions) if self.conditions else ""

    def add_in(self, column: str, name: str, values: tuple[str, ...]) -> None:
        placeholders = []
        for i, value in enumerate(values):
            key = f"{name}_{i}"
            self.params[key] = value
            placeholders.append(f":{key}")
        self.conditions.append(f"{column} IN ({', '.join(placeholders)})")


def _bm25_sql() -> str:
    weights = ", ".join(repr(w) for w in BM25_WEIGHTS)
    return f"bm25({FTS_TABLE}, {weights})"


def build_plan(
    query: SearchQuery, parsed: ParsedQuery, expand_prefix: PrefixExpander, day_tz: tzinfo
) -> SqlPlan:
    match = positive_expression(parsed, expand_prefix)
    if match is not None:
        # CROSS JOIN pins FTS5 as the outer loop. Left to itself the planner may start from a
        # selective filter index and re-run MATCH once per candidate row (10x slower at 50k docs).
        plan = SqlPlan(
            from_clause=f"FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS_TABLE} AS d ON d.pk = {FTS_TABLE}.rowid",
            has_match=True,
        )
        plan.conditions.append(f"{FTS_TABLE} MATCH :match")
        plan.params["match"] = match
    else:
        plan = SqlPlan(from_clause=f"FROM {DOCUMENTS_TABLE} AS d")
        exclude = exclusion_expression(parsed, expand_prefix)
        if exclude is not None:
            plan.conditions.append(
                f"d.pk NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :exclude)"
            )
            plan.params["exclude"] = exclude
    _add_filters(plan, query, day_tz)
    return plan


def _add_filters(plan: SqlPlan, query: SearchQuery, day_tz: tzinfo) -> None:
    if query.languages:
        plan.add_in("d.language", "language", query.languages)
    if query.sources:
        plan.add_in("d.source", "source", tuple(nfc(s) for s in query.sources))
    if query.sentiments:
        plan.add_in("d.sentiment", "sentiment", query.sentiments)
    if query.flagged is not None:
        plan.conditions.append("d.flagged = :flagged")
        plan.params["flagged"] = int(query.flagged)
    if query.hostile is not None:
        plan.conditions.append(f"d.hostility & :hostile_bit {'!=' if query.hostile else '='} 0")
        plan.params["hostile_bit"] = HOSTILITY_BITS[HOSTILE]
    if query.hostility:
        plan.conditions.append("d.hostility & :hostility_any != 0")
        plan.params["hostility_any"] = hostility_mask(query.hostility)
    if query.kinds:
        plan.add_in("d.kind", "kind", query.kinds)
    if query.review_statuses:
        plan.add_in("d.review_status", "review_status", query.review_statuses)
    if query.flag_reasons:
        plan.conditions.append("d.flag_reasons & :flag_reasons_any != 0")
        plan.params["flag_reasons_any"] = flag_reasons_mask(query.flag_reasons)
    if query.min_score is not None:
        plan.conditions.append("d.misinfo_score >= :min_score")
        plan.params["min_score"] = query.min_score
    if query.max_score is not None:
        plan.conditions.append("d.misinfo_score <= :max_score")
        plan.params["max_score"] = query.max_score
    if query.published_from is not None:
        plan.conditions.append("d.published_us >= :published_from")
        plan.params["published_from"] = to_epoch_us(lower_bound(query.published_from, day_tz))
    if query.published_to is not None:
        plan.conditions.append("d.published_us <= :published_to")
        plan.params["published_to"] = to_epoch_us(upper_bound(query.published_to, day_tz))
    if query.fetched_from is not None:
        plan.conditions.append("d.fetched_us >= :fetched_from")
        plan.params["fetched_from"] = to_epoch_us(query.fetched_from)
    if not query.include_duplicates:
        plan.conditions.append("d.duplicate_of IS NULL")


def facet_sql(plan: SqlPlan) -> str:
    """One statement for all facets; the filtered set is materialised once so FTS5 runs once.
    The total is the sum of the language facet (language is never NULL). Hostility and flag_reason rows count
    each label combination (the bit mask); the caller adds them up per label. Grouping by the mask (at most 16 groups) was
    the cheapest way measured (+10-15% on the facets of all 50,000 documents; a pass or a join per label: +20-40%)."""
    return f"""
        WITH m AS MATERIALIZED (
            SELECT d.language, d.source, d.sentiment, d.flagged, d.hostility, d.kind, d.flag_reasons
            {plan.from_clause} {plan.where}
        )
        SELECT 'language' AS facet, language AS value, count(*) AS n FROM m GROUP BY language
        UNION ALL SELECT 'source', source, count(*) FROM m GROUP BY source
        UNION ALL SELECT 'sentiment', sentiment, count(*) FROM m WHERE sentiment IS NOT NULL
                  GROUP BY sentiment
        UNION ALL SELECT 'flagged', flagged, count(*) FROM m GROUP BY flagged
        UNION ALL SELECT 'hostility', hostility, count(*) FROM m WHERE hostility != 0 GROUP BY hostility
        UNION ALL SELECT 'kind', kind, count(*) FROM m GROUP BY kind
        UNION ALL SELECT 'flag_reason', flag_reasons, count(*) FROM m WHERE flag_reasons != 0 GROUP BY flag_reasons
    """


def _order_by(query: SearchQuery, has_match: bool) -> str:
    if query.sort == "score":
        relevance = "rank ASC, " if has_match else ""
        return f"d.misinfo_score DESC NULLS LAST, {relevance}{_NEWEST}"
    if query.sort == "relevance" and has_match:
        return f"rank ASC, {_NEWEST}"
    # "newest", and "relevance" with nothing to rank by.
    return _NEWEST


def page_sql(query: SearchQuery, plan: SqlPlan) -> tuple[str, dict[str, Any]]:
    """Keys of one page, in order. Only small columns go through the sorter: carrying article
    bodies (or computing snippets) for every match before LIMIT would dominate the cost."""
    rank = _bm25_sql() if plan.has_match else "0.0"
    sql = f"""
        SELECT d.pk AS pk, {rank} AS rank {plan.from_clause} {plan.where}
        ORDER BY {_order_by(query, plan.has_match)}
        LIMIT :limit OFFSET :offset
    """
    return sql, dict(plan.params, limit=query.per_page, offset=query.offset)


def details_sql(query: SearchQuery, plan: SqlPlan, pks: list[int]) -> tuple[str, dict[str, Any]]:
    """Full rows (plus highlight and snippet when asked) for the page's keys only."""
    keys = {f"pk_{i}": pk for i, pk in enumerate(pks)}
    in_list = ", ".join(f":{k}" for k in keys)
    if not (plan.has_match and query.highlight):
        return f"SELECT d.* FROM {DOCUMENTS_TABLE} AS d WHERE d.pk IN ({in_list})", keys
    # A folded document (Hindi) also gets its folded columns' highlights and the whole marked body, so the
    # marks of words matched folded can be put on its own spelling (index.sqlite.fold_marks).
    folded = f"d.language IN ({', '.join(repr(language) for language in sorted(FOLDED_LANGUAGES))})"
    sql = f"""
        SELECT d.*,
               highlight({FTS_TABLE}, {TITLE_COLUMN}, :mark_open, :mark_close) AS title_marked,
               snippet({FTS_TABLE}, {BODY_COLUMN}, :mark_open, :mark_close, :ellipsis, :snippet_tokens)
                   AS snippet_marked,
               CASE WHEN {folded} THEN highlight({FTS_TABLE}, {TITLE_FOLD_COLUMN}, :mark_open, :mark_close) END
                   AS title_fold_marked,
               CASE WHEN {folded} THEN highlight({FTS_TABLE}, {BODY_COLUMN}, :mark_open, :mark_close) END
                   AS body_marked,
               CASE WHEN {folded} THEN highlight({FTS_TABLE}, {BODY_FOLD_COLUMN}, :mark_open, :mark_close) END
                   AS body_fold_marked
        FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS_TABLE} AS d ON d.pk = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH :match AND {FTS_TABLE}.rowid IN ({in_list})
    """
    params: dict[str, Any] = dict(
        keys,
        match=plan.params["match"],
        mark_open=MARK_OPEN,
        mark_close=MARK_CLOSE,
        ellipsis=SNIPPET_ELLIPSIS,
        snippet_tokens=SNIPPET_TOKENS,
    )
    return sql, params
