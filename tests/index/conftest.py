"""Backend-parametrised fixtures for the SearchIndex contract suite.

Every contract test runs once per backend in BACKENDS. A backend entry turns the pytest request into a
factory that returns a fresh, empty index; the Elasticsearch entry starts one real node per session
(tools/esnode) and gives every index its own prefix. Java and Maven are present on every machine
here, so a node that cannot start is a failure, never a skip.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index import IndexDocument, SearchIndex, open_index
from tests.index.es_node import EsNode, start_node, stop_node
from tests.index.index_corpus import CORPUS
from tests.index.old_layouts import elasticsearch_version_3, sqlite_version_2

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
def backend_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def backend_factory(backend_name: str, request: pytest.FixtureRequest) -> BackendFactory:
    return BACKENDS[backend_name](request)


def _sqlite_previous(request: pytest.FixtureRequest, workdir: Path, docs: Iterable[IndexDocument]) -> SearchIndex:
    path = workdir / "previous.sqlite"
    sqlite_version_2(path, docs)
    return open_index("sqlite", path=path)


def _elasticsearch_previous(request: pytest.FixtureRequest, workdir: Path, docs: Iterable[IndexDocument]) -> SearchIndex:
    node: EsNode = request.getfixturevalue("es_node")
    prefix = unique_prefix("prev")
    with Elasticsearch(node.url) as admin:
        elasticsearch_version_3(admin, prefix, docs)
    return open_index("elasticsearch", url=node.url, index_prefix=prefix)


# Per backend: write `docs` in the layout of the previous version (SQLite schema 2, Elasticsearch mapping 3), then
# open that index with today's code, which upgrades it in place.
PREVIOUS_LAYOUTS: dict[str, Callable[[pytest.FixtureRequest, Path, Iterable[IndexDocument]], SearchIndex]] = {
    "sqlite": _sqlite_previous,
    "elasticsearch": _elasticsearch_previous,
}


@pytest.fixture
def open_previous_layout(
    backend_name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[Iterable[IndexDocument]], SearchIndex]]:
    """Opens an index of the current backend that the previous layout wrote, holding the given documents."""
    opened: list[SearchIndex] = []

    def open_previous(docs: Iterable[IndexDocument]) -> SearchIndex:
        opened.append(PREVIOUS_LAYOUTS[backend_name](request, tmp_path, docs))
        return opened[-1]

    yield open_previous
    for index in opened:
        index.close()


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
