"""One-off fetches (`satark extract URL`, `feed URL`, `sources check`) against real HTTP servers on loopback: an
overall deadline against a trickling server, no redirect out of http(s), a size limit on local files too."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from crawlers.fetch import FetchError, fetch_url, read_document
from tests.conftest import run_satark
from tests.loopback import serving


class Misbehaving(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/trickle":  # 8 bytes a second, forever: each read is quick, the page never ends
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write("<p>धीरे</p>"[:8].encode()[:8])
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                return
        elif self.path.startswith("/to-"):
            self.send_response(302)
            self.send_header("Location", {"/to-ftp": "ftp://127.0.0.1/x", "/to-file": "file:///etc/passwd",
                                          "/to-page": "/page"}[self.path])
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            body = "<html><body><p>ठीक है</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(Misbehaving) as url:
        yield url


def test_a_trickling_server_meets_the_overall_deadline(server: str) -> None:
    began = time.monotonic()
    with pytest.raises(FetchError, match="not finished after 2 s"):
        fetch_url(f"{server}/trickle", timeout=20, deadline_s=2)
    assert time.monotonic() - began < 6


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file"])
def test_a_redirect_out_of_http_is_not_followed(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="not an http\\(s\\) URL; not followed|is not allowed"):
        fetch_url(f"{server}{path}")


def test_redirects_within_http_are_followed_and_loops_end(server: str) -> None:
    document = fetch_url(f"{server}/to-page")
    assert document.location.endswith("/page") and "ठीक है" in document.body.decode()
    with pytest.raises(FetchError, match="HTTP 302"):
        fetch_url(f"{server}/loop")


def test_a_local_file_is_read_up_to_the_limit() -> None:
    with pytest.raises(FetchError, match="larger than 1024 bytes"):
        read_document("/dev/zero", max_bytes=1024)


def test_the_command_line_says_so_in_one_line(server: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    redirected = run_satark(home, "extract", f"{server}/to-ftp")
    assert redirected.returncode == 1 and "not an http(s) URL" in redirected.stderr
    assert "Traceback" not in redirected.stderr
    zero = run_satark(home, "extract", "/dev/zero")
    assert zero.returncode == 1 and "larger than" in zero.stderr and "Traceback" not in zero.stderr
