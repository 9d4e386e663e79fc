"""Known failures become one line on stderr and a non-zero exit; anything else is a bug and keeps its traceback."""

from __future__ import annotations

import sys

import click

# (module, class) of the failures a user can cause or mend: bad settings or sources, an unreachable store or
# index, a page that is not there, a missing model. Named rather than imported: the modules are heavy, and an
# exception can only have come from a module that is already loaded.
USER_ERRORS: tuple[tuple[str, str], ...] = (
    ("core.settings", "SettingsError"),
    ("core.sources", "SourcesError"),
    ("store.database", "StoreUnavailable"),
    ("crawlers.canonical", "NotHttpUrl"),
    ("crawlers.fetch", "FetchError"),
    ("classifiers.errors", "RegistryError"),
    ("index.errors", "SearchIndexError"),
    ("pipeline.alongside", "AlongsideFailed"),
    ("store.subscriptions", "SubscriptionError"),
    ("store.job_locks", "JobBusy"),
)


def is_user_error(exc: BaseException) -> bool:
    loaded = tuple(getattr(sys.modules[module], name) for module, name in USER_ERRORS if module in sys.modules)
    return isinstance(exc, loaded)


class SatarkCliError(click.ClickException):
    """A one-line failure message; exit code 1 (click's usage errors keep exit code 2)."""

    def format_message(self) -> str:
        return self.message
