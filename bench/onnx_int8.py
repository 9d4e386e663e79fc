"""Would ONNX Runtime (int8) beat the torch path? Speed and agreement of each encoder runtime, all heads.

Exports the active e5 bundle's merged encoder (adapter folded in, mean pooling included) to ONNX,
quantises its matrix multiplications to int8 with ONNX Runtime's dynamic quantiser (per tensor and per
channel), and runs the title + lead of composed Hindi and English demo articles through each runtime.
For every runtime it prints articles/s, the cosine of its pooled vectors to torch float32, and how
often its decisions (misinformation flag, hostility labels, sentiment class) match torch float32's.

The figures decide whether an int8 path ships (docs/decisions.md): it would have to be faster than
the default path at equal quality. onnx and onnxruntime are not runtime dependencies, so set them up
first with the ``bench`` profile:

    scripts/bootstrap.sh bench && .venv/bin/python bench/onnx_int8.py [--articles 600] [--threads N]
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.classifiers import articles
from bench.figures import record
from classifiers.e5.bundle import E5Bundle, bundle_dir, load_bundle
from classifiers.e5.classifier import E5TaskClassifier
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions, Precision
from classifiers.registry import load_active, resolve_models_dir
from core.tasks import ARTICLE_TASKS, MISINFORMATION

BATCH = 32


class OrtEncoder:
    """The :class:`E5Encoder` interface the bundle needs (``embed``), backed by an ONNX Runtime session."""

    def __init__(self, path: Path, tokenising: E5Encoder, threads: int) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.tokenising = tokenising

    def embed(self, texts: Sequence[str], normalise: bool = False) -> np.ndarray:
        output = np.zeros((len(texts), self.tokenising.hidden_size), dtype=np.float32)
        for batch in self.tokenising.batches(texts, BATCH):
            feeds = {"input_ids": batch.input_ids.numpy(), "attention_mask": batch.attention_mask.numpy()}
            output[batch.positions] = self.session.run(None, feeds)[0]
        return output


def export(encoder: E5Encoder, path: Path) -> None:
    """The float32 merged encoder plus mean pooling as one ONNX graph with dynamic batch and length."""
    import torch

    from classifiers.e5.encoder import mean_pool

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = encoder.model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return mean_pool(hidden, attention_mask)

    example = next(encoder.batches(["passage warm-up"], 1))
    dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "pooled": {0: "batch"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled().eval(),
            (example.input_ids, example.attention_mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["pooled"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter needs no onnxscript and handles BertModel's masks
        )


def quantise(source: Path, target: Path, per_channel: bool) -> None:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # the quantiser's advice to pre-process is for CNNs
    quantize_dynamic(
        str(source), str(target), weight_type=QuantType.QInt8, per_channel=per_channel, op_types_to_quantize=["MatMul"]
    )


def decisions(bundle: E5Bundle, texts: list[str], languages: list[str]) -> dict[str, list[tuple[str, ...]]]:
    return {task: [p.labels for p in bundle.predict(task, texts, languages)] for task in ARTICLE_TASKS}


def timed(run: Callable[[], np.ndarray]) -> tuple[np.ndarray, float]:
    run()  # warm-up: kernels, allocations
    started = time.perf_counter()
    vectors = run()
    return vectors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--threads", type=int, default=None, help="intra-op threads (default: torch's)")
    parser.add_argument("--models-dir", type=Path, default=None)
    args = parser.parse_args()
    try:
        import onnxruntime
    except ImportError:
        sys.exit("onnx_int8: onnxruntime is not installed; run scripts/bootstrap.sh bench first")
    import torch

    active = load_active(MISINFORMATION, args.models_dir)
    if not isinstance(active, E5TaskClassifier):
        sys.exit(f"onnx_int8: the active misinformation model is not an e5 bundle ({active.name}/{active.version})")
    folder = bundle_dir(resolve_models_dir(args.models_dir), active.version, active.name)
    threads = args.threads or torch.get_num_threads()
    torch.set_num_threads(threads)
    texts, languages = articles(args.articles)
    print(f"{len(texts)} Hindi and English articles (title + lead); bundle {active.bundle.config.model_id}")
    print(f"torch {torch.__version__}, onnxruntime {onnxruntime.__version__}, {threads} threads, batch {BATCH}")

    runtimes: dict[str, E5Bundle] = {}
    reference = load_bundle(folder, EncoderOptions(device="cpu", precision=Precision.FP32, batch_size=BATCH))
    runtimes["torch fp32"] = reference
    runtimes["torch bf16"] = load_bundle(folder, EncoderOptions(device="cpu", precision=Precision.BF16, batch_size=BATCH))
    with tempfile.TemporaryDirectory(prefix="satark-onnx-") as scratch:
        fp32_graph = Path(scratch) / "e5.onnx"
        export(reference.encoder, fp32_graph)
        graphs = {"onnx fp32": fp32_graph}
        for name, per_channel in (("onnx int8", False), ("onnx int8/channel", True)):
            graphs[name] = Path(scratch) / f"{name.replace(' ', '-').replace('/', '-')}.onnx"
            quantise(fp32_graph, graphs[name], per_channel)
        for name, graph in graphs.items():
            runtimes[name] = E5Bundle(reference.config, OrtEncoder(graph, reference.encoder, threads), reference.heads)  # type: ignore[arg-type]

        base_vectors = reference.encoder.embed(texts, normalise=False)
        base_decisions = decisions(reference, texts, languages)
        print(f"  {'runtime':<18} {'articles/s':>10} {'cos min':>8} {'cos mean':>8}  decisions equal to torch fp32")
        rates: dict[str, tuple[float, str]] = {}
        for name, bundle in runtimes.items():
            vectors, seconds = timed(functools.partial(bundle.encoder.embed, texts, normalise=False))
            cosine = (vectors * base_vectors).sum(axis=1) / (
                np.linalg.norm(vectors, axis=1) * np.linalg.norm(base_vectors, axis=1)
            )
            agreement = {
                task: np.mean([a == b for a, b in zip(labels, base_decisions[task], strict=True)])
                for task, labels in decisions(bundle, texts, languages).items()
            }
            shares = ", ".join(f"{task} {value:.3f}" for task, value in agreement.items())
            print(f"  {name:<18} {len(texts) / seconds:10.1f} {cosine.min():8.4f} {cosine.mean():8.4f}  {shares}", flush=True)
            rates[name] = (len(texts) / seconds, shares)
    # The shipped path (torch bf16 on CPU) is the reference each other runtime would have to beat at equal decisions.
    for name, (rate, shares) in rates.items():
        if name != "torch bf16":
            record(f"encoder on CPU: {name}", rate, "articles/s", reference="torch bf16 (shipped)",
                   reference_value=rates["torch bf16"][0], note=f"decisions equal to fp32: {shares}")


if __name__ == "__main__":
    main()
