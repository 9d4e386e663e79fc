"""The desk over a copy of the session's demo crawl (Hindi and English articles, flags, fact-checks, copies), with
one account per role. A module gets its own copy, so the reviews it records touch no other module."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.settings import load_settings
from pipeline.app import SatarkApp
from store.accounts import ROLES
from tests.demo_crawl import Crawled
from tests.index.es_node import start_node, stop_node
from web.app import create_app

PASSWORD = "correct horse battery staple"  # every test account's


@dataclass
class Desk:
    home: Path
    satark: SatarkApp
    app: FastAPI

    def client(self) -> TestClient:
        # https: the session cookie is Secure, so the client only sends it back over TLS (or to loopback).
        return TestClient(self.app, base_url="https://testserver", follow_redirects=False)

    def logged_in(self, name: str, password: str = PASSWORD) -> TestClient:
        client = self.client()
        response = login(client, name, password)
        assert response.status_code == 303, response.text
        return client


def login(client: TestClient, name: str, password: str, next_url: str = "/search") -> object:
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None, form.text
    return client.post("/login", data={"name": name, "password": password, "csrf": csrf.group(1), "next": next_url})


def csrf_of(client: TestClient, path: str = "/search") -> str:
    page = client.get(path)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.slow)])
def desk(request: pytest.FixtureRequest, crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The desk on either search backend: SQLite (the copy's own index file) or a real Elasticsearch node filled
    from the copied store, as `satark index rebuild` fills it."""
    home = tmp_path_factory.mktemp("desk") / "home"
    shutil.copytree(crawled.home, home, ignore=shutil.ignore_patterns("*.sqlite*", "esnode"))
    for database in ("satark.sqlite", "index.sqlite"):  # through SQLite, so what waits in the WAL comes along
        with closing(sqlite3.connect(crawled.home / database)) as source, \
                closing(sqlite3.connect(home / database)) as target:
            source.backup(target)
    node = start_node(tmp_path_factory.mktemp("desk-es")) if request.param == "elasticsearch" else None
    search = ({"backend": "elasticsearch", "elasticsearch": {"url": node.url, "index_prefix": "desk"}}
              if node is not None else {"backend": "sqlite"})
    satark = SatarkApp(load_settings(home=home, search=search, web={"login_rate": 1000}))
    try:
        if node is not None:
            satark.rebuild()
        for role in ROLES:
            satark.store.accounts.add_user(role, PASSWORD, role)
        yield Desk(home, satark, create_app(satark))
    finally:
        satark.close()
        if node is not None:
            stop_node(node)
