"""Run every benchmark and print its figures: `make bench`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

for script in ("cli_startup.py", "classifiers.py", "stages.py", "processing.py", "end_to_end.py", "search_backends.py",
               "search_relevance.py", "desk.py", "claims.py", "flags.py"):
    subprocess.run([sys.executable, str(HERE / script)], check=True)
