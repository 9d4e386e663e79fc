"""Known claims from the public sets' fake-labelled items, to seed the claim store offline.

CONSTRAINT English and Hindi posts labelled fake and LIAR statements graded false or pants-fire are claims
someone already judged false; matching articles against them catches rumours that come back. Only the TRAIN
files are used: the validation files stay out for measuring (the claim pairs are written from them).
"""

from __future__ import annotations

from pathlib import Path

from classifiers.datasets import DataFormat, load_examples
from core.claims import KnownClaim

SEED_FILES: dict[str, tuple[str, str]] = {  # file -> (verdict in words, who judged it)
    "misinfo/constraint_english_train.csv": ("False", "CONSTRAINT-2021 annotators (Patwa et al.)"),
    "misinfo/constraint_hindi_train.csv": ("फ़र्ज़ी", "CONSTRAINT-2021 annotators (Bhardwaj et al.)"),
    "misinfo/liar_train.tsv": ("", "PolitiFact (LIAR, Wang 2017)"),
}
LIAR_FALSE = ("false", "pants-fire")


def public_fake_claims(data_dir: Path) -> list[KnownClaim]:
    """Every fake-labelled item of the seed files found under ``data_dir`` (missing files are skipped)."""
    claims: list[KnownClaim] = []
    for name, (verdict, reviewer) in SEED_FILES.items():
        path = data_dir / name
        if not path.is_file():
            continue
        for example in load_examples(path):
            if example.origin == DataFormat.LIAR.value:
                if example.labels[0] not in LIAR_FALSE:
                    continue
                rating = example.labels[0]
            elif "fake" in example.labels:
                rating = verdict
            else:
                continue
            claims.append(KnownClaim(text=example.text, language=example.language, rating=rating,
                                     reviewer=reviewer, origin=f"dataset:{path.name}"))
    return claims
