"""The one promotion rule (classifiers.release): promoted only if no task gets worse, unless told always or never."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from classifiers.evaluation import TaskEvaluation, evaluate
from classifiers.release import DEGRADATION_TOLERANCE, Comparison, PromotePolicy, decide
from classifiers.task_views import TaskExample, TaskView
from core.records import TaskPrediction
from core.tasks import MISINFORMATION, NOT_MISINFORMATION

ROWS = TaskView(MISINFORMATION, (
    TaskExample("व्हाट्सऐप पर दावा: ईवीएम में चिप लगाकर वोट बदले गए, तुरंत शेयर करें!", MISINFORMATION, "hi", "constraint_hindi"),
    TaskExample("चुनाव आयोग ने सात चरणों में मतदान की घोषणा की।", NOT_MISINFORMATION, "hi", "constraint_hindi"),
    TaskExample("Forward this now: hot water kills the virus, share before it is deleted!", MISINFORMATION, "en",
                "constraint_english"),
    TaskExample("The Election Commission announced the polling schedule on Monday.", NOT_MISINFORMATION, "en",
                "constraint_english"),
), 0)


class KeywordModel:
    """Flags a text when it holds one of ``cues``: a stand-in with known figures on ROWS."""

    task = MISINFORMATION
    name = "keywords"

    def __init__(self, version: str, cues: Sequence[str]) -> None:
        self.version, self.cues = version, tuple(cues)

    def predict(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> list[TaskPrediction]:
        hits = [any(cue in text for cue in self.cues) for text in texts]
        return [TaskPrediction(self.task, f"{self.name}/{self.version}", {self.task: float(hit)},
                               (self.task,) if hit else ()) for hit in hits]


def _evaluation(version: str, *cues: str) -> TaskEvaluation:
    return evaluate(KeywordModel(version, cues), ROWS)


GOOD = _evaluation("2026.12.01-1", "शेयर", "share")  # both fakes, Hindi and English: F1 1.0
HINDI_ONLY = _evaluation("2026.12.02-1", "शेयर")  # misses the English fake: F1 0.667


def test_a_task_that_got_worse_blocks_promotion_and_the_note_says_by_how_much() -> None:
    comparison = Comparison(MISINFORMATION, HINDI_ONLY, "keywords/2026.12.01-1", GOOD)
    decision = decide("keywords/2026.12.02-1", [comparison], PromotePolicy.IF_NOT_WORSE)
    assert not decision.promoted
    assert decision.note == (
        "stored keywords/2026.12.02-1; not promoted because misinformation F1 0.667 < keywords/2026.12.01-1 1.000, "
        "down 0.333 (use --promote always)"
    )
    assert "\n" not in decision.note
    assert decide("keywords/2026.12.02-1", [comparison], PromotePolicy.ALWAYS).promoted


@pytest.mark.parametrize("policy", list(PromotePolicy))
def test_never_stores_only_and_a_better_or_first_version_is_promoted(policy: PromotePolicy) -> None:
    better = Comparison(MISINFORMATION, GOOD, "keywords/2026.12.02-1", HINDI_ONLY)
    first = Comparison(MISINFORMATION, GOOD)  # nothing active to compare with
    no_rows = Comparison("claim-rating", None, "keywords/2026.12.02-1", HINDI_ONLY)  # no validation data
    decision = decide("keywords/2026.12.03-1", [better, first, no_rows], policy)
    assert decision.promoted == (policy is not PromotePolicy.NEVER)
    if policy is PromotePolicy.NEVER:
        assert decision.note == "stored keywords/2026.12.03-1; not promoted (--promote never)"


def test_a_drop_within_the_tolerance_is_not_worse() -> None:
    same = Comparison(MISINFORMATION, GOOD, "keywords/2026.12.01-1", GOOD)
    assert same.change == 0.0 and not same.worse()
    assert not Comparison(MISINFORMATION, GOOD).worse()
    assert DEGRADATION_TOLERANCE < 0.333  # the Hindi-only drop above is far outside it
