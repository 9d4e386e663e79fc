"""The CLI starts without the heavy stack: `satark --help` and the light commands import neither the classifier
stack nor Scrapy nor the Elasticsearch client (which modules load is checked, not how long it takes)."""

from __future__ import annotations

import configparser
import fnmatch
import importlib
import json
import subprocess
import sys
from pathlib import Path

import click

from cli.errors import USER_ERRORS
from cli.lazy import LazyGroup
from cli.main import COMMANDS, satark
from tests.conftest import REPO, satark_env

HEAVY = ("torch", "transformers", "sklearn", "scrapy", "twisted", "elasticsearch", "trafilatura", "pandas",
         "datasketch", "sqlalchemy", "alembic", "scipy", "langdetect", "classifiers", "crawlers.runner",
         "tools.esnode", "pipeline.flow")

# Run the real entry point, then report which modules it loaded (to a file: stdout belongs to the command).
RUN_AND_LIST_MODULES = """
import json, runpy, sys
report, sys.argv = sys.argv[1], ["satark", *sys.argv[2:]]
try:
    runpy.run_module("cli", run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(report, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>जन आवाज़</title><link>https://jan-awaaz.example/</link><description>-</description>
<item><title>चुनाव आयोग ने तारीख़ें घोषित कीं</title><link>https://jan-awaaz.example/a.html</link></item>
<item><title>EC announces poll dates</title><link>https://jan-awaaz.example/b.html</link></item>
</channel></rss>
"""


def loaded_modules(home: Path, *args: str) -> set[str]:
    report = home.parent / "modules.json"
    proc = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, str(report), *args], cwd=home.parent,
                          env=satark_env(home), capture_output=True, text=True, encoding="utf-8", timeout=120)
    outcome = json.loads(report.read_text(encoding="utf-8"))
    assert outcome["code"] in (0, None), proc.stderr
    return set(outcome["modules"])


def heavy_in(modules: set[str], allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(h for h in HEAVY if h not in allowed and any(m == h or m.startswith(h + ".") for m in modules))


def test_help_imports_no_heavy_module_and_no_command(home: Path) -> None:
    modules = loaded_modules(home, "--help")
    assert heavy_in(modules) == []
    assert not {"core.settings", "pydantic", "cli.process", "cli.search", "cli.training"} & modules


def test_feed_search_and_status_import_only_what_they_use(home: Path) -> None:
    feed = home / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    assert heavy_in(loaded_modules(home, "feed", "--json", str(feed))) == []
    assert heavy_in(loaded_modules(home, "search", "चुनाव आयोग")) == []
    assert heavy_in(loaded_modules(home, "status"), allowed=("sqlalchemy", "alembic")) == []


def test_listing_matches_each_command_own_help() -> None:
    fresh = LazyGroup("satark", lazy_commands=COMMANDS)  # nothing loaded yet, whatever other tests did
    listed = {name: {limit: fresh.listed_help(name, limit) for limit in (45, 60, 200)} for name in COMMANDS}
    assert not fresh.commands
    ctx = click.Context(satark)
    for name in COMMANDS:
        command = satark.get_command(ctx, name)
        assert command is not None and command.name == name
        assert listed[name] == {limit: command.get_short_help_str(limit) for limit in listed[name]}, name


def test_every_user_error_names_a_real_exception() -> None:
    for module, name in USER_ERRORS:
        error = getattr(importlib.import_module(module), name)
        assert isinstance(error, type) and issubclass(error, Exception)


def test_tools_package_is_installed_with_its_java_sources() -> None:
    """`satark esnode` builds from tools/esnode's pom and sources, so a normal (non-editable) install must carry
    them; the Java sources are not Python packages, so only package data brings them along."""
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    assert "tools*" in setup["options.packages.find"]["include"].split()
    patterns = [p.strip() for key in ("*", "tools.esnode") for p in setup["options.package_data"][key].split(",")]
    esnode = REPO / "tools" / "esnode"
    needed = [esnode / "pom.xml", *(p for p in (esnode / "src").rglob("*") if p.is_file())]
    assert len(needed) > 5
    for path in needed:
        assert any(fnmatch.fnmatch(path.relative_to(esnode).as_posix(), pattern) for pattern in patterns), path
