"""`satark search` filters on hostility labels, article kinds and flag reasons and shows them (and why a hit is
flagged), in text and JSON (Hindi and English articles)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from index import open_index
from tests.conftest import run_satark
from tests.index.index_corpus import CORPUS, has_word, ids_where


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose SQLite index (the default backend) holds the index test corpus."""
    path = tmp_path_factory.mktemp("search-cli") / "home"
    path.mkdir()
    with open_index("sqlite", path=path / "index.sqlite") as index:
        index.upsert(CORPUS)
    return path


def _json_hits(home: Path, *args: str) -> list[dict[str, object]]:
    result = run_satark(home, "search", "--per-page", "100", "--json", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_hostile_and_not_hostile_split_the_results(home: Path) -> None:
    hostile = _json_hits(home, "--hostile")
    assert {h["id"] for h in hostile} == ids_where(lambda d: "hostile" in d.hostility)
    assert all("hostile" in h["scores"]["hostility"] for h in hostile)  # type: ignore[index]
    by_id = {h["id"]: h for h in hostile}
    assert by_id["hi-09"]["scores"]["hostility"] == ["hostile", "hate", "defamation"]  # type: ignore[index]
    # A fine label without the coarse verdict is "not hostile" yet still found by its label.
    assert [h["id"] for h in _json_hits(home, "--not-hostile", "--hostility", "offensive")] == ["en-04"]
    english = _json_hits(home, "video", "--lang", "en", "--not-hostile")
    assert english and all(h["scores"]["hostility"] == [] for h in english)  # type: ignore[index]


def test_repeated_hostility_labels_match_any_and_are_printed(home: Path) -> None:
    result = run_satark(home, "search", "मतदान", "--lang", "hi", "--hostility", "hate", "--hostility", "defamation")
    assert result.returncode == 0, result.stderr
    expected = ids_where(lambda d: d.language == "hi" and bool({"hate", "defamation"} & set(d.hostility))
                         and "मतदान" in d.title + d.text)
    assert expected == {"hi-02"}
    assert "1 result(s)" in result.stdout and "hi-02" in result.stdout
    assert "hostility: hostile, defamation" in result.stdout
    assert "hostility" in result.stdout.split("facets")[1]  # the hostility facet is listed


def test_unknown_hostility_label_is_a_usage_error(home: Path) -> None:
    result = run_satark(home, "search", "--hostility", "fake")
    assert result.returncode == 2
    assert "'fake' is not one of" in result.stderr and "hostile" in result.stderr


def test_kind_and_flag_filters_repeat_match_any_and_reach_the_json(home: Path) -> None:
    factchecks = {h["id"]: h for h in _json_hits(home, "--kind", "factcheck")}
    assert set(factchecks) == ids_where(lambda d: d.kind == "factcheck") == {"hi-02", "en-04"}
    assert (factchecks["hi-02"]["claim"], factchecks["hi-02"]["verdict"]) == (
        "पहले चरण में मतदान प्रतिशत 40% से कम रहा", "भ्रामक")
    assert (factchecks["en-04"]["verdict"], factchecks["en-04"]["flag_reasons"]) == ("Altered", [])
    assert {h["id"] for h in _json_hits(home, "--kind", "opinion", "--kind", "factcheck", "--lang", "hi")} == {
        "hi-02", "hi-07"}
    flagged = {h["id"]: h for h in _json_hits(home, "--flag", "matches-factcheck", "--flag", "style", "--lang", "hi")}
    assert set(flagged) == ids_where(lambda d: d.language == "hi" and bool(d.flag_reasons))
    hindi = flagged["hi-09"]
    assert (hindi["kind"], hindi["flag_reasons"], hindi["match_url"]) == (
        "news", ["matches-factcheck", "style"], "https://factcheck.example/deepfake-neta")
    assert hindi["evidence"] == "पुलिस ने बताया कि एक नेता का डीपफेक वीडियो बनाकर मतदाताओं को गुमराह करने की कोशिश की गई।"
    assert flagged["hi-06"]["evidence"] == unicodedata.normalize("NFC", flagged["hi-06"]["evidence"])  # type: ignore[arg-type]
    english = _json_hits(home, "video", "--flag", "matches-factcheck", "--lang", "en")
    assert [h["id"] for h in english] == ["en-02"]
    assert str(english[0]["evidence"]).startswith("A video shared widely on social media")
    # Combined with --flagged: an opinion piece flagged for its style.
    assert [h["id"] for h in _json_hits(home, "--kind", "opinion", "--flagged", "--flag", "style")] == ["en-09"]


def test_text_output_shows_fact_checks_and_why_a_hit_is_flagged(home: Path) -> None:
    result = run_satark(home, "search", "मतदान", "--kind", "factcheck")
    assert result.returncode == 0, result.stderr
    assert "[fact-check] पहले चरण में मतदान प्रतिशत 40% से कम रहा — भ्रामक" in result.stdout
    assert "why:" not in result.stdout
    assert "kind: factcheck (1)" in result.stdout.split("facets")[1]

    result = run_satark(home, "search", "डीपफेक", "--lang", "hi", "--flag", "style")
    assert result.returncode == 0, result.stderr
    assert ("why: matches-factcheck, style — “पुलिस ने बताया कि एक नेता का डीपफेक वीडियो बनाकर मतदाताओं को गुमराह "
            "करने की कोशिश की गई।”") in result.stdout
    assert "https://factcheck.example/deepfake-neta" in result.stdout
    assert "flag_reason: matches-factcheck (1), style (1)" in result.stdout

    result = run_satark(home, "search", "", "--lang", "en", "--flagged", "--per-page", "100")
    assert result.returncode == 0, result.stderr
    assert "why: matches-factcheck, style — “A video shared widely on social media claims" in result.stdout
    assert "[opinion]" in result.stdout and "why: style — “Political parties" in result.stdout
    assert result.stdout.count("why:") == 2  # en-06 is flagged without a reason: nothing to explain
    assert "[news]" not in result.stdout


@pytest.mark.parametrize(("option", "value"), [("--kind", "blog"), ("--flag", "hostile")])
def test_unknown_kind_or_flag_reason_is_a_usage_error(home: Path, option: str, value: str) -> None:
    result = run_satark(home, "search", option, value)
    assert result.returncode == 2
    assert f"'{value}' is not one of" in result.stderr


def test_a_query_may_start_with_a_dash_and_bad_bounds_are_one_line_errors(home: Path) -> None:
    without = {h["id"] for h in _json_hits(home, "-evm")}  # no "No such option '-e'"
    assert without == ids_where(lambda d: not has_word("evm")(d)) and without != ids_where(lambda d: True)
    for args, message in ((("x", "--page", "9223372036854775807"), "not in the range 1<=x<=500"),
                          (("x", "--min-score", "0.9", "--max-score", "0.1"), "0.9 is above --max-score 0.1"),
                          (("x", "--from", "2026-12-05", "--to", "2026-12-01"), "a day after --to")):
        refused = run_satark(home, "search", *args)
        assert refused.returncode == 2 and message in refused.stderr and "Traceback" not in refused.stderr


def test_a_password_in_the_elasticsearch_url_is_never_printed(tmp_path: Path) -> None:
    url = "http://elastic:s3cret-pw@127.0.0.1:9"  # nothing listens on port 9
    for command in (("search", "x"), ("index", "sync")):  # `process` reports through the same sync
        result = run_satark(tmp_path / "home", *command, SATARK_SEARCH__BACKEND="elasticsearch",
                            SATARK_SEARCH__ELASTICSEARCH__URL=url)
        said = result.stdout + result.stderr
        assert "s3cret-pw" not in said and "Traceback" not in said, said
        assert "elastic:***@127.0.0.1:9" in said
