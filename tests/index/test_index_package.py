"""The package layout promise: the shared modules and the SQLite backend never import the Elasticsearch client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import sys
import index, index.base, index.factory
assert not [m for m in sys.modules if m.startswith(("elasticsearch", "elastic_transport", "index.sqlite"))], "eager"
from index import SearchQuery, open_index
with open_index("sqlite", path=":memory:") as ix:
    assert ix.search(SearchQuery(text="चुनाव", hostile=True)).total == 0
assert "index.sqlite.backend" in sys.modules
assert not [m for m in sys.modules if m.startswith(("elasticsearch", "elastic_transport", "index.elasticsearch"))]
"""


def test_index_and_the_sqlite_backend_do_not_import_the_elasticsearch_client() -> None:
    # A fresh interpreter: this test process has imported the client through other tests already.
    result = subprocess.run([sys.executable, "-c", _PROBE], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
