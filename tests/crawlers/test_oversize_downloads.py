"""Oversized downloads through real Scrapy (in a subprocess: its reactor runs once per process) against a real
HTTP server on loopback: a body without Content-Length that never ends, and a gzip bomb, are both `too_large`
(settled), not `network_error` (fetched again on every crawl)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PROBE = r'''
import gzip, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import scrapy
from scrapy.crawler import CrawlerProcess
from core.settings import load_settings
from crawlers.failures import classify_failure
from crawlers.settings import scrapy_settings

BOMB = gzip.compress(b"a" * (20 * 1024 * 1024))

class Server(BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path == "/bomb":
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
        self.end_headers()
        try:
            if self.path == "/bomb":
                self.wfile.write(BOMB)
            else:
                for _ in range(10_000):
                    self.wfile.write("<p>अंतहीन</p>".encode() * 4096)
        except OSError:
            pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"

class Probe(scrapy.Spider):
    name = "probe"
    async def start(self):
        for path in ("/endless", "/bomb"):
            yield scrapy.Request(base + path, callback=self.parse, errback=self.failed, dont_filter=True)
    def parse(self, response):
        print("fetched", response.url)
    def failed(self, failure):
        print(failure.request.url.rsplit("/", 1)[1], classify_failure(failure)[0].value)

settings = scrapy_settings(load_settings(home=sys.argv[1], crawl={"max_response_bytes": 1024 * 1024}))
process = CrawlerProcess({**settings, "ITEM_PIPELINES": {}, "SPIDER_MIDDLEWARES": {}, "LOG_LEVEL": "ERROR"})
process.crawl(Probe)
process.start()
'''


def test_endless_bodies_and_gzip_bombs_are_too_large(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=REPO, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(done.stdout.split("\n")[:-1]) == ["bomb too_large", "endless too_large"], done.stdout + done.stderr[-2000:]
