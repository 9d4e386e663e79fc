"""Known failures become one line on stderr and a non-zero exit; anything else is a bug and keeps its traceback."""

from __future__ import annotations

import click

from classifiers.errors import RegistryError
from core.settings import SettingsError
from core.sources import SourcesError
from crawlers.canonical import NotHttpUrl
from crawlers.fetch import FetchError
from index.errors import SearchIndexError
from store.database import StoreUnavailable

USER_ERRORS: tuple[type[Exception], ...] = (
    SettingsError, SourcesError, StoreUnavailable, NotHttpUrl, FetchError, RegistryError, SearchIndexError,
)


class SatarkCliError(click.ClickException):
    """A one-line failure message; exit code 1 (click's usage errors keep exit code 2)."""

    def format_message(self) -> str:
        return self.message
