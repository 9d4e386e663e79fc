"""Headline figures of the benchmarks, for the one table `make bench` prints (bench/run_all.py).

Each script prints its own lines as before and also records its headline figures with `record`: JSON lines appended
to the file that SATARK_BENCH_FIGURES names (nothing is written when a script runs alone). A figure may carry the
same work done by a reference tool (raw trafilatura, raw langdetect, raw feedparser, a TF-IDF classifier, bare
Scrapy), measured in the same run, so the table can show the ratio."""

from __future__ import annotations

import json
import os
import platform
import re
from dataclasses import asdict, dataclass
from pathlib import Path

FIGURES_ENV = "SATARK_BENCH_FIGURES"
# The instruction-set extensions that decide which inference path is fast on a CPU (bf16, int8).
CPU_FLAGS = ("avx2", "avx512f", "avx512_bf16", "avx512_vnni", "avx_vnni", "amx_bf16", "amx_int8", "amx_tile")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    higher_is_better: bool = True
    reference: str | None = None  # the reference tool doing the same work
    reference_value: float | None = None
    note: str = ""
    reference_unit: str | None = None  # when the reference counts something else (bare Scrapy: pages, not articles)

    @property
    def ratio(self) -> float | None:
        """How many times better than the reference (above 1: better), whichever way the unit points."""
        if not self.reference_value or not self.value:
            return None
        return self.value / self.reference_value if self.higher_is_better else self.reference_value / self.value


def record(name: str, value: float, unit: str, *, higher_is_better: bool = True, reference: str | None = None,
           reference_value: float | None = None, note: str = "", reference_unit: str | None = None) -> None:
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    figure = Figure(name, round(value, 3), unit, higher_is_better, reference,
                    None if reference_value is None else round(reference_value, 3), note, reference_unit)
    with Path(target).open("a", encoding="utf-8") as file:
        file.write(json.dumps(asdict(figure), ensure_ascii=False) + "\n")


def read_figures(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cpu_description() -> str:
    """'AMD EPYC 9R14 (2 cores): avx2 avx512f avx512_bf16 ...; no amx_bf16 ...' from /proc/cpuinfo."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return f"{platform.processor() or platform.machine()} ({os.cpu_count()} cores)"
    model = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE)
    flags_line = re.search(r"^flags\s*:\s*(.+)$", info, re.MULTILINE)
    flags = set(flags_line.group(1).split()) if flags_line else set()
    have = [f for f in CPU_FLAGS if f in flags]
    lack = [f for f in CPU_FLAGS if f not in flags]
    name = model.group(1).strip() if model else platform.machine()
    return f"{name} ({os.cpu_count()} cores): {' '.join(have) or '-'}" + (f"; no {' '.join(lack)}" if lack else "")
