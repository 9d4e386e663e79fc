"""What every crawl's Scrapy settings turn off: no console into a running crawl (Telnet, remote control)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

# In a subprocess: building a crawler's extensions installs a Twisted reactor, which this test process must not get.
_EXTENSIONS = """
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor
from core.settings import load_settings
from crawlers.settings import scrapy_settings
settings = scrapy_settings(load_settings(home=sys.argv[1]))
install_reactor(settings.get("TWISTED_REACTOR") or "twisted.internet.asyncioreactor.AsyncioSelectorReactor")
crawler = Crawler(Spider, Settings(settings))
crawler._apply_settings()
print(" ".join(type(extension).__name__ for extension in crawler.extensions.middlewares))
"""


def test_a_crawl_opens_no_remote_control_or_telnet_console(tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run([sys.executable, "-c", "import sys\n" + _EXTENSIONS, str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    extensions = done.stdout.split()
    assert "CoreStats" in extensions  # the extensions were built
    assert "RemoteControl" not in extensions and "TelnetConsole" not in extensions
