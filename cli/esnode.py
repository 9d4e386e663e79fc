"""`satark esnode start|stop|status`: a local Elasticsearch node for development (tools/esnode).

The command table in cli/main.py loads this module only when `satark esnode` runs."""

from __future__ import annotations

from pathlib import Path

import click

from cli.context import AppContext, pass_app
from cli.errors import SatarkCliError
from cli.progress import err_console, out_console
from tools.esnode import esnode


@click.group("esnode")
def esnode_group() -> None:
    """Run a real single-node Elasticsearch on 127.0.0.1 (built from Maven Central; needs Java 21+)."""


def _node_home(app: AppContext) -> Path:
    return app.settings().home_dir / "esnode"


def _running(app: AppContext) -> esnode.NodeInfo:
    running = esnode.status(_node_home(app))
    if running is None:
        raise SatarkCliError("no Elasticsearch node is running for this data folder")
    return running


@esnode_group.command("start")
@click.option("--port", type=click.IntRange(0, 65535), default=9200, show_default=True, help="HTTP port (0: any free).")
@click.option("--heap", default="512m", show_default=True, help="JVM heap size.")
@pass_app
def start_command(app: AppContext, port: int, heap: str) -> None:
    """Build the node if needed and start it in the background; its data lives in <home>/esnode."""
    home = _node_home(app)
    running = esnode.status(home)
    if running is not None:
        out_console.print(f"already running: {running.url} (pid {running.pid})")
        return
    err_console.print("starting Elasticsearch (the first start builds it with Maven)...")
    try:
        info = esnode.start(home, port=port, heap=heap)
    except esnode.EsNodeError as exc:
        raise SatarkCliError(str(exc).splitlines()[0]) from exc
    out_console.print(f"Elasticsearch {info.version} at {info.url} (pid {info.pid}, logs {info.log_file})")


@esnode_group.command("stop")
@pass_app
def stop_command(app: AppContext) -> None:
    """Stop the node started by `satark esnode start`."""
    running = _running(app)
    esnode.stop(running)
    out_console.print(f"stopped pid {running.pid}")


@esnode_group.command("status")
@pass_app
def status_command(app: AppContext) -> None:
    """Say whether the node runs, and where."""
    running = _running(app)
    out_console.print(f"running: Elasticsearch {running.version} at {running.url} (pid {running.pid})")
