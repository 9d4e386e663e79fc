"""A real Elasticsearch node for the index tests, started with tools/esnode.

Failures propagate: with Java and Maven on every machine here, a node that does not start is a broken
environment, not a skip.
"""

from __future__ import annotations

from pathlib import Path

from tools.esnode import esnode

EsNode = esnode.NodeInfo
HEAP = "512m"


def start_node(home: Path) -> EsNode:
    return esnode.start(home, port=0, heap=HEAP)


def stop_node(node: EsNode) -> bool:
    """Stop this node by pid (SIGTERM, then SIGKILL); False when it was not running."""
    return esnode.stop(node)
