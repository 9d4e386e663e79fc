"""Main text and metadata from realistic Hindi and English pages, or a typed reason there is no article."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.records import Reason
from crawlers.dates import parse_datetime
from crawlers.extraction import ExtractedFields, NoArticle, extract_article
from tests.crawlers.news_pages import NewsPage, english_wordpress_page, hindi_portal_page

IST = timezone(timedelta(hours=5, minutes=30))
PageMaker = Callable[[], NewsPage]


@pytest.fixture
def hindi_page() -> NewsPage:
    return hindi_portal_page()


@pytest.fixture
def english_page() -> NewsPage:
    return english_wordpress_page()


def extract(page: NewsPage, min_text_chars: int = 250) -> ExtractedFields:
    result = extract_article(page.html, page.url, min_text_chars=min_text_chars)
    assert isinstance(result, ExtractedFields), result
    return result


def test_hindi_page_fields(hindi_page: NewsPage) -> None:
    fields = extract(hindi_page)
    assert fields.title == hindi_page.title
    assert fields.author == hindi_page.author
    assert fields.published == datetime(2024, 3, 16, 10, 30, tzinfo=IST)
    assert fields.canonical == "https://www.samachar.example/desh/chunav-pehla-charan"


def test_zero_width_joiners_survive_extraction() -> None:
    """ZWJ and ZWNJ choose a conjunct's form in Devanagari ("क्\u200dष" shows a half क); trafilatura would drop them as
    unprintable, while other control characters still go."""
    title = "क्\u200dष और र\u200cर: परीक्षा की तैयारी"
    paragraph = ("ज़िले में क्\u200dषेत्रीय परीक्षा केंद्रों पर तैयारी पूरी है, अधिकारियों ने बताया कि र\u200cर लिखे "
                 "नामों की सूची भी जारी की गई\x07 है और सभी केंद्रों पर निगरानी रहेगी।")
    others = "".join(f"<p>केंद्र संख्या {n} पर {n * 40} परीक्षार्थी पहुँचे और परीक्षा शांतिपूर्ण ढंग से संपन्न हुई, "
                     f"किसी शिकायत की सूचना नहीं मिली।</p>" for n in range(1, 4))
    html = (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{paragraph}</p>{others}</article></body></html>")
    fields = extract_article(html, "https://samachar.example/desh/pariksha", min_text_chars=250)
    assert isinstance(fields, ExtractedFields), fields
    assert fields.title == title
    assert paragraph.replace("\x07", "") in fields.text and "\x07" not in fields.text


def test_english_page_fields(english_page: NewsPage) -> None:
    fields = extract(english_page)
    assert fields.title == english_page.title
    assert fields.author == english_page.author
    assert fields.published == datetime(2024, 3, 16, 5, 0, tzinfo=UTC)  # same instant as 10:30 IST
    assert fields.canonical == "https://dailyexample.com/2024/03/ec-first-phase/"  # from og:url


@pytest.mark.parametrize("make", [hindi_portal_page, english_wordpress_page], ids=["hindi", "english"])
def test_text_is_the_article_paragraphs_in_order(make: PageMaker) -> None:
    page = make()
    lines = [line for line in extract(page).text.split("\n") if line.strip()]
    assert lines == list(page.paragraphs)


@pytest.mark.parametrize("make", [hindi_portal_page, english_wordpress_page], ids=["hindi", "english"])
def test_boilerplate_is_absent_from_text(make: PageMaker) -> None:
    page = make()
    text = extract(page).text
    leaked = [b for b in page.boilerplate if b in text]
    assert leaked == []


@pytest.mark.parametrize("make", [hindi_portal_page, english_wordpress_page], ids=["hindi", "english"])
def test_headline_is_not_repeated_as_first_text_line(make: PageMaker) -> None:
    page = make()
    fields = extract(page)
    assert fields.text.split("\n", 1)[0].strip() != fields.title
    assert fields.title not in fields.text


def test_published_falls_back_to_json_ld() -> None:
    fields = extract(english_wordpress_page(with_time_tag=False))
    assert fields.published == datetime(2024, 3, 16, 5, 0, tzinfo=UTC)


def test_devanagari_is_nfc_and_marks_are_kept() -> None:
    # Not NFC on input: न + ़ arrives decomposed (NFC composes it to U+0929) and फ़/ज़/क़ arrive precomposed
    # (U+095E U+095B U+0958 are composition exclusions, so NFC spells them letter + nukta).
    paragraphs = (
        "चेन्नई के पास न\u093c अक्षर वाले पुराने नामों पर एक अध्ययन प्रकाशित हुआ जिसमें \u095eारसी और अरबी से आए "
        "शब्दों के नु\u0958्ते वाले रूपों की भी चर्चा की गई है और बताया गया है कि ख़बरों में इनका प्रयोग कैसे बदला।",
        "अध्ययन के लेखकों ने कहा कि डिजिटल माध्यमों पर एक ही शब्द कई तरह से लिखा जाता है, इसलिए खोज और "
        "मिलान से पहले पाठ को एक मानक रूप में लाना \u095bरूरी है, वरना एक जैसे शब्द अलग माने जाते हैं।",
    )
    assert not all(unicodedata.is_normalized("NFC", p) for p in paragraphs)
    fields = extract(hindi_portal_page(paragraphs=paragraphs))
    assert unicodedata.is_normalized("NFC", fields.text)
    assert fields.text.split("\n") == [unicodedata.normalize("NFC", p) for p in paragraphs]
    assert "\u0929" in fields.text  # न + ़ composed
    assert "\u093c" in fields.text and "\u094d" in fields.text  # nukta and virama survive


def test_too_short_page_is_no_article_too_short() -> None:
    page = hindi_portal_page(paragraphs=("मतदान शांतिपूर्ण रहा।",))
    result = extract_article(page.html, page.url, min_text_chars=250)
    assert isinstance(result, NoArticle)
    assert result.reason is Reason.TOO_SHORT
    assert "250" in result.detail


def test_min_text_chars_is_the_threshold(english_page: NewsPage) -> None:
    length = len(extract(english_page, min_text_chars=0).text)
    assert isinstance(extract_article(english_page.html, english_page.url, min_text_chars=length + 200), NoArticle)


@pytest.mark.parametrize("make", [hindi_portal_page, english_wordpress_page], ids=["hindi", "english"])
def test_returned_text_always_meets_min_text_chars(make: PageMaker) -> None:
    # The threshold applies to the body the caller receives, not to body + the headline line dropped from it.
    page = make()
    length = len(extract(page, min_text_chars=0).text)
    for threshold in (length - 5, length, length + 1, length + 10, length + len(page.title) + 1):
        result = extract_article(page.html, page.url, min_text_chars=threshold)
        if isinstance(result, ExtractedFields):
            assert len(result.text) >= threshold, (threshold, len(result.text))
        else:
            assert result.reason is Reason.TOO_SHORT


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Home</title></head><body><nav><a href='/a'>India</a> <a href='/b'>World</a></nav>"
        "<footer>© 2024 Example</footer></body></html>",
        "",
        "<html><body><form><input name='q'><button>खोजें</button></form></body></html>",
    ],
    ids=["nav-only", "empty", "search-form"],
)
def test_page_without_main_text_is_no_article(html: str) -> None:
    result = extract_article(html, "https://example.com/", min_text_chars=250)
    assert isinstance(result, NoArticle)
    assert result.reason in (Reason.NO_ARTICLE, Reason.TOO_SHORT)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-16T10:30:00+05:30", datetime(2024, 3, 16, 5, 0, tzinfo=UTC)),
        ("2024-03-16T05:00:00Z", datetime(2024, 3, 16, 5, 0, tzinfo=UTC)),
        ("2024-03-16T05:00:00", datetime(2024, 3, 16, 5, 0, tzinfo=UTC)),
        ("2024-03-16", datetime(2024, 3, 16, tzinfo=UTC)),
    ],
)
def test_parse_datetime_is_aware(value: str, expected: datetime) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("value", [None, "", "16 मार्च 2024", "yesterday"])
def test_parse_datetime_rejects_garbage(value: str | None) -> None:
    assert parse_datetime(value) is None
