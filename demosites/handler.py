"""HTTP plumbing for one demo outlet: request handler, per-path hit counts, quiet server."""

from __future__ import annotations

import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from demosites.conditional import etag_for, http_date, is_not_modified
from demosites.site import DemoSite

_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")


class HitCounter:
    """Thread-safe count of requests per (path, status)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, int]] = Counter()

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self._counts[(path, status)] += 1

    def by_path(self, status: int | None = None) -> Counter[str]:
        with self._lock:
            result: Counter[str] = Counter()
            for (path, code), count in self._counts.items():
                if status is None or code == status:
                    result[path] += count
            return result

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


class DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a client stuck on the slow URL must not block shutdown
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: DemoSite, *, verbose: bool = False) -> None:
        self.site = site
        self.hits = HitCounter()
        self.verbose = verbose
        self.stopping = threading.Event()
        self._problems_lock = threading.Lock()
        self.problems: Counter[str] = Counter()  # e.g. client disconnects, handler errors
        super().__init__(address, DemoRequestHandler)

    def count_problem(self, reason: str) -> None:
        with self._problems_lock:
            self.problems[reason] += 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.count_problem("handler_error")
        if self.verbose:
            super().handle_error(request, client_address)


class DemoRequestHandler(BaseHTTPRequestHandler):
    server: DemoHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "nginx/1.24.0"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _base_url(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST.match(host):
            address, port = self.server.socket.getsockname()[:2]
            host = f"{address}:{port}"
        return f"http://{host}"

    def _serve(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path) or "/"
        resource = self.server.site.respond(path, self._base_url())
        headers: list[tuple[str, str]] = []
        status = resource.status
        body = resource.body
        if resource.cacheable:
            etag = etag_for(body)
            headers.append(("ETag", etag))
            if resource.last_modified is not None:
                headers.append(("Last-Modified", http_date(resource.last_modified)))
            headers.append(("Cache-Control", "max-age=0, must-revalidate"))
            if is_not_modified(self.headers, etag, resource.last_modified):
                status, body = 304, b""
        self.server.hits.record(path, status)
        if resource.delay_seconds and self.server.stopping.wait(resource.delay_seconds):
            self.close_connection = True
            return
        try:
            self.send_response(status)
            if status != 304:
                headers += [("Content-Type", resource.content_type), ("Content-Length", str(len(body)))]
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            # Crawlers give up on slow or oversized answers; that is the point of those pages.
            self.server.count_problem("client_disconnected")
            self.close_connection = True
