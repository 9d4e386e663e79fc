"""The small trend chart at the top of a digest: flags per day as a PNG bar chart, sent as an inline image (mail
programs show PNG inline; many refuse SVG). Labels are digits only, so no Devanagari font is needed to draw it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 560, 150
_BAR = (192, 57, 43)
_AXIS = (120, 120, 120)
_TEXT = (60, 60, 60)


def trend_png(days: Sequence[tuple[date, int]]) -> bytes:
    """A bar per day, its count above it and the day (dd/mm) below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    top, bottom, left = 22, HEIGHT - 24, 10
    peak = max((count for _, count in days), default=0) or 1
    slot = (WIDTH - 2 * left) / max(len(days), 1)
    draw.line([(left, bottom), (WIDTH - left, bottom)], fill=_AXIS, width=1)
    for n, (day, count) in enumerate(days):
        x0 = left + n * slot + slot * 0.2
        x1 = left + (n + 1) * slot - slot * 0.2
        height = (bottom - top) * count / peak
        if count:
            draw.rectangle([(x0, bottom - height), (x1, bottom - 1)], fill=_BAR)
        centre = (x0 + x1) / 2
        draw.text((centre, bottom - height - 3), str(count), fill=_TEXT, font=font, anchor="mb")
        draw.text((centre, bottom + 4), day.strftime("%d/%m"), fill=_TEXT, font=font, anchor="mt")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
