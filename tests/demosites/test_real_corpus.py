"""The real demo corpus written for the four outlets meets the brief."""

from __future__ import annotations

from collections import Counter

import pytest

from demosites.corpus import Corpus, load_corpus
from demosites.lint import style_problems
from demosites.trouble import TroubleKind, trouble_pages

OUTLETS = {"bharat-samachar": "hi", "jan-awaaz": "hi", "capital-chronicle": "en", "indus-courier": "en"}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def test_four_outlets_with_enough_articles_per_language(corpus: Corpus) -> None:
    assert {o.name: o.language for o in corpus.outlets} == OUTLETS
    per_language = Counter(a.language for a in corpus.articles)
    assert per_language["hi"] >= 40 and per_language["en"] >= 40, per_language


def test_style_rules_hold(corpus: Corpus) -> None:
    problems = [str(p) for p in style_problems(corpus)]
    assert not problems, "\n".join(problems)


def test_each_outlet_has_copies_of_the_other_same_language_outlet(corpus: Corpus) -> None:
    for outlet, language in OUTLETS.items():
        copies = [a for a in corpus.articles_of(outlet) if a.is_copy]
        assert copies, outlet
        for copy in copies:
            assert copy.syndicated_from is not None
            original = corpus.article(copy.syndicated_from)
            assert original.outlet != outlet and original.language == language


def test_tabloids_carry_misinformation_and_tones_are_mixed(corpus: Corpus) -> None:
    for outlet in ("jan-awaaz", "indus-courier"):
        assert sum(a.misinformation for a in corpus.articles_of(outlet)) >= 3, outlet
    tones = Counter(a.sentiment for a in corpus.articles)
    assert min(tones.values()) >= len(corpus.articles) // 6, tones


def test_windows_1252_trouble_page_has_characters_that_expose_the_wrong_charset(corpus: Corpus) -> None:
    outlet = corpus.outlet("capital-chronicle")
    (page,) = [p for p in trouble_pages(outlet, corpus.articles_of(outlet.name)) if p.kind is TroubleKind.CHARSET_META]
    assert page.article is not None
    text = page.article.title + page.article.text
    assert any(ch in text for ch in "‘’“”–—é"), "pick a story with curly quotes or accents"
