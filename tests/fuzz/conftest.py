"""Hypothesis profiles for the fuzz tests (issue 15).

"ci" (the default) runs a few hundred examples per test, derandomized so that `make test` is reproducible and a
failure in CI fails the same way on a laptop. "long" (SATARK_FUZZ_PROFILE=long, what bench/fuzz.py runs) searches
100,000 examples per test, randomly. SATARK_FUZZ_EXAMPLES overrides the example count of either profile (a shorter
"long" run). No example database: the examples worth keeping are written into the tests with @example instead
(Hypothesis still keeps a cache in .hypothesis/, which git ignores).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_EXAMPLES = os.environ.get("SATARK_FUZZ_EXAMPLES")


def _examples(default: int) -> int:
    return int(_EXAMPLES) if _EXAMPLES else default


settings.register_profile(
    "ci", max_examples=_examples(200), deadline=None, derandomize=True, database=None, print_blob=False,
    # Generated documents are large by design (whole feeds, pages); that is the point, not a slow strategy.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=_examples(100_000), deadline=None, derandomize=False, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("SATARK_FUZZ_PROFILE", "ci"))
