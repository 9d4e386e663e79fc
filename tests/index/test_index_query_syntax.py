"""Unit tests of the backend-neutral query parser and the FTS5 rendering."""

from __future__ import annotations

import random
import sqlite3

import pytest

from index.query_syntax import ParsedQuery, Term, parse_query
from index.sqlite.fts5_query import exclusion_expression, positive_expression, quote
from index.sqlite.schema import FTS_COLUMNS


def test_words_phrases_exclusions_or_and_prefix() -> None:
    parsed = parse_query('चुनाव "मतदान प्रतिशत" -अफ़वाह EVM OR ईवीएम vot*')
    assert parsed == ParsedQuery(
        groups=(
            (Term("चुनाव"),),
            (Term("मतदान प्रतिशत", phrase=True),),
            (Term("EVM"), Term("ईवीएम")),
            (Term("vot", prefix=True),),
        ),
        excluded=(Term("अफ़वाह"),),
    )


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("AND OR", [["AND"], ["OR"]]),
        ("a OR", [["a"], ["OR"]]),
        ("OR a", [["OR"], ["a"]]),
        ("a AND b", [["a"], ["b"]]),
        ("a OR -b", [["a"], ["OR"]]),
        ('"unbalanced phrase', [["unbalanced"], ["phrase"]]),
        ("title:modi", [["title"], ["modi"]]),
        ("NEAR(a b)", [["NEAR"], ["a"], ["b"]]),
        ("*", []),
        ("-", []),
        ("( ) ^ : { }", []),
        ("covid-19", [["covid-19"]]),
    ],
)
def test_malformed_input_degrades_to_plain_words(text: str, groups: list[list[str]]) -> None:
    parsed = parse_query(text)
    assert [[t.text for t in g] for g in parsed.groups] == groups


def test_query_text_is_nfc_normalised() -> None:
    assert parse_query("\u095bिला").groups == ((Term("ज\u093cिला"),),)


def test_every_term_is_rendered_as_a_quoted_literal() -> None:
    parsed = ParsedQuery(groups=((Term('say "NEAR"'),), (Term("a", prefix=True), Term("b"))), excluded=(Term("c"),))
    assert quote('x"y') == '"x""y"'
    exact = "{title body tags} : "
    assert positive_expression(parsed) == f'({exact}"say ""NEAR""" AND ({exact}"a" * OR {exact}"b")) NOT {exact}"c"'
    assert exclusion_expression(parsed) == f'{exact}"c"'
    assert positive_expression(parse_query("-c")) is None


def test_random_input_always_renders_valid_fts5() -> None:
    """Fuzz: whatever the user types, the rendered expression is accepted by FTS5."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5({', '.join(FTS_COLUMNS)})")
    conn.execute("INSERT INTO t(title, title_fold) VALUES ('चुनाव और near or and not', 'चुनव और near or and not')")
    alphabet = list('"*-()^:{}[]+~ \\\'') + ["OR", "AND", "NOT", "NEAR", "चुनाव", "ि", "a", "\u200d"]
    rng = random.Random(20240419)
    for _ in range(500):
        text = "".join(rng.choice(alphabet) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12)))
        parsed = parse_query(text)
        for expression in (positive_expression(parsed), exclusion_expression(parsed)):
            if expression is not None:
                conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
