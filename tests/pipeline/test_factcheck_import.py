"""Importing fact-checkers' verdicts: ClaimReview JSON (object, list, @graph, lines) and CSV, Hindi and English."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from core.claims import KnownClaim
from pipeline.factcheck_import import FactcheckImportError, read_factchecks, script_language

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "factchecks"
IST = timezone(timedelta(hours=5, minutes=30))
EVM_CHIP = "ईवीएम में गुप्त ब्लूटूथ चिप लगी है, जिससे मोबाइल से वोट बदले जा रहे हैं"
LUCKNOW = "Polling in Lucknow and six neighbouring districts has been moved from November 19 to November 17"


def review(claim: str, rating: str = "False", **extra: object) -> dict[str, object]:
    return {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": claim,
            "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": rating}, **extra}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_claim_review_json_ld_with_a_graph_gives_hindi_and_english_claims() -> None:
    imported = read_factchecks(FIXTURES / "claimreviews.jsonld")
    assert imported.format == "json" and imported.problems == []  # a graph's WebPage and Organization are context
    assert [(c.text.split()[0], c.language, c.rating) for c in imported.claims] == [
        ("ईवीएम", "hi", "फ़र्ज़ी"), ("Polling", "en", "False"), ("A", "en", "Misleading"), ("मेरठ", "hi", "भ्रामक"),
    ]
    assert imported.claims[0] == KnownClaim(
        text=EVM_CHIP, language="hi", rating="फ़र्ज़ी", reviewer="भारत समाचार",
        reviewed=datetime(2026, 11, 8, 16, tzinfo=IST),
        url="https://bharat-samachar.example/desh/2026/11/evm-afwah-fact-check.html",
        claimant="सोशल मीडिया यूज़र्स", origin="import:claimreviews.jsonld",
    )
    english, publisher_only, from_graph = imported.claims[1:]
    assert english.claimant == "Social media users" and english.reviewer == "The Capital Chronicle"
    assert publisher_only.reviewer == "Fact Check Desk" and publisher_only.reviewed == datetime(2026, 11, 17, tzinfo=UTC)
    assert from_graph.reviewer == "सत्य पड़ताल" and from_graph.url == "https://satya.example/meerut-strongroom-video"


def test_csv_with_hindi_and_english_rows_skips_only_the_bad_row() -> None:
    imported = read_factchecks(FIXTURES / "claims.csv")  # saved by Excel: with a byte order mark
    assert imported.format == "csv"
    assert imported.problems == ["row 5: no claim text, skipped"]
    hindi, english, detected_hindi, english_without_reviewer = imported.claims
    assert hindi.text == "उत्तर प्रदेश और बिहार में अंतिम चरण का मतदान 26 नवंबर के बजाय 28 नवंबर को होगा"
    assert (hindi.language, hindi.rating, hindi.reviewer) == ("hi", "फ़र्ज़ी", "भारत समाचार")
    assert hindi.reviewed == datetime(2026, 11, 21, tzinfo=UTC) and hindi.claimant is None
    assert english.text == "Voters who show their ink mark will get ₹6,000 in their bank account under a new scheme"
    assert english.language == "en"  # no language given: Latin script
    assert english.reviewed == datetime(2026, 11, 21, 12, tzinfo=IST) and english.claimant == "WhatsApp forward"
    assert detected_hindi.language == "hi" and detected_hindi.rating == "भ्रामक" and detected_hindi.url is None
    assert english_without_reviewer.reviewer is None and english_without_reviewer.reviewed is None
    assert {c.origin for c in imported.claims} == {"import:claims.csv"}


def test_broken_json_is_one_error_line_that_names_the_file() -> None:
    with pytest.raises(FactcheckImportError) as caught:
        read_factchecks(FIXTURES / "broken.json")
    message = str(caught.value)
    assert "broken.json" in message and "not valid JSON" in message and "line 6" in message
    assert "\n" not in message and isinstance(caught.value, ValueError)


def test_json_lines_number_their_problems_by_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(review(EVM_CHIP, "फ़र्ज़ी", author={"name": "भारत समाचार"}), ensure_ascii=False),
        "",
        '{"@type": "ClaimReview", "claimReviewed": "cut off',
        json.dumps({"@type": "NewsArticle", "headline": "Polling schedule announced"}),
        json.dumps(review(LUCKNOW, url="https://capital-chronicle.example/lucknow/")),
        json.dumps(review("   ")),
        '"a quoted string is JSON, but not an object"',
    ]
    imported = read_factchecks(write(tmp_path, "verdicts.jsonl", "\n".join(lines) + "\n"))
    assert imported.format == "jsonl"
    assert [(c.text, c.language, c.reviewer) for c in imported.claims] == [
        (EVM_CHIP, "hi", "भारत समाचार"), (LUCKNOW, "en", None)]
    assert [p.split(":")[0] for p in imported.problems] == ["line 3", "line 4", "line 6", "line 7"]
    assert "not valid JSON" in imported.problems[0] and "not a ClaimReview (newsarticle)" in imported.problems[1]
    assert "no claim text" in imported.problems[2] and "a JSON str, not a ClaimReview" in imported.problems[3]
    assert imported.claims[0].origin == "import:verdicts.jsonl"


def test_one_object_a_graph_document_and_a_list_with_bad_items(tmp_path: Path) -> None:
    single = read_factchecks(write(tmp_path, "one.json", json.dumps(review(EVM_CHIP, "फ़र्ज़ी"), ensure_ascii=False)))
    assert [(c.text, c.rating) for c in single.claims] == [(EVM_CHIP, "फ़र्ज़ी")]

    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, review(LUCKNOW), review("")]}
    from_graph = read_factchecks(write(tmp_path, "graph.json", json.dumps(graph)))
    assert [c.text for c in from_graph.claims] == [LUCKNOW]
    assert from_graph.problems == ["item 3: no claim text (claimReviewed is missing or empty), skipped"]

    listed = [review(LUCKNOW), "a stray string", {"claimReviewed": "no type"}, {"@graph": [review(EVM_CHIP)]},
              review(LUCKNOW)]
    imported = read_factchecks(write(tmp_path, "list.json", json.dumps(listed, ensure_ascii=False)))
    assert [c.text for c in imported.claims] == [LUCKNOW, EVM_CHIP]
    assert imported.problems == [
        "item 2: a JSON str, not a ClaimReview object, skipped",
        "item 3: not a ClaimReview (no @type), skipped",
        "item 5: repeats item 1, skipped",
    ]


def test_a_declared_language_wins_over_the_script(tmp_path: Path) -> None:
    hinglish = review("EVM mein chip lagi hai", "Fake", inLanguage="hi-IN")
    imported = read_factchecks(write(tmp_path, "hinglish.json", json.dumps([hinglish, review(LUCKNOW, inLanguage="fr")])))
    assert [c.language for c in imported.claims] == ["hi", "en"]  # a language Satark does not read: the script's


def test_csv_row_problems_are_numbered_and_reported_while_good_rows_stay(tmp_path: Path) -> None:
    content = "\n".join([
        "Claim,Rating,Reviewed,URL,Language,Notes",
        "ईवीएम में गुप्त चिप लगी है,फ़र्ज़ी,2026-11-08,https://bharat-samachar.example/a.html,,",
        "Polling moved to November 17,False,18/11/2026,,en,",
        "Polling moved to November 28,False,,www.example.com/x,en,",
        "मतदान की तारीख़ बदली,फ़र्ज़ी,,,Hindi,",
        "Polling in Lucknow, Unnao moved,False,,,en,,",
        "",
        "ईवीएम में गुप्त चिप लगी है,फ़र्ज़ी,2026-11-08,https://bharat-samachar.example/b.html,hi,",
        "Voter ID cards carry a hidden chip,False,2026-11-24T09:00:00Z,,EN,checked twice",
    ]) + "\n"
    imported = read_factchecks(write(tmp_path, "desk.csv", content))
    assert [(c.text, c.language) for c in imported.claims] == [
        ("ईवीएम में गुप्त चिप लगी है", "hi"), ("Voter ID cards carry a hidden chip", "en")]
    assert imported.claims[1].reviewed == datetime(2026, 11, 24, 9, tzinfo=UTC)
    assert [p.split(":")[0] for p in imported.problems] == ["header", "row 3", "row 4", "row 5", "row 6", "row 8"]
    assert "'notes'" in imported.problems[0]
    assert "reviewed '18/11/2026' is not an ISO date" in imported.problems[1]
    assert "url 'www.example.com/x' is not an http(s) URL" in imported.problems[2]
    assert "language 'Hindi' is not one of hi, en" in imported.problems[3]
    assert "8 values for 6 columns" in imported.problems[4]
    assert imported.problems[5] == "row 8: repeats row 2, skipped"


def test_hindi_text_comes_out_nfc_from_csv_and_json(tmp_path: Path) -> None:
    # Precomposed nukta letters (U+095B ज़, U+095E फ़, U+0959 ख़) are what some keyboards type; NFC
    # decomposes them (they are composition exclusions), so the same claim typed two ways compares equal.
    typed = ("\u095e\u0930\u094d\u095b\u0940 \u0959\u092c\u0930: "
             "\u092e\u0924\u0926\u093e\u0928 \u0915\u0940 \u0924\u093e\u0930\u0940\u0959")
    assert not unicodedata.is_normalized("NFC", typed)
    rating = typed.split()[0]
    csv_claims = read_factchecks(write(tmp_path, "typed.csv", f"claim,rating\n{typed},{rating}\n")).claims
    json_claims = read_factchecks(write(tmp_path, "typed.json", json.dumps(review(typed, rating)))).claims
    for (claim,) in (csv_claims, json_claims):
        assert claim.text == "फ़र्ज़ी ख़बर: मतदान की तारीख़" == unicodedata.normalize("NFC", typed)
        assert claim.rating == "फ़र्ज़ी" and claim.language == "hi"
        assert "\u094d" in claim.text and "\u093c" in claim.text and "\u095e" not in claim.text  # virama, nukta


def test_a_semicolon_csv_without_bom_reads_the_same(tmp_path: Path) -> None:
    content = "claim;rating;reviewer\nअंतिम चरण का मतदान 28 नवंबर को होगा;फ़र्ज़ी;भारत समाचार\n"
    (claim,) = read_factchecks(write(tmp_path, "excel-eu.csv", content)).claims
    assert (claim.text, claim.rating, claim.reviewer, claim.language) == (
        "अंतिम चरण का मतदान 28 नवंबर को होगा", "फ़र्ज़ी", "भारत समाचार", "hi")


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("empty.csv", "", "the file is empty"),
    ("blank.json", " \n\t\n", "the file is empty"),
    ("latin1.csv", "claim\nPolling moved to 17 Novembre – café\n".encode("latin-1", errors="replace"), "not UTF-8"),
    ("notes.txt", "Polling in Lucknow was moved, says a forward\n", "neither ClaimReview JSON nor a CSV with a 'claim'"),
    ("header-only.csv", "claim,rating\n", "no valid claim (nothing in it to read)"),
    ("all-bad.csv", "claim,rating\n,False\n,फ़र्ज़ी\n", "no valid claim (2 problem(s), the first: row 2: no claim text"),
    ("articles.json", json.dumps([{"@type": "NewsArticle"}]), "item 1: not a ClaimReview (newsarticle)"),
    ("number.json", "[1, 2]", "item 1: a JSON int"),
    ("scalar.json", '"just a string"', "neither ClaimReview JSON nor a CSV"),
])
def test_files_without_a_valid_claim_raise_one_line_naming_the_file(tmp_path: Path, name: str, content: str | bytes,
                                                                    needle: str) -> None:
    with pytest.raises(FactcheckImportError) as caught:
        read_factchecks(write(tmp_path, name, content))
    message = str(caught.value)
    assert message.startswith(str(tmp_path / name) + ": ") and needle in message and "\n" not in message


def test_a_missing_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(FactcheckImportError, match="missing.csv: cannot be read"):
        read_factchecks(tmp_path / "missing.csv")


@pytest.mark.parametrize(("text", "language"), [
    ("ईवीएम में चिप", "hi"), ("EVM में गुप्त चिप लगी है", "hi"), ("Polling moved to 17 November", "en"),
    ("₹350 2026", "en"), ("EVMs in the Meerut strongroom (मेरठ)", "en"),
])
def test_script_decides_the_language_when_none_is_given(text: str, language: str) -> None:
    assert script_language(text) == language
