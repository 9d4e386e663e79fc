"""Fixtures shared across the suite: the demo sites on loopback and a way to run the real `satark` CLI."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from demosites.server import DemoServer

if TYPE_CHECKING:
    from tests.demo_crawl import Crawled

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
TRAIN_DAY = dt.date(2026, 11, 20)

# The demo's slow page sleeps longer than the crawl's download timeout, so timeouts are exercised for real.
SLOW_SECONDS = 3.0
FAST_CRAWL_ENV = {
    "SATARK_CRAWL__DOWNLOAD_TIMEOUT": "1.5",
    "SATARK_CRAWL__RETRY_TIMES": "1",
    "SATARK_CRAWL__RETRY_BACKOFF_BASE": "0.05",
    "SATARK_CRAWL__AUTOTHROTTLE_START_DELAY": "0",
    "SATARK_CRAWL__CONCURRENT_PER_DOMAIN": "4",
}


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def satark_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATARK_")}
    env.update(FAST_CRAWL_ENV)
    env.update({"SATARK_HOME": str(home), "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8",
                "NO_COLOR": "1", "COLUMNS": "200"})
    env.update(extra)
    return env


def run_satark(home: Path, *args: str, input: str | None = None, timeout: float = 240, **env: str) -> CliResult:
    """Run the real command line in a subprocess (Scrapy's reactor cannot restart inside one test process)."""
    proc = subprocess.run([sys.executable, "-m", "cli", *args], cwd=home.parent, env=satark_env(home, **env),
                          input=input, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def process_ended(pid: int) -> bool:
    """Whether a process has exited: gone, or a zombie that nobody has reaped yet (an orphan's, until init does)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except FileNotFoundError:
        return True


# `make test` runs the suite on two workers (pytest-xdist), each test on one core. A worker takes whole groups: a
# module's tests stay together so that its module fixtures are built once, and the modules that share the demo
# crawl (a session fixture of half a minute) share a group. (xdist's own `--dist loadgroup` cannot group under
# pytest 9.2, whose node ids no longer follow the `_nodeid` it rewrites; the scheduler below groups by path.)
SHARED_SESSION_GROUPS = {
    "tests/integration/test_demo_crawl.py": "demo-crawl",
    "tests/integration/test_search_demo.py": "demo-crawl",
    "tests/web/test_web_api.py": "demo-crawl",
    "tests/web/test_web_browser.py": "demo-crawl",
    "tests/web/test_web_exports.py": "demo-crawl",
    "tests/web/test_web_dashboard.py": "demo-crawl",
    "tests/web/test_web_access.py": "demo-crawl",
}
# Groups of half a minute or more are handed out first, so that none is left to run alone at the end.
LONG_GROUPS = (
    "tests/classifiers/e5/test_e5_training.py",
    "demo-crawl",
    "tests/classifiers/e5/test_e5_offload.py",
    "tests/integration/test_es_outbox.py",
    "tests/classifiers/e5/test_e5_bundled_models.py",
    "tests/cli/test_training_cli.py",
    "tests/cli/test_review_cli.py",
    "tests/integration/test_demo_command.py",
    "tests/integration/test_crawl_resume.py",
    "tests/notebooks/test_notebooks.py",
)


def worker_group(nodeid: str) -> str:
    """The group a test runs in: its module's path, or the group of modules sharing a session fixture."""
    module = nodeid.split("::", 1)[0]
    return SHARED_SESSION_GROUPS.get(module, module)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def start_rank(item: pytest.Item) -> int:
        group = worker_group(item.nodeid)
        return LONG_GROUPS.index(group) if group in LONG_GROUPS else len(LONG_GROUPS)

    items.sort(key=start_rank)  # stable: the order within a rank is kept


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return worker_group(nodeid)

    return ByGroup(config, log)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[DemoServer]:
    with DemoServer(slow_seconds=SLOW_SECONDS) as server:
        yield server


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def fixture_data() -> Path:
    """Small samples of every shared data set, in the same layout (tests/fixtures/data)."""
    return FIXTURE_DATA


@pytest.fixture(scope="session")
def fixture_training(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """Both baseline tasks trained on the shipped samples into a throw-away registry (seconds)."""
    from classifiers.baseline.training import train_baseline

    models_dir = tmp_path_factory.mktemp("fixture-models")
    results = train_baseline(FIXTURE_DATA, models_dir, today=TRAIN_DAY)
    return models_dir, results


def free_port_block(size: int) -> int:
    """A port p such that p..p+size-1 were free a moment ago."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size >= 65535:
            continue
        sockets = []
        try:
            for offset in range(size):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free port block")


@pytest.fixture(scope="session")
def crawled(demo_server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    from tests.demo_crawl import crawl_demo

    return crawl_demo(demo_server, tmp_path_factory.mktemp("crawl"))
