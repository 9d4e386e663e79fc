"""Backend-parametrised fixtures for the SearchIndex contract suite.

Every contract test runs once per backend in BACKENDS. A backend entry turns the pytest request into a
factory that returns a fresh, empty index; the Elasticsearch entry starts one real node per session
(tools/esnode) and gives every index its own prefix. Java and Maven are present on every machine
here, so a node that cannot start is a failure, never a skip.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index import SearchIndex, open_index
from tests.index.es_node import EsNode, start_node, stop_node
from tests.index.index_corpus import CORPUS

BackendFactory = Callable[[Path], SearchIndex]
BackendSetup = Callable[[pytest.FixtureRequest], BackendFactory]

_prefixes = itertools.count(1)


def unique_prefix(kind: str = "t") -> str:
    """An index prefix no other test in this session uses (the pid guards against reused nodes)."""
    return f"satark-{kind}{os.getpid()}-{next(_prefixes)}"


def _sqlite(request: pytest.FixtureRequest) -> BackendFactory:
    return lambda workdir: open_index("sqlite", path=workdir / "index.sqlite")


def _elasticsearch(request: pytest.FixtureRequest) -> BackendFactory:
    node: EsNode = request.getfixturevalue("es_node")
    # 200ms refresh keeps upsert (which waits for a refresh) fast enough for ~100 test indices.
    return lambda workdir: open_index(
        "elasticsearch", url=node.url, index_prefix=unique_prefix()
    )


BACKENDS: dict[str, BackendSetup] = {
    "sqlite": _sqlite,
    "elasticsearch": _elasticsearch,
}


@pytest.fixture(scope="session")
def es_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EsNode]:
    """One real Elasticsearch node for the whole session, stopped by pid at the end."""
    node = start_node(tmp_path_factory.mktemp("es-node"))
    try:
        yield node
    finally:
        stop_node(node)


# The real node takes half a minute to start: its half of the contract suite is part of `make test`, not test-fast.
@pytest.fixture(scope="module", params=[pytest.param(name, marks=[pytest.mark.slow] if name == "elasticsearch" else [])
                                        for name in sorted(BACKENDS)])
def backend_factory(request: pytest.FixtureRequest) -> BackendFactory:
    return BACKENDS[request.param](request)


@pytest.fixture
def fresh_index(backend_factory: BackendFactory, tmp_path: Path) -> Iterator[SearchIndex]:
    """An empty index of the current backend, for tests that write."""
    index = backend_factory(tmp_path)
    yield index
    index.close()


@pytest.fixture(scope="module")
def loaded_index(
    backend_factory: BackendFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    """The corpus indexed once per module and backend. Read-only: tests must not modify it."""
    index = backend_factory(tmp_path_factory.mktemp("loaded"))
    index.upsert(CORPUS)
    yield index
    index.close()
