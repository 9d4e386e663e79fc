"""Loading, validating and syndicating the content YAML (fixture corpus and hand-made files)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from demosites.corpus import CorpusError, DemoClaimReview, load_corpus
from demosites.lint import style_problems
from demosites.profiles import article_path_regex
from demosites.syndication import AGENCY_CREDIT

FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: str, b: str) -> float:
    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right)


def test_fixture_corpus_loads_typed_articles() -> None:
    corpus = load_corpus(FIXTURE_CONTENT)
    assert [o.name for o in corpus.outlets] == ["bharat-samachar", "capital-chronicle", "indus-courier", "jan-awaaz"]
    assert len(corpus.by_language("hi")) == 8 and len(corpus.by_language("en")) == 8
    for article in corpus.articles:
        assert article.published.tzinfo is not None
        assert article.text == "\n".join(article.paragraphs)
        assert all(p and "\n" not in p for p in article.paragraphs)
        assert re.match(article_path_regex(article.outlet, article.section), article.path), article.path
        assert article.language == corpus.outlet(article.outlet).language


def test_url_schemes_differ_per_outlet() -> None:
    corpus = load_corpus(FIXTURE_CONTENT)
    shapes = {o.name: corpus.articles_of(o.name)[0].path for o in corpus.outlets}
    assert re.fullmatch(r"/rajniti/2026/11/[a-z0-9-]+\.html", shapes["bharat-samachar"])
    assert re.fullmatch(r"/news/[a-z0-9-]+-\d{6}", shapes["jan-awaaz"])
    assert re.fullmatch(r"/story/nation/[a-z0-9-]+/", shapes["capital-chronicle"])
    assert re.fullmatch(r"/viral/[a-z0-9-]+-\d{7}", shapes["indus-courier"])


def test_syndicated_copy_is_a_near_duplicate_of_its_original() -> None:
    corpus = load_corpus(FIXTURE_CONTENT)
    copies = [a for a in corpus.articles if a.is_copy]
    assert len(copies) == 4
    for copy in copies:
        assert copy.syndicated_from is not None
        original = corpus.article(copy.syndicated_from)
        assert original.outlet != copy.outlet and original.language == copy.language
        assert copy.paragraphs[-1] == AGENCY_CREDIT[copy.language]
        assert copy.paragraphs[1:-2] == original.paragraphs[:-1]
        assert copy.text != original.text
        similarity = jaccard(copy.text, original.text)
        assert 0.6 < similarity < 1.0, (copy.key, similarity)
        assert copy.author is None and copy.description == original.description


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def _valid_document() -> dict[str, Any]:
    return yaml.safe_load((FIXTURE_CONTENT / "capital-chronicle.yaml").read_text(encoding="utf-8"))


def _corpus_dir(tmp_path: Path) -> Path:
    """A copy of the fixture corpus whose capital-chronicle file the test may rewrite."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def test_devanagari_is_nfc_normalised_without_losing_signs(tmp_path: Path) -> None:
    content = _corpus_dir(tmp_path)
    document = yaml.safe_load((content / "jan-awaaz.yaml").read_text(encoding="utf-8"))
    # Decomposed nukta letters as some editors produce them, plus virama and vowel signs.
    decomposed = "ज़्यादा ख़बर क़ानून"
    document["articles"][1]["title"] = unicodedata.normalize("NFD", decomposed)
    _write(content, "jan-awaaz", document)
    article = load_corpus(content).article("jan-awaaz/ganga-ghat-par-safai-abhiyan")
    assert article.title == unicodedata.normalize("NFC", decomposed)
    assert unicodedata.is_normalized("NFC", article.title)
    assert "\u094d" in article.title and "\u093c" in article.title  # virama and nukta kept


def _mutations() -> list[tuple[str, str, Any]]:
    def unknown_key(doc: dict[str, Any]) -> None:
        doc["articles"][1]["publised"] = doc["articles"][1]["published"]

    def bad_section(doc: dict[str, Any]) -> None:
        doc["articles"][1]["section"] = "cricket"

    def naive_date(doc: dict[str, Any]) -> None:
        doc["articles"][1]["published"] = "2026-11-05T10:30:00"

    def bad_sentiment(doc: dict[str, Any]) -> None:
        doc["articles"][1]["sentiment"] = "angry"

    def duplicate_slug(doc: dict[str, Any]) -> None:
        doc["articles"][1]["slug"] = doc["articles"][0]["slug"]

    def missing_body(doc: dict[str, Any]) -> None:
        del doc["articles"][1]["body"]

    def body_on_copy(doc: dict[str, Any]) -> None:
        doc["articles"][3]["body"] = "Some text."

    def dangling_copy(doc: dict[str, Any]) -> None:
        doc["articles"][3]["syndicated_from"] = "indus-courier/no-such-story"

    def non_ascii_slug(doc: dict[str, Any]) -> None:
        doc["articles"][1]["slug"] = "जेवीपी-manifesto"

    def rating_off_scale(doc: dict[str, Any]) -> None:
        doc["articles"][1]["claim_review"] = {"claim": "Polling moved", "rating": "False", "rating_value": 7}

    def relative_appearance(doc: dict[str, Any]) -> None:
        doc["articles"][1]["claim_review"] = {"claim": "Polling moved", "rating": "False", "rating_value": 1,
                                              "appearances": ["/forwards/1"]}

    def review_without_claim(doc: dict[str, Any]) -> None:
        doc["articles"][1]["claim_review"] = {"rating": "False", "rating_value": 1}

    return [
        ("unknown key", "publised", unknown_key),
        ("bad section", "cricket", bad_section),
        ("naive date", "published", naive_date),
        ("bad sentiment", "sentiment", bad_sentiment),
        ("duplicate slug", "duplicate slug", duplicate_slug),
        ("missing body", "body", missing_body),
        ("body on copy", "body", body_on_copy),
        ("dangling copy", "no-such-story", dangling_copy),
        ("non-ascii slug", "kebab-case", non_ascii_slug),
        ("rating off scale", "rating_value 7 is outside", rating_off_scale),
        ("relative appearance", "absolute http(s) URLs", relative_appearance),
        ("review without claim", "claim_review.claim", review_without_claim),
    ]


@pytest.mark.parametrize(("label", "needle", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_schema_violation_names_file_and_article(tmp_path: Path, label: str, needle: str, mutate: Any) -> None:
    content = _corpus_dir(tmp_path)
    document = _valid_document()
    mutate(document)
    _write(content, "capital-chronicle", document)
    with pytest.raises(CorpusError) as caught:
        load_corpus(content)
    message = str(caught.value)
    assert "capital-chronicle.yaml" in message
    assert "article #" in message
    assert needle in message


def test_outlet_name_must_match_file_name(tmp_path: Path) -> None:
    content = _corpus_dir(tmp_path)
    document = _valid_document()
    document["outlet"]["name"] = "capital-courier"
    _write(content, "capital-chronicle", document)
    with pytest.raises(CorpusError, match=r"capital-chronicle\.yaml.*must match the file name"):
        load_corpus(content)


def test_empty_content_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no outlet content files"):
        load_corpus(tmp_path)


def test_style_lint_reports_short_stories() -> None:
    # The fixture stories are deliberately short (~110 words): the lint must say so.
    problems = style_problems(load_corpus(FIXTURE_CONTENT))
    originals = [a for a in load_corpus(FIXTURE_CONTENT).articles if not a.is_copy]
    flagged = {p.where for p in problems if "words" in p.problem}
    assert flagged == {a.key for a in originals if len(a.text.split()) < 180}
    assert flagged


def test_a_claim_review_loads_typed_and_nfc_and_the_lint_pairs_it_with_the_fact_check_tag(tmp_path: Path) -> None:
    content = _corpus_dir(tmp_path)
    hindi = yaml.safe_load((content / "jan-awaaz.yaml").read_text(encoding="utf-8"))
    claim = "मतदान अब 28 नवंबर को होगा"
    hindi["articles"][0]["claim_review"] = {
        # Precomposed nukta letters (U+095E फ़, U+095B ज़), as some keyboards type them: not NFC.
        "claim": "\u095e\u0930\u094d\u095b\u0940 \u0926\u093e\u0935\u093e: " + claim, "rating": "\u095e\u0930\u094d\u095b\u0940",
        "rating_value": 1, "claimant": "व्हाट्सऐप संदेश", "claim_date": "2026-11-19",
        "appearances": ["https://chat.example/forwards/1"],
    }
    _write(content, "jan-awaaz", hindi)
    english = _valid_document()
    english["articles"][1]["tags"] = ["fact-check", "manifesto"]  # tagged, but no verdict published
    _write(content, "capital-chronicle", english)
    corpus = load_corpus(content)
    review = corpus.article("jan-awaaz/whatsapp-par-matdan-tithi-badli").claim_review
    assert review == DemoClaimReview(
        claim="फ़र्ज़ी दावा: " + claim, rating="फ़र्ज़ी", rating_value=1, best_rating=5, worst_rating=1,
        claimant="व्हाट्सऐप संदेश", claim_date=date(2026, 11, 19), appearances=("https://chat.example/forwards/1",),
    )
    assert unicodedata.is_normalized("NFC", review.claim) and "\u093c" in review.rating  # nukta kept as a sign
    assert corpus.article("capital-chronicle/cafe-owners-polling-day-discount").claim_review is None
    pairing = {p.where for p in style_problems(corpus) if "claim_review go together" in p.problem}
    assert pairing == {"jan-awaaz/whatsapp-par-matdan-tithi-badli", "capital-chronicle/jvp-manifesto-jobs-promise"}
