"""`satark models list|promote|rollback` on a copy of the bundled registry with a second stored version, and the
proof that matters: Hindi and English texts are classified by whichever version is active."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classifiers.registry import list_versions, read_registry
from tests.conftest import REPO, run_satark

# Only the two baseline tasks' TF-IDF versions are copied (small, fast), so models added to the repository
# meanwhile, like the transformer bundle that is active by default, do not change the outcome.
BASELINE_TASKS = ("misinformation", "sentiment")
BUNDLED = {
    task: [model for model in list_versions(task, REPO / "models") if model.startswith("tfidf-lr/")][-1]
    for task in BASELINE_TASKS
}
REPOSITORY_REGISTRY = read_registry(REPO / "models")
NEWER_VERSION = "2026.12.01-1"
LINES = "\n".join(json.dumps(line, ensure_ascii=False) for line in (
    {"id": "hi", "title": "ईवीएम में गुप्त चिप",
     "text": "व्हाट्सऐप पर दावा: ईवीएम में चिप लगाकर वोट बदले गए, शेयर करें!"},
    {"id": "en", "text": "The Election Commission announced the polling schedule for the assembly elections."},
))


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    """The bundled models plus a newer misinformation version (the same weights under a new id), not active."""
    root = tmp_path / "models"
    for task, model in BUNDLED.items():
        shutil.copytree(REPO / "models" / task / model, root / task / model)
    (root / "registry.json").write_text(json.dumps(BUNDLED, indent=2) + "\n", encoding="utf-8")
    name, version = BUNDLED["misinformation"].split("/")
    newer = root / "misinformation" / name / NEWER_VERSION
    shutil.copytree(root / "misinformation" / name / version, newer)
    for file in ("config.json", "card.json"):
        data = json.loads((newer / file).read_text(encoding="utf-8"))
        data["version"] = NEWER_VERSION
        if file == "card.json":
            data["created"] = "2026-12-01T08:00:00+00:00"
            data["validation"]["overall"]["f1"] = 0.8125
        (newer / file).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


def _newer() -> str:
    return f"{BUNDLED['misinformation'].split('/')[0]}/{NEWER_VERSION}"


def _models_used(home: Path, models_dir: Path) -> dict[str, str]:
    """Classify a Hindi and an English line with the models the settings point at; model per line id."""
    result = run_satark(home, "classify", input=LINES, SATARK_CLASSIFY__MODELS_DIR=str(models_dir))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["language"]) for r in records] == [("hi", "hi"), ("en", "en")]
    return {r["id"]: r["misinformation"]["model"] for r in records}


def test_list_shows_every_version_the_active_one_and_card_figures(home: Path, models_dir: Path) -> None:
    result = run_satark(home, "models", "list", "--json", "--models-dir", str(models_dir))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["task"], r["model"], r["active"]) for r in rows] == [
        ("misinformation", BUNDLED["misinformation"], True),
        ("misinformation", _newer(), False),
        ("sentiment", BUNDLED["sentiment"], True),
    ]
    newer = rows[1]
    assert newer["f1"] == 0.8125 and newer["created"] == "2026-12-01T08:00:00+00:00"
    for row in rows:
        assert 0.0 < row["accuracy"] <= 1.0 and row["validation_rows"] > 0
        assert set(row["f1_by_language"]) == {"hi", "en"}  # validated on Hindi and English data

    # The table, and --task; without --models-dir the classify.models_dir setting decides.
    table = run_satark(home, "models", "list", "--task", "misinformation", SATARK_CLASSIFY__MODELS_DIR=str(models_dir))
    assert table.returncode == 0, table.stderr
    assert f"{BUNDLED['misinformation']}*" in table.stdout and _newer() in table.stdout
    assert "0.812" in table.stdout and "F1 hi" in table.stdout and "sentiment" not in table.stdout.split("\n", 1)[1]


def test_promote_and_rollback_change_what_classifies_hindi_and_english(home: Path, models_dir: Path) -> None:
    bundled = BUNDLED["misinformation"]
    assert _models_used(home, models_dir) == {"hi": bundled, "en": bundled}

    promoted = run_satark(home, "models", "promote", "misinformation", _newer(), "--models-dir", str(models_dir))
    assert promoted.returncode == 0, promoted.stderr
    assert promoted.stdout.strip() == f"misinformation: {bundled} -> {_newer()}"
    assert read_registry(models_dir) == {**BUNDLED, "misinformation": _newer()}
    assert _models_used(home, models_dir) == {"hi": _newer(), "en": _newer()}

    rolled = run_satark(home, "models", "rollback", "misinformation", SATARK_CLASSIFY__MODELS_DIR=str(models_dir))
    assert rolled.returncode == 0, rolled.stderr
    assert rolled.stdout.strip() == f"misinformation: {_newer()} -> {bundled}"
    assert read_registry(models_dir) == BUNDLED
    assert _models_used(home, models_dir) == {"hi": bundled, "en": bundled}
    assert read_registry(REPO / "models") == REPOSITORY_REGISTRY  # the repository's registry was not touched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("promote", "misinformation", "tfidf-lr/2031.01.01-1"), "no model 'tfidf-lr/2031.01.01-1' for task"),
        (("promote", "misinformation", "latest"), "bad model id 'latest'"),
        (("promote", "sentiment", "tfidf-lr/" + NEWER_VERSION), "no model"),  # a misinformation-only version
        (("rollback", "sentiment"), "is the oldest 'sentiment' model; nothing to roll back to"),
        (("rollback", "stance"), "task 'stance' has no active model"),
    ],
)
def test_errors_are_one_line(home: Path, models_dir: Path, args: tuple[str, ...], message: str) -> None:
    result = run_satark(home, "models", *args, "--models-dir", str(models_dir))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0]
    assert read_registry(models_dir) == BUNDLED
