"""`satark factchecks` and `satark claims` as the desk meets them: Hindi and English known claims imported from a
fact-checker's export, and stored claim analyses (kinds, claims, matches, flags) shown in text and JSON, with
Devanagari intact. The store is filled through its own API; no model is loaded."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import satark
from core.claims import (
    ArticleKind,
    Claim,
    ClaimAnalysis,
    ClaimMatch,
    Flag,
    FlagReason,
    KindEvidence,
    KindGuess,
    KnownClaim,
)
from core.records import Discovery, ExtractedArticle, LanguageGuess, ProcessingResult
from store.store import Store

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Ids are chosen so that HINDI and ENGLISH share their first 12 characters: an 8-character prefix is ambiguous.
HINDI_ID = "a1b2c3d4e5f6a7b8c9d0"
ENGLISH_ID = "a1b2c3d4e5f6ffff0000"
FACTCHECK_ID = "0f0f0f0f11112222aaaa"
WAITING_ID = "77778888999900001111"

HINDI_TITLE = "ईवीएम में गुप्त चिप से वोट बदलने का दावा"
HINDI_EVIDENCE = "व्हाट्सऐप संदेश में दावा किया गया कि ईवीएम में चिप लगाकर वोट बदले गए।"
HINDI_KNOWN = KnownClaim(text="ईवीएम में चिप लगाकर वोट बदले जा सकते हैं", language="hi", rating="फ़र्ज़ी",
                         reviewer="विश्वास न्यूज़", reviewed=datetime(2026, 11, 25, tzinfo=UTC),
                         url="https://factcheck.example/evm-chip", origin=f"article:{FACTCHECK_ID}")
ENGLISH_TITLE = "Viral post claims ballots were burnt in Bareilly"
ENGLISH_EVIDENCE = "A viral post claims that ballot papers were burnt outside the Bareilly counting centre."
ENGLISH_HOSTILE = "The post calls the officials traitors who must be punished."
ENGLISH_KNOWN = KnownClaim(text="Ballot papers were burnt in Bareilly", language="en", rating="False",
                           reviewer="BOOM", reviewed=datetime(2026, 11, 26, tzinfo=UTC),
                           url="https://boom.example/bareilly-ballots", origin="import:seed.csv")


def _article(article_id: str, title: str, text: str, language: str, published: datetime) -> ExtractedArticle:
    url = f"https://news.example/{article_id}.html"
    return ExtractedArticle(id=article_id, url=url, fetched_url=url, source=f"{language}-desk", title=title, text=text,
                            fetched_at=datetime(2026, 11, 28, 12, 0, tzinfo=UTC), raw_html=b"<h1>-</h1>",
                            encoding="utf-8", via=Discovery.FEED, published=published, language_hint=language)


def _analyses() -> dict[str, ClaimAnalysis]:
    hindi_match = ClaimMatch(HINDI_KNOWN, 0.91, same_claim=0.98)  # read by the claim reranker
    english_match = ClaimMatch(ENGLISH_KNOWN, 0.88)
    return {
        FACTCHECK_ID: ClaimAnalysis(KindGuess(ArticleKind.FACTCHECK, KindEvidence.CLAIMREVIEW, "ClaimReview"),
                                    known_claims=(HINDI_KNOWN,)),
        HINDI_ID: ClaimAnalysis(
            KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT),
            claims=(Claim(HINDI_TITLE, 0, 0.62, {"misinformation": 0.74, "hostility": 0.05}),
                    Claim(HINDI_EVIDENCE, 1, 0.9, {"misinformation": 0.58, "hostility": 0.04}, hindi_match)),
            flags=(Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.91, HINDI_EVIDENCE, hindi_match),
                   Flag("misinformation", FlagReason.STYLE, 0.74, HINDI_TITLE))),
        ENGLISH_ID: ClaimAnalysis(
            KindGuess(ArticleKind.NEWS, KindEvidence.DEFAULT),
            claims=(Claim(ENGLISH_EVIDENCE, 1, 0.85, {"misinformation": 0.4, "hostility": 0.2}, english_match),
                    Claim(ENGLISH_HOSTILE, 2, 0.5, {"misinformation": 0.3, "hostility": 0.81})),
            flags=(Flag("misinformation", FlagReason.MATCHES_FACTCHECK, 0.88, ENGLISH_EVIDENCE, english_match),
                   Flag("hostility", FlagReason.STYLE, 0.81, ENGLISH_HOSTILE))),
    }


@pytest.fixture
def seeded(home: Path) -> Path:
    """Three processed articles (a Hindi fact-check, a flagged Hindi and a flagged English news article, the
    English one newest) and one still waiting for processing."""
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    try:
        store.claims.add_known([ENGLISH_KNOWN])
        specs = [(FACTCHECK_ID, "फ़ैक्ट चेक: ईवीएम में चिप का दावा फ़र्ज़ी", "hi", datetime(2026, 11, 27, 8, tzinfo=UTC)),
                 (HINDI_ID, HINDI_TITLE, "hi", datetime(2026, 11, 28, 5, tzinfo=UTC)),
                 (ENGLISH_ID, ENGLISH_TITLE, "en", datetime(2026, 11, 28, 9, tzinfo=UTC)),
                 (WAITING_ID, "मतदान केंद्र पर लंबी कतारें", "hi", datetime(2026, 11, 28, 10, tzinfo=UTC))]
        for article_id, title, language, published in specs:
            assert store.articles.add(_article(article_id, title, f"{title}। -", language, published))
        analyses = _analyses()
        store.articles.save_processing([
            ProcessingResult(article_id, LanguageGuess(language, 0.99, "script"), None, b"", analysis=analyses[article_id])
            for article_id, _, language, _ in specs if article_id in analyses])
    finally:
        store.close()
    return home


def _config(home: Path, claims_enabled: bool = True) -> Path:
    path = home.parent / "satark.yaml"
    path.write_text(f"claims:\n  enabled: {'true' if claims_enabled else 'false'}\n", encoding="utf-8")
    return path


def run(home: Path, *args: str, claims_enabled: bool = True) -> tuple[int, str, str]:
    environment: dict[str, str | None] = {name: None for name in os.environ if name.startswith("SATARK_")}
    result = CliRunner().invoke(satark, ["--home", str(home), "--config", str(_config(home, claims_enabled)), *args],
                                env=environment, catch_exceptions=False)
    return result.exit_code, _ANSI.sub("", result.stdout), _ANSI.sub("", result.stderr)


def _json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _one_error_line(code: int, stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# --- satark claims --------------------------------------------------------------------------------------------


def test_claims_list_shows_flags_newest_article_first_with_evidence_and_match(seeded: Path) -> None:
    code, out, err = run(seeded, "claims", "list")
    assert code == 0, err
    assert out.splitlines()[0] == "4 flag(s) on 2 article(s), newest article first"
    # The English article is newer: its header and flags come first, each article's flags under its header.
    english, hindi = out.index(ENGLISH_ID), out.index(HINDI_ID)
    assert english < out.index(ENGLISH_HOSTILE) < hindi < out.index(HINDI_EVIDENCE)
    assert HINDI_TITLE in out and ENGLISH_TITLE in out and FACTCHECK_ID not in out  # a fact-check is never flagged
    assert f"misinformation · matches-factcheck 0.91: “{HINDI_EVIDENCE}”" in out
    assert (f"matches: “{HINDI_KNOWN.text}” — फ़र्ज़ी by विश्वास न्यूज़, 2026-11-25, https://factcheck.example/evm-chip"
            in out)
    assert "matches: “Ballot papers were burnt in Bareilly” — False by BOOM, 2026-11-26, https://boom" in out
    assert f"hostility · style 0.81: “{ENGLISH_HOSTILE}”" in out


def test_claims_list_filters_and_json_keep_devanagari(seeded: Path) -> None:
    code, out, err = run(seeded, "claims", "list", "--reason", "matches-factcheck", "--json")
    assert code == 0, err
    flags = _json_lines(out)
    assert [(f["article_id"], f["task"], f["reason"]) for f in flags] == [
        (ENGLISH_ID, "misinformation", "matches-factcheck"), (HINDI_ID, "misinformation", "matches-factcheck")]
    hindi = flags[1]
    assert (hindi["title"], hindi["evidence"], hindi["score"]) == (HINDI_TITLE, HINDI_EVIDENCE, 0.91)
    known = hindi["match"]["known"]  # type: ignore[index]
    assert (known["text"], known["rating"], known["origin"]) == (HINDI_KNOWN.text, "फ़र्ज़ी", f"article:{FACTCHECK_ID}")
    assert "\\u09" not in out and unicodedata.is_normalized("NFC", out)  # Devanagari as itself, not escaped

    code, out, err = run(seeded, "claims", "list", "--task", "hostility", "--json")
    assert code == 0, err
    assert [(f["article_id"], f["reason"], f["evidence"]) for f in _json_lines(out)] == [
        (ENGLISH_ID, "style", ENGLISH_HOSTILE)]
    code, out, err = run(seeded, "claims", "list", "--task", "misinformation", "--reason", "style", "--json")
    assert [(f["article_id"], f["evidence"]) for f in _json_lines(out)] == [(HINDI_ID, HINDI_TITLE)]
    code, out, err = run(seeded, "claims", "list", "--limit", "1", "--json")
    assert [(f["article_id"], f["task"]) for f in _json_lines(out)] == [(ENGLISH_ID, "misinformation")]


def test_claims_show_a_flagged_hindi_article_by_prefix(seeded: Path) -> None:
    code, out, err = run(seeded, "claims", "show", HINDI_ID[:13])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == HINDI_TITLE
    assert "kind: news (decided by default)" in lines
    assert f"  [1] “{HINDI_EVIDENCE}”" in lines
    assert "      checkworthiness 0.90 · hostility 0.04 · misinformation 0.58" in lines
    assert any(line.strip().startswith(f"similarity 0.91, same claim 0.98, matches: “{HINDI_KNOWN.text}” — फ़र्ज़ी")
               for line in lines)
    flags = out.split("flags (2)")[1]
    assert flags.index("matches-factcheck 0.91") < flags.index(f"style 0.74: “{HINDI_TITLE}”")
    assert "known claims it contributed" not in out

    code, out, err = run(seeded, "claims", "show", HINDI_ID, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["article_id"], shown["title"], shown["kind"], shown["kind_evidence"]) == (
        HINDI_ID, HINDI_TITLE, "news", "default")
    assert [c["text"] for c in shown["claims"]] == [HINDI_TITLE, HINDI_EVIDENCE]
    assert shown["claims"][1]["match"]["known"]["reviewer"] == "विश्वास न्यूज़"
    assert [(f["reason"], f["evidence"]) for f in shown["flags"]] == [
        ("matches-factcheck", HINDI_EVIDENCE), ("style", HINDI_TITLE)]
    assert shown["known_claims"] == []


def test_claims_show_an_english_article_and_a_factcheck_with_its_known_claims(seeded: Path) -> None:
    code, out, err = run(seeded, "claims", "show", ENGLISH_ID[:13])
    assert code == 0, err
    assert out.splitlines()[0] == ENGLISH_TITLE
    assert "similarity 0.88, matches: “Ballot papers were burnt in Bareilly” — False by BOOM" in out
    assert f"hostility · style 0.81: “{ENGLISH_HOSTILE}”" in out

    code, out, err = run(seeded, "claims", "show", FACTCHECK_ID[:8])
    assert code == 0, err
    assert "kind: factcheck (decided by claimreview: ClaimReview)" in out
    assert "claims (0)" in out and "flags (0)" in out
    assert f"“{HINDI_KNOWN.text}” — फ़र्ज़ी by विश्वास न्यूज़, 2026-11-25" in out.split("known claims it contributed (1)")[1]
    code, out, err = run(seeded, "claims", "show", FACTCHECK_ID, "--json")
    shown = json.loads(out)
    assert (shown["kind"], shown["kind_detail"], shown["flags"]) == ("factcheck", "ClaimReview", [])
    assert [(k["text"], k["origin"]) for k in shown["known_claims"]] == [(HINDI_KNOWN.text, f"article:{FACTCHECK_ID}")]


@pytest.mark.parametrize(("given", "expected"), [
    ("ffffffff", "no article with id 'ffffffff'"),
    ("a1b2", "at least its first 8 hex characters"),
    (HINDI_ID[:8], "matches several articles"),
    (WAITING_ID, f"article {WAITING_ID} has not been processed yet; run `satark process`"),
])
def test_claims_show_errors_are_one_line(seeded: Path, given: str, expected: str) -> None:
    for extra in ((), ("--json",)):
        code, out, err = run(seeded, "claims", "show", given, *extra)
        assert expected in _one_error_line(code, err) and out == ""


def test_claims_list_on_an_empty_store(home: Path) -> None:
    code, out, err = run(home, "claims", "list")
    assert (code, out.strip()) == (0, "0 flag(s) on 0 article(s), newest article first"), err
    code, out, err = run(home, "claims", "list", "--json")
    assert (code, out) == (0, "")


# --- satark factchecks ----------------------------------------------------------------------------------------

CSV = """claim,rating,reviewer,reviewed,url,language
"ईवीएम में चिप लगाकर वोट बदले जा सकते हैं",फ़र्ज़ी,विश्वास न्यूज़,2026-11-25,https://factcheck.example/evm-chip,hi
Ballot papers were burnt in Bareilly,False,BOOM,2026-11-26,https://boom.example/bareilly-ballots,en
,False,BOOM,2026-11-26,https://boom.example/empty,en
"मतदान 40% से कम रहा",भ्रामक,फ़ैक्ट डेस्क,18 November,https://factcheck.example/turnout,hi
"""
JSONLD = {
    "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "चुनाव आयोग ने मतदान की तारीख़ बदल दी",
    "url": "https://factcheck.example/date-change", "datePublished": "2026-11-27",
    "author": {"@type": "Organization", "name": "फ़ैक्ट डेस्क"},
    "reviewRating": {"@type": "Rating", "alternateName": "गलत"},
}


def test_factchecks_import_csv_then_list_hindi_and_english(home: Path) -> None:
    export = home.parent / "फ़ैक्ट-चेक.csv"
    export.write_text(CSV, encoding="utf-8")
    code, out, err = run(home, "factchecks", "import", str(export), claims_enabled=False)
    assert code == 0, err
    assert out.splitlines() == ["read 2 claim(s), 2 new; 0 recent article(s) now match",
                                "claim analysis is off (claims.enabled: false): recent articles were not matched "
                                "against them"]
    assert err.splitlines() == ["skipped: row 4: no claim text, skipped",
                                "skipped: row 5: reviewed '18 November' is not an ISO date or date-time "
                                "(2026-11-18, 2026-11-18T10:00), skipped"]
    code, out, err = run(home, "factchecks", "import", str(export), claims_enabled=False)
    assert (code, out.splitlines()[0]) == (0, "read 2 claim(s), 0 new; 0 recent article(s) now match"), err

    code, out, err = run(home, "factchecks", "list")
    assert code == 0, err
    assert out.splitlines()[0] == "2 known claim(s)"
    assert f"  “{HINDI_KNOWN.text}”" in out and "  “Ballot papers were burnt in Bareilly”" in out
    assert "hi · फ़र्ज़ी · विश्वास न्यूज़ · 2026-11-25" in out and "en · False · BOOM · 2026-11-26" in out
    code, out, err = run(home, "factchecks", "list", "--lang", "hi", "--json")
    (hindi,) = _json_lines(out)
    assert (hindi["text"], hindi["rating"], hindi["reviewer"], hindi["origin"]) == (
        HINDI_KNOWN.text, "फ़र्ज़ी", "विश्वास न्यूज़", "import:फ़ैक्ट-चेक.csv")
    assert unicodedata.is_normalized("NFC", out) and "\\u09" not in out


def test_factchecks_import_jsonld_and_list_newest_first_with_filters(seeded: Path) -> None:
    export = seeded.parent / "desk.jsonld"
    export.write_text(json.dumps(JSONLD, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(seeded, "factchecks", "import", str(export), claims_enabled=False)
    assert (code, out.splitlines()[0], err) == (0, "read 1 claim(s), 1 new; 0 recent article(s) now match", "")

    code, out, err = run(seeded, "factchecks", "list", "--json")
    assert code == 0, err
    claims = _json_lines(out)
    assert [c["text"] for c in claims] == ["चुनाव आयोग ने मतदान की तारीख़ बदल दी", HINDI_KNOWN.text, ENGLISH_KNOWN.text]
    assert (claims[0]["rating"], claims[0]["reviewer"], claims[0]["language"]) == ("गलत", "फ़ैक्ट डेस्क", "hi")
    code, out, err = run(seeded, "factchecks", "list", "--origin", "article:", "--json")
    assert [c["origin"] for c in _json_lines(out)] == [f"article:{FACTCHECK_ID}"]
    code, out, err = run(seeded, "factchecks", "list", "--lang", "en")
    assert out.splitlines()[0] == "1 known claim(s)" and "Bareilly" in out and "ईवीएम" not in out
    code, out, err = run(seeded, "factchecks", "list", "--limit", "1")
    assert out.splitlines()[0] == "3 known claim(s); showing the newest 1"


@pytest.mark.parametrize(("content", "expected"), [
    (None, "cannot be read"),
    ("", "the file is empty"),
    ("title,text\nचुनाव,खबर\n", "neither ClaimReview JSON nor a CSV with a 'claim' column"),
    ('{"@type": "NewsArticle", "headline": "चुनाव"}', "no valid claim"),
])
def test_factchecks_import_bad_files_are_one_line(home: Path, content: str | None, expected: str) -> None:
    export = home.parent / "export.csv"
    if content is not None:
        export.write_text(content, encoding="utf-8")
    code, out, err = run(home, "factchecks", "import", str(export), claims_enabled=False)
    assert expected in _one_error_line(code, err) and out == ""
    code, out, err = run(home, "factchecks", "list")
    assert out.strip() == "0 known claim(s)"
