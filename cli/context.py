"""What every command gets: resolved settings and, on demand, the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from core.settings import SatarkSettings, load_settings
from core.sources import SourcesConfig, load_sources
from store.store import Store


@dataclass
class AppContext:
    config_file: Path | None
    overrides: dict[str, Any]
    _settings: SatarkSettings | None = None
    _store: Store | None = field(default=None, repr=False)

    def settings(self, **more: Any) -> SatarkSettings:
        if more:
            merged = _deep_merge(self.overrides, more)
            self._settings = load_settings(self.config_file, **merged)
        elif self._settings is None:
            self._settings = load_settings(self.config_file, **self.overrides)
        return self._settings

    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings().db_url)
        return self._store

    def sources(self, path: Path | None = None) -> SourcesConfig:
        return load_sources(path or self.settings().sources_path)


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge command-line overrides; options left unset (None) do not mask lower settings layers."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict):
            merged = _deep_merge(out.get(key) if isinstance(out.get(key), dict) else {}, value)
            if merged:
                out[key] = merged
        elif value is not None:
            out[key] = value
    return out


pass_app = click.make_pass_decorator(AppContext)
