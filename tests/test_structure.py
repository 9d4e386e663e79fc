"""The size limits the code keeps (issue 11): no module over 400 lines, no function over 60, migrations aside.

A long module or function is where two concerns hide; the limit makes splitting them the default."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
SKIPPED = {".venv", ".git", "migrations", "satark-data", "build", "node_modules"}


def python_files() -> list[Path]:
    return [path for path in sorted(REPO.rglob("*.py"))
            if not SKIPPED.intersection(path.relative_to(REPO).parts)]


def test_the_walk_sees_every_package() -> None:
    tops = {path.relative_to(REPO).parts[0] for path in python_files()}
    assert {"core", "crawlers", "store", "index", "classifiers", "pipeline", "cli", "tests"} <= tops


def test_no_module_over_the_limit() -> None:
    long_modules = {str(path.relative_to(REPO)): lines for path in python_files()
                    if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES}
    assert long_modules == {}


def test_no_function_over_the_limit() -> None:
    long_functions: dict[str, int] = {}
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long_functions[f"{path.relative_to(REPO)}:{node.lineno} {node.name}"] = lines
    assert long_functions == {}
