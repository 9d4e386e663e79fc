"""Fictional Indian news sites served over loopback for Satark's demo and crawl tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from demosites.corpus import Corpus, CorpusError, DemoArticle, DemoClaimReview, Outlet, Section, load_corpus
from demosites.expectations import Expectation, Outcome
from demosites.trouble import TroubleKind

if TYPE_CHECKING:
    from demosites.server import DemoServer

__all__ = [
    "Corpus",
    "CorpusError",
    "DemoArticle",
    "DemoClaimReview",
    "DemoServer",
    "Expectation",
    "Outcome",
    "Outlet",
    "Section",
    "TroubleKind",
    "load_corpus",
]


def __getattr__(name: str) -> Any:
    # Imported lazily so that `python -m demosites.server` does not find the module
    # half-imported through the package (runpy warns about that).
    if name == "DemoServer":
        from demosites.server import DemoServer

        return DemoServer
    raise AttributeError(name)
