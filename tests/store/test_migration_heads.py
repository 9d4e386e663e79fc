"""Opening a store whose schema is current skips Alembic (slow to import); an older schema is still upgraded."""

from __future__ import annotations

import subprocess
import sys

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from store.database import alembic_config, migration_heads
from store.store import Store
from tests.conftest import REPO


def test_heads_read_from_the_scripts_are_alembics(db_url: str) -> None:
    assert migration_heads() == set(ScriptDirectory.from_config(alembic_config(db_url)).get_heads())


def test_current_store_opens_without_alembic(store: Store, db_url: str) -> None:
    probe = f"import sys; from store.store import Store; Store({db_url!r}).close(); print('alembic' in sys.modules)"
    reopened = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert reopened.returncode == 0, reopened.stderr
    assert reopened.stdout.strip() == "False"


def test_older_schema_is_upgraded_on_open(store: Store, db_url: str) -> None:
    store.close()
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        assert "review_decisions" not in inspect(engine).get_table_names()
        Store(db_url).close()
        assert "review_decisions" in inspect(engine).get_table_names()
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            assert versions == sorted(migration_heads())
    finally:
        engine.dispose()
