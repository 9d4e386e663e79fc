"""Print the JSON API's OpenAPI schema (checked in as docs/openapi.json): `python -m web.openapi`."""

from __future__ import annotations

import json
import tempfile

from core.settings import load_settings
from pipeline.app import SatarkApp
from web.app import create_app


def schema_text() -> str:
    with tempfile.TemporaryDirectory() as home:  # the schema needs no data: nothing is opened
        app = create_app(SatarkApp(load_settings(home=home)))
        return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
