"""Build, start and stop a real single-node Elasticsearch on 127.0.0.1 (standard library only).

The node is the Maven project next to this file: the Elasticsearch server and its Netty HTTP
transport from Maven Central, plus small class-path plugins for `GET /`/`HEAD /` and the `hindi`
and `english` analyzers. Everything a node writes (data, logs, config, ready and pid files) lives
under one home folder, so a test can throw it away afterwards.

    python tools/esnode/esnode.py build [--force]
    python tools/esnode/esnode.py start [--home DIR] [--port 0] [--heap 512m]
    python tools/esnode/esnode.py status [--home DIR]
    python tools/esnode/esnode.py stop [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent
JAR = PROJECT_DIR / "target" / "esnode.jar"
LIB_DIR = PROJECT_DIR / "target" / "lib"
DEFAULT_JAVA_HOME = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
# Outside any SATARK_ prefix on purpose: the application's settings loader owns those names.
JAVA_HOME_ENV = "ESNODE_JAVA_HOME"
HOME_ENV = "ESNODE_HOME"
DEFAULT_HOME = PROJECT_DIR.parents[1] / "satark-data" / "esnode"

READY_FILE = "ready.json"
PID_FILE = "esnode.pid"
LOG_FILE = Path("logs") / "esnode.log"

# The stock distribution's jvm.options that matter outside its launcher; the heap comes from the caller.
JVM_OPTIONS = (
    "--enable-native-access=ALL-UNNAMED",
    "--add-modules=jdk.incubator.vector",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
    "-Djava.awt.headless=true",
    "-Dio.netty.noUnsafe=true",
    "-Dio.netty.noKeySetOptimization=true",
    "-Dio.netty.recycler.maxCapacityPerThread=0",
    "-Dlog4j.shutdownHookEnabled=false",
    "-Dlog4j2.disable.jmx=true",
)


class EsNodeError(RuntimeError):
    """Building, starting or stopping the node failed; the message says why."""


@dataclass(frozen=True)
class NodeInfo:
    url: str
    pid: int
    version: str
    http_port: int
    home: Path

    @property
    def log_file(self) -> Path:
        return self.home / LOG_FILE


def java_home() -> Path:
    return Path(os.environ.get(JAVA_HOME_ENV, str(DEFAULT_JAVA_HOME)))


def _newest_source_mtime() -> float:
    sources = [PROJECT_DIR / "pom.xml", *(p for p in (PROJECT_DIR / "src").rglob("*") if p.is_file())]
    return max(p.stat().st_mtime for p in sources)


def is_built() -> bool:
    return JAR.is_file() and LIB_DIR.is_dir() and JAR.stat().st_mtime > _newest_source_mtime()


def build(force: bool = False) -> Path:
    """Package the launcher jar with Maven; a no-op when the jar is newer than the pom and sources.

    Maven runs offline first, so a warm ~/.m2 never touches the network; only if that fails
    (something missing from the cache) does it run online against Maven Central.
    """
    if not force and is_built():
        return JAR
    env = {**os.environ, "JAVA_HOME": str(java_home())}
    command = ["mvn", "-B", "-q", "package"]
    offline = subprocess.run([*command[:1], "-o", *command[1:]], cwd=PROJECT_DIR, env=env,
                             capture_output=True, text=True, check=False)
    if offline.returncode == 0 and JAR.is_file():
        return JAR
    online = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False)
    if online.returncode != 0 or not JAR.is_file():
        raise EsNodeError(f"maven build failed (exit {online.returncode}):\n{_tail(online.stdout + online.stderr)}")
    return JAR


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _log_tail(home: Path, lines: int = 40) -> str:
    log = home / LOG_FILE
    if not log.is_file():
        return f"(no log at {log})"
    return _tail(log.read_text(encoding="utf-8", errors="replace"), lines)


def _http(url: str, method: str = "GET", timeout: float = 35.0) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers.items()), e.read()


def _is_our_jvm(pid: int) -> bool:
    """Guards against signalling a recycled pid: the process must be a JVM running our jar."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    return str(JAR).encode() in cmdline or b"esnode.jar" in cmdline


def _alive(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False  # our own child, now reaped (a zombie would otherwise look alive)
    except ChildProcessError:
        pass  # not our child (e.g. started by an earlier CLI call): fall through to a signal probe
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_ready(home: Path) -> dict[str, Any] | None:
    """The node's ready file (written by the Java launcher once HTTP answers): url, version, http_port, pid."""
    try:
        ready: dict[str, Any] = json.loads((home / READY_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return ready


def _node_info(ready: dict[str, Any], home: Path, pid: int | None = None) -> NodeInfo:
    return NodeInfo(url=str(ready["url"]), pid=int(ready["pid"]) if pid is None else pid,
                    version=str(ready["version"]), http_port=int(ready["http_port"]), home=home)


def start(data_dir: Path | str, port: int = 0, heap: str = "512m", timeout: float = 90.0) -> NodeInfo:
    """Start a node whose data, logs and config live under `data_dir`; return once it is green.

    The JVM runs in its own session, so it outlives this process until `stop` is called.
    """
    home = Path(data_dir).resolve()
    build()
    (home / LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    pid_file = home / PID_FILE
    if pid_file.is_file():
        old_pid = int(pid_file.read_text().strip())
        if _alive(old_pid) and _is_our_jvm(old_pid):
            raise EsNodeError(f"a node already runs from {home} (pid {old_pid}); stop it first")
    (home / READY_FILE).unlink(missing_ok=True)
    java = java_home() / "bin" / "java"
    command = [str(java), f"-Xms{heap}", f"-Xmx{heap}", f"-Djava.io.tmpdir={home / 'tmp'}", *JVM_OPTIONS,
               "-jar", str(JAR), "--home", str(home), "--http-port", str(port),
               "--ready-file", str(home / READY_FILE)]
    (home / "tmp").mkdir(exist_ok=True)
    with open(home / LOG_FILE, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, cwd=home)
    pid_file.write_text(f"{process.pid}\n")

    deadline = time.monotonic() + timeout
    ready = None
    while ready is None:
        if process.poll() is not None:
            raise EsNodeError(f"node exited with {process.returncode} before it was ready; log tail:\n{_log_tail(home)}")
        if time.monotonic() > deadline:
            stop(process.pid)
            raise EsNodeError(f"node not ready within {timeout:.0f} s; log tail:\n{_log_tail(home)}")
        time.sleep(0.1)
        ready = _read_ready(home)

    info = _node_info(ready, home, pid=process.pid)
    status, _, body = _http(f"{info.url}/_cluster/health?wait_for_status=green&timeout=30s")
    if status != 200:
        stop(info)
        raise EsNodeError(f"cluster did not turn green ({status}): {body[:500]!r}; log tail:\n{_log_tail(home)}")
    return info


def stop(target: NodeInfo | int, timeout: float = 30.0) -> bool:
    """SIGTERM the node, wait for it to close, SIGKILL after `timeout`. False if it was not running."""
    pid = target.pid if isinstance(target, NodeInfo) else int(target)
    if not _alive(pid):
        return False
    if not _is_our_jvm(pid):
        raise EsNodeError(f"pid {pid} is not an esnode JVM; refusing to signal it")
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
            break
        time.sleep(0.05)
    if isinstance(target, NodeInfo):
        (target.home / PID_FILE).unlink(missing_ok=True)
    return True


def status(data_dir: Path | str) -> NodeInfo | None:
    """The running node under `data_dir`, or None when there is none (or it does not answer)."""
    home = Path(data_dir).resolve()
    ready = _read_ready(home)
    if ready is None:
        return None
    info = _node_info(ready, home)
    if not _alive(info.pid):
        return None
    try:
        code, _, _ = _http(f"{info.url}/", timeout=5.0)
    except OSError:
        return None
    return info if code == 200 else None


def _stop_home(home: Path) -> bool:
    pid_file = home / PID_FILE
    if not pid_file.is_file():
        return False
    pid = int(pid_file.read_text().strip())
    stopped = stop(pid)
    pid_file.unlink(missing_ok=True)
    return stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="esnode", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="package the launcher with Maven (skipped when up to date)")
    build_cmd.add_argument("--force", action="store_true")
    default_home = Path(os.environ.get(HOME_ENV, str(DEFAULT_HOME)))
    for name, text in (("start", "start a detached node"), ("stop", "stop the node"), ("status", "show the node")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--home", type=Path, default=default_home, help="data, logs and pid file (default %(default)s)")
        if name == "start":
            sub.add_argument("--port", type=int, default=0, help="HTTP port; 0 picks a free one")
            sub.add_argument("--heap", default="512m")
    args = parser.parse_args(argv)

    try:
        if args.command == "build":
            started = time.monotonic()
            jar = build(force=args.force)
            print(f"{jar} ({time.monotonic() - started:.1f} s)")
        elif args.command == "start":
            started = time.monotonic()
            info = start(args.home, port=args.port, heap=args.heap)
            print(json.dumps({**asdict(info), "home": str(info.home), "seconds": round(time.monotonic() - started, 1)}))
        elif args.command == "stop":
            print("stopped" if _stop_home(args.home.resolve()) else "not running")
        else:
            running = status(args.home)
            if running is None:
                print("not running")
                return 1
            print(json.dumps({**asdict(running), "home": str(running.home)}))
    except EsNodeError as e:
        print(f"esnode: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
