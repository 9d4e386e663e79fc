"""Render a ParsedQuery as an FTS5 MATCH expression in which every term is a quoted literal.

User text never reaches FTS5 unquoted, so FTS5 operators typed by a user (NEAR, ^, column filters)
are searched as words and cannot raise syntax errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.hindi_fold import fold_text, has_devanagari
from index.query_syntax import ParsedQuery, Term
from index.sqlite.schema import EXACT_COLUMNS, FOLDED_COLUMNS

# Extra exact terms to OR with a prefix term (see SqliteFtsIndex: porter stems prefix queries too).
PrefixExpander = Callable[[Term], Sequence[str]]


def _no_expansion(term: Term) -> Sequence[str]:
    return ()


def quote(text: str) -> str:
    """An FTS5 string literal; inside it FTS5 only tokenises, it never parses operators."""
    return '"' + text.replace('"', '""') + '"'


_EXACT = "{" + " ".join(EXACT_COLUMNS) + "}"
_FOLDED = "{" + " ".join(FOLDED_COLUMNS) + "}"


def render_term(term: Term, expand_prefix: PrefixExpander = _no_expansion) -> str:
    """A word matches as typed in the exact columns or folded in the folded ones (index.hindi_fold); a quoted
    phrase and a prefix only as typed (a phrase is exact by definition, and a prefix cut at a vowel sign has
    no folded form)."""
    if term.prefix:
        alternatives = [quote(term.text) + " *", *(quote(extra) for extra in expand_prefix(term))]
        rendered = alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
        return f"{_EXACT} : {rendered}"
    if term.phrase:
        return f"{_EXACT} : {quote(term.text)}"
    folded = fold_text(term.text)
    if not folded or not has_devanagari(term.text):
        return f"{_EXACT} : {quote(term.text)}"  # nothing to fold (English words: the porter tokenizer stems them)
    return f"({_EXACT} : {quote(term.text)} OR {_FOLDED} : {quote(folded)})"


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
