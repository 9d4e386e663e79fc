"""Engine, sessions and schema migration for the store."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*[:=]", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


class StoreUnavailable(RuntimeError):
    """The database cannot be opened or migrated; the message is one line for the user."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets searches and `satark process` read while a crawl writes; busy_timeout waits out short locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def create_store_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migration_heads() -> set[str]:
    """The newest revision(s) of the migration scripts, read from their `revision`/`down_revision` lines."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        for match in _REVISION_LINE.finditer(source):
            line = source[match.start():source.find("\n", match.start())]
            (revised if match.group(1) == "down_revision" else revisions).update(_QUOTED.findall(line))
    return revisions - revised


def _at_head(engine: Engine) -> bool:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        current = set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return current == migration_heads()


@contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    """Two commands started at once on a fresh data folder must not both create the tables ("table articles already
    exists"): on an SQLite file, an OS lock beside it lets one migrate while the other waits, then finds it done."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent, one process at a time). Alembic, slow to import, loads
    only when there is something to upgrade: every command opens the store, and `satark status` should start at
    once."""
    if _at_head(engine):
        return
    with _one_migrator(engine):
        if _at_head(engine):  # another process migrated while this one waited
            return
        from alembic import command

        config = alembic_config(str(engine.url))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def open_database(url: str) -> sessionmaker[Session]:
    try:
        engine = create_store_engine(url)
        migrate(engine)
    except Exception as exc:  # any driver error becomes one clear line
        raise StoreUnavailable(f"cannot open the store at {url}: {exc.__class__.__name__}: {exc}") from exc
    return sessionmaker(engine, expire_on_commit=False)
