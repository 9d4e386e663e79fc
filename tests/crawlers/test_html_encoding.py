"""Decoding fetched bytes when the declared charset is right, wrong, missing, or overridden by a BOM."""

from __future__ import annotations

import codecs

from crawlers.encoding import decode_html

HINDI_PAGE = (
    "<html><head><title>चुनाव आयोग</title></head>"
    "<body><p>मतदान शांतिपूर्ण रहा। फ़र्ज़ी ख़बरों पर कार्रवाई होगी।</p></body></html>"
)
ENGLISH_PAGE = (
    "<html><head><title>Caf\u00e9 politics</title></head>"
    "<body><p>\u201cWe will win,\u201d said the candidate \u2014 a r\u00e9sum\u00e9 of promises.</p></body></html>"
)


def test_utf8_hindi_mislabelled_as_latin1_decodes_right_and_flags_mismatch() -> None:
    page = decode_html(HINDI_PAGE.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert page.text == HINDI_PAGE
    assert page.encoding == "utf-8"
    assert page.declared is not None and page.declared != "utf-8"
    assert page.mismatch is True


def test_utf8_hindi_mislabelled_in_meta_tag_decodes_right() -> None:
    html = HINDI_PAGE.replace("<head>", '<head><meta charset="windows-1252">')
    page = decode_html(html.encode("utf-8"), "text/html")
    assert page.text == html
    assert page.mismatch is True


def test_cp1252_english_declared_utf8_decodes_right() -> None:
    page = decode_html(ENGLISH_PAGE.encode("cp1252"), "text/html; charset=utf-8")
    assert page.text == ENGLISH_PAGE
    assert "\u201cWe will win,\u201d" in page.text and "r\u00e9sum\u00e9" in page.text
    assert page.encoding == "cp1252"
    assert page.declared == "utf-8"
    assert page.mismatch is True


def test_correct_utf8_declaration_is_no_mismatch() -> None:
    page = decode_html(HINDI_PAGE.encode("utf-8"), "text/html; charset=UTF-8")
    assert (page.text, page.encoding, page.declared, page.mismatch) == (HINDI_PAGE, "utf-8", "utf-8", False)


def test_correct_windows1252_declaration_is_no_mismatch() -> None:
    page = decode_html(ENGLISH_PAGE.encode("cp1252"), "text/html; charset=windows-1252")
    assert page.text == ENGLISH_PAGE
    assert page.mismatch is False


def test_header_wins_over_meta_for_the_declaration() -> None:
    html = ENGLISH_PAGE.replace("<head>", '<head><meta charset="utf-8">')
    page = decode_html(html.encode("cp1252"), "text/html; charset=windows-1252")
    assert page.text == html
    assert page.declared == "cp1252"
    assert page.mismatch is False


def test_undeclared_utf8_is_no_mismatch() -> None:
    page = decode_html(HINDI_PAGE.encode("utf-8"), None)
    assert page.text == HINDI_PAGE
    assert (page.declared, page.mismatch) == (None, False)


def test_undeclared_legacy_page_decodes_without_claiming_a_mismatch() -> None:
    # Nothing was declared, so nothing was overridden: the crawl log must not count a charset mismatch.
    page = decode_html(ENGLISH_PAGE.encode("cp1252"), "text/html")
    assert page.text == ENGLISH_PAGE
    assert page.declared is None
    assert page.mismatch is False


def test_ascii_page_with_any_declaration_is_no_mismatch() -> None:
    page = decode_html(b"<p>plain ascii</p>", "text/html; charset=iso-8859-1")
    assert page.text == "<p>plain ascii</p>"
    assert page.mismatch is False


def test_utf8_bom_is_stripped_and_honoured() -> None:
    body = codecs.BOM_UTF8 + HINDI_PAGE.encode("utf-8")
    page = decode_html(body, "text/html; charset=utf-8")
    assert page.text == HINDI_PAGE  # no U+FEFF left at the start
    assert (page.encoding, page.mismatch) == ("utf-8", False)


def test_utf8_bom_overrides_a_wrong_declaration() -> None:
    page = decode_html(codecs.BOM_UTF8 + HINDI_PAGE.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert page.text == HINDI_PAGE
    assert (page.encoding, page.mismatch) == ("utf-8", True)


def test_utf16_bom_is_honoured() -> None:
    # A byte-order mark is authoritative (WHATWG encoding sniffing), also for UTF-16.
    page = decode_html(codecs.BOM_UTF16_LE + HINDI_PAGE.encode("utf-16-le"), "text/html")
    assert page.text.lstrip("\ufeff") == HINDI_PAGE
