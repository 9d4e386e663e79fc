"""Backend-parametrised fixtures for the SearchIndex contract suite.

Every contract test runs once per backend in BACKENDS. To add Elasticsearch, register a factory that
returns a fresh, empty index (e.g. a uniquely named ES index, skipped when no server is configured).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index import SearchIndex, open_index
from tests.index.index_corpus import CORPUS

BackendFactory = Callable[[Path], SearchIndex]


def _sqlite(workdir: Path) -> SearchIndex:
    return open_index("sqlite", path=workdir / "index.sqlite")


BACKENDS: dict[str, BackendFactory] = {
    "sqlite": _sqlite,
}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def backend_factory(request: pytest.FixtureRequest) -> BackendFactory:
    return BACKENDS[request.param]


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
