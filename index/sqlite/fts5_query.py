"""Render a ParsedQuery as an FTS5 MATCH expression in which every term is a quoted literal.

User text never reaches FTS5 unquoted, so FTS5 operators typed by a user (NEAR, ^, column filters)
are searched as words and cannot raise syntax errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.query_syntax import ParsedQuery, Term

# Extra exact terms to OR with a prefix term (see SqliteFtsIndex: porter stems prefix queries too).
PrefixExpander = Callable[[Term], Sequence[str]]


def _no_expansion(term: Term) -> Sequence[str]:
    return ()


def quote(text: str) -> str:
    """An FTS5 string literal; inside it FTS5 only tokenises, it never parses operators."""
    return '"' + text.replace('"', '""') + '"'


def render_term(term: Term, expand_prefix: PrefixExpander = _no_expansion) -> str:
    if not term.prefix:
        return quote(term.text)
    alternatives = [quote(term.text) + " *", *(quote(extra) for extra in expand_prefix(term))]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


def _render_any(terms: Sequence[Term], expand_prefix: PrefixExpander) -> str:
    rendered = [render_term(t, expand_prefix) for t in terms]
    return rendered[0] if len(rendered) == 1 else "(" + " OR ".join(rendered) + ")"


def positive_expression(query: ParsedQuery, expand_prefix: PrefixExpander = _no_expansion) -> str | None:
    """MATCH expression for the positive part, minus exclusions; None when nothing positive."""
    if not query.has_positive:
        return None
    positive = " AND ".join(_render_any(group, expand_prefix) for group in query.groups)
    if not query.excluded:
        return positive
    return f"({positive}) NOT {_render_any(query.excluded, expand_prefix)}"


def exclusion_expression(query: ParsedQuery, expand_prefix: PrefixExpander = _no_expansion) -> str | None:
    """MATCH expression for the excluded terms alone, used when a query has no positive term
    (FTS5's NOT is binary, so "-rumour" on its own must be evaluated as a set difference)."""
    if not query.excluded:
        return None
    return _render_any(query.excluded, expand_prefix)
