"""`satark search` filters on hostility labels and shows them, in text and JSON (Hindi and English articles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import open_index
from tests.conftest import run_satark
from tests.index.index_corpus import CORPUS, ids_where


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
