"""`satark classify`'s input reader under generated input: any bytes on standard input give, per non-blank line, either
an object with a "text" string that is text (no lone surrogate, no NUL) or the reason the line was skipped; one bad
line never stops the rest."""

from __future__ import annotations

import io
import json
import sys
from typing import Any
from unittest import mock

from hypothesis import example, given
from hypothesis import strategies as st

from cli.inspect import _read_lines
from tests.fuzz.strategies import mixed_text

_JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), mixed_text(3)),
                     lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(mixed_text(2), inner, max_size=3)),
                     max_leaves=8)
_GOOD = st.fixed_dictionaries({"text": mixed_text()}, optional={"id": _JSON, "title": st.one_of(mixed_text(), _JSON)})
_LINE_TRAPS = st.sampled_from([b'{"text": "\\ud800"}', b'{"text": "a\\u0000b"}', b'{"text": 1}', b"[" * 100_000, b"\xff\xfe",
                               b'{"text": "x", "id": ' + b"9" * 5000 + b"}", b'{"text": "x"', b"   ", b"NaN", b'"text"'])
lines = st.one_of(_GOOD.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
                  _JSON.map(lambda d: json.dumps(d).encode()), st.binary(max_size=40), _LINE_TRAPS)


def read(data: bytes) -> list[tuple[int, dict[str, Any] | str]] | None:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stdin):
        return list(_read_lines())


@given(st.lists(lines, max_size=6))
@example(['{"text": "ईवीएम"}'.encode(), b"\xff", b'{"text": "\\ud800"}', '{"id": 2, "text": "फ़र्ज़ी"}'.encode()])
def test_every_line_is_read_or_reported(raw_lines: list[bytes]) -> None:
    data = b"\n".join(line.replace(b"\n", b" ") for line in raw_lines)
    results = read(data)
    if results is None:
        return
    physical = data.split(b"\n")
    numbers = [number for number, _ in results]
    assert numbers == sorted(set(numbers)) and all(1 <= number <= len(physical) for number in numbers)
    for _, item in results:
        if isinstance(item, str):
            assert item  # the reason, printed with the line number
            continue
        assert isinstance(item["text"], str) and "\x00" not in item["text"]
        for field in ("text", "title", "id"):
            if isinstance(item.get(field), str):
                item[field].encode("utf-8")  # text, not lone surrogates: the tokenizer and the output take it
    good = [n for n, line in enumerate(physical, start=1) if _is_good(line)]
    assert good == [number for number, item in results if not isinstance(item, str)]


def _is_good(line: bytes) -> bool:
    """An independent oracle: UTF-8 JSON whose value is an object with a "text" string that encodes and has no NUL."""
    try:
        value = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError):
        return False
    if not isinstance(value, dict) or not isinstance(value.get("text"), str) or "\x00" in value["text"]:
        return False
    if "\x00" in str(value.get("title") or ""):
        return False
    try:
        for field in ("text", "title", "id"):
            if isinstance(value.get(field), str):
                value[field].encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
