"""The desk under load: 20 concurrent clients for 60 s against the search page and the search API, over 100,000
Hindi and English articles, on both search backends.

    .venv/bin/python bench/desk.py [--docs 100000] [--clients 20] [--seconds 60] [--backend sqlite|elasticsearch|both]

The desk runs as `satark serve` in its own process (uvicorn on 127.0.0.1); the clients are threads of this
process, each with its own keep-alive connection, half asking for pages (a logged-in session) and half for the
API (a bearer token), with the typical monitoring queries of bench/search_backends.py. Server-side time is what
the desk reports in its `Server-Timing` header (from the request arriving to the response being ready); the
client-side time adds the loopback and this process's own share of the two cores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.figures import record  # noqa: E402
from bench.search_backends import documents, typical_queries  # noqa: E402
from core.settings import load_settings  # noqa: E402
from index.documents import SearchQuery  # noqa: E402
from index.factory import open_index  # noqa: E402
from pipeline.search_params import SearchParams  # noqa: E402
from store.store import Store  # noqa: E402
from tools.esnode import esnode  # noqa: E402

PASSWORD = "bench password 2026"


def query_string(query: SearchQuery) -> str:
    params = SearchParams.model_validate({
        "q": query.text, "lang": list(query.languages), "source": list(query.sources), "sort": query.sort,
        "flagged": query.flagged, "from": query.published_from, "to": query.published_to})
    return params.query_string()


def fill(backend: str, home: Path, docs: int, es_url: str | None) -> None:
    options = {"path": home / "index.sqlite"} if backend == "sqlite" else {"url": es_url, "index_prefix": "desk"}
    started = time.perf_counter()
    with open_index(backend, **options) as index:  # type: ignore[arg-type]
        batch = []
        for doc in documents(docs):
            batch.append(doc)
            if len(batch) == 10_000:
                index.upsert(batch)
                batch.clear()
        if batch:
            index.upsert(batch)
    print(f"  {backend}: {docs:,} articles indexed in {time.perf_counter() - started:.0f} s", flush=True)


def start_desk(home: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    desk = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), "SATARK_HOME": str(home), **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return desk
        except httpx.HTTPError:
            time.sleep(0.3)
    desk.kill()
    raise SystemExit(f"the desk did not start: {desk.stderr.read().decode() if desk.stderr else ''}")


def _cookie(response: httpx.Response, name: str) -> str:
    # The desk's cookies are Secure; httpx keeps those for https only, so they are carried by hand over loopback.
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header.split("=", 1)[1].split(";", 1)[0]
    raise SystemExit(f"no {name} cookie in the answer ({response.status_code})")


def session_cookie(base: str) -> str:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        form = client.get("/login")
        csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        response = client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf": csrf, "next": "/search"},
                               headers={"Cookie": f"satark_login_csrf={_cookie(form, 'satark_login_csrf')}"})
        return _cookie(response, "satark_session")


def load(base: str, cookie: str, token: str, clients: int, seconds: float) -> dict[str, dict[str, list[float]]]:
    queries = [query_string(q) for q in typical_queries(400)]
    timings: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(n: int) -> None:
        kind = "page" if n % 2 == 0 else "api"
        path = "/search" if kind == "page" else "/api/v1/search"
        headers = {"Authorization": f"Bearer {token}"} if kind == "api" else {}
        rng = random.Random(n)
        if kind == "page":
            headers = {"Cookie": f"satark_session={cookie}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            while time.monotonic() < stop:
                began = time.perf_counter()
                response = http.get(f"{path}?{rng.choice(queries)}")
                elapsed = (time.perf_counter() - began) * 1000
                server = response.headers.get("server-timing", "app;dur=nan").split("dur=")[-1]
                with lock:
                    timings[kind]["client"].append(elapsed)
                    timings[kind]["server"].append(float(server))
                    timings[kind]["errors"].append(0.0 if response.status_code == 200 else 1.0)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def report(backend: str, timings: dict[str, dict[str, list[float]]], seconds: float, clients: int) -> None:
    for kind, series in timings.items():
        server = statistics.quantiles(series["server"], n=100)
        client = statistics.quantiles(series["client"], n=100)
        print(f"  {backend:<13} {kind:<5} {len(series['client']) / seconds:>7.1f} req/s   server p50 {server[49]:6.1f} ms "
              f"p95 {server[94]:6.1f} ms   client p50 {client[49]:6.1f} ms p95 {client[94]:6.1f} ms   "
              f"errors {int(sum(series['errors']))}", flush=True)
        record(f"desk p95 under load: {backend} {kind}", client[94], "ms", higher_is_better=False,
               note=f"{clients} clients, {len(series['client']) / seconds:.0f} req/s")


def run(backend: str, args: argparse.Namespace, workdir: Path) -> None:
    home = workdir / backend
    home.mkdir()
    env: dict[str, str] = {}
    node = None
    if backend == "elasticsearch":
        node = esnode.start(workdir / "esnode", heap="1g")
        env = {"SATARK_SEARCH__BACKEND": "elasticsearch", "SATARK_SEARCH__ELASTICSEARCH__URL": node.url,
               "SATARK_SEARCH__ELASTICSEARCH__INDEX_PREFIX": "desk"}
    try:
        fill(backend, home, args.docs, node.url if node else None)
        store = Store(load_settings(home=home).db_url)
        store.accounts.add_user("bench", PASSWORD, "viewer")
        _, token = store.accounts.create_token("bench", "bench")
        store.close()
        port = 8790
        desk = start_desk(home, port, env)
        try:
            base = f"http://127.0.0.1:{port}"
            cookie = session_cookie(base)
            load(base, cookie, token, 2, 5)  # warm-up
            report(backend, load(base, cookie, token, args.clients, args.seconds), args.seconds, args.clients)
        finally:
            desk.terminate()
            desk.wait(timeout=30)
    finally:
        if node is not None:
            esnode.stop(node)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--backend", choices=("sqlite", "elasticsearch", "both"), default="both")
    args = parser.parse_args()
    print(f"{args.docs:,} articles, {args.clients} concurrent clients for {args.seconds:.0f} s (half pages, half API):")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "elasticsearch") if args.backend == "both" else (args.backend,):
            run(backend, args, Path(tmp))


if __name__ == "__main__":
    main()
