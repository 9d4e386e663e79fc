"""Crash safety: SIGKILL `satark crawl` and `satark process` at random points, then let each finish, and compare the
store and the search index with an uninterrupted run of the same work: counts, and hashes of article ids and of
their content, classifications, flags and indexed documents. Also checks that no child process outlives a kill.
Prints every trial and the verdict; exits 1 on any difference.

    .venv/bin/python bench/crash_safety.py [--kills 20] [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from demosites.server import DemoServer  # noqa: E402

# Fast failures and no politeness delays: the demo sites are on loopback and the point is many runs.
ENV = {"SATARK_CRAWL__AUTOTHROTTLE_START_DELAY": "0", "SATARK_CRAWL__DOWNLOAD_TIMEOUT": "2",
       "SATARK_CRAWL__RETRY_TIMES": "0", "SATARK_CRAWL__CONCURRENT_PER_DOMAIN": "8"}
CRAWL = ("crawl", "--no-process")
PROCESS = ("process",)


@dataclass(frozen=True)
class Fingerprint:
    articles: int
    article_ids: str
    article_content: str
    processed: int
    classifications: int
    classification_keys: str
    flags: str
    indexed: int
    indexed_ids: str
    indexed_content: str
    outbox_waiting: int
    discovered: str


def _digest(rows: Iterable[tuple[object, ...]]) -> str:
    hasher = hashlib.sha256()
    for row in sorted(rows, key=repr):
        hasher.update(repr(row).encode("utf-8"))
    return hasher.hexdigest()[:16]


def fingerprint(home: Path) -> Fingerprint:
    """What an uninterrupted run must agree with. Scores are left out (a batch of another size may round the last
    digit differently); which labels and flags an article got is in."""
    with closing(sqlite3.connect(home / "satark.sqlite")) as store, closing(sqlite3.connect(home / "index.sqlite")) as index:
        articles = store.execute("SELECT id, url, source, title, text, published, language, duplicate_of, kind "
                                 "FROM articles").fetchall()
        keys = store.execute("SELECT article_id, task, model, labels FROM classifications").fetchall()
        flags = store.execute("SELECT article_id, task, reason, evidence FROM article_flags").fetchall()
        documents = index.execute("SELECT id, title, body, language, source, duplicate_of, kind, flagged, flag_reasons "
                                  "FROM documents").fetchall()
        return Fingerprint(
            articles=len(articles),
            article_ids=_digest((row[0],) for row in articles),
            article_content=_digest(articles),
            processed=store.execute("SELECT count(*) FROM articles WHERE processed_at IS NOT NULL").fetchone()[0],
            classifications=len(keys),
            classification_keys=_digest(keys),
            flags=_digest(flags),
            indexed=len(documents),
            indexed_ids=_digest((row[0],) for row in documents),
            indexed_content=_digest(documents),
            outbox_waiting=store.execute("SELECT count(*) FROM index_outbox").fetchone()[0],
            # Which URLs were discovered, not their state: more crawls give a transient failure more attempts.
            discovered=_digest(store.execute("SELECT url, source FROM frontier").fetchall()),
        )


def run(home: Path, args: tuple[str, ...], env: Mapping[str, str]) -> float:
    """Run a command to completion; its wall time."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, cwd=home.parent, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"satark {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return time.perf_counter() - started


def kill_at(home: Path, args: tuple[str, ...], env: Mapping[str, str], after_s: float) -> tuple[bool, list[int]]:
    """Start a command and SIGKILL it after `after_s` (if still running). (killed, pids of children that outlived it
    by five seconds)."""
    process = subprocess.Popen([sys.executable, "-m", "cli", *args], env=env, cwd=home.parent,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    deadline = time.monotonic() + after_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            children = psutil.Process(process.pid).children(recursive=True) or children
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    _, alive = psutil.wait_procs(children, timeout=5)
    for orphan in alive:  # reported, then cleaned up so that the next trial starts clean
        orphan.kill()
    return killed, [p.pid for p in alive]


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "SATARK_HOME": str(home), "PYTHONPATH": str(REPO), **ENV}


def trials(home: Path, sources: Path, kills: int, rng: random.Random, windows: Mapping[str, float],
           log: bool = True) -> list[str]:
    """`kills` SIGKILLs of the crawl, then of processing, each at a random point of its run; then both finish.
    Returns the problems seen (orphans)."""
    env = environment(home)
    problems: list[str] = []
    for name, args in (("crawl", (*CRAWL, "--sources", str(sources))), ("process", PROCESS)):
        for trial in range(1, kills + 1):
            after = rng.uniform(0.2, windows[name])
            killed, orphans = kill_at(home, args, env, after)
            if orphans:
                problems.append(f"{name} trial {trial}: children {orphans} outlived the kill")
            if log:
                print(f"  {name} {trial:2d}: {'killed' if killed else 'finished'} at {after:5.1f} s"
                      f"{'; orphans ' + str(orphans) if orphans else ''}", flush=True)
        if name == "crawl":
            run(home, args, env)
            run(home, args, env)  # the baseline crawls twice too: transient failures get their second attempt
        else:
            run(home, args, env)
    run(home, ("index", "sync"), env)
    return problems


def baseline(home: Path, sources: Path) -> dict[str, float]:
    env = environment(home)
    crawl = run(home, (*CRAWL, "--sources", str(sources)), env)
    run(home, (*CRAWL, "--sources", str(sources)), env)
    process = run(home, PROCESS, env)
    run(home, ("index", "sync"), env)
    return {"crawl": crawl, "process": process}


def compare(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    want, got = asdict(expected), asdict(actual)
    return [f"{key}: uninterrupted {want[key]}, after kills {got[key]}" for key in want if want[key] != got[key]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of the crawl, and as many of processing")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with DemoServer(slow_seconds=0.5) as demo, tempfile.TemporaryDirectory() as tmp:
        sources = demo.write_sources(Path(tmp) / "sources.yaml")
        calm, crashed = Path(tmp) / "calm" / "home", Path(tmp) / "crashed" / "home"
        calm.mkdir(parents=True)
        crashed.mkdir(parents=True)
        windows = baseline(calm, sources)
        expected = fingerprint(calm)
        print(f"uninterrupted: crawl {windows['crawl']:.1f} s, process {windows['process']:.1f} s; {expected}")
        print(f"{args.kills} SIGKILLs of `satark crawl`, then {args.kills} of `satark process`, at random points:")
        problems = trials(crashed, sources, args.kills, rng, windows)
        actual = fingerprint(crashed)
        problems += compare(expected, actual)
    print(f"after kills:   {actual}")
    if problems:
        print("DIFFERENT:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(f"same store and index after {2 * args.kills} kills: {actual.articles} articles, "
          f"{actual.classifications} classifications, {actual.indexed} indexed, nothing lost or doubled, no orphans")


if __name__ == "__main__":
    main()
