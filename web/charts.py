"""Charts drawn on the server as SVG (no chart library, nothing fetched): stacked day bars and ranked bars.
This module only computes geometry; the templates draw it, escaping every label."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.desk_stats import Series

WIDTH = 720
HEIGHT = 160
LABEL_ROWS = 18  # space under the bars for day labels


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # index into the legend (its colour class)
    label: str  # "2026-11-21 · hi: 4"


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class DayChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[tuple[str, int], ...]  # (series name, total)
    peak: int
    width: int = WIDTH
    height: int = HEIGHT + LABEL_ROWS


def day_chart(days: tuple[date, ...], series: tuple[Series, ...]) -> DayChart:
    """One stacked bar per day, a segment per series."""
    totals = [sum(s.counts[i] for s in series) for i in range(len(days))]
    peak = max(totals, default=0) or 1
    slot = WIDTH / max(1, len(days))
    bars: list[Bar] = []
    for i, day in enumerate(days):
        top = float(HEIGHT)
        for n, one in enumerate(series):
            value = one.counts[i]
            if not value:
                continue
            height = HEIGHT * value / peak
            top -= height
            bars.append(Bar(i * slot + 2, top, max(1.0, slot - 4), height, n, f"{day.isoformat()} · {one.name}: {value}"))
    step = max(1, len(days) // 7)
    ticks = tuple(Tick(i * slot + slot / 2, day.strftime("%d %b")) for i, day in enumerate(days) if i % step == 0)
    return DayChart(tuple(bars), ticks, tuple((s.name, s.total) for s in series), max(totals, default=0))
