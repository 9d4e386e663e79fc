"""Opening the store runs the Alembic migrations once and idempotently."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from core.records import ExtractedArticle
from store.database import StoreUnavailable, migration_heads, open_database
from store.store import Store
from tests.conftest import REPO

TABLES = {"articles", "raw_pages", "classifications", "frontier", "feed_state", "crawl_runs", "crawl_log",
          "index_outbox", "sources", "review_decisions", "claim_reviews", "known_claims", "article_claims",
          "article_flags", "users", "web_sessions", "api_tokens", "alembic_version"}


def test_migrations_create_the_schema(store: Store, db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            assert versions == sorted(migration_heads())
        article_columns = {c["name"] for c in inspect(engine).get_columns("articles")}
        assert {"id", "url", "title", "text", "language", "duplicate_of", "minhash", "processed_at"} <= article_columns
    finally:
        engine.dispose()


def test_opening_twice_is_idempotent_and_keeps_data(db_url: str, make_article: Callable[..., ExtractedArticle]) -> None:
    first = Store(db_url)
    first.articles.add(make_article())
    first.close()
    second = Store(db_url)
    try:
        assert second.articles.count() == 1
        engine = create_engine(db_url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        engine.dispose()
    finally:
        second.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with store.sessions() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"


def test_unusable_location_is_a_one_line_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    url = f"sqlite:///{blocker / 'satark.sqlite'}"
    with pytest.raises(StoreUnavailable) as caught:
        open_database(url)
    assert url in str(caught.value)
    assert "\n" not in str(caught.value)


def test_commands_started_at_once_on_a_fresh_folder_migrate_it_once(tmp_path: Path) -> None:
    # Before the migration lock, two at once failed 8 times in 10 ("table articles already exists").
    opener = "import sys; from store.store import Store; Store(sys.argv[1]).close()"
    for round_number in range(3):
        url = f"sqlite:///{tmp_path / f'round-{round_number}' / 'satark.sqlite'}"
        runs = [subprocess.Popen([sys.executable, "-c", opener, url], cwd=REPO, stderr=subprocess.PIPE, text=True)
                for _ in range(3)]
        for run in runs:
            _, stderr = run.communicate(timeout=120)
            assert run.returncode == 0, stderr
