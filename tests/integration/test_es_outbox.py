"""Ingestion survives an Elasticsearch outage: the outbox keeps every index write until the node is back."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from demosites.server import DemoServer
from index.documents import SearchQuery
from index.factory import open_index
from store.store import Store
from tests.conftest import run_satark, satark_env
from tools.esnode import esnode

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def _es_env(url: str) -> dict[str, str]:
    return {"SATARK_SEARCH__BACKEND": "elasticsearch", "SATARK_SEARCH__ELASTICSEARCH__URL": url,
            "SATARK_SEARCH__ELASTICSEARCH__INDEX_PREFIX": "outage", "SATARK_SEARCH__ELASTICSEARCH__TIMEOUT_S": "3"}


def _indexed_ids(url: str) -> list[str]:
    with open_index("elasticsearch", url=url, index_prefix="outage") as index:
        first = index.search(SearchQuery(per_page=100))
        ids = [h.id for h in first.hits]
        for page in range(2, first.pages + 1):
            ids += [h.id for h in index.search(SearchQuery(per_page=100, page=page)).hits]
        assert len(ids) == first.total == index.count()
        return ids


def test_node_stopped_mid_ingest_loses_nothing(demo_server: DemoServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    node_home = tmp_path / "esnode"
    sources = demo_server.write_sources(tmp_path / "sources.yaml")
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    node = esnode.start(node_home)
    try:
        crawl = subprocess.Popen(
            [sys.executable, "-m", "cli", "crawl", "--sources", str(sources)], cwd=tmp_path,
            env=satark_env(home, **_es_env(node.url), SATARK_CRAWL__CONCURRENT_PER_DOMAIN="1",
                           SATARK_CRAWL__DOWNLOAD_DELAY="0.05", SATARK_CRAWL__AUTOTHROTTLE="false"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while store.articles.count() < 10 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.05)
        assert crawl.poll() is None, "the crawl must still be running when the node goes down"
        esnode.stop(node)  # the outage, mid-ingest
        _, stderr = crawl.communicate(timeout=240)
        # Everything was crawled and processed; only indexing waits, and the command says so.
        assert crawl.returncode == 1
        assert "index unavailable" in stderr and "wait in the outbox" in stderr
        stored = store.articles.count()
        assert stored >= 80 and store.articles.count(processed=False) == 0
        assert store.outbox.size() > 0

        node = esnode.start(node_home)  # back, with the data it had (possibly on another port)
        resumed = run_satark(home, "process", **_es_env(node.url))  # the pipeline drains the outbox itself
        assert resumed.returncode == 0, resumed.stderr
        assert store.outbox.size() == 0
        ids = _indexed_ids(node.url)
        assert len(ids) == len(set(ids)) == stored  # every article once, none twice

        # A second outage, repaired by hand with `satark index sync`.
        esnode.stop(node)
        demo_server.add_article("capital-chronicle", slug="outage-new-article",
                                title="Polling staff complete training on new voter verification slips",
                                paragraphs=["Over four thousand polling staff in Lucknow completed training on the "
                                            "new voter verification slips on Friday, officials said.",
                                            "The district election officer said the slips would be checked at "
                                            "every booth and that mock polls would be held an hour before voting."])
        offline = run_satark(home, "crawl", "--sources", str(sources), **_es_env(node.url))
        assert offline.returncode == 1 and store.articles.count() == stored + 1
        node = esnode.start(node_home)
        synced = run_satark(home, "index", "sync", **_es_env(node.url))
        assert synced.returncode == 0, synced.stderr
        ids = _indexed_ids(node.url)
        assert len(ids) == len(set(ids)) == stored + 1
    finally:
        esnode.stop(node)
