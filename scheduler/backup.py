"""The daily store backup: SQLite's online backup API copies a consistent snapshot while crawls and the desk keep
writing; the newest `keep` copies are kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The store cannot be backed up this way (not SQLite), or the copy failed; one line for the user."""


def store_path(db_url: str) -> Path:
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"only an SQLite store file can be backed up by the scheduler, not {url.get_backend_name()}")
    return Path(url.database)


def backup_store(db_url: str, folder: Path, day: date, keep: int) -> Path:
    """Copy the store to `folder/satark-<day>.sqlite` (replacing a copy of the same day), then delete all but the
    newest `keep` copies. Returns the copy's path."""
    source = store_path(db_url)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"satark-{day.isoformat()}.sqlite"
    partial = target.with_suffix(".partial")
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reading, \
                closing(sqlite3.connect(partial)) as writing:
            reading.backup(writing, pages=1024)
        partial.replace(target)  # a crash mid-copy never leaves a half copy under the final name
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source} failed: {exc}") from exc
    for old in sorted(folder.glob("satark-*.sqlite"))[:-keep]:
        old.unlink()
    return target
