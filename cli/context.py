"""What every command gets: resolved settings and, on demand, the application object (pipeline.app)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from core.settings import SatarkSettings
    from core.sources import SourcesConfig
    from pipeline.app import SatarkApp


@dataclass
class AppContext:
    config_file: Path | None
    overrides: dict[str, Any]
    _settings: SatarkSettings | None = None
    _app: SatarkApp | None = field(default=None, repr=False)

    def settings(self, **more: Any) -> SatarkSettings:
        """The resolved settings; `more` adds command-line overrides (and resets the app built on older ones)."""
        from core.settings import load_settings

        if more:
            merged = _deep_merge(self.overrides, more)
            self._settings = load_settings(self.config_file, **merged)
            self.close()
        elif self._settings is None:
            self._settings = load_settings(self.config_file, **self.overrides)
        return self._settings

    def app(self) -> SatarkApp:
        """The pipeline over the settings resolved so far (call `settings(...)` first to add overrides)."""
        if self._app is None:
            from pipeline.app import SatarkApp

            self._app = SatarkApp(self.settings())
        return self._app

    def sources(self, path: Path | None = None) -> SourcesConfig:
        from core.sources import load_sources

        return load_sources(path or self.settings().sources_path)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge command-line overrides; options left unset (None) do not mask lower settings layers."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict):
            nested = out.get(key)
            merged = _deep_merge(nested if isinstance(nested, dict) else {}, value)
            if merged:
                out[key] = merged
        elif value is not None:
            out[key] = value
    return out


pass_app = click.make_pass_decorator(AppContext)
