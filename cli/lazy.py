"""A click group that imports a command's module only when that command runs (or its own help is asked for).

`satark --help` lists every command from the short help kept here, so listing them imports none of them: the
classifier stack, Scrapy and the Elasticsearch client load only for the commands that use them."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass

import click


@dataclass(frozen=True, slots=True)
class LazyCommand:
    target: str  # "package.module:attribute", a click.Command
    short_help: str  # as the command's own docstring gives it; tests/cli check that the two agree

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(click.Group):
    def __init__(self, *args: object, lazy_commands: Mapping[str, LazyCommand] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self.lazy_commands[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def listed_help(self, name: str, limit: int) -> str:
        """A command's line in the listing, without importing a command that is not loaded yet."""
        if name in self.commands:
            return self.commands[name].get_short_help_str(limit)
        # A bare stand-in shortens the text exactly as click shortens a command's docstring.
        return click.Command(name, help=self.lazy_commands[name].short_help).get_short_help_str(limit)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [n for n in self.list_commands(ctx) if n in self.lazy_commands or not self.commands[n].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        with formatter.section("Commands"):
            formatter.write_dl([(name, self.listed_help(name, limit)) for name in names])
