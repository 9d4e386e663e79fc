"""The model card stored as ``card.json`` beside every model version.

It records what a model was trained on (files with sha256 and row counts), how, and how well it did
on validation data, so a promoted model can always be traced and compared with its predecessors.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from classifiers.demo_check import DemoCorpusCheck
from classifiers.evaluation import TaskEvaluation

CARD_FILE = "card.json"


class DataFile(BaseModel):
    """One input file as it was when the model was trained."""

    path: str  # relative to the data directory given to training
    sha256: str
    rows: int  # examples read from the file
    used: int  # examples used for this task after task view and subsampling
    dropped: int = 0  # examples without a task label (e.g. IITP "conflict")
    dataset: str
    language: str


class ProxyDataFile(DataFile):
    """A training file without task labels whose rows all got one assumed label."""

    label: str
    share: float  # fraction of its language's training weight
    rationale: str


class ModelCard(BaseModel):
    name: str
    version: str
    task: str
    created: str  # ISO 8601, UTC
    architecture: str
    summary: str
    training_files: list[DataFile]
    proxy_files: list[ProxyDataFile] = Field(default_factory=list)  # fit-only, labels assumed
    validation_files: list[DataFile]
    parameters: dict[str, Any]
    training: dict[str, Any] = Field(default_factory=dict)  # split sizes, subsampling, weighting, timings
    threshold: float | None = None  # binary tasks: decision threshold for texts of other/unknown language
    language_thresholds: dict[str, float] = Field(default_factory=dict)
    validation: TaskEvaluation
    demo_corpus: DemoCorpusCheck | None = None  # out-of-domain, reported only
    limitations: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)  # data-set citations and licences

    @property
    def model_id(self) -> str:
        return f"{self.name}/{self.version}"

    def save(self, directory: Path) -> Path:
        path = directory / CARD_FILE
        text = json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: Path) -> ModelCard:
        return cls.model_validate_json((directory / CARD_FILE).read_text(encoding="utf-8"))


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
