"""Processing beside a running crawl, in a worker process: it processes what is stored while the crawl still
runs, drains the rest when the crawl ends, processes each article once, stops after the batch in hand when the
crawl is interrupted (the rest waits), and reports a failure as an error instead of hanging."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from core.settings import SatarkSettings, load_settings
from index.documents import SearchQuery
from pipeline.alongside import AlongsideFailed, ProcessAlongside
from pipeline.app import SatarkApp
from tests.conftest import process_ended
from tests.pipeline.test_app import ENGLISH, HINDI


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             fixture_training: tuple[Path, list[object]]) -> SatarkSettings:
    for name in [n for n in os.environ if n.startswith("SATARK_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    models_dir, _ = fixture_training
    # Claim analysis off: these tests are about the worker beside the crawl, and its models load in every worker.
    return load_settings(home=tmp_path / "home", classify={"models_dir": models_dir, "threads": 1},
                         claims={"enabled": False})


def _eventually(condition: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_processes_while_the_crawl_stores_then_drains(settings: SatarkSettings) -> None:
    with SatarkApp(settings) as app:
        app.store  # noqa: B018 - migrations first, as `satark crawl` does
        with ProcessAlongside(settings, poll_seconds=0.1) as worker:
            assert app.store.articles.add(HINDI)  # the "crawl" stores one article ...
            assert _eventually(lambda: app.store.articles.count(processed=False) == 0)
            assert worker.done == 1  # ... and it is processed while the crawl still runs
            assert app.store.articles.add(ENGLISH)  # stored just before the crawl ends
            worker.finish()
            report = worker.report()
        assert report.processed == 2 and dict(report.languages) == {"hi": 1, "en": 1}
        assert app.store.articles.count(processed=False) == 0
        assert app.store.outbox.size() == 2  # one index write per article: each processed once
        assert app.sync().written == 2
        assert [hit.id for hit in app.search(SearchQuery(text="चुनाव आयोग")).hits] == [HINDI.id]
        assert [hit.id for hit in app.search(SearchQuery(text="polling")).hits] == [ENGLISH.id]


def test_an_interrupted_crawl_leaves_the_rest_waiting(settings: SatarkSettings) -> None:
    with SatarkApp(settings) as app:
        assert app.store.articles.add(HINDI) and app.store.articles.add(ENGLISH)
        worker = ProcessAlongside(settings, poll_seconds=0.1)
        worker.stop()  # interrupted before the worker reached a batch
        with worker:
            report = worker.report()
        assert report.processed == 0
        assert app.store.articles.count(processed=False) == 2  # nothing lost: the next run processes them
        assert app.process().processed == 2


def test_a_failing_worker_is_an_error_not_a_hang(settings: SatarkSettings, tmp_path: Path) -> None:
    models = tmp_path / "broken-models"
    models.mkdir()
    (models / "registry.json").write_text('{"sentiment": "tfidf-lr/none"}', encoding="utf-8")  # no such version
    broken = settings.model_copy(update={"classify": settings.classify.model_copy(update={"models_dir": models})})
    with SatarkApp(broken) as app:
        assert app.store.articles.add(HINDI)
        with ProcessAlongside(broken, poll_seconds=0.1) as worker, pytest.raises(AlongsideFailed, match="failed"):
            worker.finish()
            worker.report()
        assert app.store.articles.count(processed=False) == 1


ORPHAN_SCRIPT = """
import sys, time
from core.settings import load_settings
from pipeline.alongside import ProcessAlongside
settings = load_settings(home=sys.argv[1], classify={"models_dir": sys.argv[2], "threads": 1},
                         claims={"enabled": False})
from store.store import Store
Store(settings.db_url).close()
with ProcessAlongside(settings, poll_seconds=0.1) as worker:
    from multiprocessing import resource_tracker
    print(worker._process.pid, resource_tracker._resource_tracker._pid, flush=True)
    time.sleep(600)
"""


def test_a_worker_whose_crawl_process_is_killed_stops(settings: SatarkSettings, tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_SCRIPT, str(settings.home_dir), str(settings.classify.models_dir)],
                              cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)}, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker, tracker = (int(pid) for pid in parent.stdout.readline().split())
        parent.send_signal(signal.SIGKILL)  # no Ctrl-C, no cleanup: the worker is on its own
        parent.wait(30)
        # Killed while it starts and loads its models: it is not left to finish loading for nobody (a grace of
        # 3 s, core/processes.py), and multiprocessing's resource tracker ends with it.
        assert _eventually(lambda: process_ended(worker), 15), "the orphaned worker kept running"
        assert _eventually(lambda: process_ended(tracker), 5), "the resource tracker outlived the crawl"
    finally:
        parent.kill()
