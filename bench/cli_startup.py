"""How long the light `satark` commands take from process start to exit: --help, feed FILE, search, status.
Offline, on a throw-away data folder; prints the median (and spread) of each, in seconds.

    .venv/bin/python bench/cli_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import record  # noqa: E402

TARGET_S = 0.5  # what a light command may take on the 2-core development machine

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>जन आवाज़</title><link>https://jan-awaaz.example/</link><description>-</description>
<item><title>चुनाव आयोग ने तारीख़ें घोषित कीं</title><link>https://jan-awaaz.example/chunav.html</link>
<pubDate>Tue, 16 Apr 2024 04:00:00 GMT</pubDate></item>
<item><title>EC announces poll dates</title><link>https://jan-awaaz.example/poll-dates.html</link></item>
</channel></rss>
"""


def time_once(args: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", *args], env=env, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command (after one warm-up)")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        feed = root / "feed.xml"
        feed.write_text(FEED, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SATARK_")}
        env.update({"SATARK_HOME": str(root / "home"), "PYTHONPATH": str(REPO), "NO_COLOR": "1"})
        commands = {"--help": ["--help"], "feed FILE": ["feed", str(feed)], "search": ["search", "चुनाव आयोग"],
                    "status": ["status"]}
        print(f"satark start-up, {runs} runs each (seconds; target <= {TARGET_S}):")
        for name, args in commands.items():
            time_once(args, env, root)  # warm-up: bytecode caches, and the first store/index creation
            times = [time_once(args, env, root) for _ in range(runs)]
            median = statistics.median(times)
            record(f"start-up: satark {name}", median, "s", higher_is_better=False)
            print(f"  satark {name:10} median {median:.3f}  (min {min(times):.3f}, max {max(times):.3f})"
                  f"{'' if median <= TARGET_S else '  over target'}")


if __name__ == "__main__":
    main()
