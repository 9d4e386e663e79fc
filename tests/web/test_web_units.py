"""The desk's pieces on their own: the shared query model, interface text in both languages, inert links,
the login rate limit."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

import pytest
from pydantic import ValidationError

from core.links import web_link
from pipeline.search_params import SearchParams
from web.i18n import LANGUAGES, MESSAGES, translator
from web.security import LoginRateLimit


def test_blank_form_fields_are_unset_not_errors() -> None:
    params = SearchParams.model_validate({"q": "चुनाव", "min_score": "", "from": "", "lang": ["", "hi"], "sort": ""})
    assert params.min_score is None and params.date_from is None and params.lang == ["hi"] and params.sort == "relevance"


def test_parameters_become_the_index_query() -> None:
    params = SearchParams.model_validate({"q": "फर्जी वीडियो", "lang": ["hi"], "flag": ["matches-factcheck"],
                                          "review": ["unreviewed"], "from": "2026-11-01", "to": "2026-11-30",
                                          "min_score": "0.5", "sort": "score", "page": "2"})
    query = params.to_query()
    assert query.text == "फर्जी वीडियो" and query.languages == ("hi",) and query.flag_reasons == ("matches-factcheck",)
    assert query.review_statuses == ("unreviewed",) and query.published_from == date(2026, 11, 1)
    assert query.min_score == 0.5 and query.sort == "score" and query.page == 2


def test_the_query_string_round_trips_and_keeps_only_what_was_set() -> None:
    params = SearchParams.model_validate({"q": "EVM चिप", "lang": ["hi", "en"], "from": "2026-11-01", "flagged": "true"})
    text = params.query_string()
    assert dict(parse_qsl(text)) == {"q": "EVM चिप", "lang": "en", "from": "2026-11-01", "flagged": "true"}
    assert parse_qsl(text).count(("lang", "hi")) == 1
    again = SearchParams.model_validate({k: [v for key, v in parse_qsl(text) if key == k] if k == "lang" else v
                                         for k, v in parse_qsl(text)})
    assert again == params
    assert "page=3" in params.query_string(page=3) and "page" not in params.query_string(page=1)


def test_a_facet_link_toggles_its_value_and_goes_back_to_page_one() -> None:
    params = SearchParams.model_validate({"q": "x", "lang": ["hi"], "page": "4"})
    assert ("lang", "en") in parse_qsl(params.toggled("lang", "en"))
    assert "lang" not in dict(parse_qsl(params.toggled("lang", "hi")))
    assert "page" not in dict(parse_qsl(params.toggled("lang", "en")))


@pytest.mark.parametrize("bad", [{"min_score": "2"}, {"page": "0"}, {"lang": ["de"]}, {"min_score": "0.8", "max_score": "0.2"}])
def test_malformed_parameters_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        SearchParams.model_validate(bad)


def test_every_interface_text_has_english_and_hindi() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key
    assert any("\u0900" <= ch <= "\u097f" for ch in translator("hi")("nav.search"))
    assert translator("xx")("nav.search") == "Search" and translator("hi")("no.such.key") == "no.such.key"


@pytest.mark.parametrize(("url", "href"), [
    ("https://news.example/a", "https://news.example/a"), ("http://x.example", "http://x.example"),
    ("javascript:alert(1)", "#"), (" JavaScript:alert(1)", "#"), ("data:text/html,<b>", "#"), (None, "#"),
    ("//evil.example", "#"),
])
def test_links_out_of_the_desk_are_http_only(url: str | None, href: str) -> None:
    assert web_link(url) == href


def test_the_login_rate_limit_slides() -> None:
    limit = LoginRateLimit(attempts=3, window_s=60)
    assert [limit.allow("10.0.0.1", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allow("10.0.0.2", now=3)  # per client address
    assert limit.allow("10.0.0.1", now=61)  # the first attempt left the window
