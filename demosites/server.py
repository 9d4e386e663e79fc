"""Serve the demo outlets over loopback, one ``ThreadingHTTPServer`` per outlet.

    with DemoServer() as demo:
        demo.base_url("bharat-samachar")      # http://127.0.0.1:<ephemeral port>
        demo.write_sources(tmp / "sources.yaml")

``python -m demosites.server [--port-base N]`` runs the sites in the foreground.
"""

from __future__ import annotations

import argparse
import sys
import threading
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import yaml

from demosites.corpus import Corpus, DemoArticle, load_corpus
from demosites.expectations import Expectation, site_expectations
from demosites.handler import DemoHTTPServer
from demosites.profiles import article_path
from demosites.schema import Sentiment
from demosites.site import DemoSite
from demosites.sources import source_entry, sources_document
from demosites.trouble import IST

LOOPBACK = "127.0.0.1"


class DemoServer:
    def __init__(
        self,
        content_dir: Path | str | None = None,
        *,
        corpus: Corpus | None = None,
        slow_seconds: float = 5.0,
        oversized_bytes: int = 3_000_000,
        ports: Mapping[str, int] | None = None,
        port_base: int | None = None,
        host: str = LOOPBACK,
        verbose: bool = False,
    ) -> None:
        self.corpus = corpus if corpus is not None else load_corpus(content_dir)
        self.slow_seconds = slow_seconds
        self.host = host
        self.verbose = verbose
        self.sites: dict[str, DemoSite] = {
            outlet.name: DemoSite(
                outlet,
                self.corpus.articles_of(outlet.name),
                slow_seconds=slow_seconds,
                oversized_bytes=oversized_bytes,
            )
            for outlet in self.corpus.outlets
        }
        self._ports = self._requested_ports(ports, port_base)
        self._servers: dict[str, DemoHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    def _requested_ports(self, ports: Mapping[str, int] | None, port_base: int | None) -> dict[str, int]:
        if ports is not None:
            unknown = set(ports) - set(self.sites)
            if unknown:
                raise ValueError(f"ports given for unknown outlets: {sorted(unknown)}")
            return {name: ports.get(name, 0) for name in self.sites}
        if port_base is not None:
            return {name: port_base + i for i, name in enumerate(self.sites)}
        return dict.fromkeys(self.sites, 0)  # 0: the OS picks a free ephemeral port

    # ------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        if self._servers:
            return self
        try:
            for name, site in self.sites.items():
                server = DemoHTTPServer((self.host, self._ports[name]), site, verbose=self.verbose)
                self._servers[name] = server
                thread = threading.Thread(
                    target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"demosite-{name}", daemon=True
                )
                thread.start()
                self._threads.append(thread)
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.stopping.set()
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -------------------------------------------------------------- queries

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(self.sites)

    def site(self, outlet: str) -> DemoSite:
        return self.sites[outlet]

    def _server(self, outlet: str) -> DemoHTTPServer:
        if outlet not in self.sites:
            raise KeyError(f"no outlet named {outlet!r}")
        if outlet not in self._servers:
            raise RuntimeError("DemoServer is not running; use it as a context manager or call start()")
        return self._servers[outlet]

    def port(self, outlet: str) -> int:
        return int(self._server(outlet).server_address[1])

    def base_url(self, outlet: str) -> str:
        return f"http://{self.host}:{self.port(outlet)}"

    def url(self, outlet: str, path: str) -> str:
        return self.base_url(outlet) + path

    def hits(self, outlet: str, status: int | None = None) -> Counter[str]:
        """Requests per URL path (query strings ignored); ``status=200`` counts full downloads."""
        return self._server(outlet).hits.by_path(status)

    def reset_hits(self, outlet: str | None = None) -> None:
        for name in [outlet] if outlet else list(self._servers):
            self._server(name).hits.reset()

    def problems(self, outlet: str) -> Counter[str]:
        """Counted server-side problems, e.g. ``client_disconnected`` after a crawler timeout."""
        return Counter(self._server(outlet).problems)

    def expectations(self, outlet: str | None = None) -> tuple[Expectation, ...]:
        names = [outlet] if outlet else list(self.sites)
        return tuple(e for name in names for e in site_expectations(self.sites[name], self.base_url(name)))

    def expectation_for(self, url: str) -> Expectation | None:
        """The expectation of a URL as a crawler met it (tracking parameters and all)."""
        wanted = urlsplit(url)._replace(query="", fragment="").geturl()
        for expectation in self.expectations():
            if expectation.url == wanted or url in expectation.linked_as:
                return expectation
        return None

    def sources_config(self) -> dict[str, list[dict[str, object]]]:
        return sources_document([source_entry(site, self.base_url(name)) for name, site in self.sites.items()])

    def write_sources(self, path: Path | str) -> Path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(self.sources_config(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        return target

    # ------------------------------------------------------------- mutation

    def touch(self, outlet: str, slug: str, when: datetime | None = None) -> datetime:
        """Edit an article: new ETag and Last-Modified for its page and the feeds. Returns the new time."""
        return self.sites[outlet].touch(slug, when)

    def add_article(
        self,
        outlet: str,
        *,
        slug: str,
        title: str,
        paragraphs: Sequence[str],
        section: str | None = None,
        published: datetime | None = None,
        author: str | None = "Demo Desk",
        description: str | None = None,
        tags: Sequence[str] = ("demo",),
        misinformation: bool = False,
        sentiment: Sentiment = "neutral",
    ) -> DemoArticle:
        """Publish a new article on ``outlet``'s home page, section page, feeds and sitemaps."""
        site = self.sites[outlet]
        if published is None:
            newest = max((a.published for a in site.articles()), default=datetime.now(IST))
            published = newest + timedelta(hours=1)
        section = section or site.outlet.sections[0].slug

        def norm(text: str) -> str:
            return unicodedata.normalize("NFC", text)

        texts = tuple(norm(p) for p in paragraphs)
        article = DemoArticle(
            outlet=outlet,
            slug=slug,
            path=article_path(outlet, section, slug, published),
            section=section,
            title=norm(title),
            author=norm(author) if author else None,
            published=published,
            description=norm(description) if description else texts[0],
            tags=tuple(tags),
            paragraphs=texts,
            misinformation=misinformation,
            sentiment=sentiment,
            syndicated_from=None,
            language=site.outlet.language,
        )
        site.add_article(article)
        return article


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m demosites.server", description="Serve the Satark demo news sites on loopback."
    )
    parser.add_argument(
        "--port-base", type=int, default=None, help="first port; outlets get consecutive ports (default: ephemeral)"
    )
    parser.add_argument("--content-dir", type=Path, default=None, help="directory of outlet YAML files")
    parser.add_argument("--slow-seconds", type=float, default=5.0, help="delay of the slow trouble URL")
    parser.add_argument("--write-sources", type=Path, default=None, help="also write the sources YAML here")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    demo = DemoServer(args.content_dir, slow_seconds=args.slow_seconds, port_base=args.port_base, verbose=args.verbose)
    with demo:
        for name in demo.outlets:
            print(f"{name:20s} {demo.base_url(name)}/", flush=True)
        if args.write_sources:
            print(f"sources written to {demo.write_sources(args.write_sources)}", flush=True)
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
