"""Reading the YAML files people write (the sources file, satark.yaml): one-line errors for anything PyYAML rejects,
and libyaml's speed without its one way to crash the process.

PyYAML's constructors raise plain Python errors for scalars that look like a tagged value but are none
("2024-13-45", "!!float abc", "!!bool maybe"), and nesting deeper than the interpreter allows raises RecursionError
in the pure-Python loader, while libyaml (CSafeLoader) recurses in C until the process dies (40,000 nested lists).
So text whose flow nesting might be that deep is read by the pure-Python loader, whose RecursionError is caught."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

# libyaml's safe loader where PyYAML was built with it: 100,000 sources load in 14 s instead of 39.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Far deeper than any real settings or sources file, far shallower than what overflows libyaml's C stack.
_FAST_DEPTH_LIMIT = 200
_BRACKETS = re.compile(r"[^\[\]{}]+")
# Constructor errors PyYAML lets through for values it cannot build (dates that do not exist, bad tagged scalars).
_CONSTRUCTOR_ERRORS = (ValueError, LookupError, AttributeError, TypeError, OverflowError)


class YamlProblem(ValueError):
    """Text that is not YAML this reader accepts; the message is one line (with line and column when known)."""


def _flow_depth_at_most(text: str, limit: int) -> bool:
    """Whether brackets never nest deeper than `limit`, counting every bracket (those inside quoted strings too,
    so the answer errs towards the safe loader)."""
    depth = 0
    for char in _BRACKETS.sub("", text):
        depth = depth + 1 if char in "[{" else max(0, depth - 1)
        if depth > limit:
            return False
    return True


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def load_yaml(text: str) -> object:
    """The YAML document in `text` as Python data, or YamlProblem."""
    loader = _FAST_LOADER if _flow_depth_at_most(text, _FAST_DEPTH_LIMIT) else yaml.SafeLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, chosen above
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise YamlProblem(f"not valid YAML{where}: {_one_line(getattr(exc, 'problem', None) or exc)}") from exc
    except RecursionError as exc:
        raise YamlProblem("not valid YAML: nested too deeply") from exc
    except _CONSTRUCTOR_ERRORS as exc:
        raise YamlProblem(f"not valid YAML: a value that cannot be read ({type(exc).__name__}: {_one_line(exc)})") from exc


def read_yaml_file(path: Path, max_bytes: int) -> object:
    """The YAML document in the file at `path`. Reads at most `max_bytes` (a path such as /dev/zero must not fill
    the memory); too large, not UTF-8 or not YAML is YamlProblem; a file that cannot be read is OSError."""
    with path.open("rb") as file:
        raw = file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlProblem(f"larger than {max_bytes // 2**20} MiB; is this the right file?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save the file as UTF-8") from exc
    return load_yaml(text)
