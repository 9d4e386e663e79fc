"""Parse user search text into a small, backend-neutral query tree.

Monitoring staff type free text, often pasted from WhatsApp forwards, so parsing must never fail.
Supported syntax: words (AND), "quoted phrases", -exclusion, OR between two terms, word* prefix.
Anything else (unbalanced quotes, stray operators, FTS/Lucene special characters) degrades to plain
words. Backends render the tree into their own syntax with every term escaped as a literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text_forms import is_token_char, search_form

# Characters that are syntax in FTS5 or Lucene but carry no meaning for us: treated as spaces so
# "title:modi" or "(bjp)" search the words rather than a field or a group.
_SEPARATORS = frozenset("()[]{}^:~!|&+=<>,;\\")
_QUOTE = '"'
_EXCLUDE = "-"
_PREFIX = "*"
_OR = "OR"
_AND = "AND"
# No word characters in either backend, and each breaks one: FTS5 reads its MATCH expression as a C string, where a
# NUL ends a quoted term early ("unterminated string"), and a lone surrogate (what a command-line argument that is not
# UTF-8 decodes to) cannot be encoded for SQLite or Elasticsearch at all. They separate words, like a space.
_UNSEARCHABLE = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class Term:
    """A literal to match. `text` may hold several tokens (a phrase, or "covid-19")."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Conjunction of OR-groups, minus any document matching an excluded term."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def has_positive(self) -> bool:
        return bool(self.groups)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded


@dataclass(frozen=True)
class _Lexeme:
    text: str
    quoted: bool
    excluded: bool
    prefix: bool


def _has_token(text: str) -> bool:
    return any(is_token_char(ch) for ch in text)


def _closing_quote(text: str, start: int) -> int:
    return text.find(_QUOTE, start + 1)


def _lex(text: str) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in _SEPARATORS:
            i += 1
            continue
        # A run of '-' directly before a word or phrase means exclusion.
        j = i
        while j < n and text[j] == _EXCLUDE:
            j += 1
        excluded = j > i
        if j < n and text[j] == _QUOTE:
            end = _closing_quote(text, j)
            if end == -1:
                # Unbalanced quote: drop it and read the rest as plain words.
                i = j + 1
                continue
            prefix = end + 1 < n and text[end + 1] == _PREFIX
            body = text[j + 1 : end]
            if _has_token(body):
                lexemes.append(_Lexeme(" ".join(body.split()), True, excluded, prefix))
            i = end + 1
            while i < n and text[i] == _PREFIX:
                i += 1
            continue
        k = j
        while k < n and not text[k].isspace() and text[k] not in _SEPARATORS and text[k] != _QUOTE:
            k += 1
        word = text[j:k]
        stripped = word.rstrip(_PREFIX)
        if _has_token(stripped):
            lexemes.append(_Lexeme(stripped, False, excluded, stripped != word))
        i = k if k > i else i + 1
    return lexemes


def _is_operator(lexeme: _Lexeme, name: str) -> bool:
    return not lexeme.quoted and not lexeme.excluded and not lexeme.prefix and lexeme.text == name


def _is_positive_term(lexeme: _Lexeme | None) -> bool:
    return lexeme is not None and not lexeme.excluded and not (
        _is_operator(lexeme, _OR) or _is_operator(lexeme, _AND)
    )


def _term(lexeme: _Lexeme) -> Term:
    return Term(text=lexeme.text, phrase=lexeme.quoted, prefix=lexeme.prefix)


def parse_query(text: str) -> ParsedQuery:
    """Parse user text; never raises. The result is empty when no searchable word remains."""
    lexemes = _lex(_UNSEARCHABLE.sub(" ", search_form(text)))
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    previous_positive = False
    for index, lexeme in enumerate(lexemes):
        following = lexemes[index + 1] if index + 1 < len(lexemes) else None
        is_or = _is_operator(lexeme, _OR)
        if (is_or or _is_operator(lexeme, _AND)) and previous_positive and _is_positive_term(following):
            # A real operator sits between two positive terms; AND is the default, so only OR
            # changes the tree. Anywhere else the word is searched for literally.
            join_next = is_or
            continue
        if lexeme.excluded:
            excluded.append(_term(lexeme))
            previous_positive = False
            join_next = False
            continue
        if join_next and groups:
            groups[-1].append(_term(lexeme))
        else:
            groups.append([_term(lexeme)])
        join_next = False
        previous_positive = True
    return ParsedQuery(groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded))
